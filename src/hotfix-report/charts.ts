// The report's mermaid charts, as GitHub renders them in a job summary or an issue: time to
// resolve per hotfix against the severity's target line, and hotfixes and rollbacks per
// month. Each is parsed by mermaid itself in the tests.
import { codeBlock } from '../shared/text/markdown.ts';
import { formatDuration } from '../shared/text/duration.ts';
import type { Severity } from '../shared/severity/severity.ts';
import type { Policy } from '../shared/policy/schema.ts';
import type { Hotfix } from './hotfixes.ts';
import { resolveTarget } from './metrics.ts';

/** Bars per chart: more would not read; the most recent are kept, and the caption says so. */
export const MAX_BARS = 40;
/** Months in the rollbacks chart: the most recent. */
export const MAX_MONTHS = 36;

const HOUR = 3_600_000;

/** A number as mermaid reads it: no exponent, at most two decimals. */
function plain(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** Text inside a quoted mermaid string: no quote, backslash or line break. */
function quoted(s: string): string {
  return `"${s.replace(/["\n\r\\]/g, "'")}"`;
}

/**
 * Time to resolve of each resolved hotfix of one severity, in hours: red bars over the
 * target, blue bars within it, and the target as a line. Undefined when there is no target
 * or nothing resolved to draw.
 */
export function resolveChart(
  hotfixes: Hotfix[],
  severity: Severity,
  policy: Policy,
): string | undefined {
  const goal = policy.report['resolve-within'][severity];
  const target = resolveTarget(policy, severity);
  if (target === undefined) return undefined;
  const mine = hotfixes.filter((h) => h.severity === severity);
  const resolved = mine.filter((h) => h.durations.timeToResolveMs !== undefined);
  if (!resolved.length) return undefined;
  const shown = resolved.slice(-MAX_BARS);
  const took = shown.map((h) => h.durations.timeToResolveMs ?? 0);
  const hours = took.map((ms) => ms / HOUR);
  const limit = target / HOUR;
  const top = Math.max(limit, ...hours);
  const yMax = top * 1.1;
  // One category cannot carry a line: pad a single bar with an unlabelled slot on each side.
  const padded = shown.length === 1;
  const column = <T>(xs: T[], pad: T) => (padded ? [pad, ...xs, pad] : xs);
  const labels = column(
    shown.map((h) => `#${h.pr.number}`),
    ' ',
  );
  if (padded) labels[2] = '  ';
  const list = (xs: number[]) => `[${xs.map(plain).join(', ')}]`;
  const lines = [
    '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#d62728, #4e79a7, #555555"}}}}%%',
    'xychart-beta',
    `  title ${quoted(`${severity}: time to resolve per hotfix (hours)`)}`,
    `  x-axis ${quoted('hotfix PR, oldest merge first')} [${labels.map(quoted).join(', ')}]`,
    `  y-axis "hours" 0 --> ${plain(yMax)}`,
    `  bar ${list(
      column(
        hours.map((v) => (v > limit ? v : 0)),
        0,
      ),
    )}`,
    `  bar ${list(
      column(
        hours.map((v) => (v > limit ? 0 : v)),
        0,
      ),
    )}`,
    `  line ${list(labels.map(() => limit))}`,
  ];
  const left = mine.length - resolved.length;
  const caption =
    `Red bars: resolved later than the target; blue bars: within it; line: the target (${goal}).` +
    (resolved.length > shown.length
      ? ` The ${shown.length} most recent of ${resolved.length} resolved ${severity} hotfixes.`
      : '') +
    (left ? ` Not drawn: ${left} not resolved by the end of the period or not measurable.` : '') +
    ` Longest: ${formatDuration(Math.max(...took))}.`;
  return `${codeBlock(lines.join('\n'), 'mermaid')}\n\n${caption}`;
}

/** `2026-11`: the UTC month of a time. */
function monthOf(t: number): string {
  return new Date(t).toISOString().slice(0, 7);
}

/** Every month from the one of `since` to the one of `until`, the most recent MAX_MONTHS. */
export function monthsOf(since: number, until: number): string[] {
  const months: string[] = [];
  const d = new Date(Date.UTC(new Date(since).getUTCFullYear(), new Date(since).getUTCMonth(), 1));
  const last = monthOf(until);
  for (let m = monthOf(d.getTime()); m <= last; m = monthOf(d.getTime())) {
    months.push(m);
    d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return months.slice(-MAX_MONTHS);
}

/**
 * Hotfixes deployed and rolled back per month of their merge: pale bars the deployed ones,
 * red bars those rolled back. Undefined when nothing was deployed.
 */
export function rollbackChart(
  hotfixes: Hotfix[],
  since: number,
  until: number,
): string | undefined {
  const deployed = hotfixes.filter((h) => !h.gaps.includes('no-deployment'));
  if (!deployed.length) return undefined;
  const months = monthsOf(since, until - 1);
  const count = (hs: Hotfix[]) =>
    months.map((m) => hs.filter((h) => monthOf(Date.parse(h.pr.mergedAt)) === m).length);
  const shipped = count(deployed);
  const rolled = count(deployed.filter((h) => h.rolledBack));
  const top = Math.max(1, ...shipped);
  const lines = [
    '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#9ecae9, #d62728"}}}}%%',
    'xychart-beta',
    '  title "Hotfixes deployed and rolled back per month"',
    `  x-axis "month of the merge (UTC)" [${months.map(quoted).join(', ')}]`,
    `  y-axis "hotfixes" 0 --> ${top + Math.max(1, Math.ceil(top * 0.1))}`,
    `  bar [${shipped.join(', ')}]`,
    `  bar [${rolled.join(', ')}]`,
  ];
  const total = rolled.reduce((a, b) => a + b, 0);
  const caption = `Pale bars: hotfixes deployed to the environment, by the month of their merge; red bars: those rolled back (${total} in all).`;
  return `${codeBlock(lines.join('\n'), 'mermaid')}\n\n${caption}`;
}
