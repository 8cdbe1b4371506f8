// The one-step deploy (deploy/action.yml) as a user gets it: its steps run by the composite
// runner with GitHub's expression library, our bundles, a real service and a Slack receiver.
// The drill plays the healthy and the rolled-back paths; these are the other branches of its
// wiring, each of which would otherwise first run on GitHub during an incident.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub } from '../harness/fake-github/server.ts';
import { fakeSha, type RepoState } from '../harness/fake-github/state.ts';
import { runComposite } from '../harness/run-composite.ts';
import { startService, type TestService } from '../harness/service.ts';
import { Receiver, slackWebhookReceiver } from '../harness/chat-receivers.ts';
import { PagerDutyStub } from '../harness/incident-services.ts';

const fake = new FakeGitHub();
const slack: Receiver = slackWebhookReceiver();
const pagerduty = new PagerDutyStub();
let svc: TestService;
const scratch = mkdtempSync(join(tmpdir(), 'deploy-composite-'));
beforeAll(async () => {
  await Promise.all([fake.start(), slack.start(), pagerduty.receiver.start()]);
  svc = await startService({ health: 503 });
});
afterAll(async () => {
  await Promise.all([fake.stop(), slack.stop(), pagerduty.receiver.stop(), svc.stop()]);
  rmSync(scratch, { recursive: true, force: true });
});

const SHA = fakeSha('hotfix');
const GOOD = fakeSha('last-good');
let repos = 0;

/** A repository whose production last ran GOOD, verified healthy. */
function newRepo(): RepoState {
  const repo = fake.state.addRepo(`acme/composite-${++repos}`);
  repo.refs.set('heads/main', SHA);
  fake.state.addDeployment(repo, {
    sha: GOOD,
    ref: 'v2.0.0',
    version: 'v2.0.0',
    description: 'v2.0.0',
    createdAt: new Date(Date.now() - 86_400_000).toISOString(),
    statuses: ['in_progress', 'success'],
  });
  return repo;
}

async function deploy(repo: RepoState, inputs: Record<string, string>) {
  const hook = `/services/T0/B0/${repo.name}`;
  const r = await runComposite('deploy', {
    repository: `${repo.owner}/${repo.name}`,
    sha: SHA,
    apiUrl: fake.url,
    token: fake.token,
    timeoutMs: 60_000,
    inputs: {
      environment: 'production',
      command: `touch "${join(scratch, repo.name)}"`,
      'health-urls': `${svc.url}/health`,
      interval: '100ms',
      duration: '300ms',
      'slack-webhook-url': slack.url(hook),
      ...inputs,
    },
  });
  const posts = slack.to(hook).map((p) => JSON.stringify(p.json));
  const ran = Object.fromEntries(r.steps.map((s) => [s.id, s.outcome]));
  return { r, posts, ran, deployed: existsSync(join(scratch, repo.name)) };
}

