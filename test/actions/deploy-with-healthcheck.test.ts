// deploy-with-healthcheck through its bundle, run as the runner runs it, against the fake
// GitHub, with real deploy commands (bash) and a real HTTP service on 127.0.0.1 whose health
// the tests switch. The Prometheus behaviours are in deploy-with-healthcheck-prometheus.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub } from '../harness/fake-github/server.ts';
import { fakeSha, type RepoState } from '../harness/fake-github/state.ts';
import { contractViolations } from '../harness/fake-github/contract.ts';
import { runAction, startAction, type RunOptions } from '../harness/run-action.ts';
import { startService, startServiceProcess, type TestService } from '../harness/service.ts';
import type { MeasurementsReport } from '../../src/shared/health/report.ts';

const fake = new FakeGitHub();
beforeAll(() => fake.start());
afterAll(() => fake.stop());

const SHA = fakeSha('deployed-commit');
const OLD_SHA = fakeSha('last-good-commit');
const NAME = 'deploy-with-healthcheck';

let repos = 0;
function newRepo(): RepoState {
  const r = fake.state.addRepo(`acme/shop-${++repos}`);
  r.refs.set('heads/main', SHA);
  return r;
}

function run(repo: RepoState, inputs: Record<string, string>, extra: RunOptions = {}) {
  return runAction(NAME, runOptions(repo, inputs, extra));
}

function runOptions(repo: RepoState, inputs: Record<string, string>, extra: RunOptions = {}) {
  return {
    repository: `${repo.owner}/${repo.name}`,
    sha: SHA,
    apiUrl: fake.url,
    token: fake.token,
    inputs: { environment: 'production', ...inputs },
    timeoutMs: 90_000,
    ...extra,
  };
}

/** The states of a deployment's statuses, oldest first. */
function states(repo: RepoState, id: number | string): string[] {
  const d = repo.deployments.find((x) => x.id === Number(id));
  return d ? d.statuses.map((s) => s.state) : [];
}

const requestsFor = (repo: RepoState) =>
  fake.requests.filter((r) => r.path.includes(`/${repo.name}/`));

/**
 * PIDs of live processes whose command line carries the marker. Asynchronous: a blocked event
 * loop would delay the services other tests are probing.
 */
