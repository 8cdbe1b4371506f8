// Cold start of each bundled action under node24, side by side with a bare `node -e 0` and
// with the bundle of korthout/backport-action, the most used backport action (@actions/core,
// @actions/exec and @actions/github, bundled by esbuild). Runs are interleaved round-robin,
// so a busy moment of the machine hits every candidate alike; the figure is the median.
// Each candidate takes a path that needs no network, so the figure is start-up, not I/O.
// The bar: no bundle of ours starts slower than the peer's.
//
// The peer's bundle is not part of this repository: point BENCH_PEER_BACKPORT at its
// dist/index.js, or at a clone or bare repository of korthout/backport-action (its
// committed dist/index.js at HEAD is read).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE24, ROOT } from '../test/harness/run-action.ts';
import { median, peerBundle } from './lib/common.ts';

const ROUNDS = 21;

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
  // Every figure comes from the API: without a token, its cheapest path is the missing-token
  // error, after the whole bundle is loaded and evaluated.
  'hotfix-report': { 'INPUT_GITHUB-TOKEN': '' },
};

/** The exit code of an action's OFFLINE path when it is not 0 (a fail-fast error path). */
const EXIT: Record<string, number> = {
  'validate-hotfix-pr': 1,
  'auto-rollback': 1,
  'hotfix-report': 1,
};

interface Candidate {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  exit: number;
  times: number[];
}

const dir = mkdtempSync(join(tmpdir(), 'bench-startup-'));
writeFileSync(join(dir, 'event.json'), '{}');
writeFileSync(join(dir, 'pull-request.json'), '{"action":"opened","pull_request":{"number":1}}');
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
for (const f of ['output', 'summary']) writeFileSync(join(dir, f), '');

const candidates: Candidate[] = [
  { name: 'node -e 0', args: ['-e', '0'], env: base, exit: 0, times: [] },
];
for (const name of readdirSync(join(ROOT, 'dist'))) {
  const bundle = join(ROOT, 'dist', name, 'index.js');
  if (!existsSync(bundle)) continue;
  candidates.push({
    name,
    args: [bundle],
    env: { ...base, ...OFFLINE[name] },
    exit: EXIT[name] ?? 0,
    times: [],
  });
}
const peer = peerBundle(dir)?.main;
if (peer) {
  // Its required inputs, and a cherry_picking value it rejects before any API call: the
  // whole bundle is loaded and evaluated, as on our error paths.
  candidates.push({
    name: 'korthout/backport-action',
    args: [peer],
    env: {
      ...base,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: join(dir, 'pull-request.json'),
      INPUT_GITHUB_TOKEN: 'bench',
      INPUT_GITHUB_WORKSPACE: dir,
      INPUT_EXPERIMENTAL: '{}',
      INPUT_CHERRY_PICKING: 'none-such',
    },
    exit: 1,
    times: [],
  });
}

for (let round = 0; round < ROUNDS; round++) {
  for (const c of candidates) {
    const t = process.hrtime.bigint();
    const r = spawnSync(NODE24, c.args, { env: c.env, stdio: 'ignore' });
    c.times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== c.exit) throw new Error(`${c.name} exited ${r.status}, not ${c.exit}`);
  }
}

const bare = median(candidates[0]!.times);
const peerMs = peer ? median(candidates.at(-1)!.times) : undefined;
console.log(`median of ${ROUNDS} interleaved runs under node24`);
console.log(`${'candidate'.padEnd(26)} ${'ms'.padStart(7)}  vs node -e 0  vs peer`);
let slower = 0;
for (const c of candidates) {
  const ms = median(c.times);
  const vsPeer = peerMs ? ms / peerMs : undefined;
  const ours = c !== candidates[0] && c.name !== 'korthout/backport-action';
  if (ours && vsPeer !== undefined && vsPeer > 1) slower++;
  console.log(
    `${c.name.padEnd(26)} ${ms.toFixed(1).padStart(7)}  ${(ms / bare).toFixed(2).padStart(6)}x` +
      (vsPeer !== undefined ? `  ${vsPeer.toFixed(2).padStart(6)}x` : ''),
  );
}
if (!peer)
  console.log(
    'korthout/backport-action not measured: set BENCH_PEER_BACKPORT to its dist/index.js or a clone',
  );
else if (slower) console.log(`${slower} bundle(s) start slower than korthout/backport-action`);
process.exitCode = slower ? 1 : 0;
