// Reads a pull request's changed files and reviews from GitHub, every page of them.
import { describeApiError, type GitHub, type Repo } from '../shared/github/client.ts';
import { UserError } from '../shared/runner/errors.ts';
import type { ChangedFiles } from './changed-files.ts';
import type { Review } from './approvals.ts';
import type { PullData } from './validate.ts';

/** GitHub lists at most this many files of a pull request, however many it changes. */
export const GITHUB_FILES_LIMIT = 3000;

export function gitHubPullData(
  connect: () => Promise<GitHub>,
  repo: Repo,
  pullNumber: number,
): PullData {
  const params = { ...repo, pull_number: pullNumber, per_page: 100 };
  return {
    async files(): Promise<ChangedFiles> {
      const github = await connect();
      try {
        const list = await github.paginate(github.rest.pulls.listFiles, params);
        return {
          files: list.map((f) => ({
            filename: f.filename,
            status: f.status,
            additions: f.additions,
            deletions: f.deletions,
          })),
          truncated: list.length >= GITHUB_FILES_LIMIT,
        };
      } catch (err) {
        throw new UserError(
          describeApiError(err, `listing the files of PR #${pullNumber}`, 'pull-requests: read'),
        );
      }
    },
    async reviews(): Promise<Review[]> {
      const github = await connect();
      try {
        const list = await github.paginate(github.rest.pulls.listReviews, params);
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
