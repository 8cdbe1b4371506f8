// deploy-with-healthcheck's core flow in process: deploy() over the in-memory ports, with a
// real bash command and a real local health endpoint (or none, with inconclusive: pass).
// The bundle, end to end against the fake GitHub API, is test/actions/deploy-with-healthcheck.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deploy, type DeployRequest } from '../../src/deploy-with-healthcheck/deploy.ts';
import { createVersionTag } from '../../src/deploy-with-healthcheck/version.ts';
import { summaryOf } from '../../src/deploy-with-healthcheck/report.ts';
import { strategyPlan } from '../../src/shared/deploy/strategy.ts';
import { FakePorts, sha } from './fakes/ports.ts';
import {
  captureLog,
  healthEndpoint,
  noChecks,
  runContext,
  type HealthEndpoint,
} from './fakes/run.ts';

const ctx = runContext();
let log: ReturnType<typeof captureLog>;
let endpoint: HealthEndpoint | undefined;

beforeEach(() => {
  log = captureLog();
});
afterEach(async () => {
  log.restore();
  await endpoint?.close();
  endpoint = undefined;
});

function request(over: Partial<DeployRequest> = {}): DeployRequest {
  return {
    environment: 'production',
    command: 'true',
    ref: sha('b'),
    commandTimeoutMs: 10_000,
    commandEnv: {},
    version: { kind: 'none' },
    health: noChecks('pass'),
    ...over,
  };
}

/** The record before the deploy: v1.0.0 (sha a) verified healthy, then one that failed. */
function withHistory(): { gh: FakePorts; good: number } {
  const gh = new FakePorts();
  const good = gh.seed({
    sha: sha('a'),
    ref: 'v1.0.0',
    payload: { version: 'v1.0.0' },
    states: ['in_progress', 'success'],
  }).id;
  gh.seed({ sha: sha('9'), states: ['in_progress', 'failure'] });
  return { gh, good };
}

