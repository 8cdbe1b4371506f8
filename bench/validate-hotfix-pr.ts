// validate-hotfix-pr end to end against the fake GitHub: the wall time of the bundled action
// on a small hotfix PR and on a PR at GitHub's 3,000-file listing cap (30 pages of files),
// median of a few runs each, with the requests it made. Shows what pagination costs.
import { FakeGitHub } from '../test/harness/fake-github/server.ts';
import { runAction } from '../test/harness/run-action.ts';
import { pullRequestEvent } from '../test/harness/events.ts';
import { prBody } from '../test/fixtures/pr-body.ts';

const RUNS = 5;
const fake = new FakeGitHub();
await fake.start();

const cases = {
  'small PR (3 files)': 3,
  'huge PR (3,200 files; GitHub lists 3,000)': 3200,
};

try {
  for (const [label, count] of Object.entries(cases)) {
    const repo = fake.state.addRepo(`acme/bench-${count}`);
    const pr = fake.state.addPull(repo, {
      title: '[HOTFIX] ENG-1234: reject expired session tokens',
      head: 'hotfix/ENG-1234-expired-tokens',
      body: prBody({ checked: ['P1'] }),
      labels: ['severity:P1'],
      user: 'dana',
      files: Array.from({ length: count }, (_, i) => ({
        filename: i === 0 ? 'src/auth/session.test.ts' : `src/module-${i}.ts`,
        additions: 3,
        deletions: 1,
      })),
    });
    fake.state.addReview(pr, { user: 'alice', state: 'APPROVED' });
    const event = pullRequestEvent(fake, repo, pr.number);
    const times: number[] = [];
    let requests = 0;
    for (let i = 0; i < RUNS; i++) {
      const before = fake.requests.length;
      const res = await runAction('validate-hotfix-pr', {
        repository: `${repo.owner}/${repo.name}`,
        event,
        sha: event.sha,
        ref: event.ref,
        apiUrl: fake.url,
        token: fake.token,
        timeoutMs: 120_000,
      });
      if (res.code !== (count > 10 ? 1 : 0))
        throw new Error(`unexpected exit ${res.code}:\n${res.stdout}\n${res.stderr}`);
      times.push(res.durationMs);
      requests = fake.requests.length - before;
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    console.log(
      `${label.padEnd(44)} ${String(median).padStart(6)} ms median of ${RUNS} (min ${times[0]}, max ${times.at(-1)}), ${requests} API requests a run`,
    );
  }
} finally {
  await fake.stop();
}
