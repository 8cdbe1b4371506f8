// auto-rollback through its bundle, run as the runner runs it, against the fake GitHub, with
// real commands (bash), a real HTTP service on 127.0.0.1 whose health and version the
// commands switch, and real git origins for the revert strategy. The failed deploy in the
// first test is made by the deploy-with-healthcheck bundle, as in the pipeline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub } from '../harness/fake-github/server.ts';
import { fakeSha, type DeploymentRecord, type RepoState } from '../harness/fake-github/state.ts';
import { contractViolations } from '../harness/fake-github/contract.ts';
import { runAction, startAction, type RunOptions } from '../harness/run-action.ts';
import { startService, startServiceProcess, type TestService } from '../harness/service.ts';
import { GitOrigin } from '../harness/git-origin.ts';
import type { MeasurementsReport } from '../../src/shared/health/report.ts';

const fake = new FakeGitHub();
beforeAll(() => fake.start());
afterAll(() => fake.stop());
afterAll(() => GitOrigin.removeAll());

const NAME = 'auto-rollback';
const NEW_SHA = fakeSha('failed-commit');
const OLD_SHA = fakeSha('last-good-commit');
const OLDER_SHA = fakeSha('older-good-commit');

let repos = 0;
function newRepo(): RepoState {
  const r = fake.state.addRepo(`acme/store-${++repos}`);
  r.refs.set('heads/main', NEW_SHA);
  return r;
}

function runOptions(
  repo: RepoState,
  inputs: Record<string, string>,
  extra: RunOptions = {},
): RunOptions {
  return {
    repository: `${repo.owner}/${repo.name}`,
    sha: NEW_SHA,
    apiUrl: fake.url,
    token: fake.token,
    inputs: { environment: 'production', ...inputs },
    timeoutMs: 90_000,
    ...extra,
  };
}

const run = (repo: RepoState, inputs: Record<string, string>, extra: RunOptions = {}) =>
  runAction(NAME, runOptions(repo, inputs, extra));

let clock = Date.parse('2026-11-20T10:00:00Z');
/** A deployment as an earlier run recorded it, with its statuses (oldest first). */
function seed(
  repo: RepoState,
  d: {
    sha: string;
    ref: string;
    version?: string;
    states: string[];
    payload?: Record<string, unknown>;
    environment?: string;
  },
): DeploymentRecord {
  const at = () => new Date((clock += 60_000)).toISOString();
  return fake.state.addDeployment(repo, {
    ...d,
    createdAt: at(),
    statuses: d.states.map((state) => ({
      state,
      createdAt: at(),
      ...(state === 'failure'
        ? { description: 'Failed: 2 failed measurements, more than failure-limit 1: 503' }
        : {}),
    })),
  });
}

/** The states of a deployment's statuses, oldest first. */
function states(repo: RepoState, id: number | string): string[] {
  return repo.deployments.find((x) => x.id === Number(id))?.statuses.map((s) => s.state) ?? [];
}

const requestsFor = (repo: RepoState) =>
  fake.requests.filter((r) => r.path.includes(`/${repo.name}/`));
const writesFor = (repo: RepoState) => requestsFor(repo).filter((r) => r.method !== 'GET');

const services: TestService[] = [];
async function service(): Promise<TestService> {
  const s = await startService();
  services.push(s);
  return s;
}
afterAll(() => Promise.all(services.map((s) => s.stop())));

