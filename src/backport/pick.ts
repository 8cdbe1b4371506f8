// The pick step: the commits a target lacks, replayed one after the other onto origin's
// target the way `git cherry-pick -x` does, behind a small interface so how the picks are
// made can change without the rest of the flow noticing. Pushing is not part of it.
//
// With git 2.38 or later nothing is checked out: `git merge-tree --write-tree` computes each
// pick as a tree (only the blobs both sides changed are read, or fetched in a blobless clone)
// and `git commit-tree` commits it with the original's author and cherry-pick's message. Older
// git cherry-picks in a private worktree instead; both give the same trees and messages.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { remoteRef, type WorkRepository } from '../shared/git/repository.ts';
import { stagesByPath } from '../shared/git/merge-tree.ts';
import type { ConflictMode } from './backport.ts';
import { targetContains, type CommitRecord } from './commits.ts';
import { conflictsOf, conflictsOfIndex, hasMarkers, type FileConflict } from './conflicts.ts';
import { cherryPickMessage } from './pick-message.ts';
import type { PickedCommit } from './templates.ts';

/** What picking needs of the repository. */
export type PickRepository = Pick<
  WorkRepository,
  | 'git'
  | 'treePicking'
  | 'mergeTree'
  | 'commitTree'
  | 'checkout'
  | 'apply'
  | 'commitConflict'
  | 'abort'
  | 'head'
  | 'worktree'
>;

export interface PickRequest {
  git: PickRepository;
  target: string;
  /** The target's tip and its tree. */
  tip: { sha: string; tree: string };
  /** The originals, read once for every target. */
  records: Map<string, CommitRecord>;
  /**
   * In order; the contained ones are passed over. Updated in place: `backported` for each
   * pick made, `contained` for a pick that turned out empty or already on the target by
   * patch-id, `conflicts` for a draft commit with markers.
   */
  commits: PickedCommit[];
  /** `-m 1`: each pick is a merge commit replayed against its first parent. */
  mainline: boolean;
  /** For `-m 1`: the message of the backported commit (the PR's title, not "Merge pull request"). */
  mainlineMessage: (sha: string) => string;
  /** draft: commit a conflict with its markers and go on; else stop at the first one. */
  conflicts: ConflictMode;
}

export type PickResult =
  /** `head` is the commit to push: the target's tip when every pick was contained. */
  | { kind: 'picked'; head: string }
  /** Nothing is left half-applied. `draftable`: every file carries markers. */
  | { kind: 'conflict'; at: string; conflicts: FileConflict[] };

export async function pickCommits(r: PickRequest): Promise<PickResult> {
  const picking = await r.git.treePicking();
  const roots = r.commits.some((c) => !c.contained && !r.records.get(c.original)?.parents[0]);
  return picking === 'none' || roots ? pickInWorktree(r) : pickAsTrees(r);
}

function messageOf(r: PickRequest, c: CommitRecord): string {
  return r.mainline ? r.mainlineMessage(c.sha) : cherryPickMessage(c.message, c.sha);
}

async function pickAsTrees(r: PickRequest): Promise<PickResult> {
  let head = r.tip.sha;
  let tree = r.tip.tree;
  for (const c of r.commits) {
    if (c.contained) continue;
    const record = r.records.get(c.original);
    const base = record?.parents[0];
    if (!record || !base) throw new Error(`${c.original} was not read, or has no parent`);
    const merged = await r.git.mergeTree(head, c.original, base);
    if (merged.clean && merged.tree === tree) {
      c.contained = true; // an empty pick: the change is already there
      continue;
    }
    if (!merged.clean) {
      if (!r.mainline && (await targetContains(r.git, r.target, record))) {
        c.contained = true;
        continue;
      }
      const conflicts = await withMoves(r, record, conflictsOf(merged));
      if (r.conflicts !== 'draft' || !conflicts.every(hasMarkers))
        return { kind: 'conflict', at: c.original, conflicts };
      c.conflicts = conflicts.map((f) => f.path);
    }
    head = await r.git.commitTree(merged.tree, [head], messageOf(r, record), record.author);
    tree = merged.tree;
    c.backported = head;
  }
  return { kind: 'picked', head };
}

/**
 * A file the fix changes and the target deleted may have moved on the target, changed too
 * much for git's rename detection to follow: the commit that deleted it on the target says,
 * with a looser similarity.
 */
async function withMoves(
  r: PickRequest,
  record: CommitRecord,
  conflicts: FileConflict[],
): Promise<FileConflict[]> {
  return Promise.all(
    conflicts.map(async (c) => {
      if (c.kind !== 'deleted on target') return c;
      const deleter = await r.git.git([
        'log',
        '-1',
        '--format=%H',
        '--diff-filter=D',
        remoteRef(r.target),
        `^${record.parents[0]}`,
        '--',
        c.path,
      ]);
      if (!deleter) return c;
      const out = await r.git.git([
        'diff-tree',
        '-r',
        '-z',
        '--no-commit-id',
        '-M30%',
        '--diff-filter=R',
        '--name-status',
        deleter,
      ]);
      const f = out.split('\0');
      for (let i = 0; i + 2 < f.length; i += 3)
        if (f[i + 1] === c.path)
          return { ...c, kind: 'moved on target' as const, to: [f[i + 2] ?? ''] };
      return c;
    }),
  );
}

async function pickInWorktree(r: PickRequest): Promise<PickResult> {
  const { git } = r;
  await git.checkout(r.target);
  for (const c of r.commits) {
    if (c.contained) continue;
    const record = r.records.get(c.original);
    if (!record) throw new Error(`${c.original} was not read`);
    const applied = await git.apply('cherry-pick', c.original, r.mainline);
    if (applied.kind === 'empty') {
      c.contained = true;
      continue;
    }
    if (applied.kind === 'conflict') {
      const conflicts = await indexConflicts(git, applied.files);
      if (r.conflicts !== 'draft' || !conflicts.every(hasMarkers)) {
        await git.abort('cherry-pick');
        if (!r.mainline && (await targetContains(git, r.target, record))) {
          // Same patch already there: pick what follows onto the target as it was.
          c.contained = true;
          return pickInWorktree(r);
        }
        return { kind: 'conflict', at: c.original, conflicts };
      }
      c.conflicts = applied.files;
      await git.commitConflict('cherry-pick');
    }
    if (r.mainline)
      await git.git(
        [
          '-c',
          'core.hooksPath=/dev/null',
          '-c',
          'commit.gpgsign=false',
          'commit',
          '--amend',
          '--quiet',
          '--cleanup=verbatim',
          '-m',
          messageOf(r, record).trimEnd(),
        ],
        git.worktree,
      );
    c.backported = await git.head();
  }
  return { kind: 'picked', head: await git.head() };
}

/** The kind of each conflicted file of a cherry-pick left in the worktree. */
async function indexConflicts(git: PickRepository, files: string[]): Promise<FileConflict[]> {
  const out = await git.git(['ls-files', '-u', '-z'], git.worktree);
  const stages = stagesByPath(out.split('\0'));
  return conflictsOfIndex(
    files.map((path) => {
      const file = join(git.worktree, path);
      const text = existsSync(file) ? readFileSync(file, 'latin1') : '';
      return {
        path,
        stages: stages.get(path) ?? {},
        markers: /^<{7} /m.test(text) && /^>{7} /m.test(text),
      };
    }),
  );
}
