// What a verification tells other steps (the `measurements` JSON: per check, its time series)
// and people (the job summary: a table per check and a chart of each series over the window
// with its threshold, so the moment health broke is visible at a glance).
import type { CheckSpec } from './checks.ts';
import { describeCheck } from './checks.ts';
import type { CheckResult, VerificationResult } from './monitor.ts';
import type { CheckState, Measurement } from './verdict.ts';
import { codeBlock, details, md, table } from '../text/markdown.ts';
import { formatDuration } from '../text/duration.ts';

export const VERDICT_ICON: Record<CheckState, string> = {
  Successful: '✅',
  Failed: '❌',
  Error: '⚠️',
  Inconclusive: '❔',
  Running: '⏳',
  Stopped: '⏹️',
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
  verdict: CheckState;
  reason: string;
  /** Measured and reported, never deciding (the dry-run input). */
  dryRun: boolean;
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
    inconclusiveLimit: number;
    consecutiveSuccessLimit: number;
    inconclusive: 'fail' | 'pass';
    dryRun: string[];
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
      inconclusiveLimit: s.inconclusiveLimit ?? 0,
      consecutiveSuccessLimit: s.consecutiveSuccessLimit ?? 0,
      inconclusive: s.inconclusive ?? 'fail',
      dryRun: r.checks.filter((c) => c.spec.dryRun).map((c) => c.spec.name),
    },
    checks: r.checks.map((c) => checkReport(c, r.startedAt)),
  };
}

/**
 * One report per check across several verifications (the steps of a canary): the series
 * joined on one time axis from the first window's start, and each window's start as a
 * section. The verdict is the check's in the last verification that measured it.
 */
export function joinedCheckReports(
  runs: readonly { label: string; result: VerificationResult }[],
): { checks: CheckReport[]; sections: ChartSection[] } {
  const t0 = runs[0]?.result.startedAt ?? 0;
  const byName = new Map<string, CheckResult>();
  for (const { result } of runs) {
    for (const c of result.checks) {
      const seen = byName.get(c.spec.name);
      byName.set(
        c.spec.name,
        seen ? { ...c, measurements: [...seen.measurements, ...c.measurements] } : c,
      );
    }
  }
  return {
    checks: [...byName.values()].map((c) => checkReport(c, t0)),
    sections: runs.map(({ label, result }) => ({
      t: Math.round((result.startedAt - t0) / 100) / 10,
      label,
    })),
  };
}

/** The table of checks: expectation, verdict and counts. */
export function checksTable(checks: readonly CheckReport[]): string {
  return table(
    ['Check', 'Expects', 'Verdict', 'OK', 'Failed', 'No data', 'Errors'],
    checks.map((c) => [
      md(c.name),
      md(c.expects),
      verdictCell(c),
      String(c.counts.successful),
      String(c.counts.failed),
      String(c.counts.inconclusive),
      String(c.counts.error),
    ]),
  );
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
    dryRun: spec.dryRun === true,
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
      `, inconclusive-limit ${s.inconclusiveLimit}` +
      (s.consecutiveSuccessLimit
        ? `, consecutive-success-limit ${s.consecutiveSuccessLimit}`
        : '') +
      (s.dryRun.length ? `, dry run: ${md(s.dryRun.join(', '))}` : '') +
      (rep.stoppedEarly
        ? `; stopped early ${formatDuration(r.decidedAt - r.startedAt)} in.`
        : rep.cancelled
          ? '; cancelled.'
          : '.'),
  ];
  if (rep.checks.length) parts.push(checksTable(rep.checks));
  for (const c of rep.checks) parts.push(checkSection(c));
  return parts.join('\n\n');
}

/** A check's verdict in the table: a check another one stopped says which. */
export function verdictCell(c: CheckReport): string {
  const text = c.verdict === 'Stopped' ? md(c.reason) : c.verdict;
  return `${VERDICT_ICON[c.verdict]} ${text}${c.dryRun ? ' (dry run)' : ''}`;
}

