// auto-rollback's core flow in process: rollBack() over the in-memory ports, with a real bash
// rollback command and no health checks (inconclusive: pass) unless a test needs a verdict.
// The bundle, end to end against the fake GitHub API and real git, is
// test/actions/auto-rollback.test.ts (the revert strategy is tested there).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rollBack } from '../../src/auto-rollback/rollback.ts';
import type { RollbackRequest } from '../../src/auto-rollback/inputs.ts';
import { FakePorts, sha } from './fakes/ports.ts';
import {
  captureLog,
  healthEndpoint,
  noChecks,
  runContext,
  type HealthEndpoint,
} from './fakes/run.ts';

const ctx = runContext();
const TOKEN = 'not-used-without-the-revert-strategy';
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

function request(over: Partial<RollbackRequest> = {}): RollbackRequest {
  return {
    environment: 'production',
    strategy: 'redeploy',
    command: 'true',
    commandTimeoutMs: 10_000,
    commandEnv: {},
    target: { kind: 'previous' },
    reason: '',
    revertMode: 'pull-request',
    productionBranch: 'main',
    allowAnyRef: false,
    health: noChecks('pass'),
    ...over,
  };
}

/** v1.0.0 and v1.1.0 verified healthy, then v1.2.0 failed: what production looks like after a bad deploy. */
function afterBadDeploy() {
  const gh = new FakePorts();
  const states = ['in_progress', 'success'] as const;
  const v100 = gh.seed({
    sha: sha('a'),
    ref: 'v1.0.0',
    payload: { version: 'v1.0.0' },
    states: [...states],
  });
  const v110 = gh.seed({
    sha: sha('b'),
    ref: 'v1.1.0',
    payload: { version: 'v1.1.0' },
    states: [...states],
  });
  const bad = gh.seed({
    sha: sha('c'),
    ref: 'v1.2.0',
    payload: { version: 'v1.2.0' },
    states: ['in_progress', 'failure'],
    description: 'Failed: 503 on /health',
  });
  for (const [tag, s] of [
    ['v1.0.0', 'a'],
    ['v1.1.0', 'b'],
    ['v1.2.0', 'c'],
  ] as const)
    gh.refs.set(tag, sha(s));
  return { gh, v100, v110, bad };
}

