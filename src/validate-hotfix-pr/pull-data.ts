// Reads a pull request's changed files and reviews from GitHub, every page of them.
import { describeApiError, statusOf, type GitHub, type Repo } from '../shared/github/client.ts';
import { listPullFiles } from '../shared/github/pull-files.ts';
import { UserError } from '../shared/runner/errors.ts';
import type { Access, Review } from './approvals.ts';
import type { PullData } from './validate.ts';

export function gitHubPullData(
  connect: () => Promise<GitHub>,
  repo: Repo,
  pullNumber: number,
): PullData {
  return {
    files: async () => listPullFiles(await connect(), repo, pullNumber),
    async reviews(): Promise<Review[]> {
      const github = await connect();
      try {
        const list = await github.paginate(github.rest.pulls.listReviews, {
          ...repo,
          pull_number: pullNumber,
          per_page: 100,
        });
        return list.map((r) => ({
          user: r.user?.login,
          bot: r.user?.type === 'Bot',
          state: r.state,
          submittedAt: r.submitted_at,
          commitId: r.commit_id ?? undefined,
        }));
      } catch (err) {
        throw new UserError(
          describeApiError(err, `listing the reviews of PR #${pullNumber}`, 'pull-requests: read'),
        );
      }
    },
    async access(login: string): Promise<Access> {
      const github = await connect();
      try {
        const { data } = await github.rest.repos.getCollaboratorPermissionLevel({
          ...repo,
          username: login,
        });
        // role_name names custom and fine-grained roles' base too; permission is the legacy
        // admin/write/read reading of it.
        const role = (data as { role_name?: string }).role_name ?? data.permission;
        if (ACCESS.includes(role as Access)) return role as Access;
        return data.permission === 'admin' || data.permission === 'write'
          ? data.permission
          : 'read';
      } catch (err) {
        // Not a collaborator, or no such account (deleted): no access.
        if (statusOf(err) === 404) return 'none';
        throw new UserError(
          describeApiError(err, `reading ${login}'s access to the repository`, 'contents: read'),
        );
      }
    },
  };
}

const ACCESS: readonly Access[] = ['admin', 'maintain', 'write', 'triage', 'read', 'none'];
