// Every chart the actions write, parsed by mermaid itself (test/harness/mermaid.ts): the
// health charts of deploy-with-healthcheck and auto-rollback on each series shape, and the
// incident gantt of notify. A chart mermaid cannot parse renders on GitHub as an error box.
import { describe, expect, it } from 'vitest';
import { mermaidBlocks, parseMermaid } from '../harness/mermaid.ts';
import { measurementsReport, mermaidChart } from '../../src/shared/health/report.ts';
import type { VerificationResult } from '../../src/shared/health/monitor.ts';
import type { CheckSpec } from '../../src/shared/health/checks.ts';
import { judgeCheck, type Measurement, type Phase } from '../../src/shared/health/verdict.ts';
import { timelineMermaid } from '../../src/notify/render-markdown.ts';
import type { Timeline } from '../../src/notify/timeline.ts';
import {
  failedAfterVerifiedTimeline,
  longTimeline,
  rolledBackTimeline,
} from '../fixtures/timelines.ts';

const T0 = Date.parse('2026-11-24T10:00:00Z');
const api: CheckSpec = {
  kind: 'http',
  name: 'api "main"',
  url: 'https://shop.example/health',
  status: ['2xx'],
  json: [],
  maxLatencyMs: 500,
};
const rate: CheckSpec = {
  kind: 'prometheus',
  name: 'error-rate',
  query: 'x',
  threshold: { op: '>=', value: 1e-7 },
};
const plain: CheckSpec = { ...api, name: 'web' };
delete (plain as { maxLatencyMs?: number }).maxLatencyMs;

function chart(spec: CheckSpec, phases: [Phase, number | undefined][], sections = false) {
  const measurements: Measurement[] = phases.map(([phase, value], i) => ({
    at: T0 + i * 1000,
    phase,
    ...(value === undefined ? {} : { value }),
    detail: phase,
  }));
  const r: VerificationResult = {
    verdict: 'Failed',
    reason: '',
    checks: [
      {
        spec,
        measurements,
        verdict: judgeCheck(measurements, { failureLimit: 0, consecutiveErrorLimit: 4 }, true),
      },
    ],
    settings: {
      intervalMs: 1000,
      durationMs: 60_000,
      initialDelayMs: 0,
      probeTimeoutMs: 1000,
      failureLimit: 0,
      consecutiveErrorLimit: 4,
    },
    startedAt: T0,
    decidedAt: T0 + phases.length * 1000,
    stoppedEarly: false,
    cancelled: false,
  };
  return mermaidChart(
    measurementsReport(r).checks[0]!,
    sections
      ? {
          sections: [
            { t: 0, label: 'step 1: 10%' },
            { t: 5, label: 'step 2: 25%' },
          ],
        }
      : {},
  );
}

const long = Array.from({ length: 600 }, (_, i): [Phase, number | undefined] =>
  i % 50 === 7 ? ['Error', undefined] : ['Successful', 10 + (i % 13)],
);

const shapes: [string, string][] = [
  ['one failed measurement', chart(api, [['Failed', 812]])],
  ['one error, nothing measured', chart(api, [['Error', undefined]])],
  [
    'errors and no data in the middle',
    chart(rate, [
      ['Successful', 0.2],
      ['Error', undefined],
      ['Inconclusive', undefined],
      ['Failed', 0],
    ]),
  ],
  [
    'no threshold',
    chart(plain, [
      ['Successful', 3],
      ['Successful', 4],
    ]),
  ],
  [
    'tiny and negative values',
    chart(rate, [
      ['Successful', 1.5e-9],
      ['Successful', -2],
    ]),
  ],
  ['600 measurements grouped', chart(api, long)],
  [
    'canary sections',
    chart(
      rate,
      Array.from({ length: 12 }, (): [Phase, number] => ['Successful', 1]),
      true,
    ),
  ],
];

describe('mermaid parses every chart', () => {
  it.each(shapes)('health chart: %s', async (_name, markdown) => {
    const [body] = mermaidBlocks(markdown);
    expect(body).toBeDefined();
    await expect(parseMermaid(body!)).resolves.toBe('xychart');
  });

  const gantts: [string, Timeline][] = [
    ['rolled back', rolledBackTimeline()],
    ['60 entries, 27 failed deploys', longTimeline()],
    ['verified, then failed and rolled back', failedAfterVerifiedTimeline()],
  ];
  it.each(gantts)('the incident gantt of notify: %s', async (_name, timeline) => {
    const g = timelineMermaid(timeline);
    // The chart parsed must have what makes it worth parsing: crit bars and deploy sections.
    expect(g).toContain('  section deploy\n');
    expect(g).toMatch(/ :crit, p\d+, /);
    const [body] = mermaidBlocks(g);
    await expect(parseMermaid(body!)).resolves.toBe('gantt');
  });

  it('and it rejects a broken one, so a pass means something', async () => {
    await expect(parseMermaid('xychart-beta\n  bar [1, 1e-7]')).rejects.toThrow(/Parse error/);
  });
});
