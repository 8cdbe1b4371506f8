// The comment left on the original PR when a target conflicts (conflicts: comment): what
// conflicted, and the exact commands to finish by hand, with cherry-pick or with a patch
// file (git format-patch / git am). Every value in a command is shell-quoted: branch names
// come from the repository and a person will paste these lines into a shell.
import { codeBlock, md } from '../shared/text/markdown.ts';
import type { PickPlan } from './merge-method.ts';
import { shellQuote as q } from './templates.ts';
import { shortSha } from '../shared/git/sha.ts';

export interface ConflictFacts {
  number: number;
  target: string;
  branch: string;
  base: string;
  plan: PickPlan;
  /** The commits still to pick (already contained ones are left out). */
  picks: string[];
  /** The commit that did not apply, and the files it conflicted in. */
  conflictAt: string;
  files: string[];
  runUrl: string;
}

export function conflictKey(target: string): string {
  return `backport-conflict:${target}`;
}

export function cherryPickCommands(f: ConflictFacts): string {
  const files = f.files.map(q).join(' ');
  return [
    `git fetch origin ${q(f.target)} ${q(f.base)}`,
    `git switch --create ${q(f.branch)} ${q(`origin/${f.target}`)}`,
    `git cherry-pick -x${f.plan.mainline ? ' -m 1' : ''} ${f.picks.join(' ')}`,
    `# resolve the conflicts in ${files}, then:`,
    `git add ${files}`,
    'git cherry-pick --continue',
    `git push --set-upstream origin ${q(f.branch)}`,
    `gh pr create --base ${q(f.target)} --head ${q(f.branch)} --fill`,
  ].join('\n');
}

export function patchCommands(f: ConflictFacts): string {
  const patch = `pr-${f.number}.patch`;
  const files = f.files.map(q).join(' ');
  const make = f.plan.mainline
    ? [`git diff ${f.picks[0]}^1 ${f.picks[0]} > ${patch}`]
    : f.picks.map(
        (sha, i) => `git format-patch -k --stdout -1 ${sha} ${i === 0 ? '>' : '>>'} ${patch}`,
      );
  const apply = f.plan.mainline
    ? [
        `git apply --3way ${patch}`,
        `# resolve the conflicts in ${files}, then:`,
        `git add ${files}`,
        `git commit -m ${q(`Backport #${f.number} to ${f.target}`)}`,
      ]
    : [
        `git am -3 -k ${patch}`,
        `# resolve the conflicts in ${files}, then:`,
        `git add ${files}`,
        'git am --continue',
      ];
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
      `${f.files.map((p) => `\`${md(p)}\``).join(', ')}. Nothing was pushed. ` +
      `PR #${f.number} was merged by ${f.plan.method} (${md(f.plan.reason)}).`,
    'Finish it by hand with cherry-pick:',
    codeBlock(cherryPickCommands(f), 'sh'),
    'Or with a patch file (`git am` leaves `(cherry picked from commit …)` out: add it to the message to keep the trail):',
    codeBlock(patchCommands(f), 'sh'),
    `Re-running the workflow after the branch \`${md(f.branch)}\` has its PR reports that PR instead of trying again. <sub>[run](${f.runUrl})</sub>`,
  ].join('\n\n');
}
