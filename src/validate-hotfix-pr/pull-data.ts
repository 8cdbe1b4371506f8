// Reads a pull request's changed files and reviews from GitHub, every page of them.
import { describeApiError, type GitHub, type Repo } from '../shared/github/client.ts';
import { listPullFiles } from '../shared/github/pull-files.ts';
import { UserError } from '../shared/runner/errors.ts';
import type { Review } from './approvals.ts';
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
          state: r.state,
          submittedAt: r.submitted_at,
        }));
      } catch (err) {
        throw new UserError(
          describeApiError(err, `listing the reviews of PR #${pullNumber}`, 'pull-requests: read'),
        );
      }
    },
  };
}
