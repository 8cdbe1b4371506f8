// The measurements JSON and the job summary's tables and mermaid charts.
import { describe, expect, it } from 'vitest';
import {
  healthSummary,
  measurementsReport,
  mermaidChart,
  verdictCell,
} from '../../src/shared/health/report.ts';
import type { VerificationResult } from '../../src/shared/health/monitor.ts';
import type { CheckSpec } from '../../src/shared/health/checks.ts';
import { judgeCheck, type Measurement, type Phase } from '../../src/shared/health/verdict.ts';

const T0 = Date.parse('2026-11-24T10:00:00Z');
const settings = {
  intervalMs: 1_000,
  durationMs: 60_000,
  initialDelayMs: 0,
  probeTimeoutMs: 1_000,
  failureLimit: 0,
  consecutiveErrorLimit: 4,
};

function result(
  checks: { spec: CheckSpec; points: [Phase, number | undefined][] }[],
): VerificationResult {
  const limits = { failureLimit: 0, consecutiveErrorLimit: 4 };
  const built = checks.map(({ spec, points }) => {
    const measurements: Measurement[] = points.map(([phase, value], i) => ({
      at: T0 + i * 1_000,
      phase,
      ...(value === undefined ? {} : { value }),
      detail: `${phase} <b>|${i}`,
    }));
    return { spec, measurements, verdict: judgeCheck(measurements, limits, false) };
  });
  return {
    verdict: 'Failed',
    reason: 'error-rate: 1 failed measurement',
    check: 'error-rate',
    checks: built,
    settings,
    startedAt: T0,
    decidedAt: T0 + 2_300,
    stoppedEarly: true,
    cancelled: false,
  };
}

const api: CheckSpec = {
  kind: 'http',
  name: 'api',
  url: 'https://shop.example/health',
  status: ['2xx'],
  json: [],
  maxLatencyMs: 500,
};
const rate: CheckSpec = {
  kind: 'prometheus',
  name: 'error-rate',
  query: 'sum(rate(x{code=~"5.."}[1m]))',
  threshold: { op: '<', value: 0.01 },
};

describe('measurements', () => {
  it('is JSON per check with its time series', () => {
    const r = measurementsReport(
      result([
        {
          spec: api,
          points: [
            ['Successful', 12.5],
            ['Successful', 13],
            ['Error', undefined],
          ],
        },
        {
          spec: rate,
          points: [
            ['Successful', 0.001],
            ['Successful', 0.002],
            ['Failed', 0.2],
          ],
        },
      ]),
    );
    expect(r).toMatchObject({
      verdict: 'Failed',
      check: 'error-rate',
      startedAt: '2026-11-24T10:00:00.000Z',
      decidedAt: '2026-11-24T10:00:02.300Z',
      stoppedEarly: true,
      settings: {
        interval: '1s',
        duration: '1m 00s',
        probeTimeout: '1s',
        failureLimit: 0,
        consecutiveErrorLimit: 4,
      },
    });
    expect(r.checks[0]).toMatchObject({
      name: 'api',
      kind: 'http',
      target: 'https://shop.example/health',
      unit: 'ms',
      threshold: { op: '<=', value: 500 },
    });
    expect(r.checks[0]!.series[2]).toEqual({
      t: 2,
      at: '2026-11-24T10:00:02.000Z',
      phase: 'Error',
      detail: 'Error <b>|2',
    });
    expect(r.checks[1]).toMatchObject({
      kind: 'prometheus',
      unit: 'value',
      threshold: { op: '<', value: 0.01 },
      verdict: 'Failed',
    });
    expect(r.checks[1]!.series.map((p) => p.value)).toEqual([0.001, 0.002, 0.2]);
  });
});

describe('the summary', () => {
  const r = result([
    {
      spec: rate,
      points: [
        ['Successful', 0.001],
        ['Successful', 0.002],
        ['Failed', 0.2],
      ],
    },
  ]);
  const summary = healthSummary(r);

  it('has the verdict, a table of checks, and a table per check with escaped details', () => {
    expect(summary).toContain('### ❌ Health: Failed');
    expect(summary).toContain('| error-rate | \\< 0.01 | ❌ Failed | 2 | 1 | 0 | 0 |');
    expect(summary).toContain('stopped early 2.3s in');
    expect(summary).toContain('| +2s | ❌ Failed | 0.2 | Failed \\<b\\>\\|2 |');
    expect(summary).toContain('```promql\nsum(rate(x{code=~"5.."}[1m]))\n```');
  });

  it('charts the series: value bars, bars marking what was not successful, the threshold line', () => {
    const chart = mermaidChart(measurementsReport(r).checks[0]!);
    expect(chart).toContain(
      [
        'xychart-beta',
        '  title "error-rate: value"',
        '  x-axis "seconds after the window opened" ["0", "1", "2"]',
        '  y-axis "value" 0 --> 0.22',
        '  bar [0, 0, 0.22]',
        '  bar [0.001, 0.002, 0.2]',
        '  line [0.01, 0.01, 0.01]',
        '```',
      ].join('\n'),
    );
  });

  it('writes numbers without exponents', () => {
    const tiny = result([
      {
        spec: rate,
        points: [
          ['Successful', 1.5e-7],
          ['Successful', 2e-9],
        ],
      },
    ]);
    const chart = mermaidChart(measurementsReport(tiny).checks[0]!);
    expect(chart).toContain('  bar [0.00000015, 0.000000002]');
    expect(chart).not.toMatch(/\de-\d/);
  });
});

