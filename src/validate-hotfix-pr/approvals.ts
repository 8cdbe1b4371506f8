// Who approved a PR, counted the way a reviewer would: one vote per person, the latest that
// decides, never the author's own. Pure.

export interface Review {
  /** Login of the reviewer; undefined for a deleted account. */
  user: string | undefined;
  state: string;
  submittedAt?: string | undefined;
}

export interface Tally {
  /** Distinct people, other than the author, whose latest decisive review is an approval. */
  approvers: string[];
  /** Why reviews that might look like approvals do not count, for people. */
  notes: string[];
}

// A comment does not change a reviewer's vote; these do. A dismissed approval reads DISMISSED.
const DECISIVE = new Set(['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED']);

export function tallyApprovals(reviews: Review[], author: string | undefined): Tally {
  // The API lists reviews oldest first; sort anyway, stably, so the latest vote wins.
  const ordered = reviews
    .map((r, i) => ({ r, i, t: r.submittedAt ? Date.parse(r.submittedAt) : NaN }))
    .sort((a, b) => (Number.isNaN(a.t) || Number.isNaN(b.t) ? a.i - b.i : a.t - b.t || a.i - b.i))
    .map((x) => x.r);
  const latest = new Map<string, string>();
  const approvedOnce = new Set<string>();
  let ownApproval = false;
  for (const r of ordered) {
    if (!r.user || !DECISIVE.has(r.state)) continue;
    if (author && r.user.toLowerCase() === author.toLowerCase()) {
      ownApproval ||= r.state === 'APPROVED';
      continue;
    }
    if (r.state === 'APPROVED') approvedOnce.add(r.user);
    latest.set(r.user, r.state);
  }
  const approvers: string[] = [];
  const notes: string[] = [];
  for (const [user, state] of latest) {
    if (state === 'APPROVED') approvers.push(user);
    else if (state === 'CHANGES_REQUESTED')
      notes.push(
        approvedOnce.has(user)
          ? `${user} requested changes after approving`
          : `${user} requested changes`,
      );
    else notes.push(`${user}'s review was dismissed`);
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
  author: string | undefined;
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
  for (;;) {
    const tally = tallyApprovals(await o.reviews(), o.author);
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
