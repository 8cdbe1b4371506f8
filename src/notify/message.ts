// One message model for every channel: what happened, how bad, where, which version, who,
// the links and the timeline. Renderers turn it into Slack blocks, a Teams card, a webhook
// payload or markdown; none of them decides content. Built by a pure function, so the same
// facts always give the same message.
import type { Severity } from '../shared/severity/severity.ts';
import type { Timeline, TimelineEntry } from './timeline.ts';
import { scrubSecrets } from './secret-scrub.ts';
import { formatDuration } from '../shared/text/duration.ts';
import { EVENT_STYLE, type EventStyle, type NotifyEvent } from './events.ts';
import { truncate } from './cut.ts';

/** The versions of a rollback: the one that failed and the one production went back to. */
export interface RollbackVersions {
  /** The version that failed (the fix's). */
  failed?: string;
  /** The version rolled back to: restored after rolled-back, attempted after rollback-failed. */
  target?: string;
}

export interface Link {
  label: string;
  url: string;
}

export interface NotifyMessage {
  event: NotifyEvent;
  style: EventStyle;
  severity: Severity;
  /** `respond within 2h`, from the policy. */
  severityNote: string;
  /** From outside (PR title, input): scrubbed of credentials, still to be escaped per format. */
  title: string;
  /** Free text from the `message` input; '' when none. Scrubbed, still to be escaped. */
  message: string;
  ticket?: string;
  environment: string;
  /** The fix's version (after a rollback: the one that failed). */
  version?: string;
  /** For rolled-back and rollback-failed: the failed version and the rollback's target. */
  rollback?: RollbackVersions;
  actor: string;
  repository: string;
  pr?: { number: number; url: string };
  /** PR, run, deployment, incident issue, post-mortem: http(s) only. */
  links: Link[];
  timeline: Timeline;
  /** Where the full story is when a channel has to cut a message short. */
  runUrl: string;
  /** ISO-8601. */
  sentAt: string;
}

export interface MessageInput {
  event: NotifyEvent;
  severity: Severity;
  severityNote: string;
  title: string;
  message: string;
  ticket?: string;
  environment: string;
  version?: string;
  /** The version rolled back to; used by rolled-back and rollback-failed only. */
  rollbackTarget?: string;
  actor: string;
  repository: string;
  pr?: { number: number; url: string };
  links: Link[];
  timeline: Timeline;
  runUrl: string;
  now: Date;
}

export function buildMessage(i: MessageInput): NotifyMessage {
  const style = EVENT_STYLE[i.event];
  const title = oneLine(scrubSecrets(i.title)) || `${style.status} in ${i.environment}`;
  const version = i.version ? oneLine(scrubSecrets(i.version)) : '';
  const target = i.rollbackTarget ? oneLine(scrubSecrets(i.rollbackTarget)) : '';
  const rollback: RollbackVersions | undefined =
    (i.event === 'rolled-back' || i.event === 'rollback-failed') && (version || target)
      ? { ...(version ? { failed: version } : {}), ...(target ? { target } : {}) }
      : undefined;
  return {
    event: i.event,
    style,
    severity: i.severity,
    severityNote: i.severityNote,
    title,
    message: scrubSecrets(i.message).trim(),
    ...(i.ticket ? { ticket: oneLine(scrubSecrets(i.ticket)) } : {}),
    environment: oneLine(i.environment),
    ...(version ? { version } : {}),
    ...(rollback ? { rollback } : {}),
    actor: i.actor,
    repository: i.repository,
    ...(i.pr ? { pr: i.pr } : {}),
    links: i.links.filter((l) => isWebUrl(l.url)),
    timeline: {
      ...i.timeline,
      entries: i.timeline.entries.map((e) => ({ ...e, label: scrubSecrets(e.label) })),
    },
    runUrl: i.runUrl,
    sentAt: i.now.toISOString(),
  };
}

/** Links go into `<url|label>` and card buttons: nothing but http(s) may pass. */
export function isWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `🚨 [P0] Incident declared, investigating: Checkout returns 500` (unescaped). */
export function headline(m: NotifyMessage): string {
  return `${m.style.emoji} [${m.severity}] ${m.style.status}: ${m.title}`;
}

/** Time of a timeline entry in UTC: `14:23`, or `11-24 14:23` when the story spans days. */
export function clock(entry: TimelineEntry, all: TimelineEntry[]): string {
  const iso = new Date(entry.at).toISOString();
  const days = new Set(all.map((e) => new Date(e.at).toISOString().slice(0, 10)));
  return days.size > 1 ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
}

