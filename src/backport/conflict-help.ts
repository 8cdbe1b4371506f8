// The comment left on the original PR when a target conflicts: what conflicted (each file
// with its kind of conflict), and the exact commands to finish by hand, with cherry-pick or
// with a patch file (git format-patch / git am). The commands depend on the kind: `git add`
// is right for a file with markers but brings back a file the target deleted, so a file
// deleted, moved or renamed on one side gets its own lines. Every value in a command is
// shell-quoted: paths and branch names come from the repository and a person will paste these
// lines into a shell.
import { codeBlock, md } from '../shared/text/markdown.ts';
import type { PickPlan } from './merge-method.ts';
import { shellQuote as q } from './templates.ts';
import { shortSha } from '../shared/git/sha.ts';
import { conflictKindText, type FileConflict } from './conflicts.ts';

export interface ConflictFacts {
  number: number;
  target: string;
  branch: string;
  base: string;
  plan: PickPlan;
  /** The commits still to pick (already contained ones are left out). */
  picks: string[];
  /** The commit that did not apply, and its conflicts. */
  conflictAt: string;
  conflicts: FileConflict[];
  runUrl: string;
}

export function conflictKey(target: string): string {
  return `backport-conflict:${target}`;
}

/** The lines that resolve one file's conflict, once git stopped on it. */
export function resolveLines(
  c: FileConflict,
  f: Pick<ConflictFacts, 'target' | 'conflictAt' | 'plan'>,
): string[] {
  const p = q(c.path);
  const t = f.target;
  switch (c.kind) {
    case 'content':
      return [`# ${c.path}: resolve the <<<<<<< ======= >>>>>>> markers, then`, `git add -- ${p}`];
    case 'binary':
      return [
        `# ${c.path} is binary: take the fix's version (or --ours to keep ${t}'s)`,
        `git checkout --theirs -- ${p}`,
        `git add -- ${p}`,
      ];
    case 'deleted on target':
      return [
        `# ${c.path} was deleted on ${t} and the fix changes it: keep it deleted`,
        `git rm --quiet -- ${p}`,
        `# (or, if ${t} still needs it with the fix: git add -- ${p})`,
      ];
    case 'moved on target': {
      // The fix's change to the old file, merged into the file where the target has it now.
      const to = q(c.to?.[0] ?? '');
      const parent = f.plan.mainline ? `${f.conflictAt}^1` : `${f.conflictAt}^`;
      return [
        `# ${c.path} moved to ${c.to?.[0] ?? '?'} on ${t}: apply the fix's change there`,
        `git show ${q(`${parent}:${c.path}`)} > .backport-base`,
        `git show ${q(`${f.conflictAt}:${c.path}`)} > .backport-fix`,
        `git merge-file ${to} .backport-base .backport-fix # resolve any markers it leaves`,
        'rm .backport-base .backport-fix',
        `git rm --quiet -- ${p}`,
        `git add -- ${to}`,
      ];
    }
    case 'deleted by the fix':
      return [
        `# the fix deletes ${c.path}, which ${t} changed since: delete it`,
        `git rm --quiet -- ${p}`,
        `# (or keep ${t}'s version: git add -- ${p})`,
      ];
    case 'renamed on both sides': {
      const [ours = '', theirs = ''] = c.to ?? [];
      return [
        `# ${c.path} is ${ours} on ${t} and ${theirs} in the fix: keep ${t}'s name`,
        `git rm --quiet --cached -- ${p}`,
        `git rm --quiet -- ${q(theirs)}`,
        `git add -- ${q(ours)}`,
      ];
    }
    case 'renamed and deleted':
      return c.renamedByFix
        ? [
            `# the fix renamed ${c.from ?? '?'} to ${c.path}, which ${t} deleted: keep it deleted`,
            `git rm --quiet -- ${p}`,
            `# (or keep it with the fix: git add -- ${p})`,
          ]
        : [
            `# ${t} renamed ${c.from ?? '?'} to ${c.path}, which the fix deletes: delete it`,
            `git rm --quiet -- ${p}`,
            `# (or keep ${t}'s file: git add -- ${p})`,
          ];
    case 'file location':
      return [
        `# the fix adds ${c.from ?? c.path}; ${t} renamed its directory, so git put it at ${c.path}: check it, then`,
        `git add -- ${p}`,
      ];
    default:
      return [`# ${c.path}: ${c.message || 'resolve it'}, then`, `git add -- ${p}`];
  }
}

function resolveAll(f: ConflictFacts): string[] {
  return f.conflicts.flatMap((c) => resolveLines(c, f));
}

export function cherryPickCommands(f: ConflictFacts): string {
  return [
    `git fetch origin ${q(f.target)} ${q(f.base)}`,
    `git switch --create ${q(f.branch)} ${q(`origin/${f.target}`)}`,
    `git cherry-pick -x${f.plan.mainline ? ' -m 1' : ''} ${f.picks.join(' ')}`,
    ...resolveAll(f),
    'git cherry-pick --continue',
    `git push --set-upstream origin ${q(f.branch)}`,
    `gh pr create --base ${q(f.target)} --head ${q(f.branch)} --fill`,
  ].join('\n');
}

export function patchCommands(f: ConflictFacts): string {
  const patch = `pr-${f.number}.patch`;
  const make = f.plan.mainline
    ? [`git diff ${f.picks[0]}^1 ${f.picks[0]} > ${patch}`]
    : f.picks.map(
        (sha, i) => `git format-patch -k --stdout -1 ${sha} ${i === 0 ? '>' : '>>'} ${patch}`,
      );
  const apply = f.plan.mainline
    ? [
        `git apply --3way ${patch}`,
        ...resolveAll(f),
        `git commit -m ${q(`Backport #${f.number} to ${f.target}`)}`,
      ]
    : [`git am -3 -k ${patch}`, ...resolveAll(f), 'git am --continue'];
  return [
    `git fetch origin ${q(f.target)} ${q(f.base)}`,
    ...make,
    `git switch --create ${q(f.branch)} ${q(`origin/${f.target}`)}`,
    ...apply,
    `git push --set-upstream origin ${q(f.branch)}`,
  ].join('\n');
}

export function conflictComment(f: ConflictFacts): string {
  return [
    `### ⚠️ Backport to \`${md(f.target)}\` needs a hand`,
    `Cherry-picking \`${shortSha(f.conflictAt)}\` onto \`${md(f.target)}\` conflicts in ` +
      f.conflicts
        .map((c) => `\`${md(c.path)}\` (${md(conflictKindText(c, f.target))})`)
        .join(', ') +
      `. Nothing was pushed. PR #${f.number} was merged by ${f.plan.method} (${md(f.plan.reason)}).`,
    'Finish it by hand with cherry-pick:',
    codeBlock(cherryPickCommands(f), 'sh'),
    'Or with a patch file (`git am` leaves `(cherry picked from commit …)` out: add it to the message to keep the trail):',
    codeBlock(patchCommands(f), 'sh'),
    `Re-running the workflow after the branch \`${md(f.branch)}\` has its PR reports that PR instead of trying again. <sub>[run](${f.runUrl})</sub>`,
  ].join('\n\n');
}
