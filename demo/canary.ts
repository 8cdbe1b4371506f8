// npm run demo -- --canary: the canary drill. v1.5.1 fails half of its requests; the one-step
// deploy sends it 10 %, then 25 % of real traffic through a weighted router on 127.0.0.1,
// while a real Prometheus scrapes both versions. At 25 % the error rate users see crosses
// 10 %: the abort command puts all traffic back on v1.5.0 at once, the rollback verifies
// the stable version and records it, and Slack hears which step failed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub } from '../test/harness/fake-github/server.ts';
import { fakeSha } from '../test/harness/fake-github/state.ts';
import { runComposite } from '../test/harness/run-composite.ts';
import { startService, type TestService } from '../test/harness/service.ts';
import { startWeightedProxy, type WeightedProxy } from '../test/harness/weighted-proxy.ts';
import {
  prometheusBinary,
  startPrometheus,
  type RunningPrometheus,
} from '../test/harness/prometheus.ts';
import { Receiver, slackWebhookReceiver } from '../test/harness/chat-receivers.ts';

export async function canaryDrill(): Promise<number> {
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  if (!prometheusBinary()) {
    console.log(
      'The canary drill judges each step by the error rate in Prometheus, which is not installed here (apt-get install prometheus).',
    );
    return 1;
  }
  const fake = new FakeGitHub();
  const slack: Receiver = slackWebhookReceiver();
  let stable: TestService | undefined;
  let next: TestService | undefined;
  let proxy: WeightedProxy | undefined;
  let prometheus: RunningPrometheus | undefined;
  let stopLoad = async () => {};
  const scratch = mkdtempSync(join(tmpdir(), 'canary-drill-'));
  try {
    console.log('Canary drill (v1.5.1 fails half of its requests)\n');
    await Promise.all([fake.start(), slack.start()]);
    stable = await startService({ rps: 0, version: 'v1.5.0' });
    next = await startService({ rps: 0, version: 'v1.5.1', errorRate: 0.5 });
    proxy = await startWeightedProxy({ stable: stable.url, canary: next.url });
    stopLoad = proxy.load('/api', 10);
    console.log(`  users -> router ${proxy.url} -> v1.5.0 ${stable.url} | v1.5.1 ${next.url}`);
    prometheus = await startPrometheus({ targets: [stable.instance, next.instance] });
    await prometheus.waitFor(
      'sum(rate(http_requests_total{job="service"}[5s]))',
      (s) => (s[0]?.value ?? 0) > 0,
    );
    console.log(`  Prometheus ${prometheus.url} sees the traffic (${elapsed()})\n`);

    const repo = fake.state.addRepo('acme/shop');
    const sha = fakeSha('v1.5.1');
    repo.refs.set('heads/main', sha);
    fake.state.addDeployment(repo, {
      sha: fakeSha('v1.5.0'),
      ref: 'v1.5.0',
      version: 'v1.5.0',
      createdAt: new Date(Date.now() - 86_400_000).toISOString(),
      statuses: ['in_progress', 'success'],
    });
    const weight = `curl -fsS -X POST "${proxy.adminUrl}?weight=$DEPLOY_WEIGHT" >/dev/null`;
    const summaries: string[] = [];
    const r = await runComposite('deploy', {
      repository: 'acme/shop',
      sha,
      apiUrl: fake.url,
      token: fake.token,
      timeoutMs: 180_000,
      inputs: {
        environment: 'production',
        strategy: 'canary',
        steps: '10%, 25%, 50%, 100%',
        command: `${weight} && echo "step $DEPLOY_STEP/$DEPLOY_STEPS: $DEPLOY_WEIGHT% of traffic on v1.5.1"`,
        'abort-command': `${weight} && echo "abort: all traffic back on v1.5.0"`,
        version: 'v1.5.1',
        severity: 'P1',
        'prometheus-url': prometheus.url,
        'prometheus-queries':
          'error-rate: sum(rate(http_requests_total{job="service",code=~"5.."}[5s])) / sum(rate(http_requests_total{job="service"}[5s])) < 0.1',
        // Each window (every step's, and the rollback's) opens once the 5 s rate only holds
        // traffic at the new weight: otherwise the rollback would judge the canary's errors.
        'initial-delay': '6s',
        interval: '1s',
        'probe-timeout': '2s',
        duration: '4s',
        'slack-webhook-url': slack.url('/services/T0/B0/canary'),
      },
      onStep: (step, ms) => {
        if (!step.result) return;
        if (step.result.summary)
          summaries.push(`# ${step.action ?? step.id}\n\n${step.result.summary}`);
        const o = step.outputs;
        const line =
          step.action === 'deploy-with-healthcheck'
            ? `${o.verdict}, ${o['completed-steps']} step(s) healthy, ${o.weight}% on v1.5.1 at the end: ${o['failure-reason'] || 'healthy'}`
            : step.action === 'auto-rollback'
              ? `rolled back: ${o['rolled-back']} (${o.message ?? ''})`
              : step.action === 'notify'
                ? `sent to ${(JSON.parse(o.sent ?? '[]') as string[]).join(', ')}`
                : (step.result.stderr.trim().split('\n').at(-1) ?? '');
        console.log(
          `${step.result.code === 0 ? '✔' : '✘'} ${(step.action ?? 'the job fails').padEnd(24)} ${line}  (${(ms / 1000).toFixed(1)} s)`,
        );
      },
    });
    console.log(
      `\nWeights the router was set to: ${proxy.changes.map((w) => `${w}%`).join(' -> ')}`,
    );
    console.log(
      `Requests served: v1.5.0 ${proxy.sent.stable}, v1.5.1 ${proxy.sent.canary}; live weight now ${proxy.weight()}%.`,
    );
    const post = slack.requests.at(-1);
    console.log(`Slack: ${post ? JSON.stringify(post.json).slice(0, 200) : 'nothing'}…`);
    const report = join(scratch, 'job-summaries.md');
    writeFileSync(report, summaries.join('\n\n---\n\n'));
    console.log(`\nJob summaries: ${report}`);
    console.log(`Done in ${elapsed()}.`);
    const ok =
      r.code === 1 &&
      r.outputs['failed-step'] === '2' &&
      proxy.weight() === 0 &&
      proxy.changes.join(',') === '10,25,0' &&
      r.outputs['rolled-back'] === 'true';
    return ok ? 0 : 1;
  } finally {
    await stopLoad();
    await Promise.allSettled([
      fake.stop(),
      slack.stop(),
      proxy?.stop(),
      stable?.stop(),
      next?.stop(),
      prometheus?.stop(),
    ]);
  }
}
