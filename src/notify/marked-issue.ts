// Issues this suite owns (the incident issue, the post-mortem): found again by a label and a
// hidden marker in the body, so a re-run or a later job updates the one issue instead of
// opening another.
import type { GitHub } from '../shared/github/client.ts';
import { describeApiError } from '../shared/github/client.ts';
import { UserError } from '../shared/runner/errors.ts';
import type { Repo } from '../shared/github/deployments.ts';

export interface MarkedIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  url: string;
  createdAt: string;
  closedAt: string | null;
}

const PERMISSION = 'issues: write';

/** The oldest issue (open or closed) with the label whose body carries the marker. */
export async function findMarkedIssue(
  github: GitHub,
  repo: Repo,
  label: string,
  marker: string,
): Promise<MarkedIssue | undefined> {
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
  const mine = issues.find((i) => !i.pull_request && (i.body ?? '').includes(marker));
  return mine ? toIssue(mine) : undefined;
}

export async function createIssue(
  github: GitHub,
  repo: Repo,
  issue: { title: string; body: string; labels: string[] },
): Promise<MarkedIssue> {
  try {
    const { data } = await github.rest.issues.create({ ...repo, ...issue });
    return toIssue(data as ApiIssue);
  } catch (err) {
    throw new UserError(describeApiError(err, 'opening an issue', PERMISSION));
  }
}

/**
 * Opens the issue unless one with the marker exists. Two jobs racing can both create one:
 * after creating, the oldest issue with the marker wins and a younger copy is closed as its
 * duplicate, so there is still exactly one open.
 */
export async function createOnce(
  github: GitHub,
  repo: Repo,
  label: string,
  marker: string,
  issue: { title: string; body: string; labels: string[] },
): Promise<{ issue: MarkedIssue; created: boolean }> {
  const before = await findMarkedIssue(github, repo, label, marker);
  if (before) return { issue: before, created: false };
  const mine = await createIssue(github, repo, issue);
  const oldest = await findMarkedIssue(github, repo, label, marker);
  if (oldest && oldest.number !== mine.number) {
    await updateIssue(github, repo, mine.number, {
      state: 'closed',
      stateReason: 'duplicate',
      body: `Duplicate of #${oldest.number}, opened at the same time by another job.`,
    });
    return { issue: oldest, created: false };
  }
  return { issue: mine, created: true };
}

export async function updateIssue(
  github: GitHub,
  repo: Repo,
  number: number,
  change: {
    title?: string;
    body?: string;
    state?: 'open' | 'closed';
    /** Why it was closed; `completed` when closing without a reason. */
    stateReason?: 'completed' | 'not_planned' | 'duplicate';
    labels?: string[];
  },
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
  };
}
