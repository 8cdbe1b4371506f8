// Every GitHub call notify makes, as one port, and its octokit adapter. Two clients: the
// records' (the reads, the incident and post-mortem issues), bounded by the github-timeout
// deadline so a slow GitHub cannot hold the chat; and the PR comment's, a channel sent with
// the chat, without that deadline.
import { describeApiError, type GitHub, type Repo } from '../shared/github/client.ts';
import {
  gitHubComments,
  marker,
  ownLogin,
  sameLogin,
  type CommentPort,
} from '../shared/github/sticky-comment.ts';
import type { DeploymentWithStatuses } from '../shared/github/deployments.ts';
import { deploymentHistory } from '../shared/github/deployments-adapter.ts';
import { resolveSubject, type Subject } from '../shared/github/subject.ts';
import type { PayloadPullRequest, RunContext } from '../shared/runner/context.ts';
import { UserError } from '../shared/runner/errors.ts';
import type { IssueChange, IssueRecords, MarkedIssue, NewIssue } from './marked-issue.ts';

/** A pull request as the API answers it: the payload's fields and a few more. */
export interface ApiPull extends PayloadPullRequest {
  merge_commit_sha?: string | null;
  closed_at?: string | null;
}

/** What notify reads from and writes to GitHub. Failures are errors a person can act on. */
export interface NotifyGitHub extends IssueRecords {
  /** The PR as it is now: a re-run replays an old payload, and merged_at may have changed. */
  pull(number: number): Promise<ApiPull>;
  /** The event's PR or issue, read fresh. */
  subject(ctx: RunContext): Promise<Subject>;
  /** The environment's most recent deployments, newest first, each with its statuses. */
  deployments(environment: string, limit: number): Promise<DeploymentWithStatuses[]>;
  /** Comments on an incident issue a person opened: a record, bound like the others. */
  issueComments: CommentPort;
  /** The sticky PR comment: a channel, on the client without the deadline. */
  pullComments: CommentPort;
  /** The body of the sticky comment with `key` on an issue or PR, if there is one. */
  stickyBody(issue: number, key: string): Promise<string | undefined>;
}

/** `records` is bounded by the github-timeout deadline; `comments` is not. */
export function gitHubNotify(
  repo: Repo,
  records: () => Promise<GitHub>,
  comments: () => Promise<GitHub> = records,
): NotifyGitHub {
  return {
    pull: async (number) => getPull(await records(), repo, number),
    subject: (ctx) => resolveSubject(ctx, records),
    deployments: async (environment, limit) =>
      deploymentHistory(await records(), repo, environment, limit),
    issuesLabelled: async (label) => issuesLabelled(await records(), repo, label),
    createIssue: async (issue) => createIssue(await records(), repo, issue),
    updateIssue: async (number, change) => updateIssue(await records(), repo, number, change),
    ownLogin: async () => ownLogin(await records()),
    issueComments: gitHubComments(records, repo),
    pullComments: gitHubComments(comments, repo),
    stickyBody: async (issue, key) => stickyBody(await records(), repo, issue, key),
  };
}

async function stickyBody(
  github: GitHub,
  repo: Repo,
  issue: number,
  key: string,
): Promise<string | undefined> {
  const tag = marker(key);
  try {
    const comments = await github.paginate(github.rest.issues.listComments, {
      ...repo,
      issue_number: issue,
      per_page: 100,
    });
    // Only our own comment: a planted copy could claim a page was sent, and none would be.
    const me = await ownLogin(github);
    if (me === undefined) return undefined;
    return (
      comments.find((c) => c.body?.startsWith(tag) && sameLogin(c.user, me))?.body ?? undefined
    );
  } catch (err) {
    throw new UserError(describeApiError(err, `reading the comments of #${issue}`, 'issues: read'));
  }
}

const PERMISSION = 'issues: write';

async function getPull(github: GitHub, repo: Repo, number: number): Promise<ApiPull> {
  try {
    return (await github.rest.pulls.get({ ...repo, pull_number: number })).data as ApiPull;
  } catch (err) {
    throw new UserError(describeApiError(err, `reading PR #${number}`, 'pull-requests: read'));
  }
}

async function issuesLabelled(github: GitHub, repo: Repo, label: string): Promise<MarkedIssue[]> {
  let issues: ApiIssue[];
  try {
    issues = (await github.paginate(github.rest.issues.listForRepo, {
      ...repo,
      labels: label,
      state: 'all',
      sort: 'created',
      direction: 'asc',
      per_page: 100,
    })) as ApiIssue[];
  } catch (err) {
    throw new UserError(describeApiError(err, `listing issues labelled ${label}`, 'issues: read'));
  }
  // The list includes pull requests; a PR is never one of ours.
  return issues.filter((i) => !i.pull_request).map(toIssue);
}

async function createIssue(github: GitHub, repo: Repo, issue: NewIssue): Promise<MarkedIssue> {
  try {
    const { data } = await github.rest.issues.create({ ...repo, ...issue });
    return toIssue(data as ApiIssue);
  } catch (err) {
    throw new UserError(describeApiError(err, 'opening an issue', PERMISSION));
  }
}

async function updateIssue(
  github: GitHub,
  repo: Repo,
  number: number,
  change: IssueChange,
): Promise<MarkedIssue> {
  const { stateReason, ...rest } = change;
  try {
    const { data } = await github.rest.issues.update({
      ...repo,
      issue_number: number,
      ...rest,
      ...(change.state === 'closed' ? { state_reason: stateReason ?? 'completed' } : {}),
    });
    return toIssue(data as ApiIssue);
  } catch (err) {
    throw new UserError(describeApiError(err, `updating issue #${number}`, PERMISSION));
  }
}

interface ApiIssue {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  labels: (string | { name?: string })[];
  html_url: string;
  created_at: string;
  closed_at: string | null;
  pull_request?: unknown;
  user?: { login?: string; type?: string } | null;
}

function toIssue(i: ApiIssue): MarkedIssue {
  return {
    number: i.number,
    title: i.title,
    body: i.body ?? '',
    state: i.state === 'closed' ? 'closed' : 'open',
    labels: i.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean),
    url: i.html_url,
    createdAt: i.created_at,
    closedAt: i.closed_at,
    ...(i.user?.login
      ? { author: { login: i.user.login, ...(i.user.type ? { type: i.user.type } : {}) } }
      : {}),
  };
}
