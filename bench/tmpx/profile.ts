import { cpSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub } from '../../test/harness/fake-github/server.ts';
import { runAction } from '../../test/harness/run-action.ts';
import { GitOrigin } from '../../test/harness/git-origin.ts';
const fake = new FakeGitHub();
await fake.start();
const root = mkdtempSync(join(tmpdir(), 'prof-'));
const n = Number(process.argv[2] ?? 1);
const withWs = process.argv[3] === 'ws';
const peer = process.argv[4] === 'peer';
const repo = fake.state.addRepo('acme/p1');
const bare = join(root, 'acme', 'p1.git');
cpSync('/tmp/mt/origin/template.git', bare, { recursive: true });
repo.gitDir = bare;
const origin = GitOrigin.open(repo, root);
const merged = await origin.recordMerged(fake, repo, { branch: 'fix/retries', title: 'T', labels: ['severity:P1'] });
const ws = withWs ? await origin.clone() : undefined;
const trace = join(root, 'trace.json');
const targets = Array.from({ length: n }, (_, i) => `release/1.${19 - i}`);
const t0 = Date.now();
const res = await runAction('backport', {
  repository: 'acme/p1',
  event: { name: 'pull_request', payload: { action: 'closed', number: 1, pull_request: { number: 1, merged: true, base: { sha: merged.baseSha } } } },
  apiUrl: fake.url, token: fake.token,
  ...(ws ? { workspace: ws } : {}),
  env: { GITHUB_SERVER_URL: origin.serverUrl, GIT_TRACE2_EVENT: trace },
  ...(peer ? { bundle: { main: '/tmp/mt/peer/index.js', actionYml: '/tmp/mt/peer/action.yml' }, inputs: { target_branches: targets.join(' ') } } : { inputs: { targets: 'release/*', latest: String(n) } }),
});
const total = Date.now() - t0;
console.log('code', res.code, 'total', total, 'ms'); if (res.code) console.log(res.stdout.slice(-2000));
const starts = new Map<string, { t: number; argv: string[] }>();
const rows: [number, number, string][] = [];
for (const line of readFileSync(trace, 'utf8').split('\n').filter(Boolean)) {
  const e = JSON.parse(line);
  if (e.sid.includes('/')) continue;
  if (e.event === 'start') starts.set(e.sid, { t: Date.parse(e.time), argv: e.argv });
  if (e.event === 'exit') { const s = starts.get(e.sid)!; rows.push([s.t - t0, Date.parse(e.time) - s.t, s.argv.slice(1).join(' ').slice(0, 110)]); }
}
rows.sort((a, b) => a[0] - b[0]);
for (const r of rows) console.log(String(r[0]).padStart(6), String(r[1]).padStart(5), r[2]);
const reqs = fake.requests.map(r => `${r.at - t0} ${r.method} ${r.path}`);
console.log(reqs.join('\n'));
await fake.stop();
rmSync(root, { recursive: true, force: true });
