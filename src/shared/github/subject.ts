// The pull request or issue a run is about, whatever the event: the PR of a pull_request
// event, the open PR of a pushed hotfix branch, the issue of an issues event, or nothing.
import {
  branchOf,
  isPullRequestEvent,
  type PayloadIssue,
  type PayloadPullRequest,
  type RunContext,
} from '../runner/context.ts';
import { describeApiError, type GitHub } from './client.ts';
import { UserError } from '../runner/errors.ts';
import { shortSha } from '../git/sha.ts';

export interface Subject {
  kind: 'pull_request' | 'issue' | 'none';
  number?: number;
  title: string;
  body: string;
  labels: string[];
  /** The PR's head branch, or the pushed branch. */
  branch?: string;
  baseBranch?: string;
  headSha?: string;
  createdAt?: string;
  url?: string;
  author?: string;
  /** How it was found, said in the summary. */
  origin: string;
}

export async function resolveSubject(
  ctx: RunContext,
  github?: () => Promise<GitHub>,
): Promise<Subject> {
  const { payload, eventName } = ctx;
  if (isPullRequestEvent(eventName)) {
    const pr = payload.pull_request;
    if (!pr) throw new UserError(`the ${eventName} event has no pull_request in its payload`);
    // A re-run replays the original payload; labels and text may have changed since.
    const fresh = github ? await getPull(await github(), ctx, pr.number) : pr;
    return fromPull(fresh, `${eventName} event`);
  }
  if ((eventName === 'issues' || eventName === 'issue_comment') && payload.issue) {
    const issue = github
      ? await getIssue(await github(), ctx, payload.issue.number)
      : payload.issue;
    return fromIssue(issue, `${eventName} event`);
  }
  const branch = branchOf(ctx.ref);
  if (eventName === 'push' && branch && github) {
    // A push to the production branch is usually the merge of the hotfix PR: the PR whose
    // merge commit this is decides, before any open PR from the branch (a back-merge of
    // main into develop must never be judged in place of the hotfix that was merged).
    const merged = ctx.sha ? await findMergedPull(await github(), ctx, ctx.sha) : undefined;
    if (merged) return fromPull(merged, `PR #${merged.number}, merged as ${shortSha(ctx.sha)}`);
    const pr = await findOpenPull(await github(), ctx, branch);
    if (pr) return fromPull(pr, `open PR of the pushed branch ${branch}`);
  }
  return {
    kind: 'none',
    title: '',
    body: eventName === 'push' ? (payload.head_commit?.message ?? '') : '',
    labels: [],
    ...(branch ? { branch } : {}),
    origin:
      eventName === 'push'
        ? `push to ${branch ?? ctx.ref} (no open pull request${github ? '' : ' looked up: no token'})`
        : `${eventName || 'unknown'} event (no pull request or issue)`,
  };
}

/** A pull request (webhook payload or API answer) as a subject; `origin` says how it was found. */
export function fromPull(pr: PayloadPullRequest, origin: string): Subject {
  return {
    kind: 'pull_request',
    number: pr.number,
    title: pr.title,
    body: pr.body ?? '',
    labels: (pr.labels ?? []).map((l) => l.name),
    branch: pr.head.ref,
    baseBranch: pr.base.ref,
    headSha: pr.head.sha,
    ...(pr.created_at ? { createdAt: pr.created_at } : {}),
    ...(pr.html_url ? { url: pr.html_url } : {}),
    ...(pr.user?.login ? { author: pr.user.login } : {}),
    origin,
  };
}

function fromIssue(issue: PayloadIssue, origin: string): Subject {
  return {
    kind: issue.pull_request ? 'pull_request' : 'issue',
    number: issue.number,
    title: issue.title,
    body: issue.body ?? '',
    labels: (issue.labels ?? []).map((l) => (typeof l === 'string' ? l : l.name)),
    ...(issue.created_at ? { createdAt: issue.created_at } : {}),
    ...(issue.html_url ? { url: issue.html_url } : {}),
    ...(issue.user?.login ? { author: issue.user.login } : {}),
    origin,
  };
}

async function getPull(
  github: GitHub,
  ctx: RunContext,
  number: number,
): Promise<PayloadPullRequest> {
  try {
    const { data } = await github.rest.pulls.get({
      owner: ctx.owner,
      repo: ctx.repo,
      pull_number: number,
    });
    return data as PayloadPullRequest;
  } catch (err) {
    throw new UserError(describeApiError(err, `reading PR #${number}`, 'pull-requests: read'));
  }
}

async function getIssue(github: GitHub, ctx: RunContext, number: number): Promise<PayloadIssue> {
  try {
    const { data } = await github.rest.issues.get({
      owner: ctx.owner,
      repo: ctx.repo,
      issue_number: number,
    });
    return data as PayloadIssue;
  } catch (err) {
    throw new UserError(describeApiError(err, `reading issue #${number}`, 'issues: read'));
  }
}

async function findOpenPull(
  github: GitHub,
  ctx: RunContext,
  branch: string,
): Promise<PayloadPullRequest | undefined> {
  try {
    const { data } = await github.rest.pulls.list({
      owner: ctx.owner,
      repo: ctx.repo,
      head: `${ctx.owner}:${branch}`,
      state: 'open',
      per_page: 10,
    });
    return data[0] as PayloadPullRequest | undefined;
  } catch (err) {
    throw new UserError(
      describeApiError(err, `looking up the open PR of ${branch}`, 'pull-requests: read'),
    );
  }
}

async function findMergedPull(
  github: GitHub,
  ctx: RunContext,
  sha: string,
): Promise<PayloadPullRequest | undefined> {
  try {
    const { data } = await github.rest.repos.listPullRequestsAssociatedWithCommit({
      owner: ctx.owner,
      repo: ctx.repo,
      commit_sha: sha,
    });
    // The PR merged as this very commit; a merged PR that merely contains it is a lesser match.
    const merged = data.filter((p) => p.merged_at);
    return (merged.find((p) => p.merge_commit_sha === sha) ?? merged[0]) as
      PayloadPullRequest | undefined;
  } catch (err) {
    throw new UserError(
      describeApiError(
        err,
        `looking up the pull request merged as ${shortSha(sha)}`,
        'pull-requests: read',
      ),
    );
  }
}
