// The measurements JSON and the job summary's tables and mermaid charts.
import { describe, expect, it } from 'vitest';
import { healthSummary, measurementsReport, mermaidChart } from '../../src/shared/health/report.ts';
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

  it('charts the series with its threshold and marks what was not successful', () => {
    const chart = mermaidChart(measurementsReport(r).checks[0]!);
    expect(chart).toContain(
      [
        '```mermaid',
        'xychart-beta',
        '  title "error-rate: value"',
        '  x-axis "seconds after the window opened" ["0", "1", "2"]',
        '  y-axis "value" 0 --> 0.22',
        '  bar [0, 0, 0.22]',
        '  line [0.001, 0.002, 0.2]',
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
    expect(chart).toContain('  line [0.00000015, 0.000000002]');
    expect(chart).not.toMatch(/\de-\d/);
  });

  it('keeps quotes out of the chart title and thins long series to 120 points', () => {
    const points: [Phase, number][] = Array.from({ length: 600 }, (_, i) => [
      i === 599 ? 'Failed' : 'Successful',
      i,
    ]);
    const chart = mermaidChart(
      measurementsReport(result([{ spec: { ...api, name: 'the "api"' }, points }])).checks[0]!,
    );
    expect(chart).toContain(`title "the 'api': response time (ms)"`);
    const line = chart.split('\n').find((l) => l.startsWith('  line'))!;
    expect(line.split(',')).toHaveLength(120);
    // The last bucket holds the failure: its bar is up, the others down.
    const bar = chart.split('\n').find((l) => l.startsWith('  bar'))!;
    expect(bar.endsWith(', 0, 658.9]')).toBe(true);
  });
});
