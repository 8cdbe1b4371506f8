// The incident issue: one per incident, found again by its key (src/shared/incident/records.ts),
// its body rewritten with the latest status and timeline on every event.
import { md } from '../shared/text/markdown.ts';
import { mdLink, statusMarkdown, timelineMarkdown, timelineMermaid } from './render-markdown.ts';
import type { NotifyMessage } from './message.ts';
import { truncate } from './cut.ts';
import { stateMarker, type DeliveryState } from './state.ts';

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
