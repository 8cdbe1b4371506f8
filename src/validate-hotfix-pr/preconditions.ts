// What must hold before any check runs: a token, a sane wait, and a pull request to judge.
// Each failure says what to change in the workflow.
import { InputError, UserError } from '../shared/errors.ts';
import { getInput } from '../shared/runner.ts';
import type { Subject } from '../shared/subject.ts';
import type { PullFacts } from './checks.ts';

/** A job runs for 6 hours at most; a longer wait is a typo. */
export const MAX_APPROVAL_TIMEOUT_MS = 6 * 3_600_000;

export function requireToken(token: string): string {
  if (!token)
    throw new InputError(
      'github-token',
      '',
      'a token that can read the pull request and its reviews: pass ${{ github.token }} with permissions pull-requests: write (read when comment is false) and contents: read',
    );
  return token;
}

export function checkTimeout(ms: number): number {
  if (ms > MAX_APPROVAL_TIMEOUT_MS)
    throw new InputError('approval-timeout', getInput('approval-timeout'), 'a duration up to 6h');
  return ms;
}

export type PullRequest = PullFacts & { number: number; author?: string | undefined };

export function pullRequestOf(subject: Subject): PullRequest {
  if (subject.kind !== 'pull_request' || subject.number === undefined)
    throw new UserError(
      `validate-hotfix-pr judges a pull request, and this run has none (${subject.origin}): ` +
        'run it on pull_request (and pull_request_review), or on a push to a branch with an open pull request',
    );
  return {
    number: subject.number,
    title: subject.title,
    body: subject.body,
    branch: subject.branch ?? '',
    baseBranch: subject.baseBranch ?? '',
    labels: subject.labels,
    author: subject.author,
  };
}