/** A check's heading, target, reason, chart and table of measurements. */
export function checkSection(c: CheckReport, sections?: ChartSection[]): string {
  const target = c.kind === 'http' ? md(c.target) : codeBlock(c.target, 'promql');
  const rows = c.series.map((p) => [
    `+${p.t}s`,
    `${p.phase === 'Successful' ? '✅' : p.phase === 'Failed' ? '❌' : p.phase === 'Error' ? '⚠️' : '❔'} ${p.phase}`,
    p.value === undefined ? '' : c.unit === 'ms' ? `${p.value} ms` : String(round(p.value)),
    md(p.detail),
  ]);
  return [
    `#### ${VERDICT_ICON[c.verdict]} ${md(c.name)}: ${c.verdict}${c.dryRun ? ' (dry run: does not decide)' : ''}`,
    c.kind === 'http'
      ? `GET ${target}, expects ${md(c.expects)}`
      : `${target}\n\nexpects ${md(c.expects)}`,
    md(c.reason),
    c.series.length ? mermaidChart(c, sections ? { sections } : {}) : '',
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

// More bars than this are too thin to read: long windows are grouped, each group showing its
// worst measurement. Labels beyond a dozen run into each other.
const MAX_POINTS = 60;
const MAX_LABELS = 12;

/** A labelled moment on the chart's time axis, e.g. where a canary step begins. */
export interface ChartSection {
  /** Seconds after the window opened. */
  t: number;
  label: string;
}

interface ChartPoint {
  t: number;
  value?: number;
  bad: boolean;
}

/**
 * A mermaid xychart of the series: a bar per measurement with its value (none where the
 * probe erred or had no data: never charted as a value), pale bars marking the measurements
 * that were not successful, and a line at the threshold. One measurement still draws its
 * bar and the threshold; long windows are grouped keeping the worst value in the
 * condition's direction; at most a dozen time labels (or the sections' labels).
 */
export function mermaidChart(c: CheckReport, opts: { sections?: ChartSection[] } = {}): string {
  const points = bucket(c.series, badness(c.threshold));
  const limit = c.threshold?.value;
  const values = points.flatMap((p) => (p.value === undefined ? [] : [p.value]));
  const bottom = Math.min(0, ...values, limit ?? 0);
  const top = Math.max(bottom, ...values, limit ?? bottom);
  const yMax = top === bottom ? bottom + 1 : top + (top - bottom) * 0.1;
  const labels = axisLabels(points, opts.sections);
  // One category cannot carry a line: pad a single measurement with an unlabelled slot on
  // each side, so the threshold is drawn across it.
  const padded = points.length === 1;
  const column = <T>(xs: T[], pad: T) => (padded ? [pad, ...xs, pad] : xs);
  const x = column(labels, hidden(0));
  if (padded) x[2] = hidden(1);
  const list = (xs: number[]) => `[${xs.map(plain).join(', ')}]`;
  const label = (s: string) => s.replace(/["\n\r\\]/g, "'");
  const lines = [
    '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#f4b4b0, #4e79a7, #d62728"}}}}%%',
    'xychart-beta',
    `  title "${label(c.name)}: ${c.unit === 'ms' ? 'response time (ms)' : 'value'}"`,
    `  x-axis "${opts.sections?.length ? 'steps; seconds after the window opened' : 'seconds after the window opened'}" [${x.map((l) => `"${label(l)}"`).join(', ')}]`,
    `  y-axis "${c.unit === 'ms' ? 'ms' : 'value'}" ${plain(bottom)} --> ${plain(yMax)}`,
    `  bar ${list(
      column(
        points.map((p) => (p.bad ? yMax : bottom)),
        bottom,
      ),
    )}`,
    `  bar ${list(
      column(
        points.map((p) => p.value ?? bottom),
        bottom,
      ),
    )}`,
  ];
  if (limit !== undefined) lines.push(`  line ${list(x.map(() => limit))}`);
  const grouped = c.series.length > points.length;
  const caption =
    `Dark bars: ${c.unit === 'ms' ? 'the response time' : 'the query value'} of each measurement (none where the probe erred or returned no data)` +
    '; pale bars: measurements that were not successful (failed, error or no data)' +
    (c.threshold ? `; line: the threshold (${c.threshold.op} ${c.threshold.value})` : '') +
    (grouped
      ? `. ${c.series.length} measurements are grouped into ${points.length} bars, each showing the worst of its group.`
      : '.');
  return `${codeBlock(lines.join('\n'), 'mermaid')}\n\n${caption}`;
}

/** How bad a value is for the threshold's direction (larger is worse); latency: higher. */
function badness(t: CheckReport['threshold']): (v: number) => number {
  switch (t?.op) {
    case '>':
    case '>=':
      return (v) => -v;
    case '==':
      return (v) => Math.abs(v - t.value);
    case '!=':
      return (v) => -Math.abs(v - t.value);
    default:
      return (v) => v;
  }
}

function bucket(series: readonly SeriesPoint[], bad: (v: number) => number): ChartPoint[] {
  const step = Math.ceil(series.length / MAX_POINTS);
  const out: ChartPoint[] = [];
  for (let i = 0; i < series.length; i += step) {
    const group = series.slice(i, i + step);
    const vals = group.flatMap((p) => (p.value === undefined ? [] : [p.value]));
    const worst = vals.length ? vals.reduce((a, b) => (bad(b) > bad(a) ? b : a)) : undefined;
    out.push({
      t: group[0]?.t ?? 0,
      ...(worst === undefined ? {} : { value: worst }),
      bad: group.some((p) => p.phase !== 'Successful'),
    });
  }
  return out;
}

/**
 * The x-axis labels: a dozen evenly spaced times, or the sections' labels at their first
 * point. Mermaid draws every category's label and merges equal ones, so the others are
 * distinct invisible labels (zero-width spaces).
 */
function axisLabels(points: readonly ChartPoint[], sections?: readonly ChartSection[]): string[] {
  let hiddenCount = 1;
  const visible = new Map<number, string>();
  if (sections?.length) {
    for (const s of sections) {
      const i = points.findIndex((p) => p.t >= s.t);
      if (i >= 0 && !visible.has(i)) visible.set(i, s.label);
    }
  } else {
    const every = Math.ceil(points.length / MAX_LABELS);
    points.forEach((p, i) => {
      if (i % every === 0) visible.set(i, String(p.t));
    });
  }
  return points.map((_, i) => visible.get(i) ?? hidden(++hiddenCount));
}

function hidden(n: number): string {
  return '\u200b'.repeat(n + 1);
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