describe('deploy', () => {
  it('healthy: one deployment in_progress then success with the URL, the version tagged, the last good named', async () => {
    const { gh, good } = withHistory();
    gh.pullsOfCommit.set(sha('b'), [
      {
        number: 7,
        title: 'Fix checkout',
        merged_at: '2026-11-24T09:00:00Z',
        labels: [{ name: 'severity:P1' }],
      },
    ]);
    endpoint = await healthEndpoint();
    const out = await deploy(
      request({
        version: { kind: 'explicit', version: 'v1.0.1' },
        environmentUrl: 'https://shop.example',
        health: endpoint.plan,
        // What the command is told is data in its environment: check it from inside.
        command: 'test "$DEPLOY_SHA" = "$WANT_SHA" && test "$DEPLOY_VERSION" = v1.0.1',
        commandEnv: { WANT_SHA: sha('b') },
      }),
      ctx,
      gh.deployPorts(),
    );

    expect(out).toMatchObject({
      healthy: true,
      verdict: 'Successful',
      recorded: true,
      sha: sha('b'),
    });
    expect(out.previous?.id).toBe(good);
    expect(out.pr).toEqual({ number: 7, title: 'Fix checkout', severity: 'P1' });
    const d = gh.deployment(out.deploymentId!);
    expect(d).toMatchObject({
      ref: sha('b'),
      description: 'Deploy v1.0.1 to production (PR #7)',
      payload: { version: 'v1.0.1', pr: 7, severity: 'P1', 'run-id': '4242', 'run-attempt': '1' },
    });
    expect(gh.states(d.id)).toEqual(['in_progress', 'success']);
    expect(d.statuses[0]).toMatchObject({
      environmentUrl: 'https://shop.example',
      logUrl: ctx.runUrl,
      description: expect.stringMatching(/^Healthy: /),
    });
    expect(out.tag).toEqual({ status: 'created', tag: 'v1.0.1' });
    expect(gh.tagMap.get('v1.0.1')).toBe(sha('b'));
  });

  it('version auto: the next patch after the highest semver tag, tagged once healthy', async () => {
    const gh = new FakePorts();
    for (const t of ['v1.2.3', 'v1.10.0', 'nightly']) gh.tagMap.set(t, sha('0'));
    const out = await deploy(request({ version: { kind: 'auto' } }), ctx, gh.deployPorts());
    expect(out).toMatchObject({ version: 'v1.10.1', versionNote: 'next patch after v1.10.0' });
    expect(gh.tagMap.get('v1.10.1')).toBe(sha('b'));
  });

  it('the command fails: failure status, no verification, no tag', async () => {
    const { gh } = withHistory();
    const out = await deploy(
      request({
        command: 'echo "cannot reach the cluster" >&2; exit 3',
        version: { kind: 'explicit', version: 'v1.0.1' },
      }),
      ctx,
      gh.deployPorts(),
    );
    expect(out).toMatchObject({ healthy: false, verdict: 'NotVerified' });
    expect(out.failureReason).toBe(
      'the deploy command exited with code 3: cannot reach the cluster',
    );
    expect(out.run?.verification).toBeUndefined();
    expect(gh.states(out.deploymentId!)).toEqual(['in_progress', 'failure']);
    expect(gh.deployment(out.deploymentId!).statuses[0]!.description).toBe(out.failureReason);
    expect(out.tag).toBeUndefined();
    expect(gh.tagMap.has('v1.0.1')).toBe(false);
  });

  it('health fails after the command: failure status with the verdict', async () => {
    const { gh } = withHistory();
    endpoint = await healthEndpoint();
    endpoint.status = 503;
    const out = await deploy(request({ health: endpoint.plan }), ctx, gh.deployPorts());
    expect(out).toMatchObject({ healthy: false, verdict: 'Failed' });
    expect(gh.states(out.deploymentId!)).toEqual(['in_progress', 'failure']);
    expect(out.failureReason).toMatch(/^Failed: /);
  });

  it('a re-run of an attempt that succeeded does nothing: no deployment, no command', async () => {
    const { gh, good } = withHistory();
    const earlier = gh.seed({
      sha: sha('b'),
      payload: { version: 'v1.0.1', 'run-id': ctx.runId },
      states: ['in_progress', 'success'],
    });
    const out = await deploy(
      request({ command: 'exit 9' }),
      { ...ctx, runAttempt: '2' },
      gh.deployPorts(),
    );
    expect(out).toMatchObject({
      healthy: true,
      verdict: 'Successful',
      deploymentId: earlier.id,
      version: 'v1.0.1',
      versionNote: 'from the earlier attempt',
    });
    expect(out.alreadyDone?.id).toBe(earlier.id);
    expect(out.previous?.id).toBe(good);
    expect(out.run).toBeUndefined();
    expect(gh.writes()).toEqual([]);
    expect(log.text()).toContain('::notice title=Already deployed::');
  });

  it('an attempt left unfinished is closed as error before the new deployment', async () => {
    const gh = new FakePorts();
    const stale = gh.seed({
      sha: sha('b'),
      payload: { 'run-id': ctx.runId },
      states: ['in_progress'],
    });
    const out = await deploy(request(), { ...ctx, runAttempt: '2' }, gh.deployPorts());
    expect(gh.states(stale.id)).toEqual(['in_progress', 'error']);
    expect(gh.deployment(stale.id).statuses[0]!.description).toBe(
      'Abandoned: run attempt 2 deploys again',
    );
    expect(out.deploymentId).toBeGreaterThan(stale.id);
    expect(gh.writes().map((c) => c.method)).toEqual([
      'setStatus',
      'create',
      'setStatus',
      'setStatus',
    ]);
  });

  it('a fault mid-way (the in_progress write fails) marks the deployment error and throws', async () => {
    const gh = new FakePorts();
    gh.failWhen(
      (c) => c.method === 'setStatus' && (c.args[1] as { state: string }).state === 'in_progress',
    );
    await expect(deploy(request(), ctx, gh.deployPorts())).rejects.toThrow('GitHub answered 502');
    const [d] = gh.all();
    expect(gh.states(d!.id)).toEqual(['error']);
    expect(d!.statuses[0]!.description).toBe('Stopped by an error: GitHub answered 502');
  });

  it("canary: GitHub refusing step 2's in_progress status is a warning; the rollout goes on to a final status", async () => {
    const gh = new FakePorts();
    let inProgress = 0;
    gh.failWhen(
      (c) =>
        c.method === 'setStatus' &&
        (c.args[1] as { state: string }).state === 'in_progress' &&
        ++inProgress === 2,
    );
    const strategy = strategyPlan({
      strategy: 'canary',
      steps: '10%, 25%, 100%',
      'abort-command': 'true',
      'promote-command': '',
    });
    const out = await deploy(request({ strategy }), ctx, gh.deployPorts());
    expect(out).toMatchObject({ healthy: true, verdict: 'Inconclusive' });
    expect(out.run?.progressive).toMatchObject({ completedSteps: 3, weight: 100, aborted: false });
    expect(gh.states(out.deploymentId!)).toEqual(['in_progress', 'in_progress', 'success']);
    // %25: the runner's escaping of % in a workflow command.
    expect(log.text()).toContain(
      '::warning::Could not record "step 2/3: 25%25" on deployment 1001: GitHub answered 502; the rollout goes on',
    );
  });

  it("canary: a step whose command failed gives the command's reason in the steps table, whole", async () => {
    const gh = new FakePorts();
    const strategy = strategyPlan({
      strategy: 'canary',
      steps: '50%, 100%',
      'abort-command': 'true',
      'promote-command': '',
    });
    const out = await deploy(
      request({ strategy, command: 'echo boom; exit 1' }),
      ctx,
      gh.deployPorts(),
    );
    expect(out.healthy).toBe(false);
    const row = summaryOf(out)
      .split('\n')
      .find((l) => l.startsWith('| ❌ 1/2 |'));
    expect(row).toMatch(/\| the deploy command \(step 1\/2, 50%\) exited with code 1: boom \|$/);
  });

  it.each([
    ['success', 'true'],
    ['failure', 'false'],
  ])(
    'GitHub refusing the final %s status is a warning: the verdict and the outcome stand',
    async (state, healthy) => {
      const gh = new FakePorts();
      gh.failWhen(
        (c) => c.method === 'setStatus' && (c.args[1] as { state: string }).state === state,
      );
      const health = healthy === 'true' ? undefined : noChecks('fail');
      const out = await deploy(request(health ? { health } : {}), ctx, gh.deployPorts());
      expect(out.healthy).toBe(healthy === 'true');
      expect(out.verdict).toBe('Inconclusive');
      expect(gh.states(out.deploymentId!)).toEqual(['in_progress']);
      expect(log.text()).toContain(
        `::warning::Could not record the final status (${state}) on deployment ${out.deploymentId}: GitHub answered 502. The verdict stands (Inconclusive)`,
      );
    },
  );

  it('without ports (no token) it deploys unrecorded; no checks passes with inconclusive: pass', async () => {
    const out = await deploy(request(), ctx, undefined);
    expect(out).toMatchObject({
      healthy: true,
      verdict: 'Inconclusive',
      recorded: false,
      sha: sha('b'),
    });
    expect(out.deploymentId).toBeUndefined();
  });

  it('no checks fails with inconclusive: fail', async () => {
    const gh = new FakePorts();
    const out = await deploy(request({ health: noChecks('fail') }), ctx, gh.deployPorts());
    expect(out).toMatchObject({ healthy: false, verdict: 'Inconclusive' });
    expect(gh.states(out.deploymentId!)).toEqual(['in_progress', 'failure']);
  });
});

