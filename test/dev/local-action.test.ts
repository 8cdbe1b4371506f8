// Every action runs from its TypeScript source under GitHub's @github/local-action (the
// debugging path in CONTRIBUTING.md): `npm run local -- <action> <dotenv>` reaches run(),
// shows the outputs, and masks what the action registers with core.setSecret. Each case
// takes a path that needs no network.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE24, ROOT } from '../harness/run-action.ts';
import { FakeGitHub } from '../harness/fake-github/server.ts';

function localAction(
  action: string,
  vars: Record<string, string>,
  /** For local-action itself: it reads GITHUB_API_URL when it loads, before the dotenv file. */
  shell: Record<string, string> = {},
): Promise<{ code: number | null; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), `local-${action}-`));
  // A checkout: the policy is read from it, not through the API.
  execFileSync('git', ['init', '-q', dir]);
  writeFileSync(join(dir, 'event.json'), '{}');
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

  it('hotfix-report: reads a local fake GitHub, shows its outputs, masks the token', async () => {
    const fake = new FakeGitHub(TOKEN);
    await fake.start();
    try {
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
    } finally {
      await fake.stop();
    }
  });

  it.each([
    ['validate-hotfix-pr', {}],
    ['auto-rollback', { INPUT_ENVIRONMENT: 'production' }],
  ])('%s runs and explains a missing token', async (action, vars) => {
    const { out } = await localAction(action, vars);
    expect(out).toContain('input "github-token" is required');
    expect(out).toContain('No outputs were set!');
  });
});
