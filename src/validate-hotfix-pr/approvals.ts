// Who approved a PR, counted the way a reviewer would and only as far as it can be trusted:
// one vote per person, the latest that decides; never the author's own, never a bot's, never
// from an account that cannot write to the repository (anyone can approve a public PR), and
// by default only an approval of the PR's current head, as GitHub's "dismiss stale pull
// request approvals" does: an approval of older code says nothing about new commits. Pure.
import { shortSha } from '../shared/git/sha.ts';

export interface Review {
  /** Login of the reviewer; undefined for a deleted account. */
  user: string | undefined;
  /** The account is a bot (a GitHub App or a machine user GitHub marks as one). */
  bot?: boolean;
  state: string;
  submittedAt?: string | undefined;
  /** The commit the review was given on. */
  commitId?: string | undefined;
}

/** A reviewer's access to the repository, as GitHub names the roles; none for no access. */
export type Access = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

const WRITE: readonly Access[] = ['admin', 'maintain', 'write'];

export interface ApprovalRules {
  author: string | undefined;
  /** The PR's current head commit; approvals of another commit are stale. */
  headSha: string | undefined;
  /** dismiss (the default): stale approvals do not count; count: they do. */
  staleApprovals: 'dismiss' | 'count';
  /** The access of the reviewers whose latest review approves (looked up for those only). */
  access: ReadonlyMap<string, Access>;
}

export interface Tally {
  /** Distinct people, other than the author, whose latest decisive review is a trusted approval. */
  approvers: string[];
  /** Why reviews that might look like approvals do not count, for people. */
  notes: string[];
}

// A comment does not change a reviewer's vote; these do. A dismissed approval reads DISMISSED.
const DECISIVE = new Set(['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED']);

const isBot = (r: Review) => r.bot === true || /\[bot\]$/i.test(r.user ?? '');

/** Each reviewer's latest decisive review, the author's own left out; oldest first. */
type Signed = Review & { user: string };

export function latestReviews(reviews: Review[], author: string | undefined): Signed[] {
  // The API lists reviews oldest first; sort anyway, stably, so the latest vote wins.
  const ordered = reviews
    .map((r, i) => ({ r, i, t: r.submittedAt ? Date.parse(r.submittedAt) : NaN }))
    .sort((a, b) => (Number.isNaN(a.t) || Number.isNaN(b.t) ? a.i - b.i : a.t - b.t || a.i - b.i))
    .map((x) => x.r);
  const latest = new Map<string, Signed>();
  for (const r of ordered) {
    const user = r.user;
    if (!user || !DECISIVE.has(r.state)) continue;
    if (author && user.toLowerCase() === author.toLowerCase()) continue;
    latest.delete(user);
    latest.set(user, { ...r, user });
  }
  return [...latest.values()];
}

/** The logins whose access decides whether their approval counts: approving humans. */
export function approvingHumans(reviews: Review[], author: string | undefined): string[] {
  return latestReviews(reviews, author)
    .filter((r) => r.state === 'APPROVED' && !isBot(r))
    .map((r) => r.user);
}

export function tallyApprovals(reviews: Review[], rules: ApprovalRules): Tally {
  const approvedOnce = new Set(
    reviews.flatMap((r) => (r.state === 'APPROVED' && r.user ? [r.user] : [])),
  );
  const ownApproval = reviews.some(
    (r) =>
      r.state === 'APPROVED' &&
      rules.author !== undefined &&
      r.user?.toLowerCase() === rules.author.toLowerCase(),
  );
  const approvers: string[] = [];
  const notes: string[] = [];
  for (const r of latestReviews(reviews, rules.author)) {
    const user = r.user;
    if (r.state === 'CHANGES_REQUESTED') {
      notes.push(
        approvedOnce.has(user)
          ? `${user} requested changes after approving`
          : `${user} requested changes`,
      );
      continue;
    }
    if (r.state === 'DISMISSED') {
      notes.push(`${user}'s review was dismissed`);
      continue;
    }
    if (isBot(r)) {
      notes.push(`${user} is a bot: its approval does not count`);
      continue;
    }
    const access = rules.access.get(user) ?? 'none';
    if (!WRITE.includes(access)) {
      notes.push(
        `${user} has ${access === 'none' ? 'no' : access} access: an approval counts from write access`,
      );
      continue;
    }
    const { headSha } = rules;
    // A review that names no commit cannot be shown to be of the head, so it is stale too:
    // counting it would let an approval of unknown code through the gate.
    if (rules.staleApprovals === 'dismiss' && headSha && r.commitId !== headSha) {
      notes.push(
        (r.commitId
          ? `${user} approved an older commit (${shortSha(r.commitId)}), not the head ${shortSha(headSha)}: `
          : `${user}'s approval names no commit, so it is not known to be of the head ${shortSha(headSha)}: `) +
          'stale approvals do not count (policy pull-request.stale-approvals)',
      );
      continue;
    }
    approvers.push(user);
  }
  if (ownApproval) notes.push(`the author's own approval does not count`);
  return { approvers, notes };
}

/** How long to wait between two looks at the reviews: a tenth of the wait, 1 to 10 seconds. */
export function pollInterval(timeoutMs: number): number {
  return Math.min(10_000, Math.max(1_000, Math.round(timeoutMs / 10)));
}

/** How many approvals a run waits for: a fast-track wait is for at least one review. */
export function approvalsWanted(required: number, timeoutMs: number): number {
  return timeoutMs > 0 ? Math.max(required, 1) : required;
}

export interface WaitResult {
  tally: Tally;
  waitedMs: number;
  /** How many times the reviews were read. */
  polls: number;
  timedOut: boolean;
  cancelled: boolean;
}

export interface WaitOptions {
  /** Reads the PR's reviews. */
  reviews: () => Promise<Review[]>;
  /** Reads a reviewer's access to the repository; asked once per approving reviewer. */
  access: (login: string) => Promise<Access>;
  rules: Omit<ApprovalRules, 'access'>;
  wanted: number;
  timeoutMs: number;
  intervalMs: number;
  signal?: AbortSignal;
  now?: () => number;
  /** Told after each look that was not enough, with the time left. */
  onShort?: (tally: Tally, leftMs: number) => void;
}

/** Reads the reviews until `wanted` people approved or the time is up; at once when it is 0. */
export async function waitForApprovals(o: WaitOptions): Promise<WaitResult> {
  const now = o.now ?? Date.now;
  const started = now();
  const deadline = started + o.timeoutMs;
  let polls = 0;
  const access = new Map<string, Access>();
  for (;;) {
    const reviews = await o.reviews();
    for (const login of approvingHumans(reviews, o.rules.author))
      if (!access.has(login)) access.set(login, await o.access(login));
    const tally = tallyApprovals(reviews, { ...o.rules, access });
    polls++;
    const done = (timedOut: boolean, cancelled = false): WaitResult => ({
      tally,
      waitedMs: now() - started,
      polls,
      timedOut,
      cancelled,
    });
    if (tally.approvers.length >= o.wanted) return done(false);
    const left = deadline - now();
    if (left <= 0) return done(o.timeoutMs > 0);
    if (o.signal?.aborted) return done(false, true);
    o.onShort?.(tally, left);
    await sleep(Math.min(o.intervalMs, left), o.signal);
    if (o.signal?.aborted) return done(false, true);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
