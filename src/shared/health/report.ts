// What a verification tells other steps (the `measurements` JSON: per check, its time series)
// and people (the job summary: a table per check and a chart of each series over the window
// with its threshold, so the moment health broke is visible at a glance).
import type { CheckSpec } from './checks.ts';
import { describeCheck } from './checks.ts';
import type { CheckResult, VerificationResult } from './monitor.ts';
import type { Measurement, Verdict } from './verdict.ts';
import { codeBlock, details, md, table } from '../text/markdown.ts';
import { formatDuration } from '../text/duration.ts';

export const VERDICT_ICON: Record<Verdict, string> = {
  Successful: '✅',
  Failed: '❌',
  Error: '⚠️',
  Inconclusive: '❔',
  Running: '⏳',
};

export interface SeriesPoint {
  /** Seconds after the window opened. */
  t: number;
  at: string;
  phase: Measurement['phase'];
  value?: number;
  detail: string;
}

export interface CheckReport {
  name: string;
  kind: CheckSpec['kind'];
  /** The URL or the PromQL. */
  target: string;
  expects: string;
  /** What the series measures. */
  unit: 'ms' | 'value';
  /** The line the value must stay on the right side of, when there is one. */
  threshold?: { op: string; value: number };
  verdict: Verdict;
  reason: string;
  counts: CheckResult['verdict']['counts'];
  series: SeriesPoint[];
}

export interface MeasurementsReport {
  verdict: VerificationResult['verdict'];
  reason: string;
  check?: string;
  startedAt: string;
  decidedAt: string;
  stoppedEarly: boolean;
  cancelled: boolean;
  settings: {
    interval: string;
    duration: string;
    initialDelay: string;
    probeTimeout: string;
    failureLimit: number;
    consecutiveErrorLimit: number;
  };
  checks: CheckReport[];
}

export function measurementsReport(r: VerificationResult): MeasurementsReport {
  const s = r.settings;
  return {
    verdict: r.verdict,
    reason: r.reason,
    ...(r.check ? { check: r.check } : {}),
    startedAt: new Date(r.startedAt).toISOString(),
    decidedAt: new Date(r.decidedAt).toISOString(),
    stoppedEarly: r.stoppedEarly,
    cancelled: r.cancelled,
    settings: {
      interval: formatDuration(s.intervalMs),
      duration: formatDuration(s.durationMs),
      initialDelay: formatDuration(s.initialDelayMs),
      probeTimeout: formatDuration(s.probeTimeoutMs),
      failureLimit: s.failureLimit,
      consecutiveErrorLimit: s.consecutiveErrorLimit,
    },
    checks: r.checks.map((c) => checkReport(c, r.startedAt)),
  };
}

function checkReport(c: CheckResult, startedAt: number): CheckReport {
  const spec = c.spec;
  const threshold =
    spec.kind === 'prometheus'
      ? spec.threshold
      : spec.maxLatencyMs !== undefined
        ? { op: '<=', value: spec.maxLatencyMs }
        : undefined;
  return {
    name: spec.name,
    kind: spec.kind,
    target: spec.kind === 'http' ? spec.url : spec.query,
    expects: describeCheck(spec),
    unit: spec.kind === 'http' ? 'ms' : 'value',
    ...(threshold ? { threshold } : {}),
    verdict: c.verdict.verdict,
    reason: c.verdict.reason,
    counts: c.verdict.counts,
    series: c.measurements.map((m) => ({
      t: Math.round((m.at - startedAt) / 100) / 10,
      at: new Date(m.at).toISOString(),
      phase: m.phase,
      ...(m.value === undefined ? {} : { value: m.value }),
      detail: m.detail,
    })),
  };
}

/** The `measurements` output. */
export function measurementsJson(r: VerificationResult): string {
  return JSON.stringify(measurementsReport(r));
}

/** Markdown for the job summary: the verdict, a table of checks, then each check's chart and table. */
export function healthSummary(r: VerificationResult): string {
  const rep = measurementsReport(r);
  const s = rep.settings;
  const parts = [
    `### ${VERDICT_ICON[rep.verdict]} Health: ${rep.verdict}`,
    md(rep.reason),
    `Window: every ${s.interval} for ${s.duration}` +
      (r.settings.initialDelayMs ? ` after ${s.initialDelay}` : '') +
      `, probe timeout ${s.probeTimeout}, failure-limit ${s.failureLimit}, consecutive-error-limit ${s.consecutiveErrorLimit}` +
      (rep.stoppedEarly
        ? `; stopped early ${formatDuration(r.decidedAt - r.startedAt)} in.`
        : rep.cancelled
          ? '; cancelled.'
          : '.'),
  ];
  if (rep.checks.length) {
    parts.push(
      table(
        ['Check', 'Expects', 'Verdict', 'OK', 'Failed', 'No data', 'Errors'],
        rep.checks.map((c) => [
          md(c.name),
          md(c.expects),
          `${VERDICT_ICON[c.verdict]} ${c.verdict}`,
          String(c.counts.successful),
          String(c.counts.failed),
          String(c.counts.inconclusive),
          String(c.counts.error),
        ]),
      ),
    );
  }
  for (const c of rep.checks) parts.push(checkSection(c));
  return parts.join('\n\n');
}

