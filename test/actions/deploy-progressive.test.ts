// Canary and blue-green through the bundle, with real processes on 127.0.0.1: a stable and
// a new service, a weighted router between them (test/harness/weighted-proxy.ts) whose
// weight the deploy command sets, user traffic through the router, and a real Prometheus
// scraping both services, so the error rate the checks see is the one users get. Locally
// the tests skip, saying why, when prometheus is not installed; on CI they fail instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub } from '../harness/fake-github/server.ts';
import { fakeSha, type RepoState } from '../harness/fake-github/state.ts';
import { runAction } from '../harness/run-action.ts';
import { startService, type TestService } from '../harness/service.ts';
import { startWeightedProxy, type WeightedProxy } from '../harness/weighted-proxy.ts';
import {
  prometheusSkipReason,
  startPrometheus,
  type RunningPrometheus,
} from '../harness/prometheus.ts';
import { mermaidBlocks, parseMermaid } from '../harness/mermaid.ts';

const skip = prometheusSkipReason();
if (skip) console.warn(`Skipping the canary and blue-green tests: ${skip}`);

/** What users see: 5xx over all requests, both versions together. */
const ERROR_RATE =
  'error-rate: sum(rate(http_requests_total{job="service",code=~"5.."}[5s])) / sum(rate(http_requests_total{job="service"}[5s])) < 0.1';