/** `time to deploy 1h 24m · time to resolve 2h 05m`, or '' when nothing is known yet. */
export function durationsText(t: Timeline): string {
  const parts: string[] = [];
  // A duration that came out negative would be a wrong fact: it is left out, like a missing one.
  const add = (name: string, ms: number | undefined) => {
    if (ms !== undefined && ms >= 0) parts.push(`${name} ${formatDuration(ms)}`);
  };
  add('time to deploy', t.timeToDeployMs);
  add('time to roll back', t.timeToRollbackMs);
  add('time to resolve', t.timeToResolveMs);
  return parts.join(' · ');
}

/** A fact's value from outside (a version, a ticket) is cut here: a fact is one short line. */
export const FACT_VALUE_MAX = 200;

/** The facts every channel shows, as name/value pairs (values unescaped). */
export function facts(m: NotifyMessage, o: { status?: boolean } = {}): [string, string][] {
  const rows: [string, string][] = [['Severity', `${m.severity} (${m.severityNote})`]];
  if (o.status !== false) rows.push(['Status', m.style.status]);
  rows.push(['Environment', m.environment]);
  if (m.rollback) {
    if (m.rollback.failed) rows.push(['Failed version', m.rollback.failed]);
    if (m.rollback.target)
      rows.push([
        m.event === 'rolled-back' ? 'Restored version' : 'Rollback target',
        m.rollback.target,
      ]);
  } else if (m.version) rows.push(['Version', m.version]);
  if (m.ticket) rows.push(['Ticket', m.ticket]);
  rows.push(['By', m.actor || 'unknown']);
  return rows.map(([name, value]) => [name, truncate(value, FACT_VALUE_MAX, '…')]);
}

/** `production v1.5.1`, or `production v1.5.1 → v1.5.0` after a rollback. */
export function whereText(m: NotifyMessage): string {
  const r = m.rollback;
  if (r)
    return [m.environment, r.failed, r.target ? `→ ${r.target}` : ''].filter(Boolean).join(' ');
  return m.version ? `${m.environment} ${m.version}` : m.environment;
}

/** What a channel shows of a long timeline: the detection, the newest entries that fit. */
export interface TimelineView<T> {
  /** The detection, kept on top when older entries are left out. */
  first?: T;
  /** The newest entries, oldest first. */
  newest: T[];
  /** How many entries between the two were left out. */
  omitted: number;
}

/**
 * The timeline rows that fit in `room` (of `size`'s unit), keeping the newest: a long
 * timeline loses its middle, never its latest news. `overhead` is the size of the row saying
 * how many were left out. The detection stays on top when it fits: every duration counts
 * from it.
 */
export function newestThatFit<T>(
  rows: T[],
  room: number,
  size: (row: T) => number,
  overhead: number,
  entryOf: (row: T) => TimelineEntry,
): TimelineView<T> {
  const all = rows.reduce((sum, r) => sum + size(r), 0);
  if (all <= room) return { newest: rows, omitted: 0 };
  const head = rows[0] !== undefined && entryOf(rows[0]).kind === 'detected' ? rows[0] : undefined;
  let left = room - overhead - (head !== undefined ? size(head) : 0);
  const keepHead = head !== undefined && left >= 0;
  if (!keepHead) left = room - overhead;
  const newest: T[] = [];
  for (const r of rows.slice(keepHead ? 1 : 0).reverse()) {
    if (size(r) > left) break;
    left -= size(r);
    newest.unshift(r);
  }
  return {
    ...(keepHead ? { first: head } : {}),
    newest,
    omitted: rows.length - newest.length - (keepHead ? 1 : 0),
  };
}

/** `… 37 earlier entries left out`, for the line between the detection and the newest. */
export function omittedText(n: number): string {
  return `… ${n} earlier ${n === 1 ? 'entry' : 'entries'} left out`;
}

/**
 * The share of `room` each part may keep when cutting the longest parts first: the largest
 * cap such that every part cut to it (parts under it kept whole) fits. Infinity when all fit.
 */
export function fairCap(sizes: number[], room: number): number {
  const sorted = [...sizes].sort((a, b) => a - b);
  let left = Math.max(0, room);
  for (const [i, size] of sorted.entries()) {
    const n = sorted.length - i;
    if (size * n > left) return Math.floor(left / n);
    left -= size;
  }
  return Infinity;
}
