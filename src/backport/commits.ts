// What a backport reads from git about the commits it picks: the merged history, their
// subjects, whether a target already has them (same patch), and what an earlier run left on
// a backport branch. Over the shared repository adapter.
import { logRecords, remoteRef, type WorkRepository } from '../shared/git/repository.ts';
import type { CommitFacts } from './merge-method.ts';

export interface BranchCommit {
  sha: string;
  subject: string;
  /** The sha of `(cherry picked from commit <sha>)`, when the commit has one. */
  pickedFrom?: string;
}

/** The first-parent history ending at `sha`, newest first, `n` commits. */
export async function firstParentChain(
  repo: WorkRepository,
  sha: string,
  n: number,
): Promise<CommitFacts[]> {
  if (n <= 0) return [];
  const out = await repo.git([
    'log',
    '--first-parent',
    `--max-count=${n}`,
    '--format=%H%x00%P%x00%an%x00%ae%x00%aI%x00%B%x1e',
    sha,
  ]);
  return logRecords(out).map(([h = '', p = '', an = '', ae = '', ad = '', ...body]) => ({
    sha: h,
    parents: p.split(' ').filter(Boolean).length,
    authorName: an,
    authorEmail: ae,
    authorDate: ad,
    message: body.join('\x00'),
  }));
}

export async function subjectOf(repo: WorkRepository, sha: string): Promise<string> {
  return repo.git(['log', '-1', '--format=%s', sha]);
}

/** True when the target already has a commit with the same patch-id (`git cherry`). */
export async function targetContains(
  repo: WorkRepository,
  target: string,
  sha: string,
): Promise<boolean> {
  const [parent, ...more] = await repo.parents(sha);
  if (!parent || more.length) return false; // merges and roots have no single patch to compare
  const out = await repo.git(['cherry', remoteRef(target), sha, parent]);
  return out.split('\n').some((l) => l.startsWith('- '));
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
    const from = [...body.matchAll(/\(cherry picked from commit ([0-9a-f]{40,64})\)/g)].pop();
    return { sha, subject, ...(from?.[1] ? { pickedFrom: from[1] } : {}) };
  });
}
