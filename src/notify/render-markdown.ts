// GitHub markdown: the sticky PR comment, the incident issue and the job summary. Text from
// outside goes through md() (no tables broken, no HTML, no @mentions); the URLs in it, and
// our links, are written as links with the URL as it is: md()'s escapes would break them.
import { md, table } from '../shared/text/markdown.ts';
import type { Timeline, TimelineEntry, TimelineKind } from './timeline.ts';
import {
  clock,
  durationsText,
  facts,
  newestThatFit,
  omittedText,
  type Link,
  type NotifyMessage,
} from './message.ts';
import { truncate } from './cut.ts';
import { encodeUrl, URL_ATOMS, withLinks } from './links.ts';
import { stateMarker, type DeliveryState } from './state.ts';

/** GitHub refuses comments and issue bodies over 65,536 characters; leave room for the rest. */
export const MARKDOWN_MESSAGE_LIMIT = 20_000;
/** The newest timeline entries a table shows (a long incident's redeploys stay readable). */
export const MARKDOWN_TIMELINE_ROWS = 100;

/**
 * `[label](<url>)`: the pointy-bracket destination holds `(`, `)`, `_` and `@` as they are;
 * only what a URL cannot hold (spaces, `<>`, `|`, which would also split a table row) is
 * percent-encoded.
 */
export function mdLink(link: Link): string {
  return `[${md(link.label)}](<${encodeUrl(link.url)}>)`;
}

/** Text from outside on one line: escaped, with its URLs as autolinks, whole. */
export function mdText(text: string): string {
  return withLinks(text, md, (url) => `<${encodeUrl(url)}>`);
}

/** Multi-line text from outside as a quote, each line escaped, URLs kept whole. */
export function quote(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => (line.trim() ? `> ${mdText(line)}` : '>'))
    .join('\n');
}

/** The status block every GitHub surface shows: heading, title, facts, message, links. */
export function statusMarkdown(m: NotifyMessage, heading = '###'): string {
  const parts = [
    `${heading} ${m.style.emoji} ${m.severity} · ${md(m.style.status)}`,
    `**${mdText(m.title)}**`,
    table(
      ['', ''],
      facts(m).map(([name, value]) => [name, mdText(value)]),
    ),
  ];
  if (m.message)
    parts.push(
      quote(
        truncate(
          m.message,
          MARKDOWN_MESSAGE_LIMIT,
          `… (cut: the full text is in the run, ${m.runUrl})`,
          { atoms: URL_ATOMS },
        ),
      ),
    );
  if (m.links.length) parts.push(m.links.map(mdLink).join(' · '));
  return parts.join('\n\n');
}

export function timelineMarkdown(t: Timeline, heading = '####'): string {
  if (t.entries.length === 0) return '';
  const row = (e: TimelineEntry) => [
    clock(e, t.entries),
    e.url ? mdLink({ label: e.label, url: e.url }) : mdText(e.label),
  ];
  const view = newestThatFit(
    t.entries,
    MARKDOWN_TIMELINE_ROWS,
    () => 1,
    1,
    (e) => e,
  );
  const rows = [
    ...(view.first ? [row(view.first)] : []),
    ...(view.omitted ? [['…', `_${omittedText(view.omitted)}_`]] : []),
    ...view.newest.map(row),
  ];
  const durations = durationsText(t);
  return [
    `${heading} Timeline (UTC)`,
    table(['Time', 'What happened'], rows),
    ...(durations ? [`_${durations}_`] : []),
  ].join('\n\n');
}

/**
 * The sticky comment on the PR: the latest status, replacing the previous one; with the
 * state the next run reads back (hidden).
 */
