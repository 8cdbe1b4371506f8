// The incident issue: one per incident, found again by its key, its body rewritten with the
// latest status and timeline on every event. The key is what every job of the incident can
// compute the same way: the incident-id input, else the ticket, else the PR, else the title.
import { md } from '../shared/text/markdown.ts';
import { mdLink, statusMarkdown, timelineMarkdown, timelineMermaid } from './render-markdown.ts';
import type { NotifyMessage } from './message.ts';
import { truncate } from './cut.ts';
import { stateMarker, type DeliveryState } from './state.ts';

export const INCIDENT_LABEL = 'incident';
export const POSTMORTEM_LABEL = 'postmortem';

export function incidentKey(o: {
  explicit: string;
  ticket?: string;
  pr?: number;
  title: string;
}): string {
  const raw = o.explicit || o.ticket || (o.pr ? `pr-${o.pr}` : '') || o.title || 'incident';
  // Lower case, and no character that could end the HTML comment the key lives in.
  return (
    raw
      .toLowerCase()
      .replace(/[^a-z0-9._:#/]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'incident'
  );
}

export function incidentTitle(m: NotifyMessage): string {
  // GitHub takes 256 characters; a cut never splits an emoji.
  return truncate(`[${m.severity}] Incident: ${m.title}`, 250, '…');
}

export function incidentBody(
  m: NotifyMessage,
  marker: string,
  postmortem?: { number: number; url: string; due?: string },
  state?: DeliveryState,
): string {
  return [
    marker,
    statusMarkdown(m, '##'),
    timelineMarkdown(m.timeline, '###'),
    timelineMermaid(m.timeline),
    postmortem
      ? `**Post-mortem:** ${mdLink({ label: `#${postmortem.number}`, url: postmortem.url })}${postmortem.due ? `, due ${md(postmortem.due)}` : ''}`
      : '',
    '<sub>Kept current by hotfix-actions notify on every event: edits to this description are replaced. Comment below instead.</sub>',
    state ? stateMarker(state) : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}
