// One squash-merged fix backported from main of a 5,000-commit repository to 1, 5 and 20
// release branches, through the bundle, against the fake GitHub: wall time per run, and how
// it grows with the number of targets. The repository is written with `git fast-import`.
//
// Each run starts from a fresh copy of the origin and a fresh clone as GITHUB_WORKSPACE (not
// timed), the way actions/checkout leaves the job. The client does not space its writes
// (src/shared/github.ts says why): each target's two writes go out as soon as they are ready.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../src/shared/process/supervisor.ts';
import { git } from '../src/shared/git/git.ts';
import { FakeGitHub } from '../test/harness/fake-github/server.ts';
import { runAction } from '../test/harness/run-action.ts';
import { GitOrigin } from '../test/harness/git-origin.ts';

const COMMITS = 5_000;
const RELEASES = 20;
const FILES = 50;

function fastImportStream(): string {
  const out: string[] = [];
  // The LF that join() puts after the content is the optional LF fast-import allows there.
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}`;
  const t0 = Date.parse('2025-01-01T00:00:00Z') / 1000;
  const who = (i: number) => `Dev <dev@example.com> ${t0 + i * 60} +0000`;
  for (let i = 1; i <= COMMITS; i++) {
    out.push(
      'commit refs/heads/main',
      `mark :${i}`,
      `author ${who(i)}`,
      `committer ${who(i)}`,
      data(`change ${i}`),
      ...(i > 1 ? [`from :${i - 1}`] : []),
    );
    if (i === 1) out.push('M 100644 inline README.md', data('# shop\n\nretries = 0\n'));
    out.push(`M 100644 inline src/f${i % FILES}.txt`, data(`version ${i}\n`));
    out.push('');
  }
  // Release branches cut from the last 200 commits, release/1.0 oldest.
  for (let k = 0; k < RELEASES; k++)
    out.push(`reset refs/heads/release/1.${k}`, `from :${COMMITS - 200 + k * 5}`, '');
  // The PR: one commit on a branch; merged by squash as a new commit on main.
  const fix = '# shop\n\nretries = 3\n';
  out.push(
    'commit refs/heads/fix/retries',
    `mark :${COMMITS + 1}`,
    `author ${who(COMMITS + 1)}`,
    `committer ${who(COMMITS + 1)}`,
    data('Retry three times'),
    `from :${COMMITS}`,
    'M 100644 inline README.md',
    data(fix),
    '',
    'commit refs/heads/main',
    `mark :${COMMITS + 2}`,
    `author ${who(COMMITS + 2)}`,
    `committer ${who(COMMITS + 2)}`,
    data('Retry three times (#1)'),
    `from :${COMMITS}`,
    'M 100644 inline README.md',
    data(fix),
    '',
    `reset refs/pull/1/head`,
    `from :${COMMITS + 1}`,
    '',
  );
  return out.join('\n');
}

async function buildOrigin(dir: string): Promise<string> {
  const bare = join(dir, 'template.git');
  await git(['init', '-q', '--bare', '-b', 'main', bare], { cwd: dir });
  const r = await run('git', ['fast-import', '--quiet'], { cwd: bare, input: fastImportStream() });
  if (r.code !== 0) throw new Error(`fast-import failed: ${r.stderr}`);
  await git(['gc', '-q'], { cwd: bare });
  return bare;
}

const fake = new FakeGitHub();
await fake.start();
const root = mkdtempSync(join(tmpdir(), 'bench-backport-'));
try {
  let t = Date.now();
  const template = await buildOrigin(root);
  console.log(
    `origin: ${COMMITS} commits, ${RELEASES} release branches, built with git fast-import in ${Date.now() - t} ms`,
  );
  const rows: { targets: number; ms: number; source: string }[] = [];
  for (const [i, targets, workspace] of [
    [1, 1, true],
    [2, 5, true],
    [3, 20, true],
    [4, 5, false],
  ] as const) {
    const repo = fake.state.addRepo(`acme/bench-${i}`);
    const dir = join(root, `run-${i}`);
    const bare = join(dir, 'acme', `bench-${i}.git`);
    cpSync(template, bare, { recursive: true });
    repo.gitDir = bare;
    const origin = GitOrigin.open(repo, dir);
    const merged = await origin.recordMerged(fake, repo, {
      branch: 'fix/retries',
      title: 'OPS-7 payments fail on timeout',
      labels: ['severity:P1', 'hotfix'],
    });
    const ws = workspace ? await origin.clone() : undefined;
    t = Date.now();
    const res = await runAction('backport', {
      repository: `acme/bench-${i}`,
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
      inputs: { targets: 'release/*', latest: String(targets) },
      ...(ws ? { workspace: ws } : {}),
      env: { GITHUB_SERVER_URL: origin.serverUrl },
      timeoutMs: 10 * 60_000,
    });
    const ms = Date.now() - t;
    const created = JSON.parse(res.outputs.created ?? '[]') as unknown[];
    if (res.code !== 0 || created.length !== targets)
      throw new Error(`run with ${targets} targets failed:\n${res.stdout}\n${res.stderr}`);
    rows.push({
      targets,
      ms,
      source: ws ? 'checkout' : 'blobless clone',
    });
    if (ws) rmSync(ws, { recursive: true, force: true });
  }
  console.log('\n| targets | repository | wall | per target |');
  console.log('| ---: | --- | ---: | ---: |');
  for (const r of rows)
    console.log(
      `| ${r.targets} | ${r.source} | ${(r.ms / 1000).toFixed(1)} s | ${(r.ms / r.targets / 1000).toFixed(2)} s |`,
    );
  const one = rows[0]!.ms;
  const five = rows[1]!.ms;
  const twenty = rows[2]!.ms;
  console.log(
    `\ngrowth: 1 -> 5 targets x${(five / one).toFixed(1)}, 5 -> 20 targets x${(twenty / five).toFixed(1)} (one fetch serves every target; each adds a cherry-pick, a push and its API calls)`,
  );
} finally {
  await fake.stop();
  rmSync(root, { recursive: true, force: true });
}