export function commentMarkdown(m: NotifyMessage, state?: DeliveryState): string {
  return [
    statusMarkdown(m),
    timelineMarkdown(m.timeline),
    `<sub>hotfix-actions notify · ${m.event} · ${m.sentAt.slice(0, 16).replace('T', ' ')} UTC</sub>`,
    state ? stateMarker(state) : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}

/**
 * A mermaid gantt of the incident: a bar for fixing (detection to merge), one for each
 * deployment of the fix and each rollback, milestones for detection and resolution. A
 * deployment that failed and every rollback are `crit`, so they never look like a success;
 * a bar too short to see is widened to a sliver of the span. The axis format fits the span
 * (seconds for a short incident, dates when it runs over days). Labels are fixed words:
 * nothing from outside reaches the chart.
 */
export function timelineMermaid(t: Timeline): string {
  if (t.entries.length < 2) return '';
  const times = t.entries.map((e) => Date.parse(e.at));
  const first = Math.min(...times);
  const last = Math.max(...times);
  const span = last - first;
  // Wide enough to see at any zoom: a hundredth of the span, at least a second.
  const sliver = Math.max(1_000, Math.ceil(span / 100 / 1_000) * 1_000);
  const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  const sections: Record<'fix' | 'deploy' | 'rollback', string[]> = {
    fix: [],
    deploy: [],
    rollback: [],
  };
  let n = 0;
  const bar = (
    section: keyof typeof sections,
    name: string,
    tags: string,
    from: string,
    to: string,
  ) => {
    const start = Date.parse(from);
    const end = Math.max(Date.parse(to), start + sliver);
    sections[section].push(`  ${name} :${tags}, p${n++}, ${stamp(start)}, ${stamp(end)}`);
  };
  const lastAt = new Date(last).toISOString();
  const at = (kind: TimelineKind) => t.entries.find((e) => e.kind === kind)?.at;
  const detected = at('detected');
  const merged = at('merged');
  if (detected && merged && Date.parse(merged) >= Date.parse(detected))
    bar('fix', 'fix', 'done', detected, merged);
  // Each deployment's bar runs from its start to its outcome (or to the last entry, still going).
  const ofDeployment = (id: number) => t.entries.filter((e) => e.deployment === id);
  let deploys = 0;
  let rollbacks = 0;
  const seen = new Set<number>();
  for (const e of t.entries) {
    if (e.deployment === undefined || seen.has(e.deployment)) continue;
    seen.add(e.deployment);
    const all = ofDeployment(e.deployment);
    const start = all.find((x) => x.kind === 'deploy-started' || x.kind === 'rollback-started');
    if (!start) continue;
    // A bar ends at the deployment's last entry: a deploy verified and failed later ends at
    // its failure, and is drawn as one, not as the success it was for a while.
    const after = all.filter((x) => x !== start);
    const end = after.at(-1);
    const open = end === undefined;
    if (start.kind === 'deploy-started') {
      const failed = after.some((x) => x.kind === 'deploy-failed');
      const tags = failed ? 'crit' : open ? 'active' : 'done';
      bar(
        'deploy',
        `deploy ${++deploys}${failed ? ' failed' : ''}`,
        tags,
        start.at,
        end?.at ?? lastAt,
      );
    } else {
      const failed = after.some((x) => x.kind === 'rollback-failed');
      const tags = open ? 'crit, active' : 'crit';
      bar(
        'rollback',
        `rollback ${++rollbacks}${failed ? ' failed' : ''}`,
        tags,
        start.at,
        end?.at ?? lastAt,
      );
    }
  }
  const milestones = t.entries.filter((e) => e.kind === 'detected' || e.kind === 'resolved');
  const lines = [
    '```mermaid',
    'gantt',
    '  title Incident timeline (UTC)',
    '  dateFormat YYYY-MM-DDTHH:mm:ss',
    `  axisFormat ${axisFormat(first, last)}`,
    ...Object.entries(sections).flatMap(([name, bars]) =>
      bars.length ? [`  section ${name}`, ...bars] : [],
    ),
  ];
  if (milestones.length) lines.push('  section milestones');
  for (const e of milestones)
    lines.push(`  ${e.kind} :milestone, m${n++}, ${stamp(Date.parse(e.at))}, 0m`);
  lines.push('```');
  return n >= 2 ? lines.join('\n') : '';
}

/** The axis' tick format for a span: its ticks must differ from one another. */
export function axisFormat(first: number, last: number): string {
  const span = last - first;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  if (span >= 3 * 86_400_000) return '%Y-%m-%d';
  if (day(first) !== day(last)) return '%m-%d %H:%M';
  // Under ten minutes the ticks come every few seconds.
  if (span < 10 * 60_000) return '%H:%M:%S';
  return '%H:%M';
}
