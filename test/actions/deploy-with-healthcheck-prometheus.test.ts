// deploy-with-healthcheck judging health by Prometheus: one real Prometheus (Debian package)
// for the whole file, scraping one real service per test every second. Locally the tests
// skip, saying why, when prometheus is not installed; on CI (CI set) they fail instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../harness/fake-github/server.ts';
import { fakeSha, type RepoState } from '../harness/fake-github/state.ts';
import { runAction } from '../harness/run-action.ts';
import { startService, type TestService } from '../harness/service.ts';
import {
  prometheusSkipReason,
  startPrometheus,
  type RunningPrometheus,
} from '../harness/prometheus.ts';
import type { MeasurementsReport } from '../../src/shared/health/report.ts';

const skip = prometheusSkipReason();
if (skip) console.warn(`Skipping the Prometheus tests of deploy-with-healthcheck: ${skip}`);
const SHA = fakeSha('prometheus-deploy');
const errorRate = (instance: string) =>
  `error-rate: sum(rate(http_requests_total{code=~"5..",instance="${instance}"}[5s])) / sum(rate(http_requests_total{instance="${instance}"}[5s])) < 0.05`;

describe.skipIf(skip)(
  `deploy-with-healthcheck with Prometheus${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    const fake = new FakeGitHub();
    let prometheus: RunningPrometheus;
    let healthy: TestService;
    let failing: TestService;
    let repos = 0;

    // Prometheus' first series takes 5-6 s idle, and longer on a busy machine: room for that.
    beforeAll(async () => {
      await fake.start();
      healthy = await startService();
      failing = await startService({ errorRate: 0.3 });
      prometheus = await startPrometheus({ targets: [healthy.instance, failing.instance] });
      // rate() needs two scrapes of each service before it has a value.
      for (const s of [healthy, failing]) {
        await prometheus.waitFor(
          `rate(http_requests_total{instance="${s.instance}"}[5s])`,
          (x) => x.length > 0,
        );
      }
    }, 120_000);
    afterAll(async () => {
      await prometheus?.stop();
      await Promise.all([healthy?.stop(), failing?.stop(), fake.stop()]);
    });

    function run(
      inputs: Record<string, string>,
    ): Promise<Awaited<ReturnType<typeof runAction>> & { repo: RepoState }> {
      const repo = fake.state.addRepo(`acme/prom-${++repos}`);
      return runAction('deploy-with-healthcheck', {
        repository: `acme/${repo.name}`,
        sha: SHA,
        apiUrl: fake.url,
        token: fake.token,
        inputs: {
          environment: 'production',
          command: 'true',
          'prometheus-url': prometheus.url,
          interval: '1s',
          ...inputs,
        },
        timeoutMs: 90_000,
      }).then((r) => ({ ...r, repo }));
    }
    const states = (repo: RepoState) => repo.deployments[0]?.statuses.map((s) => s.state);

    describe.concurrent('verdicts', { timeout: 120_000 }, () => {
      it('error rate below the threshold: Successful, with the series in measurements', async () => {
        const res = await run({
          'prometheus-queries': errorRate(healthy.instance),
          'health-urls': `${healthy.url}/health`,
          duration: '2s',
        });
        expect(res.code, res.stdout).toBe(0);
        expect(res.outputs).toMatchObject({ healthy: 'true', verdict: 'Successful' });
        const m = JSON.parse(res.outputs.measurements!) as MeasurementsReport;
        const q = m.checks.find((c) => c.name === 'error-rate')!;
        expect(q).toMatchObject({
          kind: 'prometheus',
          verdict: 'Successful',
          threshold: { op: '<', value: 0.05 },
        });
        // Ticks at 0, 1 and 2 s: never more; a round slower than the interval (a busy
        // machine) skips ticks, so fewer is no fault.
        expect(q.series.length).toBeGreaterThanOrEqual(1);
        expect(q.series.length).toBeLessThanOrEqual(3);
        expect(q.series.every((p) => p.phase === 'Successful' && p.value === 0)).toBe(true);
        expect(states(res.repo)).toEqual(['in_progress', 'success']);
        expect(res.summary).toMatch(
          /```mermaid\n%%\{init: .*\}%%\nxychart-beta\n {2}title "error-rate: value"/,
        );
      });

      it('error rate above the threshold: Failed at once, and the chart shows the threshold', async () => {
        const res = await run({
          'prometheus-queries': errorRate(failing.instance),
          duration: '1m',
        });
        expect(res.code).toBe(1);
        expect(res.outputs).toMatchObject({ healthy: 'false', verdict: 'Failed' });
        expect(res.outputs['failure-reason']).toMatch(
          /^Failed: error-rate: 1 failed measurement, more than failure-limit 0 \(last: 0\.[23]\d*, needs < 0\.05\)$/,
        );
        const m = JSON.parse(res.outputs.measurements!) as MeasurementsReport;
        expect(m.stoppedEarly).toBe(true);
        const series = m.checks[0]!.series;
        expect(series).toHaveLength(1);
        expect(series[0]!.value).toBeGreaterThan(0.2);
        expect(states(res.repo)).toEqual(['in_progress', 'failure']);
        // One measurement: its bar and the threshold, padded so the line is drawn.
        expect(res.summary).toContain('line [0.05, 0.05, 0.05]');
      });

      it('a query with no series is Inconclusive: not healthy, deployment failure', async () => {
        const res = await run({
          'prometheus-queries': 'checkout-errors: sum(rate(checkout_errors_total[5s])) < 1',
          duration: '2s',
        });
        expect(res.code).toBe(1);
        expect(res.outputs).toMatchObject({ healthy: 'false', verdict: 'Inconclusive' });
        expect(res.outputs['failure-reason']).toContain('no data: the query returned no series');
        const m = JSON.parse(res.outputs.measurements!) as MeasurementsReport;
        // inconclusive-limit 0: the first measurement without data decides.
        expect(m.checks[0]!.series.map((p) => p.phase)).toEqual(['Inconclusive']);
        expect(states(res.repo)).toEqual(['in_progress', 'failure']);
      });

      it('invalid PromQL is a probe error: Error once consecutive-error-limit is exceeded', async () => {
        const res = await run({
          'prometheus-queries': 'broken: sum(rate(http_requests_total[5s]) < 1',
          'consecutive-error-limit': '0',
          duration: '1m',
        });
        expect(res.code).toBe(1);
        expect(res.outputs).toMatchObject({ healthy: 'false', verdict: 'Error' });
        expect(res.outputs['failure-reason']).toMatch(/Prometheus: HTTP 400: bad_data/);
      });
    });
  },
);