describe('rollBack', () => {
  it('goes back to the last good deployment, proves it healthy, and retires the failed one', async () => {
    const { gh, v100, v110, bad } = afterBadDeploy();
    const out = await rollBack(
      // The tag still names the target's commit: the command gets it as DEPLOY_REF.
      request({ command: 'test "$DEPLOY_REF" = v1.1.0 && test "$DEPLOY_VERSION" = v1.1.0' }),
      ctx,
      gh.rollbackPorts(),
      TOKEN,
    );
    expect(out).toMatchObject({
      kind: 'rolled-back',
      rolledBack: true,
      healthy: true,
      escalate: false,
      reason: 'Failed: 503 on /health',
      target: { sha: sha('b'), ref: 'v1.1.0', version: 'v1.1.0' },
    });
    expect(out.failed?.id).toBe(bad.id);
    expect(out.fallback?.id).toBe(v100.id);
    const rollback = gh.deployment(out.run!.deployment!.id);
    expect(rollback).toMatchObject({
      ref: 'v1.1.0',
      sha: sha('b'),
      payload: { 'rollback-of': bad.id, version: 'v1.1.0', strategy: 'redeploy' },
      description: `Roll back production to v1.1.0 (from deployment ${bad.id})`,
    });
    expect(gh.states(rollback.id)).toEqual(['in_progress', 'success']);
    expect(gh.states(bad.id)).toEqual(['in_progress', 'failure', 'inactive']);
    expect(gh.states(v110.id)).toEqual(['in_progress', 'success']);
    // The failed one is retired only after the rollback is proven healthy.
    expect(gh.writes().map((c) => [c.method, c.method === 'create' ? '' : c.args[0]])).toEqual([
      ['create', ''],
      ['setStatus', rollback.id],
      ['setStatus', rollback.id],
      ['setStatus', bad.id],
    ]);
    expect(out.message).toBe(
      `Rolled back production from v1.2.0 to v1.1.0 (deployment ${rollback.id}), verified healthy.`,
    );
  });

  it('run again after that: already rolled back, nothing written', async () => {
    const { gh, v110, bad } = afterBadDeploy();
    const done = gh.seed({
      sha: sha('b'),
      ref: 'v1.1.0',
      payload: { version: 'v1.1.0', 'rollback-of': bad.id },
      states: ['in_progress', 'success'],
    });
    const before = gh.calls.length;
    const out = await rollBack(request({ command: 'exit 9' }), ctx, gh.rollbackPorts(), TOKEN);
    expect(out).toMatchObject({
      kind: 'already-rolled-back',
      rolledBack: true,
      healthy: true,
      escalate: false,
    });
    expect(out.existing?.id).toBe(done.id);
    expect(out.failed?.id).toBe(bad.id);
    expect(out.target?.sha).toBe(v110.sha);
    expect(gh.calls.slice(before).map((c) => c.method)).toEqual(['history']);
    expect(log.text()).toContain('::notice title=Already rolled back::');
  });

  it('a failed deployment something newer replaced is superseded: nothing rolled back', async () => {
    const { gh, bad } = afterBadDeploy();
    const newer = gh.seed({ sha: sha('d'), ref: 'v1.2.1', states: ['in_progress'] });
    const out = await rollBack(
      request({ failedDeploymentId: bad.id, command: 'exit 9' }),
      ctx,
      gh.rollbackPorts(),
      TOKEN,
    );
    expect(out).toMatchObject({ kind: 'superseded', rolledBack: false, escalate: false });
    expect(out.existing?.id).toBe(newer.id);
    expect(out.message).toContain(`deployment ${newer.id} (v1.2.1, in_progress) came after it`);
    expect(gh.writes()).toEqual([]);
  });

  it('no deployments at all: impossible, escalate, nothing written', async () => {
    const gh = new FakePorts();
    const out = await rollBack(request(), ctx, gh.rollbackPorts(), TOKEN);
    expect(out).toMatchObject({
      kind: 'impossible',
      escalate: true,
      rolledBack: false,
      message: 'No deployments of production in acme/shop: nothing to roll back.',
    });
    expect(out.failureReason).toContain('Check the environment name');
    expect(gh.writes()).toEqual([]);
  });

  it('no good deployment before the failed one: impossible, with what to pass', async () => {
    const gh = new FakePorts();
    gh.seed({ sha: sha('c'), states: ['in_progress', 'failure'] });
    const out = await rollBack(request(), ctx, gh.rollbackPorts(), TOKEN);
    expect(out).toMatchObject({ kind: 'impossible', escalate: true });
    expect(out.failureReason).toContain('Pass target:');
    expect(gh.writes()).toEqual([]);
  });

  it('a target given by name is resolved; one GitHub does not know is an input error', async () => {
    const { gh, bad } = afterBadDeploy();
    const out = await rollBack(
      request({ target: { kind: 'ref', ref: 'v1.0.0' } }),
      ctx,
      gh.rollbackPorts(),
      TOKEN,
    );
    expect(out).toMatchObject({
      kind: 'rolled-back',
      target: { ref: 'v1.0.0', sha: sha('a'), how: 'given as target' },
    });
    expect(out.failed?.id).toBe(bad.id);
    await expect(
      rollBack(request({ target: { kind: 'ref', ref: 'v0.9.9' } }), ctx, gh.rollbackPorts(), TOKEN),
    ).rejects.toThrow(/target.*v0\.9\.9.*a branch, tag or commit of acme\/shop/);
  });

  it('a target never deployed healthy is refused before anything changes, unless a release tag or the policy allows any ref (attack: dispatch an unreviewed branch)', async () => {
    const { gh } = afterBadDeploy();
    gh.refs.set('feature/unreviewed', sha('f'));
    const refused = rollBack(
      request({ target: { kind: 'ref', ref: 'feature/unreviewed' } }),
      ctx,
      gh.rollbackPorts(),
      TOKEN,
    );
    await expect(refused).rejects.toThrow(
      /input "target": "feature\/unreviewed" is not a commit deployed to production and verified healthy before, or a release tag like v1\.4\.0: ffffffffffff never was/,
    );
    expect(gh.writes()).toEqual([]);

    // An older deployment of the commit, beyond the recent history, counts too.
    const tagged = afterBadDeploy().gh;
    tagged.refs.set('v0.9.0', sha('9'));
    tagged.tagMap.set('v0.9.0', sha('9'));
    const toTag = await rollBack(
      request({ target: { kind: 'ref', ref: 'v0.9.0' } }),
      ctx,
      tagged.rollbackPorts(),
      TOKEN,
    );
    expect(toTag).toMatchObject({ kind: 'rolled-back', target: { sha: sha('9') } });

    const any = afterBadDeploy().gh;
    any.refs.set('feature/unreviewed', sha('f'));
    const allowed = await rollBack(
      request({ target: { kind: 'ref', ref: 'feature/unreviewed' }, allowAnyRef: true }),
      ctx,
      any.rollbackPorts(),
      TOKEN,
    );
    expect(allowed).toMatchObject({ kind: 'rolled-back', target: { sha: sha('f') } });
  });

  it('the rollback command fails: escalate; the rollback deployment is a failure, the failed one left as it was', async () => {
    const { gh, bad } = afterBadDeploy();
    const out = await rollBack(
      request({ strategy: 'command', command: 'echo "kubectl: forbidden" >&2; exit 1' }),
      ctx,
      gh.rollbackPorts(),
      TOKEN,
    );
    expect(out).toMatchObject({
      kind: 'failed',
      escalate: true,
      rolledBack: false,
      healthy: false,
    });
    expect(out.failureReason).toBe('the rollback command exited with code 1: kubectl: forbidden');
    expect(gh.states(out.run!.deployment!.id)).toEqual(['in_progress', 'failure']);
    expect(gh.states(bad.id)).toEqual(['in_progress', 'failure']);
  });

  it('health still bad after the rollback: escalate, rollback deployment failure', async () => {
    const { gh, bad } = afterBadDeploy();
    endpoint = await healthEndpoint();
    endpoint.status = 503;
    const out = await rollBack(request({ health: endpoint.plan }), ctx, gh.rollbackPorts(), TOKEN);
    expect(out).toMatchObject({ kind: 'failed', escalate: true, healthy: false });
    expect(out.message).toMatch(
      /^The rollback of production to v1\.1\.0 did not restore health: Failed: /,
    );
    expect(gh.states(out.run!.deployment!.id)).toEqual(['in_progress', 'failure']);
    expect(gh.states(bad.id)).toEqual(['in_progress', 'failure']);
  });

  it('a fault mid-way marks the rollback deployment error and escalates with what is known', async () => {
    const { gh, bad } = afterBadDeploy();
    gh.failWhen(
      (c) => c.method === 'setStatus' && (c.args[1] as { state: string }).state === 'in_progress',
    );
    const out = await rollBack(request(), ctx, gh.rollbackPorts(), TOKEN);
    expect(out).toMatchObject({
      kind: 'failed',
      escalate: true,
      rolledBack: false,
      failureReason: 'The rollback stopped on an error: GitHub answered 502',
      message: 'The rollback of production to v1.1.0 stopped on an error: GitHub answered 502',
    });
    const rollback = gh.all().find((d) => d.payload['rollback-of'] === bad.id)!;
    expect(gh.states(rollback.id)).toEqual(['error']);
    expect(rollback.statuses[0]!.description).toBe('Stopped by an error: GitHub answered 502');
  });

  it('an earlier rollback left unfinished is closed as error, then this run rolls back', async () => {
    const { gh, bad } = afterBadDeploy();
    const stale = gh.seed({
      sha: sha('b'),
      payload: { 'rollback-of': bad.id },
      states: ['in_progress'],
    });
    const out = await rollBack(request(), { ...ctx, runAttempt: '2' }, gh.rollbackPorts(), TOKEN);
    expect(out.kind).toBe('rolled-back');
    expect(gh.states(stale.id)).toEqual(['in_progress', 'error']);
    expect(out.notes).toContain(
      `Rollback deployment ${stale.id}, left unfinished by an earlier run, was marked error.`,
    );
    // Closed first, then the new deployment: never two rollbacks in progress at once.
    expect(gh.writes()[0]).toMatchObject({
      method: 'setStatus',
      args: [stale.id, { state: 'error' }],
    });
    expect(gh.writes()[1]).toMatchObject({ method: 'create' });
  });
});
