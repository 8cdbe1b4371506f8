// The verdict, scenario by scenario, through the bundle: each row is a sequence of
// measurements (scripted, one per request, by test/harness/scripted.ts on 127.0.0.1: an HTTP
// service and a Prometheus query API), the inputs, and the phase expected. The "Argo" column
// is what Argo Rollouts' analysis documents for the same sequence, so the deliberate
// differences (README: "Differences from Argo Rollouts") are visible next to the shared rules.
// Every chart the summary holds is parsed by mermaid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../harness/fake-github/server.ts';
import { fakeSha } from '../harness/fake-github/state.ts';
import { runAction } from '../harness/run-action.ts';
import { startScripted, type HttpStep, type QueryStep } from '../harness/scripted.ts';
import { mermaidBlocks, parseMermaid } from '../harness/mermaid.ts';
import type { MeasurementsReport } from '../../src/shared/health/report.ts';

const fake = new FakeGitHub();
beforeAll(() => fake.start());
afterAll(() => fake.stop());

// 200 ms between measurements: a scenario is decided by what each request answers, not by
// how many ticks a busy machine fits in the window.
const FAST = { interval: '200ms', 'probe-timeout': '2s' };
const ERROR_RATE = 'error-rate: sum(rate(http_requests_total{code=~"5.."}[1m])) < 0.01';

interface Scenario {
  name: string;
  argo: string;
  http?: HttpStep[];
  query?: QueryStep[];
  inputs: Record<string, string>;
  verdict: string;
  healthy: boolean;
  reason?: RegExp;
  /** Measurements per check, when the scenario fixes them. */
  taken?: Record<string, number>;
  /** Each check's own verdict. */
  checks?: Record<string, string>;
  stoppedEarly?: boolean;
}

const scenarios: Scenario[] = [
  {
    name: 'healthy all along',
    argo: 'Successful',
    http: [200],
    inputs: { duration: '400ms' },
    verdict: 'Successful',
    healthy: true,
  },
  {
    name: 'a failure past failure-limit decides at once',
    argo: 'Failed at the 2nd failure',
    http: [200, 503, 200, 503],
    inputs: { 'failure-limit': '1', duration: '1m' },
    verdict: 'Failed',
    healthy: false,
    taken: { api: 4 },
    stoppedEarly: true,
  },
  {
    name: 'false healthy #1: only 503s within failure-limit, inconclusive: pass',
    argo: 'Error (the web provider errs on non-2xx); Successful at count if within limits',
    http: [503],
    inputs: { 'failure-limit': '5', duration: '400ms', inconclusive: 'pass' },
    verdict: 'Failed',
    healthy: false,
    reason: /^Failed: api: no successful measurement: \d of \d failed, within failure-limit 5/,
  },
  {
    name: 'false healthy #2: only dropped connections within consecutive-error-limit, inconclusive: pass',
    argo: 'Error once the errors in a row exceed the limit',
    http: ['drop'],
    inputs: { 'consecutive-error-limit': '4', duration: '0s', inconclusive: 'pass' },
    verdict: 'Error',
    healthy: false,
    // One measurement in the window, then measured on past it: errors do not consume it.
    taken: { api: 5 },
    reason: /^Error: api: 5 probe errors in a row, more than consecutive-error-limit 4/,
  },
  {
    name: 'errors do not consume the window: measured again at interval until it answers',
    argo: 'retried every 10 s until it answers or exceeds consecutiveErrorLimit',
    http: ['drop', 'drop', 200],
    inputs: { duration: '0s' },
    verdict: 'Successful',
    healthy: true,
    taken: { api: 3 },
  },
  {
    name: 'data disappears: a value, then empty results (S Z Z Z Z Z)',
    argo: 'Inconclusive at the first empty result (inconclusiveLimit 0)',
    query: [0, 'empty'],
    inputs: { duration: '1m' },
    verdict: 'Inconclusive',
    healthy: false,
    taken: { 'error-rate': 2 },
    stoppedEarly: true,
    reason: /after it had data: the data disappeared/,
  },
  {
    name: 'data disappears as NaN, and inconclusive: pass does not cover it',
    argo: 'Inconclusive',
    query: [0, 'NaN'],
    inputs: { duration: '1m', inconclusive: 'pass' },
    verdict: 'Inconclusive',
    healthy: false,
    taken: { 'error-rate': 2 },
  },
  {
    name: 'inconclusive-limit 1 tolerates one empty result',
    argo: 'Successful',
    query: [0, 'empty', 0],
    inputs: { duration: '600ms', 'inconclusive-limit': '1' },
    verdict: 'Successful',
    healthy: true,
  },
  {
    name: 'a query with no data at all, inconclusive: pass',
    argo: 'Inconclusive (pauses the rollout)',
    query: ['empty'],
    inputs: { duration: '400ms', inconclusive: 'pass' },
    verdict: 'Inconclusive',
    healthy: true,
  },
  {
    name: 'a query with no data at all, inconclusive: fail (default)',
    argo: 'Inconclusive',
    query: ['empty'],
    inputs: { duration: '1m' },
    verdict: 'Inconclusive',
    healthy: false,
    taken: { 'error-rate': 1 },
  },
  {
    name: 'Prometheus errors past consecutive-error-limit',
    argo: 'Error',
    query: ['error'],
    inputs: { 'consecutive-error-limit': '2', duration: '1m' },
    verdict: 'Error',
    healthy: false,
    taken: { 'error-rate': 3 },
    reason: /Prometheus: HTTP 503: execution: query timed out/,
  },
  {
    name: 'consecutive-success-limit 3 reached: Successful at once, before the window ends',
    argo: 'Successful when consecutiveSuccessLimit is reached',
    http: [200, 503, 200, 200, 200],
    inputs: { 'failure-limit': '1', 'consecutive-success-limit': '3', duration: '1m' },
    verdict: 'Successful',
    healthy: true,
    taken: { api: 5 },
  },
  {
    name: 'consecutive-success-limit never reached: a flapping service',
    argo: 'Inconclusive at count (both limits applicable)',
    http: [200, 503, 200, 503, 200, 503, 200, 503, 200],
    inputs: { 'failure-limit': '100', 'consecutive-success-limit': '3', duration: '600ms' },
    verdict: 'Failed',
    healthy: false,
    reason: /never 3 successful measurements in a row/,
  },
  {
    name: 'dry-run: a failing query is reported, never decides',
    argo: 'Successful (dry-run metrics are ignored)',
    http: [200],
    query: [0.5],
    inputs: { duration: '400ms', 'dry-run': 'error-rate' },
    verdict: 'Successful',
    healthy: true,
    checks: { api: 'Successful', 'error-rate': 'Failed' },
  },
  {
    name: 'Failed and Error land on the same tick: Failed',
    argo: 'Failed (worse than Error)',
    http: [200, 200, 'drop', 'drop'],
    query: [0, 0, 'error', 0.5],
    inputs: { 'consecutive-error-limit': '1', duration: '1m' },
    verdict: 'Failed',
    healthy: false,
    taken: { api: 4, 'error-rate': 4 },
    checks: { api: 'Error', 'error-rate': 'Failed' },
  },
  {
    name: 'a check stopped by another one says so',
    argo: 'the run terminates; the other metric is Successful (terminated)',
    http: [200],
    query: [0, 0.5],
    inputs: { duration: '1m' },
    verdict: 'Failed',
    healthy: false,
    checks: { api: 'Stopped', 'error-rate': 'Failed' },
  },
];

