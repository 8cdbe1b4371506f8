// One squash-merged fix backported from main of a large repository (5,000 commits, 800 files
// in 40 directories, 20 release branches that moved on after their cut) to 1, 5 and 20
// release branches, through the bundle, against the fake GitHub: wall time, git processes and
// objects fetched, beside korthout/backport-action's bundle on the same repository and fake
// API, as the ratio per pair. The repository is written with `git fast-import`.
//
// - ours, with a workspace: a full clone as GITHUB_WORKSPACE, as actions/checkout with
//   fetch-depth: 0 leaves it (made before the timer starts, for every candidate alike);
// - ours, without one: the action makes its own blobless clone (its time is in the figure);
// - the peer always needs a checkout: the same full clone. The "without" ratio compares our
//   run without a checkout to the peer's run with one, its checkout not counted.
//
// Each run gets a fresh copy of the origin. Runs are interleaved round-robin (a busy moment of
// the two shared cores hits every candidate alike) and the figure is the median of ROUNDS.
// Git processes and objects come from one more run of each with GIT_TRACE2_EVENT: processes
// the action started (and all of git's, with their children), and the objects upload-pack
// sent (in total, and on demand: the blobs a blobless clone fetches lazily).
//
// The goal (issue 17): at most 0.8x the peer at every target count with a workspace, and at
// most 1.0x without one. The peer's bundle is not part of this repository: BENCH_PEER_BACKPORT
// names its dist/index.js, a clone or a bare repository of korthout/backport-action.
// BENCH_OURS_BUNDLE runs another build of ours (an older dist/backport/index.js) instead.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../src/shared/process/supervisor.ts';
import { git } from '../src/shared/git/git.ts';
import { FakeGitHub } from '../test/harness/fake-github/server.ts';
import { ROOT, runAction, type RunOptions } from '../test/harness/run-action.ts';
import { GitOrigin } from '../test/harness/git-origin.ts';
import { median, peerBundle } from './lib/common.ts';

const COMMITS = 5_000;
const RELEASES = 20;
const DIRS = 40;
const FILES_PER_DIR = 20;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGETS = [1, 5, 20];

const file = (i: number) => `src/d${i % DIRS}/f${Math.floor(i / DIRS) % FILES_PER_DIR}.txt`;
const CORE = 'src/core/retry.txt';
/** A file of `n` lines; `tag` changes the lines from `from` on. */
const text = (n: number, tag = 'v0', from = n) =>
  Array.from({ length: n }, (_, i) =>
    i >= from ? `line ${i} ${tag} of a file that is long enough` : `line ${i} of a file`,
  ).join('\n') + '\n';

