// Cold start of each bundled action under node24 against a bare `node -e 0`: median of 20
// runs, printed as a ratio. The budget is 2.5x (the leading backport action is at 3.1x).
// Each action runs a path that needs no network, so the figure is start-up, not I/O.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE24, ROOT } from '../test/harness/run-action.ts';

const RUNS = 20;
const BUDGET = 2.5;

/** Inputs that take each action down a path without network calls. */
const OFFLINE: Record<string, Record<string, string>> = {
  'classify-severity': { INPUT_SEVERITY: 'P1', INPUT_LABEL: 'false', 'INPUT_GITHUB-TOKEN': '' },
  // No run succeeds without the API (it judges the PR's files and reviews); its cheapest path
  // is the missing-token error, which still loads and evaluates the whole bundle first.
  'validate-hotfix-pr': { 'INPUT_GITHUB-TOKEN': '' },
  // A test command that does nothing: the action's own start-up, selection and report.
  'critical-tests': {
    INPUT_RUNNER: 'command',
    INPUT_COMMAND: 'true',
    INPUT_SELECT: 'all',
    'INPUT_GITHUB-TOKEN': '',
  },
  // A custom event with only the summary channel: no token, no URL, nothing to send.
  notify: { INPUT_EVENT: 'custom', INPUT_TITLE: 'bench', 'INPUT_GITHUB-TOKEN': '' },
  // A pull_request event that is not closed or labeled: nothing to backport, no API, no git.
  backport: { GITHUB_EVENT_NAME: 'pull_request', 'INPUT_GITHUB-TOKEN': '' },
  // No token (nothing recorded), a no-op command and no checks accepted as Inconclusive: the
  // whole path from inputs to summary, with one bash process and no network.
  'deploy-with-healthcheck': {
    'INPUT_GITHUB-TOKEN': '',
    INPUT_ENVIRONMENT: 'bench',
    INPUT_COMMAND: 'true',
    INPUT_REF: '0123456789abcdef0123456789abcdef01234567',
    INPUT_INCONCLUSIVE: 'pass',
  },
  // Nothing is rolled back without the deployment history, so without a token its cheapest
  // path is the missing-token error, after the whole bundle is loaded and evaluated.
  'auto-rollback': { 'INPUT_GITHUB-TOKEN': '', INPUT_ENVIRONMENT: 'bench' },
};

/** The exit code of an action's OFFLINE path when it is not 0 (a fail-fast error path). */
const EXIT: Record<string, number> = { 'validate-hotfix-pr': 1, 'auto-rollback': 1 };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(args: string[], env: NodeJS.ProcessEnv, exit = 0): number[] {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(NODE24, args, { env, stdio: 'ignore' });
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== exit) throw new Error(`${args.join(' ')} exited ${r.status}, not ${exit}`);
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'bench-startup-'));
writeFileSync(join(dir, 'event.json'), '{}');
const base = {
  PATH: process.env.PATH,
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_EVENT_NAME: 'workflow_dispatch',
  GITHUB_EVENT_PATH: join(dir, 'event.json'),
  GITHUB_OUTPUT: join(dir, 'output'),
  GITHUB_STEP_SUMMARY: join(dir, 'summary'),
  GITHUB_WORKSPACE: dir,
  RUNNER_TEMP: dir,
};

const bare = median(time(['-e', '0'], base));
console.log(`node -e 0 under node24: ${bare.toFixed(1)} ms (median of ${RUNS})`);
let over = 0;
for (const name of readdirSync(join(ROOT, 'dist'))) {
  const bundle = join(ROOT, 'dist', name, 'index.js');
  if (!existsSync(bundle)) continue;
  const ms = median(time([bundle], { ...base, ...OFFLINE[name] }, EXIT[name]));
  const ratio = ms / bare;
  if (ratio > BUDGET) over++;
  console.log(
    `${name.padEnd(26)} ${ms.toFixed(1).padStart(7)} ms  ${ratio.toFixed(2)}x ${ratio > BUDGET ? `OVER the ${BUDGET}x budget` : ''}`,
  );
}
process.exitCode = over ? 1 : 0;
