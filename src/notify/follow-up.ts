// The follow-up issue: a temporary fix (the hotfix:temporary label, or the template's box
// ticked) owes a proper fix. When the fix is verified or the incident resolved, notify opens
// one issue for it, once, due levels.<Pn>.follow-up-due later, prefilled with the PR's Root
// Cause. hotfix-report reads its marker (src/shared/incident/records.ts) to measure how many
// proper fixes landed by their due date.
import { md, table } from '../shared/text/markdown.ts';
import { parseDuration } from '../shared/text/duration.ts';
import type { LevelPolicy } from '../shared/policy/schema.ts';
import {
  followUpMarker,
  isTemporaryFix,
  parseFollowUpMarker,
  referencedNumbers,
} from '../shared/incident/records.ts';
import type { NotifyEvent } from './events.ts';
import type { NotifyMessage } from './message.ts';
import { truncate } from './cut.ts';
import { mdLink, mdText, quote } from './render-markdown.ts';

export const FOLLOW_UP_MODES = ['auto', 'never'] as const;
export type FollowUpMode = (typeof FOLLOW_UP_MODES)[number];

/** The events that announce the fix holds: the proper fix is owed from then. */
const ANNOUNCING: readonly NotifyEvent[] = ['verified', 'resolved'];

export interface FollowUpDecision {
  open: boolean;
  /** The PR is marked temporary: its follow-up is owed, now or later. */
  temporary: boolean;
  why: string;
}

export function decideFollowUp(
  mode: FollowUpMode,
  event: NotifyEvent,
  pr: { number: number; labels: string[]; body: string } | undefined,
): FollowUpDecision {
  const temporary = !!pr && isTemporaryFix(pr.labels, pr.body);
  if (mode === 'never') return { open: false, temporary, why: 'follow-up-issue is never' };
  if (!pr) return { open: false, temporary, why: 'no hotfix PR to follow up' };
  if (!temporary)
    return { open: false, temporary, why: `PR #${pr.number} is not marked temporary` };
  if (!ANNOUNCING.includes(event))
    return {
      open: false,
      temporary,
      why: `PR #${pr.number} is temporary: its follow-up opens when ${ANNOUNCING.join(' or ')}`,
    };
  return { open: true, temporary, why: `PR #${pr.number} is marked temporary` };
}

/** The due date (YYYY-MM-DD, the end of that day in UTC): now plus levels.<Pn>.follow-up-due. */
export function followUpDue(level: LevelPolicy, now: Date): string {
  const after = parseDuration(level['follow-up-due']) ?? 14 * 86_400_000;
  return new Date(now.getTime() + after).toISOString().slice(0, 10);
}

/**
 * Whether an issue labelled follow-up is the one of PR `pr`: ours carries the marker; one a
 * person wrote names the PR (#12, a link to it). A marker in an issue we did not open counts
 * for nothing: such an issue is a person's, the PR's only when it names it.
 */
export function isFollowUpOf(body: string, pr: number, repository: string, ours = true): boolean {
  const mark = ours ? parseFollowUpMarker(body) : undefined;
  return mark ? mark.pr === pr : referencedNumbers(body, repository).has(pr);
}

export function followUpTitle(m: NotifyMessage): string {
  return truncate(`Proper fix for ${m.title}`, 250, '…');
}

export interface FollowUpFacts {
  message: NotifyMessage;
  pr: { number: number; url: string; rootCause?: string };
  due: string;
  dueAfter: string;
  incidentKey: string;
  incidentIssue?: { number: number; url: string };
}

export function followUpBody(f: FollowUpFacts): string {
  const m = f.message;
  const prLink = mdLink({ label: `PR #${f.pr.number}`, url: f.pr.url });
  return [
    followUpMarker({ pr: f.pr.number, due: f.due, incident: f.incidentKey }),
    `# Proper fix for ${mdText(m.title)}`,
    `${prLink} went out as a temporary fix. This issue tracks the proper fix.`,
    table(
      ['', ''],
      [
        ['Hotfix', prLink],
        ...(f.incidentIssue
          ? [
              [
                'Incident',
                mdLink({ label: `#${f.incidentIssue.number}`, url: f.incidentIssue.url }),
              ],
            ]
          : []),
        ['Severity', m.severity],
        ...(m.ticket ? [['Ticket', md(m.ticket)]] : []),
        ['Due', `**${f.due}** (${md(f.dueAfter)} after the fix went out)`],
      ],
    ),
    '## Root cause',
    f.pr.rootCause
      ? `_From PR #${f.pr.number}, section "Root Cause":_\n\n${quote(f.pr.rootCause)}`
      : '_The PR has no Root Cause section: write what the proper fix must address._',
    '## Done when',
    [
      '- [ ] The proper fix is merged, with a test that fails without it',
      `- [ ] The temporary change of PR #${f.pr.number} is removed, or kept on purpose and said so`,
      '- [ ] The release lines the hotfix was backported to have the proper fix too',
    ].join('\n'),
    '<sub>Opened by hotfix-actions notify because the hotfix is marked temporary. Close it when the proper fix is merged: hotfix-report counts it on time when it is closed by its due date.</sub>',
  ].join('\n\n');
}
