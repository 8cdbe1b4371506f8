// Names and texts of a backport: the branch (`backport/{target}/pr-{number}`), the title
// (`[Backport {target}] {title}`) and the body linking everything a reviewer needs.
import { codeBlock, md, table } from '../shared/text/markdown.ts';
import { shellQuote } from '../shared/text/shell-quote.ts';
import type { PickPlan } from './merge-method.ts';
import type { OriginalPull } from './github.ts';
import { shortSha } from '../shared/git/sha.ts';

export const PLACEHOLDERS = ['target', 'number', 'title', 'base'] as const;
type Values = Record<(typeof PLACEHOLDERS)[number], string>;

/** The placeholders a template uses that do not exist; empty when it is fine. */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(/\{([^}]*)\}/g)]
    .map((m) => m[1] ?? '')
    .filter((p) => !(PLACEHOLDERS as readonly string[]).includes(p));
}

export function render(template: string, values: Values): string {
  return template.replace(/\{(target|number|title|base)\}/g, (_, k: keyof Values) => values[k]);
}

/** A template of the backport for `target` filled in: its branch, or its PR's title. */
export function fillTemplate(
  template: string,
  o: Pick<OriginalPull, 'number' | 'title' | 'baseRef'>,
  target: string,
): string {
  return render(template, { target, number: String(o.number), title: o.title, base: o.baseRef });
}

/**
 * Why a branch name is not one git accepts (git check-ref-format --branch), or undefined.
 * Checked before anything is pushed so a bad template fails with a clear message.
 */
export function badBranchName(name: string): string | undefined {
  if (name === '' || name === '@') return 'is empty or "@"';
  if (name.startsWith('-')) return 'starts with "-"';
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//'))
    return 'has an empty path component';
  if (name.endsWith('.') || name.endsWith('.lock')) return 'ends with "." or ".lock"';
  if (name.includes('..') || name.includes('@{')) return 'contains ".." or "@{"';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what git refuses
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name))
    return 'contains a space, a control character or one of ~ ^ : ? * [ \\';
  if (name.split('/').some((c) => c.startsWith('.') || c.endsWith('.lock')))
    return 'has a path component starting with "." or ending with ".lock"';
  return undefined;
}

export interface PickedCommit {
  /** The commit on the original base. */
  original: string;
  /** The commit on the backport branch; undefined when it was already contained. */
  backported?: string;
  subject: string;
  /** Files committed with conflict markers (conflicts: draft). */
  conflicts: string[];
  /** Already on the target (same patch-id, an empty pick, or backported by hand). */
  contained: boolean;
  /** The target's commit whose message names this one (`cherry picked from commit …`). */
  backportedIn?: string;
}

export interface BodyFacts {
  number: number;
  url: string;
  title: string;
  target: string;
  branch: string;
  base: string;
  severity: string;
  plan: PickPlan;
  commits: PickedCommit[];
  runUrl: string;
}

export function prBody(f: BodyFacts): string {
  const conflicted = f.commits.filter((c) => c.conflicts.length);
  const rows = f.commits.map((c) => [
    `\`${shortSha(c.original)}\``,
    c.backported
      ? `\`${shortSha(c.backported)}\``
      : c.backportedIn
        ? `already on the target in \`${shortSha(c.backportedIn)}\``
        : c.contained
          ? 'already on the target'
          : '',
    md(c.subject),
    c.conflicts.length ? `conflict markers in ${c.conflicts.map((p) => md(p)).join(', ')}` : '',
  ]);
  const parts = [
    `Backport of #${f.number} from \`${md(f.base)}\` to \`${md(f.target)}\`.`,
    table(
      ['', ''],
      [
        ['Original', `[#${f.number}](${f.url}) ${md(f.title)}`],
        ['Severity', md(f.severity)],
        ['Merged by', `${f.plan.method}: ${md(f.plan.reason)}`],
        ['Cherry-picked', `\`git cherry-pick -x${f.plan.mainline ? ' -m 1' : ''}\``],
      ],
    ),
    table(['Original commit', 'Backport commit', 'Subject', 'Conflicts'], rows),
  ];
  if (conflicted.length) {
    const files = [...new Set(conflicted.flatMap((c) => c.conflicts))];
    parts.push(
      [
        '### ⚠️ Conflicts to resolve',
        'The cherry-pick did not apply cleanly. The conflict markers are committed so the work is ' +
          'visible here; this PR stays a draft until they are resolved:',
        codeBlock(
          [
            `git fetch origin ${shellQuote(f.branch)}`,
            `git switch ${shellQuote(f.branch)}`,
            `# edit ${files.map(shellQuote).join(' ')}: resolve the <<<<<<< ======= >>>>>>> markers`,
            `git commit -am ${shellQuote('Resolve backport conflicts')}`,
            'git push',
          ].join('\n'),
          'sh',
        ),
      ].join('\n\n'),
    );
  }
  parts.push(`<sub>Opened by hotfix-actions/backport in [this run](${f.runUrl}).</sub>`);
  return parts.join('\n\n');
}

// Quoting now lives in src/shared/shell-quote.ts; re-exported for existing imports.
export { shellQuote };
