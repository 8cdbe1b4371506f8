// What hotfix-report reads from GitHub and the one thing it writes, as small ports: the
// repository's history for a period (pull requests, deployments and their statuses, issues by
// label) and the report issue. Plain records in and out; the octokit adapter is github.ts.
import type { Deployment, DeploymentStatus } from '../shared/github/deployments.ts';

export interface PullRecord {
  number: number;
  title: string;
  body: string;
  labels: string[];
  headRef: string;
  baseRef: string;
  headSha: string;
  mergeSha: string | null;
  createdAt: string;
  /** Only merged pull requests are read. */
  mergedAt: string;
  url: string;
  author?: string;
}

export interface IssueRecord {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  /** Why it was closed: completed, not_planned, duplicate; null when open or unknown. */
  stateReason: string | null;
  labels: string[];
  url: string;
  createdAt: string;
  closedAt: string | null;
  author?: string;
}

/** How many calls a run made, by API. */
export interface ApiCalls {
  rest: number;
  graphql: number;
}

/** The repository's history, read page by page within the period's bounds. */
export interface HistoryPort {
  /** Pull requests merged into `base` from `from` to `to` (inclusive), newest first. */
  mergedPulls(base: string, from: Date, to: Date): Promise<PullRecord[]>;
  /**
   * Issues (never pull requests) with the label, in `state`; with `updatedSince`, only those
   * updated since then (an issue closed or edited after it is updated after it).
   */
  issuesLabelled(
    label: string,
    o: { state: 'open' | 'closed' | 'all'; updatedSince?: Date },
  ): Promise<IssueRecord[]>;
  /** The environment's deployments created from `from` to `to` (inclusive), newest first. */
  deployments(environment: string, from: Date, to: Date): Promise<Deployment[]>;
  /** The statuses of these deployments (of an earlier `deployments` answer), newest first. */
  statuses(ids: number[]): Promise<Map<number, DeploymentStatus[]>>;
  /** The calls made so far. */
  calls(): ApiCalls;
}

export interface ReportIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  url: string;
}

/** The report issue: one per period, found again by its marker. */
export interface ReportIssuePort {
  /**
   * The open or closed issues with the label whose body starts with the marker and that
   * this token's identity wrote (anyone can copy a marker), oldest first.
   */
  ours(label: string, marker: string): Promise<ReportIssue[]>;
  create(issue: { title: string; body: string; labels: string[] }): Promise<ReportIssue>;
  update(
    number: number,
    change: { title?: string; body?: string; state?: 'open' | 'closed'; duplicateOf?: number },
  ): Promise<ReportIssue>;
}
