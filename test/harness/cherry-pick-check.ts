// Holds a backport branch to `git cherry-pick -x`: replays the originals its commits name, in
// a scratch worktree of the origin at the branch's base, and expects the same tree after each
// commit and the same message (a `-m 1` pick's message is the PR's title on purpose, so only
// its tree is compared). The backport action picks without a working tree (merge-tree and
// commit-tree); this is the check that it gives what the command gives.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { git } from '../../src/shared/git/git.ts';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Check',
  GIT_AUTHOR_EMAIL: 'check@example.com',
  GIT_COMMITTER_NAME: 'Check',
  GIT_COMMITTER_EMAIL: 'check@example.com',
};

export async function expectSameAsCherryPick(
  bare: string,
  target: string,
  branch: string,
): Promise<void> {
  const inBare = (args: string[]) => git(args, { cwd: bare });
  const ours = (
    await inBare(['rev-list', '--reverse', `refs/heads/${target}..refs/heads/${branch}`])
  )
    .split('\n')
    .filter(Boolean);
  // A backport merged with a merge commit is inside the target: nothing left to compare.
  if (!ours.length) return;
  const dir = mkdtempSync(join(tmpdir(), 'cherry-pick-check-'));
  const tree = join(dir, 'tree');
  await inBare(['worktree', 'add', '--quiet', '--detach', tree, `${ours[0]}^`]);
  try {
    for (const sha of ours) {
      const message = await inBare(['log', '-1', '--format=%B', sha]);
      const original = [
        ...message.matchAll(/\(cherry picked from commit ([0-9a-f]{40})\)/g),
      ].pop()?.[1];
      expect(original, `${sha} on ${branch} names its original`).toBeDefined();
      const parents = (await inBare(['rev-list', '--parents', '-n', '1', original!])).split(' ');
      const mainline = parents.length > 2;
      await git(['cherry-pick', '-x', ...(mainline ? ['-m', '1'] : []), original!], {
        cwd: tree,
        env: IDENTITY,
      });
      const [picked, expected] = await Promise.all([
        git(['rev-parse', 'HEAD^{tree}'], { cwd: tree }),
        inBare(['rev-parse', `${sha}^{tree}`]),
      ]);
      expect(expected, `the tree of ${sha} on ${branch} is cherry-pick's`).toBe(picked);
      if (!mainline)
        expect(await inBare(['cat-file', '-p', sha]).then(bodyOf)).toBe(
          await git(['cat-file', '-p', 'HEAD'], { cwd: tree }).then(bodyOf),
        );
    }
  } finally {
    await inBare(['worktree', 'remove', '--force', tree]).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A commit's message, without its headers. */
function bodyOf(raw: string): string {
  return raw.slice(raw.indexOf('\n\n') + 2);
}