function fastImportStream(): string {
  const out: string[] = [];
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}`;
  const t0 = Date.parse('2025-01-01T00:00:00Z') / 1000;
  // An hour apart: 5,000 commits span most of a year, as a busy repository's do.
  const who = (i: number) => `Dev <dev@example.com> ${t0 + i * 3600} +0000`;
  const commit = (ref: string, mark: number, from: number | undefined, msg: string) => {
    out.push(`commit ${ref}`, `mark :${mark}`, `author ${who(mark)}`, `committer ${who(mark)}`);
    out.push(data(msg));
    if (from !== undefined) out.push(`from :${from}`);
  };
  commit('refs/heads/main', 1, undefined, 'initial');
  out.push('M 100644 inline README.md', data('# shop\n'));
  out.push(`M 100644 inline ${CORE}`, data(text(120)));
  for (let f = 0; f < DIRS * FILES_PER_DIR; f++)
    out.push(`M 100644 inline ${file(f)}`, data(text(60, `f${f}`, 0)));
  out.push('');
  for (let i = 2; i <= COMMITS; i++) {
    commit('refs/heads/main', i, i - 1, `change ${i}`);
    out.push(`M 100644 inline ${file(i * 7)}`, data(text(60, `c${i}`, 30)));
    // main keeps changing the end of the core file, far from the lines the fix touches
    if (i % 50 === 0) out.push(`M 100644 inline ${CORE}`, data(text(120, `c${i}`, 100)));
    out.push('');
  }
  // Release branches cut from the last 2,000 commits, release/1.0 oldest, each moved on with
  // backports of its own (other files, and the end of the core file).
  let mark = COMMITS;
  for (let k = 0; k < RELEASES; k++) {
    const ref = `refs/heads/release/1.${k}`;
    let from = COMMITS - 2_000 + k * 100;
    for (let j = 0; j < 5; j++) {
      commit(ref, ++mark, from, `release 1.${k}: backport ${j}`);
      out.push(`M 100644 inline ${file(k * 13 + j)}`, data(text(60, `r${k}.${j}`, 20)));
      if (j === 4) out.push(`M 100644 inline ${CORE}`, data(text(120, `r${k}`, 110)));
      out.push('');
      from = mark;
    }
  }
  // The PR: one commit changing the start of the core file, merged by squash on main.
  const fixed = (base: string) => base.replace('line 3 of a file', 'line 3 of a file, fixed');
  const coreAtTip = text(120, `c${COMMITS - (COMMITS % 50)}`, 100);
  for (const [ref, msg] of [
    ['refs/heads/fix/retries', 'Retry three times'],
    ['refs/heads/main', 'Retry three times (#1)'],
  ] as const) {
    commit(ref, ++mark, COMMITS, msg);
    out.push(`M 100644 inline ${CORE}`, data(fixed(coreAtTip)), '');
  }
  out.push('reset refs/pull/1/head', `from :${mark - 1}`, '');
  return out.join('\n');
}

async function buildOrigin(dir: string): Promise<string> {
  const bare = join(dir, 'template.git');
  await git(['init', '-q', '--bare', '-b', 'main', bare], { cwd: dir });
  const r = await run('git', ['fast-import', '--quiet'], { cwd: bare, input: fastImportStream() });
  if (r.code !== 0) throw new Error(`fast-import failed: ${r.stderr}`);
  await git(['gc', '-q'], { cwd: bare });
  await GitOrigin.serveLikeGitHub(bare);
  return bare;
}

interface Candidate {
  name: string;
  workspace: boolean;
  peer: boolean;
  ms: Map<number, number[]>;
  counts: Map<number, Counts>;
  trees: Map<number, string[]>;
}

interface Counts {
  spawned: number;
  all: number;
  objects: number;
  onDemand: number;
}

const fake = new FakeGitHub();
await fake.start();
const root = mkdtempSync(join(tmpdir(), 'bench-backport-'));
let runs = 0;

/** One run of a candidate onto the `n` newest release branches; its wall time, trees, counts. */
async function runOnce(
  c: Candidate,
  template: string,
  n: number,
  peer: { main: string; actionYml: string } | undefined,
  trace: boolean,
): Promise<{ ms: number; trees: string[]; counts?: Counts }> {
  const name = `bench-${++runs}`;
  const repo = fake.state.addRepo(`acme/${name}`);
  const dir = join(root, name);
  const bare = join(dir, 'acme', `${name}.git`);
  cpSync(template, bare, { recursive: true });
  repo.gitDir = bare;
  const origin = GitOrigin.open(repo, dir);
  const merged = await origin.recordMerged(fake, repo, {
    branch: 'fix/retries',
    title: 'OPS-7 payments fail on timeout',
    labels: ['severity:P1', 'hotfix'],
  });
  repo.collaborators.set('dana', 'write');
  const targets = Array.from({ length: n }, (_, i) => `release/1.${RELEASES - 1 - i}`);
  const ws = c.workspace ? await origin.clone() : undefined;
  const traceFile = join(dir, 'trace.json');
  const opts: RunOptions = {
    repository: `acme/${name}`,
    event: {
      name: 'pull_request',
      payload: {
        action: 'closed',
        number: merged.number,
        pull_request: { number: merged.number, merged: true, base: { sha: merged.baseSha } },
      },
    },
    apiUrl: fake.url,
    token: fake.token,
    ...(ws ? { workspace: ws } : {}),
    env: { GITHUB_SERVER_URL: origin.serverUrl, ...(trace ? { GIT_TRACE2_EVENT: traceFile } : {}) },
    timeoutMs: 10 * 60_000,
    ...(c.peer
      ? {
          bundle: peer!,
          inputs: {
            target_branches: targets.join(' '),
            copy_labels_pattern: '^(severity:|hotfix)',
            add_author_as_assignee: 'true',
          },
        }
      : {
          ...(OURS ? { bundle: OURS } : {}),
          inputs: { targets: 'release/*', latest: String(n) },
        }),
  };
  const t = Date.now();
  const res = await runAction('backport', opts);
  const ms = Date.now() - t;
  const branches = targets.map((b) =>
    c.peer ? `backport-${merged.number}-to-${b}` : `backport/${b}/pr-${merged.number}`,
  );
  const trees = await Promise.all(
    branches.map((b) =>
      git(['rev-parse', `refs/heads/${b}^{tree}`], { cwd: bare }).catch(() => 'missing'),
    ),
  );
  if (res.code !== 0 || trees.includes('missing'))
    throw new Error(`${c.name} onto ${n} failed:\n${res.stdout.slice(-3000)}\n${res.stderr}`);
  const counts = trace ? countTrace(readFileSync(traceFile, 'utf8')) : undefined;
  rmSync(dir, { recursive: true, force: true });
  if (ws) rmSync(ws, { recursive: true, force: true });
  return { ms, trees, ...(counts ? { counts } : {}) };
}

/** Git processes and objects sent, from a GIT_TRACE2_EVENT file. */
function countTrace(events: string): Counts {
  const names = new Map<string, string>();
  const argv = new Map<string, string[]>();
  const wrote: { sid: string; n: number }[] = [];
  for (const line of events.split('\n')) {
    if (!line) continue;
    const e = JSON.parse(line) as {
      event: string;
      sid: string;
      name?: string;
      argv?: string[];
      category?: string;
      key?: string;
      value?: string;
    };
    if (e.event === 'start') argv.set(e.sid, e.argv ?? []);
    if (e.event === 'cmd_name' && e.name) names.set(e.sid, e.name);
    if (e.event === 'data' && e.category === 'pack-objects' && e.key === 'write_pack_file/wrote')
      wrote.push({ sid: e.sid, n: Number(e.value) });
  }
  const parent = (sid: string) => sid.slice(0, sid.lastIndexOf('/'));
  let objects = 0;
  let onDemand = 0;
  for (const w of wrote) {
    const up = parent(w.sid);
    if (names.get(up) !== 'upload-pack') continue; // a push packs too: not fetched
    objects += w.n;
    // The fetch that started this upload-pack: a lazy fetch of a blobless clone reads the
    // objects it wants from stdin.
    let fetcher = parent(up);
    while (fetcher && names.get(fetcher) !== 'fetch') fetcher = parent(fetcher);
    if (argv.get(fetcher)?.includes('--stdin')) onDemand += w.n;
  }
  const sids = [...argv.keys()];
  return {
    spawned: sids.filter((s) => !s.includes('/')).length,
    all: sids.length,
    objects,
    onDemand,
  };
}

const OURS = process.env.BENCH_OURS_BUNDLE
  ? {
      main: process.env.BENCH_OURS_BUNDLE,
      actionYml: join(ROOT, 'actions', 'backport', 'action.yml'),
    }
  : undefined;

try {
  let t = Date.now();
  const template = await buildOrigin(root);
  console.log(
    `origin: ${COMMITS} commits, ${DIRS * FILES_PER_DIR + 2} files, ${RELEASES} release branches, built with git fast-import in ${Date.now() - t} ms`,
  );
  const peer = peerBundle(root);
  const candidates: Candidate[] = [
    { name: 'ours, workspace', workspace: true, peer: false },
    { name: 'ours, no workspace', workspace: false, peer: false },
    ...(peer ? [{ name: 'korthout, workspace', workspace: true, peer: true }] : []),
  ].map((c) => ({ ...c, ms: new Map(), counts: new Map(), trees: new Map() }));
  t = Date.now();
  for (const n of TARGETS)
    for (const c of candidates) {
      const r = await runOnce(c, template, n, peer, true);
      c.counts.set(n, r.counts!);
      c.trees.set(n, r.trees);
    }
  for (let round = 0; round < ROUNDS; round++)
    for (const n of TARGETS)
      for (const c of candidates) {
        const r = await runOnce(c, template, n, peer, false);
        c.ms.set(n, [...(c.ms.get(n) ?? []), r.ms]);
      }
  console.log(`${candidates.length * TARGETS.length * (ROUNDS + 1)} runs in ${Date.now() - t} ms`);

  const peerC = candidates.find((c) => c.peer);
  console.log(
    `\nmedian of ${ROUNDS} interleaved runs; git processes: started by the action (all, with children); objects: sent by upload-pack (on demand)`,
  );
  console.log(
    '| targets | candidate | wall | vs peer | git processes | objects fetched | trees = peer |',
  );
  console.log('| ---: | --- | ---: | ---: | ---: | ---: | --- |');
  let missed = 0;
  for (const n of TARGETS)
    for (const c of candidates) {
      const ms = median(c.ms.get(n)!);
      const ratio = peerC && c !== peerC ? ms / median(peerC.ms.get(n)!) : undefined;
      const goal = c.workspace ? 0.8 : 1.0;
      if (ratio !== undefined && ratio > goal) missed++;
      const k = c.counts.get(n)!;
      const same = peerC
        ? JSON.stringify(c.trees.get(n)) === JSON.stringify(peerC.trees.get(n))
        : undefined;
      console.log(
        `| ${n} | ${c.name} | ${(ms / 1000).toFixed(2)} s | ${ratio === undefined ? '' : `${ratio.toFixed(2)}x (goal ${goal.toFixed(1)})`} | ${k.spawned} (${k.all}) | ${k.objects} (${k.onDemand}) | ${same === undefined ? '' : same ? 'yes' : '**no**'} |`,
      );
      if (same === false) missed++;
    }
  if (!peerC)
    console.log(
      '\nkorthout/backport-action not measured: set BENCH_PEER_BACKPORT to its bundle or repository',
    );
  else if (missed) console.log(`\n${missed} figure(s) miss the goal`);
  process.exitCode = missed ? 1 : 0;
} finally {
  await fake.stop();
  rmSync(root, { recursive: true, force: true });
}