describe.skipIf(skip)(`canary and blue-green${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const fake = new FakeGitHub();
  let stable: TestService;
  let canary: TestService;
  let proxy: WeightedProxy;
  let prometheus: RunningPrometheus;
  let stopLoad: () => Promise<void>;
  let dir: string;
  let repos = 0;

  beforeAll(async () => {
    await fake.start();
    dir = mkdtempSync(join(tmpdir(), 'progressive-'));
    // rps 0: the metrics count only the real requests the router sends.
    stable = await startService({ rps: 0, version: 'v1' });
    canary = await startService({ rps: 0, version: 'v2' });
    proxy = await startWeightedProxy({ stable: stable.url, canary: canary.url });
    stopLoad = proxy.load('/api', 10);
    prometheus = await startPrometheus({ targets: [stable.instance, canary.instance] });
    await prometheus.waitFor(
      'sum(rate(http_requests_total{job="service"}[5s]))',
      (s) => (s[0]?.value ?? 0) > 0,
    );
  }, 60_000);
  afterAll(async () => {
    await stopLoad?.();
    await prometheus?.stop();
    await Promise.all([proxy?.stop(), stable?.stop(), canary?.stop(), fake.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh repository, the router back at 0 %, and the file the commands write to. */
  async function fresh(canarySettings: Parameters<TestService['set']>[0]) {
    await fetch(`${proxy.adminUrl}?weight=0`, { method: 'POST' });
    proxy.changes.length = 0;
    canary.set({ health: 200, errorRate: 0, ...canarySettings });
    // Let the rate window forget the previous test.
    await prometheus.waitFor(
      'sum(rate(http_requests_total{job="service",code=~"5.."}[5s])) or vector(0)',
      (s) => (s[0]?.value ?? 0) === 0,
    );
    const repo = fake.state.addRepo(`acme/progressive-${++repos}`);
    const log = join(dir, `commands-${repos}.log`);
    return { repo, log };
  }

  const setWeight = (log: string, what: string) =>
    `curl -fsS -X POST "${proxy.adminUrl}?weight=$DEPLOY_WEIGHT" >/dev/null && echo "${what} $DEPLOY_STEP/$DEPLOY_STEPS $DEPLOY_WEIGHT" >> ${log}`;

  function run(repo: RepoState, inputs: Record<string, string>) {
    return runAction('deploy-with-healthcheck', {
      repository: `acme/${repo.name}`,
      sha: fakeSha('progressive'),
      apiUrl: fake.url,
      token: fake.token,
      inputs: {
        environment: 'production',
        'prometheus-url': prometheus.url,
        interval: '1s',
        'probe-timeout': '2s',
        ...inputs,
      },
      timeoutMs: 120_000,
    });
  }
  const lines = (log: string) =>
    existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];

  it(
    'the new version fails part of its requests: the canary aborts at 25%, later steps never run',
    { timeout: 150_000 },
    async () => {
      const { repo, log } = await fresh({ errorRate: 0.5 });
      const res = await run(repo, {
        strategy: 'canary',
        steps: '10%, 25%, 50%, 100%',
        command: setWeight(log, 'deploy'),
        'abort-command': setWeight(log, 'abort'),
        'prometheus-queries': ERROR_RATE,
        duration: '8s',
      });
      expect(res.code, res.stdout).toBe(1);
      // The abort ran once, with DEPLOY_WEIGHT=0, right after step 2; steps 3 and 4 never ran.
      expect(lines(log)).toEqual(['deploy 1/4 10', 'deploy 2/4 25', 'abort 2/4 0']);
      expect(proxy.changes).toEqual([10, 25, 0]);
      expect(proxy.weight()).toBe(0);
      expect(res.outputs).toMatchObject({
        healthy: 'false',
        verdict: 'Failed',
        'completed-steps': '1',
        'failed-step': '2',
        weight: '0',
        aborted: 'true',
      });
      expect(res.outputs['failure-reason']).toMatch(
        /^Failed at step 2\/4 \(25%\): error-rate: 1 failed measurement, more than failure-limit 0 \(last: 0\.\d+, needs < 0\.1\); aborted: traffic is back on the stable version$/,
      );
      // One deployment: in_progress per step, then the failure naming the step.
      expect(repo.deployments).toHaveLength(1);
      const statuses = repo.deployments[0]!.statuses;
      expect(statuses.map((s) => [s.state, s.description.slice(0, 26)])).toEqual([
        ['in_progress', 'step 1/4: 10%'],
        ['in_progress', 'step 2/4: 25%'],
        ['failure', 'Failed at step 2/4 (25%): '],
      ]);
      expect(repo.deployments[0]!.payload).toMatchObject({ strategy: 'canary' });
      expect(res.summary).toContain(
        'Canary: 1 of 4 steps healthy, stopped at step 2; 0% on the new version at the end',
      );
      expect(res.summary).toContain('| ⏭️ 3/4 | 50% | not run |');
      // One chart per check across the run, the steps on its axis.
      const charts = mermaidBlocks(res.summary);
      expect(charts).toHaveLength(1);
      expect(charts[0]).toContain('"1: 10%"');
      expect(charts[0]).toContain('"2: 25%"');
      for (const c of charts) await expect(parseMermaid(c)).resolves.toBe('xychart');
    },
  );

  it('a healthy canary walks every step to 100%', { timeout: 150_000 }, async () => {
    const { repo, log } = await fresh({ errorRate: 0 });
    const res = await run(repo, {
      strategy: 'canary',
      steps: '50%, 100%',
      command: setWeight(log, 'deploy'),
      'abort-command': setWeight(log, 'abort'),
      'prometheus-queries': ERROR_RATE,
      duration: '3s',
    });
    expect(res.code, res.stdout).toBe(0);
    expect(lines(log)).toEqual(['deploy 1/2 50', 'deploy 2/2 100']);
    expect(proxy.weight()).toBe(100);
    expect(res.outputs).toMatchObject({
      healthy: 'true',
      'completed-steps': '2',
      'failed-step': '',
      weight: '100',
      aborted: 'false',
    });
    expect(repo.deployments[0]!.statuses.map((s) => s.state)).toEqual([
      'in_progress',
      'in_progress',
      'success',
    ]);
  });

  it('blue-green: a preview that fails is never promoted', { timeout: 150_000 }, async () => {
    const { repo, log } = await fresh({ health: 503 });
    const res = await run(repo, {
      strategy: 'blue-green',
      command: `echo "deploy idle $DEPLOY_WEIGHT" >> ${log}`,
      'preview-health-urls': `${canary.url}/health`,
      'promote-command': setWeight(log, 'promote'),
      'abort-command': setWeight(log, 'abort'),
      'health-urls': `${proxy.url}/health`,
      duration: '3s',
    });
    expect(res.code).toBe(1);
    expect(lines(log)).toEqual(['deploy idle 0']);
    expect(proxy.changes).toEqual([]);
    expect(res.outputs).toMatchObject({ 'failed-step': '1', weight: '0', aborted: 'false' });
    expect(res.outputs['failure-reason']).toMatch(
      /^Failed at step 1\/2 \(preview, before promotion\): .*; not promoted: no user traffic reached it$/,
    );
  });

  it(
    'blue-green: a promotion that fails after promotion is switched back',
    { timeout: 150_000 },
    async () => {
      const { repo, log } = await fresh({ errorRate: 0.5 });
      const res = await run(repo, {
        strategy: 'blue-green',
        command: `echo "deploy idle $DEPLOY_WEIGHT" >> ${log}`,
        'preview-health-urls': `${canary.url}/health`,
        'promote-command': setWeight(log, 'promote'),
        'abort-command': setWeight(log, 'abort'),
        'prometheus-queries': ERROR_RATE,
        duration: '10s',
      });
      expect(res.code).toBe(1);
      expect(lines(log)).toEqual(['deploy idle 0', 'promote 2/2 100', 'abort 2/2 0']);
      expect(proxy.changes).toEqual([100, 0]);
      expect(res.outputs).toMatchObject({
        'failed-step': '2',
        weight: '0',
        aborted: 'true',
        'completed-steps': '1',
      });
      expect(res.outputs['failure-reason']).toMatch(
        /^Failed at step 2\/2 \(100%, after promotion\): error-rate: /,
      );
    },
  );
});