/** The chart's data lines, parsed: x labels, then each series. */
function parts(chart: string) {
  const lines = chart.split('\n');
  const list = (l: string) => JSON.parse(l.slice(l.indexOf('['))) as (number | string)[];
  const x = lines.find((l) => l.startsWith('  x-axis'))!;
  return {
    labels: JSON.parse(x.slice(x.indexOf('['))) as string[],
    bars: lines.filter((l) => l.startsWith('  bar')).map(list) as number[][],
    lines: lines.filter((l) => l.startsWith('  line')).map(list) as number[][],
    yAxis: lines.find((l) => l.startsWith('  y-axis'))!,
  };
}

const chartOf = (spec: CheckSpec, points: [Phase, number | undefined][]) =>
  mermaidChart(measurementsReport(result([{ spec, points }])).checks[0]!);

describe('the chart on the shapes a window takes', () => {
  it('one measurement: its bar and the threshold are drawn (padded with unlabelled slots)', () => {
    const c = parts(chartOf(api, [['Failed', 812]]));
    expect(c.labels).toHaveLength(3);
    expect(c.labels[1]).toBe('0');
    expect(c.labels[0]!.trim()).toBe(c.labels[0]);
    expect(new Set(c.labels).size).toBe(3);
    expect(c.bars[1]).toEqual([0, 812, 0]);
    expect(c.bars[0]![1]).toBeGreaterThan(812);
    expect(c.lines).toEqual([[500, 500, 500]]);
  });

  it('errors and no data are gaps in the values, marked on their own series, never 0 ms', () => {
    const c = parts(
      chartOf(api, [
        ['Successful', 40],
        ['Error', undefined],
        ['Error', undefined],
        ['Successful', 42],
      ]),
    );
    // The value series has nothing there (the axis bottom: no bar); the marks are full height.
    expect(c.bars[1]).toEqual([40, 0, 0, 42]);
    const top = c.bars[0]![1]!;
    expect(c.bars[0]).toEqual([0, top, top, 0]);
    expect(top).toBeGreaterThanOrEqual(500);
  });

  it('a query whose values sit below zero keeps its gaps at the axis bottom', () => {
    const below: CheckSpec = { ...rate, threshold: { op: '>', value: -1 } };
    const c = parts(
      chartOf(below, [
        ['Successful', -0.5],
        ['Inconclusive', undefined],
      ]),
    );
    expect(c.yAxis).toContain('-1 -->');
    expect(c.bars[1]).toEqual([-0.5, -1]);
  });

  it('grouping keeps the worst value in the direction of the condition', () => {
    // 240 points -> 60 groups of 4; one dip per group for >=, one spike for <.
    const wave = (i: number) => (i % 4 === 2 ? 0.2 : 0.9);
    const atLeast: CheckSpec = {
      ...rate,
      name: 'success-rate',
      threshold: { op: '>=', value: 0.5 },
    };
    const pts = Array.from({ length: 240 }, (_, i): [Phase, number] => [
      wave(i) < 0.5 ? 'Failed' : 'Successful',
      wave(i),
    ]);
    const min = parts(chartOf(atLeast, pts));
    expect(min.bars[1]).toHaveLength(60);
    expect(new Set(min.bars[1])).toEqual(new Set([0.2]));
    const spikes = pts.map(([, v]): [Phase, number] => ['Successful', 1 - v]);
    const max = parts(chartOf({ ...rate, threshold: { op: '<', value: 0.9 } }, spikes));
    expect(new Set(max.bars[1])).toEqual(new Set([0.8]));
  });

  it('a 2-minute window at 1 s: at most 12 time labels, every category distinct', () => {
    const pts = Array.from({ length: 121 }, (): [Phase, number] => ['Successful', 30]);
    const chart = chartOf(api, pts);
    const c = parts(chart);
    const visible = c.labels.filter((l) => l.replace(/\u200b/g, '') !== '');
    expect(visible.length).toBeLessThanOrEqual(12);
    expect(visible.length).toBeGreaterThanOrEqual(6);
    expect(new Set(c.labels).size).toBe(c.labels.length);
    expect(c.bars[1]).toHaveLength(c.labels.length);
    expect(chart).toContain('121 measurements are grouped into 41 bars');
  });

  it('sections label the axis where they begin (canary steps)', () => {
    const pts = Array.from({ length: 30 }, (): [Phase, number] => ['Successful', 0.001]);
    const report = measurementsReport(result([{ spec: rate, points: pts }])).checks[0]!;
    const c = parts(
      mermaidChart(report, {
        sections: [
          { t: 0, label: '10%' },
          { t: 10, label: '25%' },
          { t: 20, label: '50%' },
        ],
      }),
    );
    expect(c.labels.filter((l) => l.replace(/\u200b/g, '') !== '')).toEqual(['10%', '25%', '50%']);
    expect(c.labels[10]).toBe('25%');
  });

  it('keeps quotes out of the chart title', () => {
    const chart = chartOf({ ...api, name: 'the "api"' }, [['Successful', 1]]);
    expect(chart).toContain(`title "the 'api': response time (ms)"`);
  });

  it('a check another one stopped says so, not Running', () => {
    const rep = measurementsReport(
      result([
        { spec: api, points: [['Successful', 12]] },
        { spec: rate, points: [['Failed', 0.3]] },
      ]),
    );
    const stopped = {
      ...rep.checks[0]!,
      verdict: 'Stopped' as const,
      reason: 'stopped: error-rate failed',
    };
    expect(verdictCell(stopped)).toBe('⏹️ stopped: error-rate failed');
  });
});