const dirs: string[] = [];
function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rollback-test-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The shell commands in the summary's fenced `sh` blocks, for running them as printed. */
function shBlocks(summary: string): string[] {
  return [...summary.matchAll(/^ *(`{3,})sh\n([\s\S]*?)\n *\1$/gm)].map((m) =>
    m[2]!
      .split('\n')
      .map((l) => l.replace(/^ {3}/, ''))
      .join('\n'),
  );
}

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

describe.concurrent('auto-rollback', { timeout: 120_000 }, () => {
  it('a failed deploy is redeployed back to the previous sha and proven healthy; statuses right; a re-run does nothing', async ({
    onTestFinished,
  }) => {
    const repo = newRepo();
    repo.refs.set('tags/v1.4.0', OLD_SHA);
    const good = seed(repo, {
      sha: OLD_SHA,
      ref: 'v1.4.0',
      version: 'v1.4.0',
      states: ['success'],
    });
    const svc = await startServiceProcess({ version: 'v1.4.0' });
    onTestFinished(() => svc.stop());

    // The hotfix deploy breaks production: deploy-with-healthcheck says Failed.
    const deploy = await runAction('deploy-with-healthcheck', {
      ...runOptions(repo, {
        command: `curl -fsS -o /dev/null -X POST -d '{"health":503,"version":"v1.5.1"}' ${svc.url}/control`,
        version: 'v1.5.1',
        'health-urls': `${svc.url}/health`,
        interval: '1s',
        duration: '30s',
      }),
    });
    expect(deploy.code, deploy.stdout).toBe(1);
    expect(deploy.outputs).toMatchObject({ verdict: 'Failed', 'previous-sha': OLD_SHA });
    const failedId = deploy.outputs['deployment-id']!;

    const dir = tmp();
    const seen = join(dir, 'seen');
    const inputs = {
      'failed-deployment-id': failedId,
      command: [
        `printf '%s %s %s %s' "$DEPLOY_REF" "$DEPLOY_SHA" "$DEPLOY_VERSION" "$DEPLOY_ENVIRONMENT" > '${seen}'`,
        `curl -fsS -o /dev/null -X POST -d "{\\"health\\":200,\\"version\\":\\"$DEPLOY_VERSION\\"}" ${svc.url}/control`,
      ].join('\n'),
      'health-urls': `${svc.url}/health status=200 json:$.version=v1.4.0 name=api`,
      interval: '500ms',
      duration: '500ms',
      'environment-url': 'https://store.example',
    };
    const res = await run(repo, inputs);
    expect(res.code, res.stdout).toBe(0);
    expect(res.outputs).toMatchObject({
      'rolled-back': 'true',
      'target-ref': 'v1.4.0',
      'target-sha': OLD_SHA,
      healthy: 'true',
      escalate: 'false',
      verdict: 'Successful',
      'failed-deployment-id': failedId,
      'failure-reason': '',
    });
    // The reason defaults to what the failed deployment's status said.
    expect(res.outputs.reason).toMatch(/^Failed: .*503/);
    // DEPLOY_REF is the tag the deploy used (it still names that commit), as a script expects.
    expect(readFileSync(seen, 'utf8')).toBe(`v1.4.0 ${OLD_SHA} v1.4.0 production`);

    const rollbackId = res.outputs['deployment-id']!;
    const rollback = repo.deployments.find((d) => d.id === Number(rollbackId))!;
    expect(rollback).toMatchObject({ sha: OLD_SHA, ref: 'v1.4.0', environment: 'production' });
    expect(rollback.payload).toMatchObject({
      'rollback-of': Number(failedId),
      version: 'v1.4.0',
      strategy: 'redeploy',
      'run-id': '4242',
    });
    expect(states(repo, rollbackId)).toEqual(['in_progress', 'success']);
    expect(rollback.statuses.at(-1)!.environmentUrl).toBe('https://store.example');
    // The failed deployment: failure (from the deploy), then inactive once replaced.
    expect(states(repo, failedId)).toEqual(['in_progress', 'failure', 'inactive']);
    expect(
      repo.deployments.find((d) => d.id === Number(failedId))!.statuses.at(-1)!.description,
    ).toBe(`Replaced by rollback deployment ${rollbackId} (v1.4.0)`);
    expect(states(repo, good.id)).toEqual(['success']);

    const m = JSON.parse(res.outputs.measurements!) as MeasurementsReport;
    expect(m.verdict).toBe('Successful');
    expect(m.checks[0]!.series.every((p) => p.phase === 'Successful')).toBe(true);
    expect(res.summary).toContain('## ⏪ Rolled back production to v1.4.0: healthy');
    expect(res.summary).toContain('Health: Successful');
    expect(res.summary).not.toContain('What to do now');
    expect(await contractViolations(requestsFor(repo))).toEqual([]);

    // Again for the same failed deployment: found done in GitHub, nothing run or written.
    rmSync(seen);
    const writes = writesFor(repo).length;
    const hits = await svc.count('/health');
    const again = await run(repo, inputs);
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs).toMatchObject({
      'rolled-back': 'true',
      'deployment-id': rollbackId,
      healthy: 'true',
      escalate: 'false',
      'target-sha': OLD_SHA,
    });
    expect(again.annotations).toContainEqual(
      expect.objectContaining({
        level: 'notice',
        message: expect.stringContaining(`already rolled back by deployment ${rollbackId}`),
      }),
    );
    expect(existsSync(seen)).toBe(false);
    expect(writesFor(repo)).toHaveLength(writes);
    expect(await svc.count('/health')).toBe(hits);
    expect(again.summary).toContain('was already rolled back: nothing to do');
  });

  it('a manual rollback run twice goes back once; only a named target goes further; a moved branch is passed as its sha', async () => {
    const repo = newRepo();
    repo.refs.set('tags/v1.3.0', OLDER_SHA);
    repo.refs.set('heads/release', fakeSha('release-moved-on'));
    seed(repo, {
      sha: OLDER_SHA,
      ref: 'v1.3.0',
      version: 'v1.3.0',
      states: ['success', 'inactive'],
    });
    seed(repo, {
      sha: OLD_SHA,
      ref: 'release',
      version: 'v1.4.0',
      states: ['success', 'inactive'],
    });
    seed(repo, {
      sha: NEW_SHA,
      ref: NEW_SHA,
      version: 'v1.5.0',
      states: ['in_progress', 'failure'],
    });
    const svc = await service();
    const refs = join(tmp(), 'refs');
    const inputs = {
      command: `echo "$DEPLOY_REF" >> '${refs}'`,
      'health-urls': `${svc.url}/health`,
      interval: '100ms',
      duration: '100ms',
    };
    const first = await run(repo, inputs);
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs).toMatchObject({ 'rolled-back': 'true', 'target-sha': OLD_SHA });
    // The branch the good deploy used has moved on: the command gets the commit, not the branch.
    expect(readFileSync(refs, 'utf8')).toBe(`${OLD_SHA}\n`);

    // A re-run, or a second click: production already runs the rollback, nothing more is done.
    const writes = writesFor(repo).length;
    const second = await run(repo, inputs);
    expect(second.code, second.stdout).toBe(0);
    expect(second.outputs).toMatchObject({
      'rolled-back': 'true',
      'target-sha': OLD_SHA,
      'deployment-id': first.outputs['deployment-id'],
    });
    expect(second.annotations).toContainEqual(
      expect.objectContaining({
        message: expect.stringContaining('To go back further, pass target'),
      }),
    );
    expect(writesFor(repo)).toHaveLength(writes);
    expect(readFileSync(refs, 'utf8')).toBe(`${OLD_SHA}\n`);

    // Going further back is a person's explicit choice: the rollback itself is rolled back.
    const third = await run(repo, { ...inputs, target: 'v1.3.0' });
    expect(third.code, third.stdout).toBe(0);
    expect(third.outputs).toMatchObject({
      'rolled-back': 'true',
      'target-sha': OLDER_SHA,
      'failed-deployment-id': first.outputs['deployment-id'],
    });
    expect(readFileSync(refs, 'utf8')).toBe(`${OLD_SHA}\nv1.3.0\n`);
  });

  it('the rollback command fails: escalate, exit 1, the manual steps in the summary run as printed', async () => {
    const repo = newRepo();
    const older = seed(repo, {
      sha: OLDER_SHA,
      ref: 'v1.3.0',
      version: 'v1.3.0',
      states: ['success', 'inactive'],
    });
    seed(repo, { sha: OLD_SHA, ref: 'v1.4.0', version: 'v1.4.0', states: ['success'] });
    const failed = seed(repo, {
      sha: NEW_SHA,
      ref: NEW_SHA,
      version: 'v1.5.1',
      states: ['in_progress', 'failure'],
    });
    const dir = tmp();
    const command = `echo "undo \${DEPLOY_VERSION}: quota exceeded" >&2; exit 3`;
    const res = await run(
      repo,
      {
        strategy: 'command',
        command,
        reason: "checkout 500s; it's bad $(touch pwned)",
        'health-urls': 'http://127.0.0.1:9/health',
      },
      { workspace: dir },
    );
    expect(res.code).toBe(1);
    expect(res.outputs).toMatchObject({
      'rolled-back': 'false',
      escalate: 'true',
      healthy: 'false',
      verdict: 'NotVerified',
      'failed-deployment-id': String(failed.id),
      'target-sha': OLD_SHA,
      reason: "checkout 500s; it's bad $(touch pwned)",
    });
    expect(res.outputs['failure-reason']).toBe(
      'the rollback command exited with code 3: undo v1.4.0: quota exceeded',
    );
    const rollbackId = res.outputs['deployment-id']!;
    expect(states(repo, rollbackId)).toEqual(['in_progress', 'failure']);
    // Still failure, not inactive: nothing proved it replaced.
    expect(states(repo, failed.id)).toEqual(['in_progress', 'failure']);
    expect(res.annotations).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: expect.stringContaining('exited with code 3'),
      }),
    );

    expect(res.summary).toContain('did not restore health: a person must act now');
    expect(res.summary).toContain('**What is live:** Unknown: the command for v1.4.0');
    expect(res.summary).toContain('**What was tried:** Strategy command');
    const blocks = shBlocks(res.summary);
    const byHand = blocks.find((b) => b.includes('bash --noprofile'))!;
    expect(byHand).toBe(
      `DEPLOY_REF=${OLD_SHA} DEPLOY_SHA=${OLD_SHA} DEPLOY_VERSION=v1.4.0 DEPLOY_ENVIRONMENT=production \\\n` +
        `  bash --noprofile --norc -eo pipefail -c 'echo "undo \${DEPLOY_VERSION}: quota exceeded" >&2; exit 3'`,
    );
    // Run as printed, it is the same command with the same environment.
    const rerun = await promisify(execFile)('bash', ['-c', byHand], { cwd: dir }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(rerun).toMatchObject({ code: 3, stderr: 'undo v1.4.0: quota exceeded\n' });
    // Going further back names the good deployment before the target, quoted for the shell.
    const further = blocks.find((b) => b.startsWith('gh workflow run'))!;
    expect(further).toBe(
      `gh workflow run rollback-dispatch.yml -f environment=production -f target=${OLDER_SHA} -f 'reason=checkout 500s; it'\\''s bad $(touch pwned)'`,
    );
    expect(res.summary).toContain(`deployment ${older.id}`);
    expect(blocks.some((b) => b.includes(`deployments/${rollbackId}/statuses`))).toBe(true);
    // The reason is data: nothing ran it.
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
    expect(await contractViolations(requestsFor(repo))).toEqual([]);
  });

  it('health still bad after the rollback: escalate, the rollback deployment failure, the failed one left as it was', async () => {
    const repo = newRepo();
    seed(repo, { sha: OLD_SHA, ref: 'v1.4.0', version: 'v1.4.0', states: ['success'] });
    const failed = seed(repo, {
      sha: NEW_SHA,
      ref: NEW_SHA,
      version: 'v1.5.1',
      states: ['in_progress', 'failure'],
    });
    // An earlier rollback run died half-way: its deployment is still in progress.
    const died = seed(repo, {
      sha: OLD_SHA,
      ref: OLD_SHA,
      states: ['in_progress'],
      payload: { 'rollback-of': failed.id },
    });
    const svc = await service();
    svc.set({ health: 503 });
    const res = await run(repo, {
      command: 'echo "redeploying $DEPLOY_VERSION"',
      'health-urls': `${svc.url}/health`,
      interval: '1s',
      duration: '10s',
    });
    expect(res.code).toBe(1);
    expect(res.outputs).toMatchObject({
      'rolled-back': 'false',
      escalate: 'true',
      healthy: 'false',
      verdict: 'Failed',
    });
    expect(res.outputs['failure-reason']).toMatch(/^Failed: .*503/);
    expect(res.stdout).toContain('redeploying v1.4.0');
    expect(states(repo, res.outputs['deployment-id']!)).toEqual(['in_progress', 'failure']);
    expect(states(repo, failed.id)).toEqual(['in_progress', 'failure']);
    // Without failed-deployment-id the newest deployment is the dead rollback: the run rolls
    // back what it was replacing, and closes it.
    expect(res.outputs['failed-deployment-id']).toBe(String(failed.id));
    expect(states(repo, died.id)).toEqual(['in_progress', 'error']);
    expect(res.summary).toContain(
      `Rollback deployment ${died.id}, left unfinished by an earlier run, was marked error.`,
    );
    expect(res.summary).toContain('Health: Failed');
    expect(res.summary).toMatch(
      /\*\*What is live:\*\* v1\.4\.0 \(rollback deployment \d+\) was deployed, and it is NOT healthy/,
    );
    expect(shBlocks(res.summary)).toContainEqual(
      `curl -sS -o /dev/null -w '%{http_code} %{time_total}s\\n' ${svc.url}/health`,
    );
  });

  it('deployment fields are printed, never obeyed: a version holding ::stop-commands:: turns off nothing (attack)', async () => {
    const repo = newRepo();
    seed(repo, { sha: OLD_SHA, ref: 'v1.4.0', version: 'v1.4.0', states: ['success'] });
    const injected = 'v1.5.1\n::stop-commands::pwned\n::warning::forged';
    seed(repo, {
      sha: NEW_SHA,
      ref: 'main',
      version: injected,
      states: ['failure'],
      payload: { reason: 'checkout 500s\n::stop-commands::pwned2' },
    });
    const secret = `cmd-secret-${randomUUID()}`;
    const res = await run(repo, {
      command: 'echo "deploying $DEPLOY_VERSION"',
      'command-env': `TOKEN=${secret}`,
      inconclusive: 'pass',
    });
    expect(res.code, res.stdout).toBe(0);
    // Read as the runner reads it: had the version been obeyed, every later command (the
    // step's annotations and masks) would be plain text, and the forged warning a warning.
    expect(res.log).toContain('::stop-commands::pwned');
    expect(res.annotations.map((a) => a.message)).not.toContain('forged');
    expect(res.pausedAtEnd).toBeUndefined();
    expect(res.masks).toContain(secret);
    expect(res.outputs['rolled-back']).toBe('true');
  });

  it('no earlier successful deployment: a clear error that says what to pass, nothing changed', async () => {
    const repo = newRepo();
    const dir = tmp();
    // Only the failed deployment, and an older one that failed too.
    seed(repo, { sha: OLD_SHA, ref: 'v1.4.0', states: ['in_progress', 'failure'] });
    const failed = seed(repo, { sha: NEW_SHA, ref: NEW_SHA, states: ['in_progress', 'failure'] });
    const res = await run(repo, { command: `touch '${join(dir, 'ran')}'` });
    expect(res.code).toBe(1);
    const error = res.annotations.find((a) => a.level === 'error')!.message;
    expect(error).toContain(
      `No earlier successful deployment of production before deployment ${failed.id}`,
    );
    expect(error).toContain('Pass target:');
    expect(res.outputs).toMatchObject({
      'rolled-back': 'false',
      escalate: 'true',
      'deployment-id': '',
    });
    expect(res.summary).toContain('cannot be rolled back automatically');
    expect(res.summary).toContain('Still the failed');
    expect(existsSync(join(dir, 'ran'))).toBe(false);
    expect(writesFor(repo)).toEqual([]);

    // An environment with no deployments at all.
    const empty = await run(repo, { environment: 'staging', command: 'true' });
    expect(empty.code).toBe(1);
    expect(empty.annotations.find((a) => a.level === 'error')!.message).toContain(
      'No deployments of staging',
    );
    expect(writesFor(repo)).toEqual([]);
  });

  it('the environment already runs the target: nothing to do; a target that does not exist is a clear error', async () => {
    const repo = newRepo();
    repo.refs.set('tags/v1.4.0', OLD_SHA);
    seed(repo, {
      sha: NEW_SHA,
      ref: NEW_SHA,
      version: 'v1.5.1',
      states: ['in_progress', 'failure'],
    });
    const current = seed(repo, {
      sha: OLD_SHA,
      ref: 'v1.4.0',
      version: 'v1.4.0',
      states: ['in_progress', 'success'],
    });
    const res = await run(repo, { target: 'v1.4.0', command: 'exit 1' });
    expect(res.code, res.stdout).toBe(0);
    expect(res.outputs).toMatchObject({
      'rolled-back': 'true',
      healthy: 'true',
      escalate: 'false',
      'target-sha': OLD_SHA,
      'deployment-id': '',
    });
    expect(res.annotations).toContainEqual(
      expect.objectContaining({
        level: 'notice',
        message: expect.stringContaining(
          `production already runs v1.4.0 (deployment ${current.id}`,
        ),
      }),
    );
    expect(writesFor(repo)).toEqual([]);

    const missing = await run(repo, { target: 'v9.9.9', command: 'true' });
    expect(missing.code).toBe(1);
    expect(missing.annotations.find((a) => a.level === 'error')!.message).toBe(
      `input "target": "v9.9.9" is not a branch, tag or commit of acme/${repo.name} (GitHub knows no commit by that name)`,
    );
    expect(writesFor(repo)).toEqual([]);
    expect(await contractViolations(requestsFor(repo))).toEqual([]);
  });

  // Here the checks that need the API or the policy; the others are unit tests
  // (test/unit/auto-rollback.test.ts).
  it('bad inputs fail before anything changes, naming the input, the value and what was expected', async () => {
    const repo = newRepo();
    seed(repo, { sha: OLD_SHA, ref: 'v1.4.0', states: ['success'] });
    seed(repo, { sha: NEW_SHA, ref: NEW_SHA, states: ['failure'] });
    const staging = seed(repo, {
      sha: NEW_SHA,
      ref: NEW_SHA,
      states: ['failure'],
      environment: 'staging',
    });
    const cases: [Record<string, string>, string][] = [
      [
        { 'failed-deployment-id': String(staging.id), command: 'true' },
        `input "failed-deployment-id": "${staging.id}" is not a deployment of production (it deployed to staging)`,
      ],
      [
        { 'failed-deployment-id': '987654321', command: 'true' },
        'reading deployment 987654321 failed (404',
      ],
      [
        { strategy: 'undo', command: 'true' },
        'input "strategy": "undo" is not one of: redeploy, command, revert',
      ],
      [{ command: '' }, 'input "command" is required: the deploy command to run for the target'],
    ];
    const results = await Promise.all(cases.map(([inputs]) => run(repo, inputs)));
    results.forEach((res, i) => {
      const [inputs, message] = cases[i]!;
      expect(res.code, JSON.stringify(inputs)).toBe(1);
      expect(
        res.annotations.find((a) => a.level === 'error')?.message,
        JSON.stringify(inputs),
      ).toContain(message);
    });
    expect(writesFor(repo)).toEqual([]);
  });

  it('SIGTERM mid-rollback: the command tree is killed, the rollback deployment marked error, escalate', async () => {
    const repo = newRepo();
    seed(repo, { sha: OLD_SHA, ref: 'v1.4.0', version: 'v1.4.0', states: ['success'] });
    seed(repo, { sha: NEW_SHA, ref: NEW_SHA, states: ['in_progress', 'failure'] });
    const marker = `rollback-cancel-${randomUUID()}`;
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
    expect(res.outputs).toMatchObject({
      escalate: 'true',
      'rolled-back': 'false',
      verdict: 'NotVerified',
    });
    expect(states(repo, res.outputs['deployment-id']!)).toEqual(['in_progress', 'error']);
    expect(res.summary).toContain('**What is live:** Unknown: the command for v1.4.0');
    expect(await alive(marker)).toEqual([]);
  });

  it('revert: opens a PR whose branch reverts exactly the failed commits; a re-run reuses the branch and the PR', async () => {
    const repo = newRepo();
    const origin = await GitOrigin.create(repo, {
      'app.txt': 'checkout v1\n',
      'docs.md': 'docs\n',
    });
    const good = await origin.sha('main');
    // The failed change: a PR merged with a merge commit, then a direct commit.
    await origin.branch('hotfix/ENG-9', 'main', [
      { files: { 'app.txt': 'checkout v2\n' }, message: 'ENG-9 new checkout' },
      { files: { 'feature.txt': 'on\n' }, message: 'ENG-9 feature flag' },
    ]);
    const merged = await origin.mergePull(fake, repo, {
      branch: 'hotfix/ENG-9',
      method: 'merge',
      title: 'ENG-9 checkout',
    });
    const tweak = await origin.commit({ 'app.txt': 'checkout v2.1\n' }, 'ENG-9 tweak');
    await origin.git(['push', '-q', 'origin', 'main']);
    const failedSha = tweak;
    // After the failed deploy, an unrelated commit lands: the revert must keep it.
    const docs = await origin.commit({ 'docs.md': 'docs, updated\n' }, 'docs: runbook');
    await origin.git(['push', '-q', 'origin', 'main']);
    repo.refs.set('heads/main', docs);

    seed(repo, { sha: good, ref: good, version: 'v1.4.0', states: ['success'] });
    const failed = seed(repo, {
      sha: failedSha,
      ref: failedSha,
      version: 'v1.5.1',
      states: ['in_progress', 'failure'],
    });
    const inputs = { strategy: 'revert', reason: 'checkout 500s' };
    const env = { GITHUB_SERVER_URL: origin.serverUrl };
    const res = await run(repo, inputs, { env });
    expect(res.code, res.stdout).toBe(0);
    const branch = `rollback/production/deployment-${failed.id}`;
    expect(res.outputs).toMatchObject({
      'rolled-back': 'false',
      escalate: 'false',
      healthy: '',
      'revert-branch': branch,
      'target-ref': branch,
      'deployment-id': '',
    });
    const pr = [...repo.issues.values()].find((i) => i.pull?.head.ref === branch)!;
    expect(pr.pull).toMatchObject({ base: { ref: 'main' } });
    expect(pr.title).toBe(`Revert v1.5.1: roll back production (deployment ${failed.id})`);
    expect(pr.body).toContain('checkout 500s');
    expect(res.outputs['pull-request-url']).toContain(`/pull/${pr.number}`);
    expect(res.outputs['target-sha']).toBe(await origin.sha(branch));

    // Exactly two reverts on top of main, newest first: the tweak, then the merge (-m 1).
    const log = await origin.inOrigin(['log', '--format=%P%x00%B%x1e', `main..${branch}`]);
    const commits = log
      .split('\x1e')
      .filter((c) => c.trim())
      .map((c) => c.replace(/^\n/, '').split('\x00'));
    expect(commits).toHaveLength(2);
    expect(commits[1]![1]).toContain(`This reverts commit ${failedSha}.`);
    expect(commits[0]![1]).toContain(`This reverts commit ${merged.mergeCommitSha}, reversing`);
    expect(commits.every(([parents]) => parents!.split(' ').length === 1)).toBe(true);
    // The branch is the last good code plus the unrelated docs change, nothing else.
    expect((await origin.inOrigin(['diff', '--name-only', good, branch])).split('\n')).toEqual([
      'docs.md',
    ]);
    expect(await origin.inOrigin(['show', `${branch}:app.txt`])).toBe('checkout v1');
    // Nothing on main changed, and the failed deployment is marked but still what runs.
    expect(await origin.sha('main')).toBe(docs);
    expect(states(repo, failed.id)).toEqual(['in_progress', 'failure']);
    expect(res.summary).toContain(`Opened PR #${pr.number}`);
    expect(res.summary).toContain('(merge, -m 1)');
    expect(await contractViolations(requestsFor(repo))).toEqual([]);

    // Again, from a checkout this time: the branch and the PR are found, nothing is pushed.
    const tip = await origin.sha(branch);
    const pulls = [...repo.issues.values()].filter((i) => i.pull).length;
    const again = await run(repo, inputs, { env, workspace: await origin.clone() });
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs).toMatchObject({
      'revert-branch': branch,
      'pull-request-url': res.outputs['pull-request-url'],
      'target-sha': tip,
    });
    expect(await origin.sha(branch)).toBe(tip);
    expect([...repo.issues.values()].filter((i) => i.pull).length).toBe(pulls);
    expect(again.summary).toContain(`PR #${pr.number} from`);
    expect(again.summary).toContain('already proposes it');
  });

  it('revert: a conflict with what the production branch has now escalates with the git commands; nothing is pushed', async () => {
    const repo = newRepo();
    const origin = await GitOrigin.create(repo, { 'price.txt': 'price = 10\n' });
    const good = await origin.sha('main');
    const failedSha = await origin.commit({ 'price.txt': 'price = 12\n' }, 'ENG-11 raise price');
    // A later fix on the same line: reverting the failed change no longer applies cleanly.
    await origin.commit({ 'price.txt': 'price = 12.5\n' }, 'ENG-12 rounding');
    await origin.git(['push', '-q', 'origin', 'main']);
    const tip = await origin.sha('main');
    seed(repo, { sha: good, ref: good, version: 'v1.4.0', states: ['success'] });
    const failed = seed(repo, {
      sha: failedSha,
      ref: failedSha,
      version: 'v1.5.1',
      states: ['failure'],
    });
    const res = await run(
      repo,
      { strategy: 'revert', 'revert-mode': 'push', command: 'touch should-not-run' },
      { env: { GITHUB_SERVER_URL: origin.serverUrl } },
    );
    expect(res.code).toBe(1);
    expect(res.outputs).toMatchObject({
      escalate: 'true',
      'rolled-back': 'false',
      'deployment-id': '',
    });
    expect(res.outputs['failure-reason']).toBe(
      `Reverting ${failedSha.slice(0, 12)} (ENG-11 raise price) conflicts with what main has now, in price.txt.`,
    );
    expect(await origin.sha('main')).toBe(tip);
    expect(await origin.branches()).toEqual(['main']);
    expect(repo.deployments).toHaveLength(2);
    expect(states(repo, failed.id)).toEqual(['failure']);
    const git = shBlocks(res.summary).find((b) => b.includes('git revert'))!;
    expect(git.split('\n')).toEqual([
      'git fetch origin main',
      `git switch -c rollback/manual-${failed.id} origin/main`,
      `git revert --no-edit ${failedSha}`,
      '# at the conflict: fix price.txt, then',
      'git add price.txt',
      'git revert --continue',
      `git push origin HEAD:rollback/manual-${failed.id}`,
    ]);
    expect(res.summary).toContain('**What is live:** Still the failed deployment of v1.5.1');
  });

  it('revert with revert-mode push and a deploy command: main fast-forwards to the revert, which is deployed and healthy', async () => {
    const repo = newRepo();
    const origin = await GitOrigin.create(repo, { 'app.txt': 'v1\n' });
    const good = await origin.sha('main');
    const failedSha = await origin.commit({ 'app.txt': 'v2 (broken)\n' }, 'ENG-10 new pricing');
    await origin.git(['push', '-q', 'origin', 'main']);
    seed(repo, { sha: good, ref: good, version: 'v1.4.0', states: ['success'] });
    const failed = seed(repo, {
      sha: failedSha,
      ref: 'main',
      version: 'v1.5.1',
      states: ['in_progress', 'success'],
    });
    const svc = await service();
    const dir = tmp();
    const seen = join(dir, 'seen');
    const res = await run(
      repo,
      {
        strategy: 'revert',
        'revert-mode': 'push',
        command: `printf %s "$DEPLOY_SHA" > '${seen}'`,
        'health-urls': `${svc.url}/health`,
        interval: '500ms',
        duration: '500ms',
        reason: 'pricing is wrong',
      },
      { env: { GITHUB_SERVER_URL: origin.serverUrl } },
    );
    expect(res.code, res.stdout).toBe(0);
    const head = await origin.sha('main');
    expect(await origin.inOrigin(['rev-parse', `${head}~1`])).toBe(failedSha);
    expect(await origin.inOrigin(['log', '-1', '--format=%B', head])).toContain(
      `This reverts commit ${failedSha}.`,
    );
    expect(await origin.inOrigin(['show', `${head}:app.txt`])).toBe('v1');
    expect(res.outputs).toMatchObject({
      'rolled-back': 'true',
      healthy: 'true',
      'target-ref': 'main',
      'target-sha': head,
      'revert-branch': 'main',
      'pull-request-url': '',
    });
    expect(readFileSync(seen, 'utf8')).toBe(head);
    const rollback = repo.deployments.find((d) => d.id === Number(res.outputs['deployment-id']))!;
    expect(rollback).toMatchObject({
      sha: head,
      payload: { 'rollback-of': failed.id, strategy: 'revert' },
    });
    // A healthy-looking deployment rolled back by hand: failure, then inactive.
    expect(states(repo, failed.id)).toEqual(['in_progress', 'success', 'failure', 'inactive']);
    expect(repo.deployments.find((d) => d.id === failed.id)!.statuses[2]!.description).toBe(
      'Rolling back to v1.4.0: pricing is wrong',
    );
    expect(res.summary).toContain('Pushed to `main` (fast-forward, never forced)');
  });
});
