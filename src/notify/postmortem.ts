// The post-mortem issue: when one is due, and its body, prefilled with what GitHub already
// knows (the timeline, the PR, the PR's Impact, Root Cause and Fix sections) so the review
// starts from facts. Sections follow the playbooks' post-incident review: summary, impact,
// timeline, root cause, resolution, what went well, what went wrong, action items.
import { md, table } from '../shared/text/markdown.ts';
import { formatDuration, parseDuration } from '../shared/text/duration.ts';
import type { LevelPolicy } from '../shared/policy/schema.ts';
import type { Severity } from '../shared/severity/severity.ts';
import { CLOSING_EVENTS, type NotifyEvent } from './events.ts';
import type { NotifyMessage } from './message.ts';
import { truncate } from './cut.ts';
import { mdLink, mdText, quote, timelineMarkdown, timelineMermaid } from './render-markdown.ts';

export type PostmortemMode = 'auto' | 'always' | 'never';

export interface PostmortemDecision {
  open: boolean;
  why: string;
}

export function decidePostmortem(
  mode: PostmortemMode,
  event: NotifyEvent,
  severity: Severity,
  level: LevelPolicy,
): PostmortemDecision {
  if (mode === 'never') return { open: false, why: 'postmortem is never' };
  if (mode === 'always') return { open: true, why: 'postmortem is always' };
  if (!level.postmortem)
    return { open: false, why: `${severity} needs none (levels.${severity}.postmortem is false)` };
  if (!CLOSING_EVENTS.includes(event))
    return {
      open: false,
      why: `${severity} needs one, opened when the incident is ${CLOSING_EVENTS.join(' or ')}`,
    };
  return {
    open: true,
    why: `${severity} needs one after ${event} (levels.${severity}.postmortem)`,
  };
}

/** The due date: the resolution (or now) plus levels.<Pn>.postmortem-due. */
export function dueDate(level: LevelPolicy, from: Date): Date {
  return new Date(from.getTime() + (parseDuration(level['postmortem-due']) ?? 48 * 3_600_000));
}

export interface PostmortemFacts {
  message: NotifyMessage;
  marker: string;
  due: Date;
  dueAfter: string;
  incidentIssue?: { number: number; url: string };
  pr?: { number: number; url: string; impact?: string; rootCause?: string; fix?: string };
}

export function postmortemTitle(m: NotifyMessage): string {
  return truncate(`Post-mortem [${m.severity}]: ${m.title}`, 250, '…');
}

const HINT = (text: string) => `<!-- ${text} -->`;

export function postmortemBody(f: PostmortemFacts): string {
  const m = f.message;
  const t = m.timeline;
  const from = (section: string) => `_From PR #${f.pr?.number}, section "${section}":_`;
  const rolledBack = t.entries.some(
    (e) => e.kind === 'rolled-back' || e.kind === 'rollback-failed',
  );
  return [
    f.marker,
    `# Post-mortem: ${mdText(m.title)}`,
    overviewTable(f),
    '## Summary',
    `${knownSoFar(m).join('; ')}.`,
    HINT('Two or three sentences: what broke, for whom, and how it was fixed.'),
    '## Impact',
    f.pr?.impact ? `${from('Impact')}\n\n${quote(f.pr.impact)}` : '',
    HINT('Users affected, for how long, and what they saw; revenue, support tickets, data.'),
    '## Timeline',
    timelineMarkdown(t, '###') || '_No timeline could be rebuilt from GitHub yet._',
    timelineMermaid(t),
    HINT('Add what GitHub cannot know: when the team was alerted, when the cause was found.'),
    '## Root cause',
    f.pr?.rootCause ? `${from('Root Cause')}\n\n${quote(f.pr.rootCause)}` : '',
    HINT('The technical cause, and why it was possible: the condition, not the person.'),
    '## Resolution',
    [
      f.pr ? `Fixed by ${mdLink({ label: `PR #${f.pr.number}`, url: f.pr.url })}.` : '',
      rolledBack ? 'A rollback was part of the resolution: see the timeline.' : '',
    ]
      .filter(Boolean)
      .join(' '),
    f.pr?.fix ? `${from('The Fix')}\n\n${quote(f.pr.fix)}` : '',
    '## What went well',
    '- ',
    '## What went wrong',
    '- ',
    '## Action items',
    actionItems(rolledBack),
    HINT('Give each action an owner and a due date.'),
    `<sub>Opened by hotfix-actions notify. Edit freely: it is not rewritten.</sub>`,
  ]
    .filter((s) => s !== '')
    .join('\n\n');
}

function overviewTable(f: PostmortemFacts): string {
  const m = f.message;
  const resolved = m.timeline.timeToResolveMs ?? m.timeline.timeToRollbackMs;
  const due = `${f.due.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return table(
    ['', ''],
    [
      ['Severity', m.severity],
      ...(m.ticket ? [['Ticket', md(m.ticket)]] : []),
      ['Environment', md(m.environment)],
      ...(m.version ? [['Version', md(m.version)]] : []),
      ...(m.rollback?.target
        ? [
            [
              m.event === 'rolled-back' ? 'Rolled back to' : 'Rollback target',
              md(m.rollback.target),
            ],
          ]
        : []),
      ...(f.incidentIssue ? [['Incident', `#${f.incidentIssue.number}`]] : []),
      ...(f.pr ? [['Fix', `PR #${f.pr.number}`]] : []),
      ['Duration', resolved === undefined ? 'still open' : formatDuration(resolved)],
      ['Review due', `**${due}** (${md(f.dueAfter)} after resolution)`],
    ],
  );
}

/** What the message already says: the status, and how long the fix and the resolution took. */
function knownSoFar(m: NotifyMessage): string[] {
  const t = m.timeline;
  return [
    `${m.style.emoji} ${md(m.style.status)} in ${md(m.environment)}`,
    t.timeToDeployMs === undefined
      ? ''
      : `fix live ${formatDuration(t.timeToDeployMs)} after detection`,
    t.timeToResolveMs === undefined
      ? ''
      : `resolved ${formatDuration(t.timeToResolveMs)} after detection`,
  ].filter(Boolean);
}

function actionItems(rolledBack: boolean): string {
  return [
    '- [ ] A regression test that fails without the fix',
    '- [ ] An alert that would have fired before users noticed',
    ...(rolledBack ? ['- [ ] Why the first fix did not pass verification'] : []),
    '- [ ] Runbook or documentation updated for the next on-call',
  ].join('\n');
}