describe.concurrent('health scenarios through the bundle', { timeout: 120_000 }, () => {
  let n = 0;
  it.each(scenarios)('$name (Argo: $argo)', async (s) => {
    const svc = await startScripted({
      ...(s.http ? { http: s.http } : {}),
      ...(s.query ? { query: s.query } : {}),
    });
    try {
      const repo = fake.state.addRepo(`acme/scenario-${++n}`);
      const res = await runAction('deploy-with-healthcheck', {
        repository: `acme/${repo.name}`,
        sha: fakeSha('scenario'),
        apiUrl: fake.url,
        token: fake.token,
        inputs: {
          environment: 'production',
          command: 'true',
          ...(s.http ? { 'health-urls': `${svc.url}/health name=api` } : {}),
          ...(s.query
            ? { 'prometheus-url': svc.prometheusUrl, 'prometheus-queries': ERROR_RATE }
            : {}),
          ...FAST,
          ...s.inputs,
        },
        timeoutMs: 90_000,
      });
      expect(res.outputs.verdict, res.stdout).toBe(s.verdict);
      expect(res.outputs.healthy).toBe(String(s.healthy));
      expect(res.code).toBe(s.healthy ? 0 : 1);
      if (s.reason) expect(res.outputs['failure-reason']).toMatch(s.reason);
      const m = JSON.parse(res.outputs.measurements!) as MeasurementsReport;
      for (const [name, count] of Object.entries(s.taken ?? {}))
        expect(m.checks.find((c) => c.name === name)?.series, name).toHaveLength(count);
      for (const [name, verdict] of Object.entries(s.checks ?? {}))
        expect(m.checks.find((c) => c.name === name)?.verdict, name).toBe(verdict);
      if (s.stoppedEarly !== undefined) expect(m.stoppedEarly).toBe(s.stoppedEarly);
      if (s.checks?.api === 'Stopped')
        expect(res.summary).toContain('⏹️ stopped: error-rate failed');
      if (s.inputs['dry-run']) expect(res.summary).toContain('(dry run)');
      const charts = mermaidBlocks(res.summary);
      expect(charts.length).toBe(m.checks.filter((c) => c.series.length).length);
      for (const chart of charts) await expect(parseMermaid(chart)).resolves.toBe('xychart');
    } finally {
      await svc.stop();
    }
  });

  it('a health URL redirecting to another origin (another port) fails, naming the location', async () => {
    const elsewhere = await startScripted({ http: [200] });
    const svc = await startScripted({ http: [{ redirect: `${elsewhere.url}/health` }] });
    try {
      const repo = fake.state.addRepo(`acme/scenario-${++n}`);
      const res = await runAction('deploy-with-healthcheck', {
        repository: `acme/${repo.name}`,
        sha: fakeSha('scenario'),
        apiUrl: fake.url,
        token: fake.token,
        inputs: {
          environment: 'production',
          command: 'true',
          'health-urls': `${svc.url}/health`,
          ...FAST,
          duration: '1m',
        },
        timeoutMs: 90_000,
      });
      expect(res.outputs.verdict).toBe('Failed');
      expect(res.outputs['failure-reason']).toContain(
        `redirected to another origin, "${elsewhere.url}/health"`,
      );
      expect(elsewhere.count('/health')).toBe(0);
    } finally {
      await Promise.all([svc.stop(), elsewhere.stop()]);
    }
  });
});