function checkSection(c: CheckReport): string {
  const target = c.kind === 'http' ? md(c.target) : codeBlock(c.target, 'promql');
  const rows = c.series.map((p) => [
    `+${p.t}s`,
    `${p.phase === 'Successful' ? '✅' : p.phase === 'Failed' ? '❌' : p.phase === 'Error' ? '⚠️' : '❔'} ${p.phase}`,
    p.value === undefined ? '' : c.unit === 'ms' ? `${p.value} ms` : String(round(p.value)),
    md(p.detail),
  ]);
  return [
    `#### ${VERDICT_ICON[c.verdict]} ${md(c.name)}: ${c.verdict}`,
    c.kind === 'http'
      ? `GET ${target}, expects ${md(c.expects)}`
      : `${target}\n\nexpects ${md(c.expects)}`,
    md(c.reason),
    c.series.length ? mermaidChart(c) : '',
    c.series.length
      ? details(
          `${c.series.length} measurements`,
          table(['Time', 'Result', c.unit === 'ms' ? 'Response time' : 'Value', 'Detail'], rows),
        )
      : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}

// More points than this make an unreadable chart: buckets keep the worst of each.
const MAX_POINTS = 120;

/**
 * A mermaid xychart of the series: a line of the value, a flat line at the threshold, and
 * bars marking the measurements that were not successful (failed, error or no data).
 */
export function mermaidChart(c: CheckReport): string {
  const points = bucket(c.series);
  const values = points.map((p) => p.value ?? 0);
  const threshold = c.threshold;
  const limit = threshold?.value;
  const top = Math.max(...values, limit ?? 0);
  const bottom = Math.min(0, ...values, limit ?? 0);
  const yMax = top === bottom ? bottom + 1 : top + (top - bottom) * 0.1;
  const list = (xs: number[]) => `[${xs.map(plain).join(', ')}]`;
  const label = (s: string) => s.replace(/["\n\r\\]/g, "'");
  const lines = [
    'xychart-beta',
    `  title "${label(c.name)}: ${c.unit === 'ms' ? 'response time (ms)' : 'value'}"`,
    `  x-axis "seconds after the window opened" [${points.map((p) => `"${p.t}"`).join(', ')}]`,
    `  y-axis "${c.unit === 'ms' ? 'ms' : 'value'}" ${plain(bottom)} --> ${plain(yMax)}`,
    `  bar ${list(points.map((p) => (p.bad ? yMax : bottom)))}`,
    `  line ${list(values)}`,
  ];
  if (limit !== undefined) lines.push(`  line ${list(points.map(() => limit))}`);
  const caption =
    `Line: ${c.unit === 'ms' ? 'response time' : 'the query value'}` +
    (threshold ? `; flat line: the threshold (${threshold.op} ${threshold.value})` : '') +
    '; bars: measurements that were not successful (failed, error or no data, charted as 0).';
  return `${codeBlock(lines.join('\n'), 'mermaid')}\n\n${caption}`;
}

function bucket(series: SeriesPoint[]): { t: number; value?: number; bad: boolean }[] {
  const step = Math.ceil(series.length / MAX_POINTS);
  const out: { t: number; value?: number; bad: boolean }[] = [];
  for (let i = 0; i < series.length; i += step) {
    const group = series.slice(i, i + step);
    const vals = group.map((p) => p.value).filter((v): v is number => v !== undefined);
    out.push({
      t: group[0]?.t ?? 0,
      ...(vals.length ? { value: Math.max(...vals) } : {}),
      bad: group.some((p) => p.phase !== 'Successful'),
    });
  }
  return out;
}

/** A number as mermaid reads it: no exponent (1e-7 is not in its grammar). */
function plain(v: number): string {
  const text = String(round(v));
  return text.includes('e')
    ? round(v)
        .toFixed(12)
        .replace(/\.?0+$/, '')
    : text;
}

function round(v: number): number {
  return Number.isInteger(v) ? v : Number(v.toPrecision(4));
}
