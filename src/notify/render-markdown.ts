// GitHub markdown: the sticky PR comment, the incident issue and the job summary. Text from
// outside goes through md() (no tables broken, no HTML, no @mentions); links are ours.
import { md, table } from '../shared/text/markdown.ts';
import type { Timeline, TimelineKind } from './timeline.ts';
import { clock, durationsText, facts, truncate, type Link, type NotifyMessage } from './message.ts';

/** GitHub refuses comments and issue bodies over 65,536 characters; leave room for the rest. */
export const MARKDOWN_MESSAGE_LIMIT = 20_000;

/** `[label](url)` with the characters that could end the link percent-encoded. */
export function mdLink(link: Link): string {
  // encodeURIComponent leaves ( and ) alone: spell every one out.
  const url = link.url.replace(
    /[()\s<>|]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  return `[${md(link.label)}](${url})`;
}

/** Multi-line text from outside as a quote, each line escaped. */
export function quote(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => (line.trim() ? `> ${md(line)}` : '>'))
    .join('\n');
}

/** The status block every GitHub surface shows: heading, title, facts, message, links. */
export function statusMarkdown(m: NotifyMessage, heading = '###'): string {
  const parts = [
    `${heading} ${m.style.emoji} ${m.severity} · ${md(m.style.status)}`,
    `**${md(m.title)}**`,
    table(
      ['', ''],
      facts(m).map(([name, value]) => [name, md(value)]),
    ),
  ];
  if (m.message)
    parts.push(
      quote(
        truncate(
          m.message,
          MARKDOWN_MESSAGE_LIMIT,
          `… (cut: the full text is in the run, ${m.runUrl})`,
        ),
      ),
    );
  if (m.links.length) parts.push(m.links.map(mdLink).join(' · '));
  return parts.join('\n\n');
}

export function timelineMarkdown(t: Timeline, heading = '####'): string {
  if (t.entries.length === 0) return '';
  const rows = t.entries.map((e) => [
    clock(e, t.entries),
    e.url ? mdLink({ label: e.label, url: e.url }) : md(e.label),
  ]);
  const durations = durationsText(t);
  return [
    `${heading} Timeline (UTC)`,
    table(['Time', 'What happened'], rows),
    ...(durations ? [`_${durations}_`] : []),
  ].join('\n\n');
}

/** The sticky comment on the PR: the latest status, replacing the previous one. */
export function commentMarkdown(m: NotifyMessage): string {
  return [
    statusMarkdown(m),
    timelineMarkdown(m.timeline),
    `<sub>hotfix-actions notify · ${m.event} · ${m.sentAt.slice(0, 16).replace('T', ' ')} UTC</sub>`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

const PHASES: [string, TimelineKind, TimelineKind[]][] = [
  ['fix', 'detected', ['merged']],
  ['deploy', 'deploy-started', ['verified', 'deploy-failed']],
  ['rollback', 'rollback-started', ['rolled-back', 'rollback-failed']],
];

/**
 * A mermaid gantt of the incident: bars for fixing, deploying and rolling back, milestones
 * for detection and resolution. Labels are fixed words: nothing from outside reaches it.
 */
export function timelineMermaid(t: Timeline): string {
  if (t.entries.length < 2) return '';
  const at = (kind: TimelineKind) => t.entries.find((e) => e.kind === kind)?.at;
  const stamp = (iso: string) => new Date(iso).toISOString().slice(0, 19);
  const lines = [
    '```mermaid',
    'gantt',
    '  title Incident timeline (UTC)',
    '  dateFormat YYYY-MM-DDTHH:mm:ss',
    '  axisFormat %H:%M',
  ];
  let n = 0;
  for (const [name, from, to] of PHASES) {
    const start = at(from);
    const end = to.map(at).find(Boolean);
    if (start && end && Date.parse(end) >= Date.parse(start)) {
      lines.push(`  section ${name}`, `  ${name} :p${n++}, ${stamp(start)}, ${stamp(end)}`);
    }
  }
  const milestones = t.entries.filter((e) => e.kind === 'detected' || e.kind === 'resolved');
  if (milestones.length) lines.push('  section milestones');
  for (const e of milestones) lines.push(`  ${e.kind} :milestone, m${n++}, ${stamp(e.at)}, 0m`);
  lines.push('```');
  return n >= 2 ? lines.join('\n') : '';
}
