// One message model for every channel: what happened, how bad, where, which version, who,
// the links and the timeline. Renderers turn it into Slack blocks, a Teams card, a webhook
// payload or markdown; none of them decides content. Built by a pure function, so the same
// facts always give the same message.
import type { Severity } from '../shared/severity/severity.ts';
import type { Timeline, TimelineEntry } from './timeline.ts';
import { scrubSecrets } from './secret-scrub.ts';
import { formatDuration } from '../shared/text/duration.ts';
import { EVENT_STYLE, type EventStyle, type NotifyEvent } from './events.ts';

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
  version?: string;
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
  return {
    event: i.event,
    style,
    severity: i.severity,
    severityNote: i.severityNote,
    title,
    message: scrubSecrets(i.message).trim(),
    ...(i.ticket ? { ticket: oneLine(scrubSecrets(i.ticket)) } : {}),
    environment: oneLine(i.environment),
    ...(i.version ? { version: oneLine(scrubSecrets(i.version)) } : {}),
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
  if (t.timeToDeployMs !== undefined)
    parts.push(`time to deploy ${formatDuration(t.timeToDeployMs)}`);
  if (t.timeToRollbackMs !== undefined)
    parts.push(`time to roll back ${formatDuration(t.timeToRollbackMs)}`);
  if (t.timeToResolveMs !== undefined)
    parts.push(`time to resolve ${formatDuration(t.timeToResolveMs)}`);
  return parts.join(' · ');
}

/** The facts every channel shows, as name/value pairs (values unescaped). */
export function facts(m: NotifyMessage): [string, string][] {
  const rows: [string, string][] = [
    ['Severity', `${m.severity} (${m.severityNote})`],
    ['Status', m.style.status],
    ['Environment', m.environment],
  ];
  if (m.version) rows.push(['Version', m.version]);
  if (m.ticket) rows.push(['Ticket', m.ticket]);
  rows.push(['By', m.actor || 'unknown']);
  return rows;
}

/** Cuts text to `max` characters at a line or word end, adding `suffix` (counted in max). */
export function truncate(text: string, max: number, suffix: string): string {
  if (text.length <= max) return text;
  const room = Math.max(0, max - suffix.length);
  let cut = text.slice(0, room);
  const end = Math.max(cut.lastIndexOf('\n'), cut.lastIndexOf(' '));
  if (end > room * 0.6) cut = cut.slice(0, end);
  // Never leave half an escape behind: the `&am` of `&amp;`, or the backslash of `\*`.
  cut = cut.replace(/&[#a-zA-Z0-9]{0,7}$/, '').replace(/\\+$/, '');
  return cut.trimEnd() + suffix;
}
