// How long the chat waits for a GitHub that does not answer: notify through its bundle with
// github-timeout 2s against a fake GitHub where every call about the repository hangs. Ten
// runs; the time from the action's start to Slack receiving the message, and to its exit.
// The promise: the message goes out once github-timeout runs out, not when GitHub answers;
// the bench fails when a message took more than github-timeout plus 5 s (start-up, the
// octokit load, the post) on this machine.
import { FakeGitHub } from '../test/harness/fake-github/server.ts';
import { runAction } from '../test/harness/run-action.ts';
import { pullRequestEvent } from '../test/harness/events.ts';
import { slackWebhookReceiver } from '../test/harness/chat-receivers.ts';
import { seedIncident } from '../test/fixtures/incident.ts';
import { median } from './lib/common.ts';

const RUNS = 10;
const GITHUB_TIMEOUT_MS = 2_000;
const BOUND_MS = GITHUB_TIMEOUT_MS + 5_000;

const fake = new FakeGitHub();
const slack = slackWebhookReceiver();
await Promise.all([fake.start(), slack.start()]);
const toSlack: number[] = [];
const toExit: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const name = `acme/bench-notify-${i}`;
    const { repo, pr } = seedIncident(fake, name);
    fake.inject({ path: new RegExp(`^/repos/${name}/`), delayMs: 600_000, times: Infinity });
    const path = `/services/T0BENCH/B0${i}/x`;
    const started = Date.now();
    const res = await runAction('notify', {
      repository: name,
      event: pullRequestEvent(fake, repo, pr),
      apiUrl: fake.url,
      token: fake.token,
      inputs: {
        event: 'declared',
        'slack-webhook-url': slack.url(path),
        'github-comment': 'false',
        'github-timeout': `${GITHUB_TIMEOUT_MS / 1000}s`,
      },
    });
    const post = slack.to(path)[0];
    if (res.code !== 0 || !post) throw new Error(`run ${i + 1}: no message\n${res.stdout}`);
    toSlack.push(post.at - started);
    toExit.push(res.durationMs);
    console.log(
      `run ${String(i + 1).padStart(2)}: Slack got the message ${toSlack.at(-1)} ms after the start, the action exited after ${toExit.at(-1)} ms`,
    );
  }
} finally {
  await Promise.all([fake.stop(), slack.stop()]);
}

const max = (xs: number[]) => Math.max(...xs);
console.log(`\nnotify with GitHub hanging, github-timeout ${GITHUB_TIMEOUT_MS / 1000}s:`);
console.log(`  to the message:  median ${median(toSlack)} ms, max ${max(toSlack)} ms`);
console.log(`  to the exit:     median ${median(toExit)} ms, max ${max(toExit)} ms`);
const within = max(toSlack) <= BOUND_MS;
console.log(within ? `  within ${BOUND_MS} ms` : `  OVER ${BOUND_MS} ms`);
process.exitCode = within ? 0 : 1;