async function alive(marker: string): Promise<string[]> {
  try {
    const { stdout } = await promisify(execFile)('pgrep', ['-f', marker], { encoding: 'utf8' });
    return stdout.trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A previous deployment verified healthy: what a rollback would return to. */
function seedGoodDeployment(repo: RepoState) {
  repo.refs.set('tags/v1.4.0', OLD_SHA);
  repo.deployments.push({
    id: 500 + repos,
    sha: OLD_SHA,
    ref: 'v1.4.0',
    task: 'deploy',
    environment: 'production',
    description: 'v1.4.0',
    payload: { version: 'v1.4.0' },
    transient: false,
    production: true,
    creator: fake.state.user('octocat'),
    createdAt: '2026-11-20T10:00:00Z',
    statuses: [
      {
        id: 600 + repos,
        state: 'success',
        description: 'healthy',
        environment: 'production',
        logUrl: '',
        environmentUrl: '',
        creator: fake.state.user('octocat'),
        createdAt: '2026-11-20T10:05:00Z',
      },
    ],
  });
  return repo.deployments.at(-1)!;
}

const services: TestService[] = [];
async function service(): Promise<TestService> {
  const s = await startService();
  services.push(s);
  return s;
}
afterAll(() => Promise.all(services.map((s) => s.stop())));

const dirs: string[] = [];
/** A temporary directory, removed after the file's tests whatever their outcome. */
function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dwh-test-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// Each test runs the bundle once or more on a shared, busy machine: room for that.
describe.concurrent('deploy-with-healthcheck', { timeout: 120_000 }, () => {
  it('healthy deploy: Successful, status success with the URL, previous good named; a re-run does nothing', async ({
    onTestFinished,
  }) => {
    const repo = newRepo();
    const previous = seedGoodDeployment(repo);
    // The hotfix PR whose merge commit is being deployed.
    const pr = fake.state.addPull(repo, {
      title: 'ENG-7 fix checkout',
      head: 'hotfix/ENG-7-checkout',
      merged: true,
      state: 'closed',
      labels: ['severity:P1'],
    });
    const mergeSha = pr.pull.mergeCommitSha!;
    const svc = await startServiceProcess();
    onTestFinished(() => svc.stop());
    const dir = tmp();
    const out = join(dir, 'env');
    const inputs = {
      command: `echo "deploying $DEPLOY_REF"; printenv | grep -E '^(DEPLOY|INPUT)_' | sort > '${out}'`,
      'health-urls': `${svc.url}/health status=200 json:$.status=ok name=api`,
      interval: '1s',
      duration: '2s',
      'environment-url': 'https://shop.example',
    };
    const res = await run(repo, inputs, { sha: mergeSha });
    expect(res.code, res.stdout).toBe(0);
    expect(res.outputs).toMatchObject({
      healthy: 'true',
      verdict: 'Successful',
      sha: mergeSha,
      version: '',
      'previous-ref': 'v1.4.0',
      'previous-sha': OLD_SHA,
      'previous-deployment-id': String(previous.id),
      'failure-reason': '',
    });
    const id = res.outputs['deployment-id']!;
    expect(states(repo, id)).toEqual(['in_progress', 'success']);
    const deployment = repo.deployments.find((d) => d.id === Number(id))!;
    expect(deployment).toMatchObject({ ref: mergeSha, environment: 'production' });
    expect(deployment.payload).toMatchObject({ pr: pr.number, severity: 'P1', 'run-id': '4242' });
    expect(deployment.statuses.at(-1)).toMatchObject({
      environmentUrl: 'https://shop.example',
      logUrl: `https://github.com/acme/${repo.name}/actions/runs/4242`,
    });
    expect(deployment.statuses[0]!.logUrl).toBe(
      `https://github.com/acme/${repo.name}/actions/runs/4242`,
    );
    // The command got what to deploy, and none of the action's inputs (the token among them).
    expect(readFileSync(out, 'utf8').trim().split('\n')).toEqual([
      'DEPLOY_ENVIRONMENT=production',
      `DEPLOY_REF=${mergeSha}`,
      `DEPLOY_SHA=${mergeSha}`,
      'DEPLOY_VERSION=',
    ]);
    expect(res.stdout).toContain(`deploying ${mergeSha}`);

    const m = JSON.parse(res.outputs.measurements!) as MeasurementsReport;
    expect(m).toMatchObject({
      verdict: 'Successful',
      stoppedEarly: false,
      settings: { interval: '1s', duration: '2s' },
    });
    expect(m.checks).toHaveLength(1);
    const api = m.checks[0]!;
    expect(api).toMatchObject({ name: 'api', kind: 'http', verdict: 'Successful', unit: 'ms' });
    // Ticks on the grid 0, 1 and 2 s: never more; a round slower than the interval (a busy
    // machine) skips ticks, so fewer is no fault.
    const ticks = api.series.length;
    expect(ticks).toBeGreaterThanOrEqual(1);
    expect(ticks).toBeLessThanOrEqual(3);
    expect(api.series.every((p) => p.phase === 'Successful' && typeof p.value === 'number')).toBe(
      true,
    );
    expect(api.series[0]!.t).toBe(0);
    expect(await svc.count('/health')).toBe(ticks);

    expect(res.summary).toContain('Deployed');
    expect(res.summary).toContain('Health: Successful');
    expect(res.summary).toMatch(/\| Check \| Expects \| Verdict/);
    expect(res.summary).toMatch(/```mermaid\n%%\{init: .*\}%%\nxychart-beta\n/);
    expect(res.summary).toContain('the rollback target');
    expect(await contractViolations(requestsFor(repo))).toEqual([]);

    // A re-run of the same workflow run finds its own healthy deployment and does nothing.
    const writes = requestsFor(repo).filter((r) => r.method !== 'GET').length;
    const again = await run(repo, inputs, { sha: mergeSha });
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs).toMatchObject({
      healthy: 'true',
      'deployment-id': id,
      'previous-sha': OLD_SHA,
    });
    expect(again.annotations).toContainEqual(
      expect.objectContaining({
        level: 'notice',
        message: expect.stringContaining('already succeeded'),
      }),
    );
    expect(requestsFor(repo).filter((r) => r.method !== 'GET').length).toBe(writes);
    expect(await svc.count('/health')).toBe(ticks);
  });

  it('the service turns 503 mid-window: Failed at the (failure-limit + 1)th failed measurement, the window stopped there', async ({
    onTestFinished,
  }) => {
    const repo = newRepo();
    // In its own process: its answers must not wait for this worker's event loop.
    const svc = await startServiceProcess();
    onTestFinished(() => svc.stop());
    const failureLimit = 1;
    const running = startAction(
      NAME,
      runOptions(repo, {
        command: 'echo deployed',
        'health-urls': `${svc.url}/health`,
        interval: '1s',
        'probe-timeout': '5s',
        'failure-limit': String(failureLimit),
        duration: '2m',
      }),
    );
    await svc.waitForHits('/health', 2);
    const healthyProbes = (await svc.set({ health: 503 }))['/health']!;
    const res = await running.result;
    expect(res.code, res.stdout).toBe(1);
    expect(res.outputs).toMatchObject({ healthy: 'false', verdict: 'Failed' });
    expect(res.outputs['failure-reason']).toMatch(
      /^Failed: .*2 failed measurements, more than failure-limit 1.*503/,
    );
    const m = JSON.parse(res.outputs.measurements!) as MeasurementsReport;
    expect(m.stoppedEarly).toBe(true);
    // Healthy until it broke, then exactly failure-limit + 1 failures, the last one deciding:
    // no probe after it (the service saw every probe the series holds), and no probe of the
    // rest of the 2 minute window. The time this takes is the interval times the probes, on
    // the action's own grid; it is not measured here, as a busy machine stretches it.
    const series = m.checks[0]!.series;
    const json = JSON.stringify(series);
    expect(
      series.slice(0, healthyProbes).every((p) => p.phase === 'Successful'),
      json,
    ).toBe(true);
    expect(
      series.slice(healthyProbes).map((p) => p.phase),
      json,
    ).toEqual(['Failed', 'Failed']);
    expect(await svc.count('/health')).toBe(series.length);
    expect(Date.parse(m.decidedAt)).toBeGreaterThanOrEqual(Date.parse(series.at(-1)!.at));
    expect(states(repo, res.outputs['deployment-id']!)).toEqual(['in_progress', 'failure']);
    expect(res.annotations).toContainEqual(
      expect.objectContaining({ level: 'error', message: expect.stringContaining('503') }),
    );
    expect(res.summary).toContain('Health: Failed');
    expect(res.summary).toContain('stopped early');
  });

  it('probe errors (refused connections) beyond consecutive-error-limit: Error, not healthy', async () => {
    const repo = newRepo();
    const svc = await service();
    const url = `${svc.url}/health`;
    await svc.stop();
    const res = await run(repo, {
      command: 'true',
      'health-urls': url,
      interval: '1s',
      'consecutive-error-limit': '1',
      duration: '1m',
    });
    expect(res.code, res.stdout).toBe(1);
    expect(res.outputs).toMatchObject({ healthy: 'false', verdict: 'Error' });
    expect(res.outputs['failure-reason']).toMatch(
      /2 probe errors in a row, more than consecutive-error-limit 1.*connection refused/,
    );
    expect(states(repo, res.outputs['deployment-id']!)).toEqual(['in_progress', 'failure']);
  });

  it('the deploy command exits 1: deployment failure, no verification', async () => {
    const repo = newRepo();
    const svc = await service();
    const res = await run(repo, {
      command: 'echo "migrating"; echo "migration 42 failed: lock timeout" >&2; exit 1',
      'health-urls': `${svc.url}/health`,
      interval: '1s',
    });
    expect(res.code).toBe(1);
    expect(res.outputs).toMatchObject({
      healthy: 'false',
      verdict: 'NotVerified',
      measurements: '',
    });
    expect(res.outputs['failure-reason']).toBe(
      'the deploy command exited with code 1: migration 42 failed: lock timeout',
    );
    expect(states(repo, res.outputs['deployment-id']!)).toEqual(['in_progress', 'failure']);
    expect(svc.count('/health')).toBe(0);
    expect(res.summary).toContain('Health was not verified');
    expect(res.summary).toContain('migration 42 failed');
  });

  it('the deploy command hangs: killed with its children at command-timeout, deployment error', async () => {
    const repo = newRepo();
    const marker = `dwh-hang-${randomUUID()}`;
    const res = await run(repo, {
      command: `(exec -a ${marker}-child sleep 300) & exec -a ${marker} sleep 300`,
      'command-timeout': '2s',
      'health-urls': 'http://127.0.0.1:9/health',
    });
    // The action ended it (an exit code), not the harness's own limit (a SIGKILL).
    expect(res.signal).toBeNull();
    expect(res.code).toBe(1);
    expect(res.outputs).toMatchObject({ healthy: 'false', verdict: 'NotVerified' });
    expect(res.outputs['failure-reason']).toContain('did not finish within 2s (command-timeout)');
    expect(states(repo, res.outputs['deployment-id']!)).toEqual(['in_progress', 'error']);
    expect(await alive(marker)).toEqual([]);
  });

  it('SIGTERM to the action mid-deploy: the command tree is killed and the deployment marked error', async () => {
    const repo = newRepo();
    const marker = `dwh-cancel-${randomUUID()}`;
    const dir = tmp();
    const started = join(dir, 'started');
    const running = startAction(
      NAME,
      runOptions(repo, {
        command: `touch '${started}'; (exec -a ${marker}-child sleep 300) & exec -a ${marker} sleep 300`,
        'health-urls': 'http://127.0.0.1:9/health',
      }),
    );
    await until(() => existsSync(started));
    await until(async () => (await alive(marker)).length === 2);
    running.child.kill('SIGTERM');
    const res = await running.result;
    expect(res.code).toBe(1);
    expect(res.outputs).toMatchObject({ healthy: 'false', verdict: 'NotVerified' });
    expect(res.outputs['failure-reason']).toContain('cancelled');
    const id = res.outputs['deployment-id']!;
    expect(states(repo, id)).toEqual(['in_progress', 'error']);
    expect(await alive(marker)).toEqual([]);
  });

  it('SIGTERM during verification: the window stops, the deployment is marked error', async () => {
    const repo = newRepo();
    const svc = await service();
    const running = startAction(
      NAME,
      runOptions(repo, {
        command: 'true',
        'health-urls': `${svc.url}/health`,
        interval: '1s',
        duration: '2m',
      }),
    );
    await svc.waitForHits('/health', 2);
    running.child.kill('SIGTERM');
    const res = await running.result;
    expect(res.code).toBe(1);
    expect(res.outputs).toMatchObject({ healthy: 'false', verdict: 'Error' });
    expect(res.outputs['failure-reason']).toBe(
      'Error: verification cancelled (cancelled by SIGTERM)',
    );
    expect(JSON.parse(res.outputs.measurements!)).toMatchObject({ cancelled: true });
    expect(states(repo, res.outputs['deployment-id']!)).toEqual(['in_progress', 'error']);
  });

  it('an explicit version whose tag points elsewhere: deployed and healthy, the tag left alone with a warning', async () => {
    const repo = newRepo();
    repo.refs.set('tags/v2.3.5', fakeSha('someone-else'));
    const svc = await service();
    const res = await run(repo, {
      command: 'true',
      version: '2.3.5',
      'health-urls': `${svc.url}/health`,
      interval: '1s',
      duration: '0s',
    });
    expect(res.code, res.stdout).toBe(0);
    expect(res.outputs).toMatchObject({ healthy: 'true', version: 'v2.3.5' });
    expect(repo.refs.get('tags/v2.3.5')).toBe(fakeSha('someone-else'));
    expect(res.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining('Tag v2.3.5 already points at'),
      }),
    );
    expect(await contractViolations(requestsFor(repo))).toEqual([]);
  });

  it('version auto with tags v1.2.3 and v1.10.0: deploys v1.10.1 and tags it on the sha once healthy', async () => {
    const repo = newRepo();
    repo.refs.set('tags/v1.2.3', fakeSha('a'));
    repo.refs.set('tags/v1.10.0', fakeSha('b'));
    repo.refs.set('tags/v2.0.0-rc.1', fakeSha('c'));
    repo.refs.set('tags/nightly', fakeSha('d'));
    const svc = await service();
    const dir = tmp();
    const out = join(dir, 'version');
    const res = await run(repo, {
      command: `printf %s "$DEPLOY_VERSION" > '${out}'`,
      version: 'auto',
      'health-urls': `${svc.url}/health`,
      interval: '1s',
      duration: '1s',
    });
    expect(res.code, res.stdout).toBe(0);
    expect(res.outputs).toMatchObject({ healthy: 'true', version: 'v1.10.1' });
    expect(readFileSync(out, 'utf8')).toBe('v1.10.1');
    const d = repo.deployments.find((x) => x.id === Number(res.outputs['deployment-id']))!;
    expect(d.payload).toMatchObject({ version: 'v1.10.1' });
    // An annotated tag: the ref points at a tag object, which points at the deployed commit.
    const tagObject = repo.refs.get('tags/v1.10.1')!;
    expect(repo.tagObjects.get(tagObject)).toMatchObject({
      tag: 'v1.10.1',
      object: { type: 'commit', sha: SHA },
    });
    expect(res.summary).toContain('tag v1.10.1 created');
    expect(await contractViolations(requestsFor(repo))).toEqual([]);
  });

  it('version auto does not tag an unhealthy deploy', async () => {
    const repo = newRepo();
    repo.refs.set('tags/v3.1.4', fakeSha('e'));
    const svc = await service();
    svc.set({ health: 500 });
    const res = await run(repo, {
      command: 'true',
      version: 'auto',
      'health-urls': `${svc.url}/health`,
      interval: '1s',
    });
    expect(res.code).toBe(1);
    expect(res.outputs).toMatchObject({ healthy: 'false', verdict: 'Failed', version: 'v3.1.5' });
    expect(repo.refs.has('tags/v3.1.5')).toBe(false);
  });

  it('bad inputs fail before anything changes, naming the input, the value and what was expected', async () => {
    const repo = newRepo();
    const cases: [Record<string, string>, string][] = [
      [
        { 'health-urls': 'https://api.example.com/health stauts=200' },
        'input "health-urls": "https://api.example.com/health stauts=200" is not a health check like',
      ],
      [{ 'health-urls': 'api.example.com/health' }, 'is not an http(s) URL'],
      [{ 'prometheus-queries': 'error-rate: sum(rate(x[1m]))' }, 'input "prometheus-queries"'],
      [{ 'prometheus-queries': 'error-rate: up < 1' }, 'input "prometheus-url" is required'],
      [
        { version: 'latest' },
        'input "version": "latest" is not none, auto, or a version like v1.2.3',
      ],
      [{ interval: 'often' }, 'input "interval": "often" is not a duration like 30s, 5m or 1h'],
      [{ 'inconclusive-limit': '-1' }, 'input "inconclusive-limit"'],
      [{ 'dry-run': 'nope' }, 'input "dry-run": "nope" is not the name of a check'],
      // Canary and blue-green: nothing runs when the strategy's inputs are wrong.
      [
        { strategy: 'canary', steps: '10%, 50%, 25%', 'abort-command': 'touch aborted' },
        'input "steps"',
      ],
      [
        { strategy: 'canary', steps: '10%, 150%', 'abort-command': 'touch aborted' },
        'step 2 sends 150%, not 1 to 100',
      ],
      [{ strategy: 'canary', steps: '10%, 100%' }, 'input "abort-command" is required'],
      [{ strategy: 'blue-green' }, 'input "promote-command" is required'],
      [
        { strategy: 'rolling' },
        'input "strategy": "rolling" is not one of: direct, canary, blue-green',
      ],
    ];
    const results = await Promise.all(
      cases.map(([inputs]) => run(repo, { command: 'touch should-not-run', ...inputs })),
    );
    results.forEach((res, i) => {
      const [inputs, message] = cases[i]!;
      expect(res.code, JSON.stringify(inputs)).toBe(1);
      expect(res.annotations.find((a) => a.level === 'error')?.message).toContain(message);
    });
    expect(repo.deployments).toEqual([]);
    expect(requestsFor(repo).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('no checks is Inconclusive, which fails by default; with inconclusive: pass and no token it deploys unrecorded', async () => {
    const repo = newRepo();
    const strict = await run(repo, { command: 'true' });
    expect(strict.code).toBe(1);
    expect(strict.outputs).toMatchObject({ healthy: 'false', verdict: 'Inconclusive' });
    expect(strict.outputs['failure-reason']).toContain('no health checks configured');
    expect(states(repo, strict.outputs['deployment-id']!)).toEqual(['in_progress', 'failure']);

    const lenient = await run(repo, {
      command: 'echo "sha $DEPLOY_SHA"',
      inconclusive: 'pass',
      'github-token': '',
    });
    expect(lenient.code, lenient.stdout).toBe(0);
    expect(lenient.outputs).toMatchObject({
      healthy: 'true',
      verdict: 'Inconclusive',
      'deployment-id': '',
      sha: SHA,
    });
    expect(lenient.stdout).toContain(`sha ${SHA}`);
    expect(lenient.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining('No github-token'),
      }),
    );
    expect(repo.deployments).toHaveLength(1);
  });

  it('command-env: the credentials reach the command only, masked, and nowhere else', async () => {
    const repo = newRepo();
    const secret = `tok-${randomUUID()}`;
    const dir = tmp();
    const res = await run(repo, {
      command: `printf '%s' "$CLOUD_TOKEN" > ${dir}/seen; printf '%s' "\${OTHER:-unset}" >> ${dir}/seen`,
      'command-env': `CLOUD_TOKEN=${secret}\nREGION=eu-west-1`,
      inconclusive: 'pass',
    });
    expect(res.code, res.stdout).toBe(0);
    expect(readFileSync(join(dir, 'seen'), 'utf8')).toBe(`${secret}unset`);
    expect(res.masks).toContain(secret);
    const everywhere = [res.log, res.stderr, res.summary, JSON.stringify(res.outputs)];
    for (const text of everywhere) expect(text).not.toContain(secret);
    const bad = await run(repo, {
      command: 'true',
      'command-env': `OK=1\nthis ${secret} is not a pair`,
    });
    expect(bad.code).toBe(1);
    expect(bad.annotations[0]?.message).toBe(
      'input "command-env" (value hidden): line 2 is not NAME=value (a name of letters, digits and _)',
    );
    expect(bad.log).not.toContain(secret);
  });

  it('command-env X=true beside a credential: healthy stays true, the credential is masked, X is named in a warning', async () => {
    const repo = newRepo();
    const secret = `tok-${randomUUID()}`;
    const res = await run(repo, {
      command: 'echo "token $CLOUD_TOKEN, flag $X"',
      'command-env': `X=true\nCLOUD_TOKEN=${secret}`,
      inconclusive: 'pass',
    });
    expect(res.code, res.stdout).toBe(0);
    expect(res.outputs).toMatchObject({ healthy: 'true', aborted: 'false' });
    expect(res.masks).toContain(secret);
    expect(res.masks).not.toContain('true');
    expect(res.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringMatching(/^input "command-env": not masked: the value of X\. /),
      }),
    );
    for (const text of [res.log, res.summary, JSON.stringify(res.outputs)])
      expect(text).not.toContain(secret);
    expect(res.log).toContain('flag true');
  });

  it('takes the window from the policy file, and closes a deployment an earlier attempt left in progress', async () => {
    const repo = newRepo();
    fake.state.setFile(
      repo,
      SHA,
      '.github/hotfix.yml',
      'health:\n  interval: 1s\n  duration: 1s\n  failure-limit: 2\n',
    );
    const svc = await service();
    // Attempt 1 of this run died mid-deploy (runner lost): its deployment is still in progress.
    repo.deployments.push({
      ...seedGoodDeployment(repo),
      id: 900 + repos,
      sha: SHA,
      ref: SHA,
      payload: { 'run-id': '4242' },
      statuses: [],
    });
    const stale = repo.deployments.at(-1)!;
    const res = await run(repo, { command: 'true', 'health-urls': `${svc.url}/health` });
    expect(res.code, res.stdout).toBe(0);
    const m = JSON.parse(res.outputs.measurements!) as MeasurementsReport;
    expect(m.settings).toMatchObject({ interval: '1s', duration: '1s', failureLimit: 2 });
    expect(states(repo, stale.id)).toEqual(['error']);
    expect(res.outputs['deployment-id']).not.toBe(String(stale.id));
    expect(states(repo, res.outputs['deployment-id']!)).toEqual(['in_progress', 'success']);
  });
});
