// Issues this suite owns (the incident issue, the post-mortem, the follow-up): found again by
// a label and a hidden marker in the body, so a re-run or a later job updates the one issue
// instead of opening another. The marker is trusted only in issues the token's own identity
// opened: issue templates apply labels for anyone, so an outsider can open an issue with the
// label and our marker first, and taking it for ours would have us edit, close or link it.
// The GitHub calls are the IssueRecords port (its adapter is github.ts).
import { sameLogin, type Author } from '../shared/github/sticky-comment.ts';

export interface MarkedIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  url: string;
  createdAt: string;
  closedAt: string | null;
  /** Who opened it; unknown, it is nobody's in particular (never ours). */
  author?: Author;
}

export interface NewIssue {
  title: string;
  body: string;
  labels: string[];
}

export interface IssueChange {
  title?: string;
  body?: string;
  state?: 'open' | 'closed';
  /** Why it was closed; `completed` when closing without a reason. */
  stateReason?: 'completed' | 'not_planned' | 'duplicate';
  labels?: string[];
}

/** The issues of one repository, as the records need them. Failures are UserErrors. */
export interface IssueRecords {
  /** The issues (open or closed, never pull requests) with the label, oldest first. */
  issuesLabelled(label: string): Promise<MarkedIssue[]>;
  createIssue(issue: NewIssue): Promise<MarkedIssue>;
  updateIssue(number: number, change: IssueChange): Promise<MarkedIssue>;
  /** The login this token writes as; undefined when it cannot be told. */
  ownLogin(): Promise<string | undefined>;
}

/**
 * What makes an issue the one sought: the marker its body carries (in an issue we opened),
 * or a test of its body told whether we opened it.
 */
export type BodyMatch = string | ((body: string, ours: boolean) => boolean);

/**
 * The oldest issue (open or closed) with the label whose body matches. With a marker, only
 * an issue the token's own identity opened: none when that identity is unknown.
 */
export async function findMarkedIssue(
  issues: IssueRecords,
  label: string,
  match: BodyMatch,
): Promise<MarkedIssue | undefined> {
  const [list, me] = await Promise.all([issues.issuesLabelled(label), issues.ownLogin()]);
  const ours = (i: MarkedIssue) => me !== undefined && sameLogin(i.author, me);
  const test =
    typeof match === 'string'
      ? (i: MarkedIssue) => ours(i) && i.body.includes(match)
      : (i: MarkedIssue) => match(i.body, ours(i));
  return list.find(test);
}

/**
 * Opens the issue unless one with the marker exists. Two jobs racing can both create one:
 * after creating, the oldest issue with the marker wins and a younger copy is closed as its
 * duplicate, so there is still exactly one open.
 */
export async function createOnce(
  issues: IssueRecords,
  label: string,
  match: BodyMatch,
  issue: NewIssue,
): Promise<{ issue: MarkedIssue; created: boolean }> {
  const before = await findMarkedIssue(issues, label, match);
  if (before) return { issue: before, created: false };
  const mine = await issues.createIssue(issue);
  const oldest = await findMarkedIssue(issues, label, match);
  if (oldest && oldest.number !== mine.number) {
    await issues.updateIssue(mine.number, {
      state: 'closed',
      stateReason: 'duplicate',
      body: `Duplicate of #${oldest.number}, opened at the same time by another job.`,
    });
    return { issue: oldest, created: false };
  }
  return { issue: mine, created: true };
}