describe.concurrent('deploy/action.yml', () => {
  it('rollback false: no rollback, an update says why, the step fails', async () => {
    const { r, posts, ran } = await deploy(newRepo(), { rollback: 'false' });
    expect(ran).toMatchObject({ deploy: 'failure', rollback: 'skipped', notify: 'success' });
    expect(r.steps.find((s) => s.id === 'notify')!.inputs).toMatchObject({
      event: 'update',
      message: expect.stringContaining('Failed'),
    });
    expect(posts).toHaveLength(1);
    expect(posts[0]).toContain('Update');
    expect(r.outputs).toMatchObject({ healthy: 'false', verdict: 'Failed', 'rolled-back': '' });
    expect(r.code).toBe(1);
  });

  it('a rollback that fails too: escalate, rollback-failed is announced and pages', async () => {
    const repo = newRepo();
    const { r, posts, ran } = await deploy(repo, {
      'rollback-strategy': 'command',
      'rollback-command': 'echo "kubectl: connection refused" >&2; exit 7',
      // The policy's default levels.<Pn>.escalation routes rollback-failed to the pager.
      'pagerduty-routing-key': 'R0123456789abcdef0123456789abcdef',
      'pagerduty-api-url': pagerduty.url,
    });
    const pages = pagerduty.pages.filter((p) => p.payload?.source === `acme/${repo.name}`);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({
      event_action: 'trigger',
      payload: {
        summary: expect.stringContaining('Rollback failed: act now'),
        class: 'rollback-failed',
      },
    });
    expect(pages[0]!.dedup_key).toMatch(/:escalation$/);
    expect(ran).toMatchObject({ deploy: 'failure', rollback: 'failure', notify: 'success' });
    expect(r.outputs).toMatchObject({ escalate: 'true' });
    expect(r.outputs['rolled-back']).not.toBe('true');
    expect(r.steps.find((s) => s.id === 'notify')!.inputs.event).toBe('rollback-failed');
    expect(posts[0]).toContain('Rollback failed');
    expect(r.code).toBe(1);
  });

  it('a credential the deploy command prints, plain or base64, reaches no status, output, summary or message (attack)', async () => {
    const repo = newRepo();
    const secret = `sk-live-${Math.random().toString(36).slice(2)}-prod`;
    const b64 = Buffer.from(`user:${secret}`).toString('base64');
    const { r, posts } = await deploy(repo, {
      command: `echo "token=$CLOUD_TOKEN"; echo "basic $(printf 'user:%s' "$CLOUD_TOKEN" | base64 -w0)"; echo "auth failed for $CLOUD_TOKEN" >&2; exit 4`,
      'command-env': `CLOUD_TOKEN=${secret}`,
      'rollback-strategy': 'command',
      'rollback-command': 'echo "rolled back with $CLOUD_TOKEN"',
    });
    expect(r.code).toBe(1);
    const statuses = repo.deployments.flatMap((d) => d.statuses.map((s) => s.description));
    expect(statuses.join('\n')).toContain('***');
    const written = [
      JSON.stringify(repo.deployments),
      JSON.stringify(r.outputs),
      ...r.steps.map((s) => JSON.stringify(s.result?.outputs ?? {})),
      ...r.steps.map((s) => s.result?.summary ?? ''),
      ...r.steps.map((s) => s.result?.log ?? ''),
      ...posts,
      JSON.stringify([...repo.issues.values()]),
      JSON.stringify(repo.comments),
    ];
    for (const text of written) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(b64);
    }
    expect(posts.length).toBeGreaterThan(0);
  });

  it('command-env with X=true beside a credential: a healthy deploy stays healthy and is not rolled back', async () => {
    const service = await startService();
    try {
      const secret = `sk-live-${Math.random().toString(36).slice(2)}-prod`;
      const { r, ran } = await deploy(newRepo(), {
        'health-urls': `${service.url}/health`,
        command: 'echo "deploying with $CLOUD_TOKEN, flag $X"',
        'command-env': `X=true\nCLOUD_TOKEN=${secret}`,
      });
      expect(ran).toMatchObject({ deploy: 'success', rollback: 'skipped', notify: 'success' });
      expect(r.outputs).toMatchObject({ healthy: 'true', verdict: 'Successful' });
      const log = r.steps.find((s) => s.id === 'deploy')!.result!.log;
      expect(log).toContain('flag true');
      expect(log).not.toContain(secret);
      expect(r.code).toBe(0);
    } finally {
      await service.stop();
    }
  });

  it('a bad input: nothing is deployed or rolled back, people are told, the step fails', async () => {
    const { r, posts, ran, deployed } = await deploy(newRepo(), { interval: 'soon' });
    expect(deployed).toBe(false);
    expect(ran).toMatchObject({ deploy: 'failure', rollback: 'skipped', notify: 'success' });
    expect(r.steps[0]!.result!.stdout).toMatch(/::error::.*interval/);
    expect(posts[0]).toContain('nothing was rolled back');
    const last = r.steps.at(-1)!;
    expect(last.outcome).toBe('failure');
    expect(last.result!.stderr).toContain('the deploy step failed before a verdict');
    expect(r.code).toBe(1);
  });

  it('strategy canary: the abort restores traffic, the rollback verifies it without a command, people hear the step', async () => {
    // The new version breaks the service from 25% on; the abort command heals it.
    const service = await startService();
    try {
      const control = `curl -fsS -X POST ${service.url}/control -d`;
      const repo = newRepo();
      const { r, posts, ran } = await deploy(repo, {
        'health-urls': `${service.url}/health`,
        strategy: 'canary',
        steps: '10%, 25%, 100%',
        command: `if [ "$DEPLOY_WEIGHT" -ge 25 ]; then ${control} '{"health":503}'; fi`,
        'abort-command': `${control} '{"health":200}'`,
      });
      expect(ran).toMatchObject({ deploy: 'failure', rollback: 'success', notify: 'success' });
      expect(r.steps.find((s) => s.id === 'rollback')!.inputs.strategy).toBe('verify');
      expect(r.outputs).toMatchObject({
        healthy: 'false',
        'failed-step': '2',
        weight: '0',
        'completed-steps': '1',
        aborted: 'true',
        'rolled-back': 'true',
      });
      const message = r.steps.find((s) => s.id === 'notify')!.inputs.message ?? '';
      expect(message).toMatch(/^Failed at step 2\/3 \(25%\): /);
      expect(posts[0]).toContain('Failed at step 2/3 (25%)');
      // The rollback deployment ran no command: it verified the stable version and recorded it.
      const rollback = repo.deployments.find(
        (d) => (d.payload as Record<string, unknown>)['rollback-of'] !== undefined,
      );
      expect(rollback?.payload).toMatchObject({ strategy: 'verify' });
      expect(rollback?.statuses.at(-1)?.state).toBe('success');
      expect(r.code).toBe(1);
    } finally {
      await service.stop();
    }
  });

  it('canary with rollback-after-abort redeploy: after the abort the last good version is deployed again, and the summary judges each step', async () => {
    const service = await startService();
    try {
      const control = `curl -fsS -X POST ${service.url}/control -d`;
      const repo = newRepo();
      const runs = join(scratch, `${repo.name}.runs`);
      const { r, ran } = await deploy(repo, {
        'health-urls': `${service.url}/health`,
        strategy: 'canary',
        steps: '10%, 25%, 100%',
        command: `echo "$DEPLOY_SHA \${DEPLOY_WEIGHT:-direct}" >> "${runs}"; if [ "\${DEPLOY_WEIGHT:-0}" -ge 25 ]; then ${control} '{"health":503}'; fi`,
        'abort-command': `${control} '{"health":200}'`,
        'rollback-after-abort': 'redeploy',
        'rollback-strategy': 'redeploy',
      });
      expect(ran).toMatchObject({ deploy: 'failure', rollback: 'success', notify: 'success' });
      expect(r.steps.find((s) => s.id === 'rollback')!.inputs.strategy).toBe('redeploy');
      expect(r.outputs).toMatchObject({
        'failed-step': '2',
        weight: '0',
        aborted: 'true',
        'rolled-back': 'true',
      });
      // The canary's two steps, then the redeploy of the last good sha with the same command.
      expect(readFileSync(runs, 'utf8').trim().split('\n')).toEqual([
        `${SHA} 10`,
        `${SHA} 25`,
        `${GOOD} direct`,
      ]);
      const rollback = repo.deployments.find(
        (d) => (d.payload as Record<string, unknown>)['rollback-of'] !== undefined,
      );
      expect(rollback).toMatchObject({ sha: GOOD, payload: { strategy: 'redeploy' } });
      expect(rollback?.statuses.at(-1)?.state).toBe('success');
      // The deploy step's summary: one check table per step that was judged, the failed one marked.
      const summary = r.steps.find((s) => s.id === 'deploy')!.result!.summary;
      expect(summary).toMatch(/^#### ✅ step 1\/3: 10%: ✅ Successful$/m);
      expect(summary).toMatch(
        /^#### ❌ step 2\/3: 25%: ❌ Failed\n\n.*\n\n\| Check \| Expects \| Verdict .*\n\|[- |]+\|\n\| \S+\/health \| status 2xx \| ❌ Failed \| 0 \| 1 \|/m,
      );
      expect(summary).not.toMatch(/^#### .* step 3\/3/m);
      expect(r.code).toBe(1);
    } finally {
      await service.stop();
    }
  });
});