describe('createVersionTag', () => {
  const t = { tag: 'v1.0.1', sha: sha('b'), message: 'v1.0.1' };

  it('leaves a tag on the sha as it is, and never moves one on another commit', async () => {
    const gh = new FakePorts();
    gh.tagMap.set('v1.0.1', sha('b'));
    expect(await createVersionTag(gh.tags, t)).toEqual({ status: 'exists', tag: 'v1.0.1' });
    gh.tagMap.set('v1.0.1', sha('c'));
    expect(await createVersionTag(gh.tags, t)).toEqual({
      status: 'conflict',
      tag: 'v1.0.1',
      sha: sha('c'),
    });
    expect(gh.calls.filter((c) => c.method === 'create')).toEqual([]);
  });

  it('a tag a concurrent run created meanwhile is read back, not an error', async () => {
    const gh = new FakePorts();
    const { commitOf } = gh.tags;
    let reads = 0;
    // The first read finds nothing; by the create, the other run has made it.
    gh.tags.commitOf = async (tag) => (++reads === 1 ? undefined : commitOf(tag));
    gh.tagMap.set('v1.0.1', sha('b'));
    expect(await createVersionTag(gh.tags, t)).toEqual({ status: 'exists', tag: 'v1.0.1' });
    expect(reads).toBe(2);
  });
});
