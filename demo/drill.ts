// npm run demo: the local hotfix drill. For now it plays the first step of an incident:
// four hotfix PRs arrive, and the bundled classify-severity action decides each one's
// severity against the fake GitHub of the test harness, exactly as the runner would run it.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub } from '../test/harness/fake-github/server.ts';
import { runAction } from '../test/harness/run-action.ts';
import { pullRequestEvent } from '../test/harness/events.ts';
import { prBody } from '../test/fixtures/pr-body.ts';

const started = Date.now();
const fake = new FakeGitHub();
await fake.start();
const repo = fake.state.addRepo('acme/shop');
const samples = [
  {
    title: '[HOTFIX] ENG-1234: reject expired session tokens',
    head: 'hotfix/ENG-1234-expired-tokens',
    body: prBody({ impact: 'Authentication bypass: expired tokens are accepted by /api/orders.' }),
  },
  {
    title: 'ENG-1240: restore card payments',
    head: 'hotfix/ENG-1240-card-payments',
    body: prBody({ checked: ['P1'] }),
  },
  {
    title: 'ENG-1251: search is slow for some users',
    head: 'hotfix/ENG-1251-search-latency',
    body: '',
  },
  {
    title: '[P1] ENG-1260: fix partner banner',
    head: 'hotfix/ENG-1260-partner-banner',
    labels: ['severity:P3'],
    body: prBody({ checked: ['P3'] }),
  },
];

const summaries: string[] = [];
const rows: string[] = [];
for (const s of samples) {
  const pr = fake.state.addPull(repo, { ...s, createdAt: new Date(started).toISOString() });
  const t = Date.now();
  const res = await runAction('classify-severity', {
    repository: 'acme/shop',
    event: pullRequestEvent(fake, repo, pr.number),
    apiUrl: fake.url,
    token: fake.token,
  });
  if (res.code !== 0) {
    console.error(res.stdout, res.stderr);
    throw new Error(`classify-severity failed on PR #${pr.number}`);
  }
  const o = res.outputs;
  rows.push(
    `#${pr.number} ${s.title}\n   -> ${o.severity} (${o.source}, ${Date.now() - t} ms): ${o.reason}\n   labels now: ${fake.state.issue(repo, pr.number).labels.join(', ')}; respond by ${o['respond-by']}`,
  );
  for (const a of res.annotations) rows.push(`   ${a.level}: ${a.message}`);
  summaries.push(`# PR #${pr.number}\n\n${res.summary}`);
}
await fake.stop();

const dir = mkdtempSync(join(tmpdir(), 'hotfix-drill-'));
const report = join(dir, 'job-summaries.md');
writeFileSync(report, summaries.join('\n\n---\n\n'));
console.log('Hotfix drill: classify incoming hotfix PRs\n');
console.log(rows.join('\n'));
console.log(`\nJob summaries: ${report}`);
console.log(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
