// What a backport tells other steps (outputs) and people (the job summary, the reply to a
// `/backport` comment): one row per target.
import { details, md, table } from '../shared/text/markdown.ts';
import type { TargetOutcome } from './outcome.ts';
import type { PickPlan } from './merge-method.ts';
import { shortSha } from '../shared/git/sha.ts';

export interface Report {
  number?: number;
  title?: string;
  url?: string;
  plan?: PickPlan;
  outcomes: TargetOutcome[];
  /** Targets that never reached the backport (missing branches): they fail. */
  unresolved: { target: string; source: string; reason: string; detail: string }[];
  /** Targets left out on purpose (the PR's own base). */
  excluded: { target: string; reason: string; detail: string }[];
  /** Why nothing was attempted (not merged, refused, not a backport label...). */
  nothing?: string;
  refused?: boolean;
  notes: string[];
}

export function outputsOf(r: Report): Record<string, string> {
  const created = r.outcomes.flatMap((o) =>
    o.status === 'created'
      ? [{ target: o.target, branch: o.branch, number: o.number, url: o.url, draft: o.draft }]
      : [],
  );
  const skipped = [
    ...r.excluded,
    ...r.outcomes.flatMap((o) =>
      o.status === 'skipped'
        ? [
            {
              target: o.target,
              reason: o.reason,
              detail: o.detail,
              ...(o.number ? { number: o.number, url: o.url } : {}),
            },
          ]
        : [],
    ),
  ];
  const failed = [
    ...r.unresolved.map(({ target, reason, detail }) => ({ target, reason, detail })),
    ...r.outcomes.flatMap((o) =>
      o.status === 'failed'
        ? [
            {
              target: o.target,
              reason: o.reason,
              detail: o.commentUrl
                ? `${o.detail}; the commands to finish by hand are in ${o.commentUrl}`
                : o.detail,
            },
          ]
        : [],
    ),
  ];
  return {
    created: JSON.stringify(created),
    skipped: JSON.stringify(skipped),
    failed: JSON.stringify(failed),
    succeeded: String(failed.length === 0 && !r.refused),
  };
}

/** `develop (conflict), release/1.9 (no such branch)`, for the failure message. */
export function failedTargets(r: Report): string {
  return [
    ...r.unresolved.map((u) => `${u.target} (${u.reason})`),
    ...r.outcomes.flatMap((o) => (o.status === 'failed' ? [`${o.target} (${o.reason})`] : [])),
  ].join(', ');
}

export function anyFailed(r: Report): boolean {
  return r.unresolved.length > 0 || r.outcomes.some((o) => o.status === 'failed');
}

const ICON = { created: '✅', skipped: '⏭️', failed: '❌' } as const;

const AUTO_MERGE_TEXT = {
  enabled: 'auto-merge enabled',
  off: '',
  refused: '',
  mergeable: 'mergeable now (nothing holds it: no auto-merge to enable)',
  merged: 'merged (mergeable now; auto-merge: merge-when-clean)',
  'checks-not-passing': 'mergeable now, but checks are failing or pending: not merged',
} as const;

/** The per-target table, shared by the job summary and the reply to `/backport`. */
export function resultTable(r: Report): string {
  const rows = [
    ...r.outcomes.map((o) => {
      const pr =
        o.status === 'created' || (o.status === 'skipped' && o.number)
          ? `[#${o.number}](${o.url})`
          : '';
      const commits = o.commits
        .map(
          (c) =>
            `\`${shortSha(c.original)}\`` +
            (c.backported
              ? ` → \`${shortSha(c.backported)}\``
              : c.backportedIn
                ? ` (already there: \`${shortSha(c.backportedIn)}\`)`
                : c.contained
                  ? ' (already there)'
                  : ''),
        )
        .join('<br>');
      const result =
        o.status === 'created'
          ? `${ICON.created} ${o.reused ? 'opened (branch reused)' : 'opened'}${o.draft ? ', **draft with conflicts**' : ''}`
          : `${ICON[o.status]} ${o.status}: ${md(o.reason)}`;
      const detail =
        o.status === 'created'
          ? [
              o.conflicts.length
                ? `conflict markers in ${o.conflicts.map((f) => md(f)).join(', ')}`
                : '',
              AUTO_MERGE_TEXT[o.autoMerge],
              ...o.warnings.map((w) => md(w)),
            ]
              .filter(Boolean)
              .join('; ')
          : md(o.detail) +
            (o.status === 'failed' && o.commentUrl
              ? `; [the commands to finish by hand](${o.commentUrl})`
              : '');
      return [`\`${md(o.target)}\``, result, pr, commits, detail];
    }),
    ...r.unresolved.map((u) => [
      `\`${md(u.target)}\``,
      `${ICON.failed} failed: ${md(u.reason)}`,
      '',
      '',
      md(u.detail),
    ]),
    ...r.excluded.map((e) => [
      `\`${md(e.target)}\``,
      `${ICON.skipped} skipped: ${md(e.reason)}`,
      '',
      '',
      md(e.detail),
    ]),
  ];
  return table(['Target', 'Result', 'PR', 'Commits', 'Details'], rows);
}

export function summaryOf(r: Report): string {
  const head =
    r.number !== undefined
      ? `## Backport of [#${r.number}](${r.url ?? ''}) ${md(r.title ?? '')}`
      : '## Backport';
  const parts = [head];
  if (r.nothing) parts.push(md(r.nothing));
  if (r.plan)
    parts.push(
      `Merged by **${r.plan.method}**: ${md(r.plan.reason)}. Picked with \`git cherry-pick -x${r.plan.mainline ? ' -m 1' : ''}\`: ${r.plan.picks.map((s) => `\`${shortSha(s)}\``).join(', ')}.`,
    );
  if (r.outcomes.length || r.unresolved.length || r.excluded.length) parts.push(resultTable(r));
  for (const o of r.outcomes)
    if (o.status === 'failed' && o.help)
      parts.push(details(`Finish <code>${md(o.target)}</code> by hand`, o.help));
  if (r.notes.length)
    parts.push(details('How the targets were found', r.notes.map((n) => `- ${md(n)}`).join('\n')));
  return parts.join('\n\n');
}
