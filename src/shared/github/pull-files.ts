// A pull request's changed files, every page of them: what validate-hotfix-pr counts against
// the size and test rules, and what critical-tests relates tests to. One adapter for both.
import { describeApiError, type GitHub, type Repo } from './client.ts';
import { UserError } from '../runner/errors.ts';

/** GitHub lists at most this many files of a pull request, however many it changes. */
export const GITHUB_FILES_LIMIT = 3000;

export interface PullFile {
  filename: string;
  /** added, removed, modified, renamed, copied, changed, unchanged (GitHub's values). */
  status: string;
  additions: number;
  deletions: number;
}

export interface PullFiles {
  files: PullFile[];
  /** GitHub lists at most 3000 files: true when the list may stop short of the PR. */
  truncated: boolean;
}

/** The port: a pull request's files, by its number. */
export type PullFilesReader = (pullNumber: number) => Promise<PullFiles>;

export function gitHubPullFiles(connect: () => Promise<GitHub>, repo: Repo): PullFilesReader {
  return async (pullNumber) => listPullFiles(await connect(), repo, pullNumber);
}

/** Fails with a UserError naming the PR and, for a refusal, the permission to grant. */
export async function listPullFiles(
  github: GitHub,
  repo: Repo,
  pullNumber: number,
): Promise<PullFiles> {
  try {
    const list = await github.paginate(github.rest.pulls.listFiles, {
      ...repo,
      pull_number: pullNumber,
      per_page: 100,
    });
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
}
