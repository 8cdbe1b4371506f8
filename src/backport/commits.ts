// What a backport reads from git about the commits it picks: the merged history, their
// subjects, whether a target already has them (same patch), and what an earlier run left on
// a backport branch. Over the shared repository adapter.
import {
  logRecords,
  remoteRef,
  type Author,
  type WorkRepository,
} from '../shared/git/repository.ts';
import type { CommitFacts } from './merge-method.ts';

/** A commit to pick, read once for every target: what a replay of it needs. */
export interface CommitRecord {
  sha: string;
  parents: string[];
  subject: string;
  /** The raw message (%B). */
  message: string;
  author: Author;
}

/** A commit of a target that names picks in `(cherry picked from commit <sha>)`. */
export interface HandBackport {
  sha: string;
  subject: string;
  /** The originals it names. */
  originals: string[];
}

const PICKED_FROM = /\(cherry picked from commit ([0-9a-f]{40,64})\)/g;

export interface BranchCommit {
  sha: string;
  subject: string;
  /** The sha of `(cherry picked from commit <sha>)`, when the commit has one. */
  pickedFrom?: string;
}

/**
 * The first-parent history ending at `sha`, newest first, `n` commits (at least `sha`
 * itself), with the parents of `sha`, and each of them as a pick needs it: one git call
 * answers what the plan and a squash or rebase pick need.
 */
export async function firstParentChain(
  repo: Pick<WorkRepository, 'git'>,
  sha: string,
  n: number,
): Promise<{ chain: CommitFacts[]; parents: string[]; records: Map<string, CommitRecord> }> {
  const out = await repo.git([
    'log',
    '--first-parent',
    `--max-count=${Math.max(n, 1)}`,
    '--date=raw',
    `--format=${RECORD_FORMAT}`,
    sha,
  ]);
  const records = logRecords(out).map(toRecord);
  const chain = records.map((r) => ({
    sha: r.sha,
    parents: r.parents.length,
    authorName: r.author.name,
    authorEmail: r.author.email,
    authorDate: r.authorIso,
    message: r.message,
  }));
  return {
    chain: chain.slice(0, n),
    parents: records[0]?.parents ?? [],
    records: new Map(records.map((r) => [r.sha, r])),
  };
}

const RECORD_FORMAT = '%H%x00%P%x00%an%x00%ae%x00%ad%x00%aI%x00%s%x00%B%x1e';

function toRecord([
  sha = '',
  p = '',
  an = '',
  ae = '',
  ad = '',
  iso = '',
  subject = '',
  ...body
]: string[]): CommitRecord & { authorIso: string } {
  return {
    sha,
    parents: p.split(' ').filter(Boolean),
    subject,
    message: body.join('\x00'),
    author: { name: an, email: ae, date: `@${ad}` },
    authorIso: iso,
  };
}

/** The commits to pick, by sha, in one git call; none when `known` has them all. */
export async function readCommits(
  repo: Pick<WorkRepository, 'git'>,
  shas: string[],
  known: Map<string, CommitRecord> = new Map(),
): Promise<Map<string, CommitRecord>> {
  const missing = [...new Set(shas)].filter((sha) => !known.has(sha));
  const map = new Map<string, CommitRecord>();
  for (const sha of shas) {
    const record = known.get(sha);
    if (record) map.set(sha, record);
  }
  if (!missing.length) return map;
  const out = await repo.git([
    'log',
    '--no-walk=unsorted',
    '--date=raw',
    `--format=${RECORD_FORMAT}`,
    ...missing,
  ]);
  for (const r of logRecords(out).map(toRecord)) map.set(r.sha, r);
  return map;
}

/**
 * True when the target already has a commit with the same patch-id (`git cherry`). Asked
 * only when a pick turned out empty or conflicting: it reads every diff the target has since
 * it forked, which in a blobless clone fetches their blobs.
 */
export async function targetContains(
  repo: Pick<WorkRepository, 'git'>,
  target: string,
  c: Pick<CommitRecord, 'sha' | 'parents'>,
): Promise<boolean> {
  const [parent, ...more] = c.parents;
  if (!parent || more.length) return false; // merges and roots have no single patch to compare
  const out = await repo.git(['cherry', remoteRef(target), c.sha, parent]);
  return out.split('\n').some((l) => l.startsWith('- '));
}

/**
 * Commits of the targets (not of the PR's base: `exclude` is the merge commit) whose message
 * names one of the picks in `(cherry picked from commit <sha>)`: a backport someone made by
 * hand, resolving conflicts, has a different patch-id but still says what it carries. One
 * `git log` for every target; which target holds a find is asked only when there is one.
 */
export async function handBackports(
  repo: Pick<WorkRepository, 'git'>,
  targets: string[],
  picks: string[],
  exclude: string,
): Promise<Map<string, HandBackport[]>> {
  const byTarget = new Map<string, HandBackport[]>();
  if (!targets.length || !picks.length) return byTarget;
  const out = await repo.git([
    'log',
    '--fixed-strings',
    ...picks.map((sha) => `--grep=(cherry picked from commit ${sha})`),
    '--format=%H%x00%s%x00%B%x1e',
    ...targets.map(remoteRef),
    '--not',
    exclude,
    '--',
  ]);
  const wanted = new Set(picks);
  const found = logRecords(out)
    .map(([sha = '', subject = '', ...body]) => ({
      sha,
      subject,
      originals: [...body.join('\x00').matchAll(PICKED_FROM)]
        .map((m) => m[1] ?? '')
        .filter((o) => wanted.has(o)),
    }))
    .filter((f) => f.originals.length);
  for (const f of found) {
    const refs = await repo.git([
      'for-each-ref',
      `--contains=${f.sha}`,
      '--format=%(refname)',
      ...targets.map(remoteRef),
    ]);
    for (const ref of refs.split('\n').filter(Boolean)) {
      const target = targets.find((t) => remoteRef(t) === ref);
      if (target) byTarget.set(target, [...(byTarget.get(target) ?? []), f]);
    }
  }
  return byTarget;
}

/** The commits a branch has on top of the target, oldest first, with their -x origins. */
export async function commitsOnTop(
  repo: WorkRepository,
  target: string,
  branch: string,
): Promise<BranchCommit[]> {
  const out = await repo.git([
    'log',
    '--reverse',
    '--no-merges',
    '--format=%H%x00%s%x00%B%x1e',
    `${remoteRef(target)}..${remoteRef(branch)}`,
  ]);
  return logRecords(out).map(([sha = '', subject = '', body = '']) => {
    const from = [...body.matchAll(PICKED_FROM)].pop();
    return { sha, subject, ...(from?.[1] ? { pickedFrom: from[1] } : {}) };
  });
}
