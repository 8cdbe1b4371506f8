// Every action runs from its TypeScript source under GitHub's @github/local-action (the
// debugging path in CONTRIBUTING.md): `npm run local -- <action> <dotenv>` reaches run(),
// shows the outputs, and masks what the action registers with core.setSecret. Each case
// takes a path that needs no network, or a fake GitHub on 127.0.0.1 for the ones that read it.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE24, ROOT } from '../harness/run-action.ts';
import { FakeGitHub } from '../harness/fake-github/server.ts';
import { pullRequestEvent } from '../harness/events.ts';
import { prBody } from '../fixtures/pr-body.ts';

/** A fake GitHub for one test, with acme/shop in it. */
async function withFake(test: (fake: FakeGitHub) => Promise<void>): Promise<void> {
  const fake = new FakeGitHub(TOKEN);
  await fake.start();
  try {
    await test(fake);
  } finally {
    await fake.stop();
  }
}

function localAction(
  action: string,
  vars: Record<string, string>,
  /** For local-action itself: it reads GITHUB_API_URL when it loads, before the dotenv file. */
  shell: Record<string, string> = {},
  payload: unknown = {},
): Promise<{ code: number | null; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), `local-${action}-`));
  // A checkout: the policy is read from it, not through the API.
  execFileSync('git', ['init', '-q', dir]);
  writeFileSync(join(dir, 'event.json'), JSON.stringify(payload));
  const env = {
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
    GITHUB_WORKSPACE: dir,
    RUNNER_TEMP: dir,
    ...vars,
  };
  const file = join(dir, '.env');
  writeFileSync(
    file,
    Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  );
  return new Promise((resolve, reject) => {
    const child = spawn(NODE24, [join(ROOT, 'scripts', 'local-action.ts'), action, file], {
      cwd: ROOT,
      // Only what a developer's shell has: no INPUT_* or GITHUB_* of a CI run around the test.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? dir, ...shell },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** The output table local-action prints after the run, as name -> value. */
function outputsTable(out: string): Record<string, string> {
  const after = out.split('Action Outputs')[1] ?? '';
  return Object.fromEntries(
    [...after.matchAll(/│ \d+\s+│ '([^']+)'\s+│ '(.*?)'\s+│/g)].map((m) => [m[1]!, m[2]!]),
  );
}

const TOKEN = 'ghp_localActionToken0123456789abcdefABCDEF';

describe('@github/local-action', () => {
  it('classify-severity: outputs shown, the token input masked', async () => {
    const { code, out } = await localAction('classify-severity', {
      INPUT_SEVERITY: 'sev-1',
      INPUT_LABEL: 'false',
      'INPUT_GITHUB-TOKEN': TOKEN,
    });
    expect(code, out).toBe(0);
    expect(outputsTable(out)).toMatchObject({ severity: 'P1', level: '1', source: 'input' });
    expect(out).not.toContain(TOKEN);
  });

  it('deploy-with-healthcheck: a credential the deploy command prints is masked', async () => {
    const { code, out } = await localAction('deploy-with-healthcheck', {
      INPUT_ENVIRONMENT: 'local',
      INPUT_COMMAND: 'echo "deploying with $CLOUD_KEY"',
      'INPUT_COMMAND-ENV': 'CLOUD_KEY=cloud-key-1b2c3d4e5f',
      INPUT_REF: '0123456789abcdef0123456789abcdef01234567',
      INPUT_INCONCLUSIVE: 'pass',
    });
    expect(code, out).toBe(0);
    expect(out).toContain('deploying with ***');
    expect(out).not.toContain('cloud-key-1b2c3d4e5f');
    expect(outputsTable(out)).toMatchObject({ healthy: 'true', verdict: 'Inconclusive' });
  });

  it.each([
    [
      'critical-tests',
      { INPUT_RUNNER: 'command', INPUT_COMMAND: 'true', INPUT_SELECT: 'all' },
      { succeeded: 'true', total: '1' },
    ],
    ['notify', { INPUT_EVENT: 'custom', INPUT_TITLE: 'local run' }, { sent: '["summary"]' }],
    ['backport', { GITHUB_EVENT_NAME: 'pull_request' }, { succeeded: 'true', created: '[]' }],
  ])('%s runs and shows its outputs', async (action, vars, outputs) => {
    const { code, out } = await localAction(action, vars);
    expect(code, out).toBe(0);
    expect(outputsTable(out)).toMatchObject(outputs);
  });

  it('hotfix-report: reads a local fake GitHub, shows its outputs, masks the token', () =>
    withFake(async (fake) => {
      fake.state.addRepo('acme/shop');
      const { code, out } = await localAction(
        'hotfix-report',
        { 'INPUT_GITHUB-TOKEN': TOKEN, INPUT_SINCE: '7d' },
        { GITHUB_API_URL: fake.url },
      );
      expect(code, out).toBe(0);
      expect(outputsTable(out)).toMatchObject({ met: 'true', hotfixes: '0' });
      expect(out).not.toContain(TOKEN);
      expect(fake.requests.map((r) => r.route)).toContain('/repos/{owner}/{repo}/pulls');
    }));

  it('validate-hotfix-pr: judges a PR from a local fake GitHub, outputs shown, token masked', () =>
    withFake(async (fake) => {
      const repo = fake.state.addRepo('acme/shop');
      repo.collaborators.set('alice', 'write');
      const pr = fake.state.addPull(repo, {
        title: '[HOTFIX] ENG-7: reject expired tokens',
        head: 'hotfix/ENG-7-expired-tokens',
        body: prBody({ checked: ['P1'] }),
        labels: ['severity:P1'],
        user: 'dana',
        files: [
          { filename: 'src/auth.ts', additions: 3, deletions: 1 },
          { filename: 'src/auth.test.ts', status: 'added', additions: 20, deletions: 0 },
        ],
      });
      fake.state.addReview(pr, { user: 'alice', state: 'APPROVED' });
      const { code, out } = await localAction(
        'validate-hotfix-pr',
        { 'INPUT_GITHUB-TOKEN': TOKEN, INPUT_COMMENT: 'false', GITHUB_EVENT_NAME: 'pull_request' },
        { GITHUB_API_URL: fake.url },
        pullRequestEvent(fake, repo, pr.number).payload,
      );
      expect(code, out).toBe(0);
      expect(outputsTable(out)).toMatchObject({
        passed: 'true',
        severity: 'P1',
        'failed-checks': '[]',
      });
      expect(out).not.toContain(TOKEN);
    }));

  it('auto-rollback: redeploys the last good version recorded in a local fake GitHub', () =>
    withFake(async (fake) => {
      const repo = fake.state.addRepo('acme/shop');
      const good = 'a'.repeat(40);
      repo.refs.set('tags/v1.4.0', good);
      fake.state.addDeployment(repo, {
        sha: good,
        ref: 'v1.4.0',
        version: 'v1.4.0',
        environment: 'production',
        createdAt: '2026-11-20T10:00:00Z',
        statuses: ['success'],
      });
      fake.state.addDeployment(repo, {
        sha: 'b'.repeat(40),
        ref: 'main',
        version: 'v1.5.0',
        environment: 'production',
        createdAt: '2026-11-20T11:00:00Z',
        statuses: [{ state: 'failure', description: 'Failed: 503 from /health' }],
      });
      const { code, out } = await localAction(
        'auto-rollback',
        {
          'INPUT_GITHUB-TOKEN': TOKEN,
          INPUT_ENVIRONMENT: 'production',
          INPUT_COMMAND: 'echo "redeploying $DEPLOY_REF"',
          INPUT_INCONCLUSIVE: 'pass',
        },
        { GITHUB_API_URL: fake.url },
      );
      expect(code, out).toBe(0);
      expect(out).toContain('redeploying v1.4.0');
      expect(outputsTable(out)).toMatchObject({
        'rolled-back': 'true',
        'target-ref': 'v1.4.0',
        'target-sha': good,
      });
      expect(out).not.toContain(TOKEN);
    }));

  it.each([
    ['validate-hotfix-pr', {}],
    ['auto-rollback', { INPUT_ENVIRONMENT: 'production' }],
  ])('%s runs and explains a missing token', async (action, vars) => {
    const { out } = await localAction(action, vars);
    expect(out).toContain('input "github-token" is required');
    expect(out).toContain('No outputs were set!');
  });
});
