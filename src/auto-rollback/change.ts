// What auto-rollback's revert strategy reads from git: the failed change (the commits between
// the last good deployment and the failed one) and the reverts a line already carries. Over
// the shared repository adapter.
import { logRecords, remoteRef, type WorkRepository } from '../shared/git/repository.ts';

export interface ChangeCommit {
  sha: string;
  /** A merge commit is reverted against its first parent (-m 1). */
  merge: boolean;
  subject: string;
}

/**
 * The change between two commits on one line of history, oldest first: the first-parent
 * commits in `from..to`, so a merged PR counts as its merge commit (reverted with -m 1),
 * and a squashed or rebased PR as its commits on the branch.
 */
export async function changeBetween(
  repo: WorkRepository,
  from: string,
  to: string,
): Promise<ChangeCommit[]> {
  const out = await repo.git([
    'log',
    '--first-parent',
    '--reverse',
    '--format=%H%x00%P%x00%s%x1e',
    `${from}..${to}`,
  ]);
  return logRecords(out).map(([sha = '', parents = '', subject = '']) => ({
    sha,
    merge: parents.split(' ').filter(Boolean).length > 1,
    subject,
  }));
}

/**
 * The commits a line already reverts since `since` (git's `This reverts commit <sha>`):
 * reverted sha -> the reverting commit, the newest one when there are several.
 */
export async function revertsOn(
  repo: WorkRepository,
  since: string,
  branch: string,
): Promise<Map<string, string>> {
  const out = await repo.git(['log', '--format=%H%x00%B%x1e', `${since}..${remoteRef(branch)}`]);
  const map = new Map<string, string>();
  for (const [sha = '', body = ''] of logRecords(out)) {
    for (const m of body.matchAll(/This reverts commit ([0-9a-f]{40,64})/g))
      if (m[1] && !map.has(m[1])) map.set(m[1], sha);
  }
  return map;
}
