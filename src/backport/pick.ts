// The pick step: the commits a target lacks, cherry-picked (-x) one after the other onto
// origin's target in the repository's private worktree. Its own small interface, so how the
// picks are made can change without the rest of the flow noticing; pushing is not part of it.
import type { WorkRepository } from '../shared/git/repository.ts';
import type { ConflictMode } from './backport.ts';
import type { PickedCommit } from './templates.ts';

/** What picking needs of the repository. */
export type PickRepository = Pick<
  WorkRepository,
  'checkout' | 'apply' | 'commitConflict' | 'abort'
>;

export interface PickRequest {
  git: PickRepository;
  target: string;
  /**
   * In order; the contained ones are passed over. Updated in place: `backported` for each
   * pick made, `contained` for a pick that turned out empty, `conflicts` in draft mode.
   */
  commits: PickedCommit[];
  /** `-m 1`: each pick is a merge commit replayed against its first parent. */
  mainline: boolean;
  /** draft: commit a conflict with its markers and go on; else stop at the first one. */
  conflicts: ConflictMode;
}

export type PickResult =
  | { kind: 'picked' }
  /** Nothing is left half-applied: the pick was aborted. */
  | { kind: 'conflict'; at: string; files: string[] };

export async function pickCommits(r: PickRequest): Promise<PickResult> {
  await r.git.checkout(r.target);
  for (const c of r.commits) {
    if (c.contained) continue;
    const applied = await r.git.apply('cherry-pick', c.original, r.mainline);
    if (applied.kind === 'applied') c.backported = applied.sha;
    else if (applied.kind === 'empty') c.contained = true;
    else if (r.conflicts === 'draft') {
      c.conflicts = applied.files;
      c.backported = await r.git.commitConflict('cherry-pick');
    } else {
      await r.git.abort('cherry-pick');
      return { kind: 'conflict', at: c.original, files: applied.files };
    }
  }
  return { kind: 'picked' };
}
