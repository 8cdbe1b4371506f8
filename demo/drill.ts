// npm run demo: the local hotfix drill. One incident, end to end, on this machine: the
// bundled actions run in the order the reusable workflow (.github/workflows/hotfix.yml) runs
// them, each as the runner would run it, against real git, a real HTTP service (and a real
// Prometheus when installed), the fake GitHub of the test harness, and a local webhook
// receiver standing in for Slack, and stand-ins for the status page (Statuspage) and the
// pager (PagerDuty Events v2).
//
//   npm run demo             v1.5.1 breaks production: Failed -> auto-rollback -> healthy
//   npm run demo -- --happy  v1.5.1 is healthy and the backports are clean
//   npm run demo -- --canary v1.5.1 goes out as a canary and aborts at 25 % (demo/canary.ts)
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub } from '../test/harness/fake-github/server.ts';
import { runAction, type ActionResult, type RunOptions } from '../test/harness/run-action.ts';
import { runComposite } from '../test/harness/run-composite.ts';
import { pullRequestEvent, pushEvent } from '../test/harness/events.ts';
import { startServiceProcess, type ServiceProcess } from '../test/harness/service.ts';
import {
  prometheusBinary,
  startPrometheus,
  type RunningPrometheus,
} from '../test/harness/prometheus.ts';
import { Receiver, slackWebhookReceiver } from '../test/harness/chat-receivers.ts';
import { PagerDutyStub, StatuspageStub } from '../test/harness/incident-services.ts';
import { GitOrigin } from '../test/harness/git-origin.ts';
import { buildRepo, mergeHotfix, HOTFIX_BRANCH } from './drill-repo.ts';

if (process.argv.includes('--canary')) {
  const { canaryDrill } = await import('./canary.ts');
  process.exit(await canaryDrill());
}

const happy = process.argv.includes('--happy');
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

interface Step {
  name: string;
  verdict: string;
  ms: number;
  ok: boolean;
}
const steps: Step[] = [];
const summaries: string[] = [];

const fake = new FakeGitHub();
const slack: Receiver = slackWebhookReceiver();
const statuspage = new StatuspageStub('drill-statuspage-key', 'drillpage', ['checkout', 'api']);
const pagerduty = new PagerDutyStub();
let service: ServiceProcess | undefined;
let prometheus: RunningPrometheus | undefined;
const scratch = mkdtempSync(join(tmpdir(), 'hotfix-drill-'));

try {
  console.log(
    `Hotfix drill (${happy ? 'happy path: the hotfix is healthy' : 'v1.5.1 breaks production'})`,
  );
  // Say which red rows are the scenario, so a reader does not take them for a broken drill.
  console.log(
    happy
      ? 'Expected: every row ✔ (the deploy is healthy, both backports are clean).\n'
      : 'Expected: three ✘ rows, the incident as it should go: the v1.5.1 deploy fails its\n' +
          'health check, the job fails because that deploy was not healthy (even after a good\n' +
          'rollback), and the backport to release/1.4 conflicts for a person to resolve.\n',
  );
  const [, , svc] = await Promise.all([
    fake.start(),
    slack.start(),
    startServiceProcess({ version: 'v1.5.0' }),
    statuspage.receiver.start(),
    pagerduty.receiver.start(),
  ]);
  service = svc;
  // Prometheus needs 5-6 s before its first series: start it now, use it at the deploy.
  const promReady = prometheusBinary()
    ? startPrometheus({ targets: [svc.instance] }).then(async (p) => {
        prometheus = p;
        await p.waitFor('http_requests_total', (s) => s.length > 0, 60_000);
        return p;
      })
    : Promise.resolve(undefined);
  const d = await buildRepo(fake, { breaks: !happy, conflict: !happy });
  const base: RunOptions = {
    repository: 'acme/shop',
    apiUrl: fake.url,
    token: fake.token,
    workspace: d.workspace,
    env: { SERVICE_URL: svc.url },
  };
  const record = (label: string, r: ActionResult, verdict: string, ms: number) => {
    const step = { name: label, verdict, ms, ok: r.code === 0 };
    steps.push(step);
    if (r.summary) summaries.push(`# ${label.trim()}\n\n${r.summary}`);
    console.log(
      `${step.ok ? '✔' : '✘'} ${label.padEnd(34)} ${step.verdict}  (${(step.ms / 1000).toFixed(1)} s)`,
    );
    if (process.env.DRILL_DEBUG) console.log(r.stdout, r.stderr);
  };
  // The event's commit and ref are the run's GITHUB_SHA and GITHUB_REF, as on a runner.
  const on = (opts: RunOptions): RunOptions => {
    const ev = opts.event as { sha?: string; ref?: string } | undefined;
    return {
      ...base,
      ...(ev?.sha ? { sha: ev.sha } : {}),
      ...(ev?.ref ? { ref: ev.ref } : {}),
      ...opts,
      env: { ...base.env, ...opts.env },
    };
  };
  const run = async (
    name: string,
    label: string,
    opts: RunOptions,
    verdict: (r: ActionResult) => string,
  ) => {
    const t = Date.now();
    const r = await runAction(name, on(opts));
    record(label, r, verdict(r), Date.now() - t);
    return r;
  };

  // The incident channels the playbook broadcasts on: the status page and the pager.
  const incidentChannels = {
    'statuspage-api-key': statuspage.apiKey,
    'statuspage-page-id': statuspage.pageId,
    'statuspage-components': 'checkout, api',
    'statuspage-api-url': statuspage.url,
    'pagerduty-routing-key': 'drill0routing0key0000000000000000',
    'pagerduty-api-url': pagerduty.url,
  };

  // The gate, on the hotfix PR.
  const prEvent = pullRequestEvent(fake, d.repo, d.pr);
  const cls = await run(
    'classify-severity',
    'classify-severity',
    { event: prEvent },
    (r) =>
      `${r.outputs.severity} from the ${r.outputs.source}; respond by ${r.outputs['respond-by']}`,
  );
  // The incident is declared: Slack, the status page, the pager.
  await run(
    'notify',
    'notify (declared)',
    {
      event: prEvent,
      inputs: {
        event: 'declared',
        severity: cls.outputs.severity!,
        'slack-webhook-url': slack.url('/services/T0/B0/drill'),
        ...incidentChannels,
      },
    },
    (r) => `sent to ${(JSON.parse(r.outputs.sent ?? '[]') as string[]).join(', ')}`,
  );
  await run(
    'validate-hotfix-pr',
    'validate-hotfix-pr',
    { event: prEvent, inputs: { severity: cls.outputs.severity! } },
    (r) =>
      r.outputs.passed === 'true' ? 'all checks pass' : `failed: ${r.outputs['failed-checks']}`,
  );
  await run(
    'critical-tests',
    'critical-tests',
    {
      event: prEvent,
      inputs: {
        runner: 'command',
        select: 'related',
        command:
          'node --test --test-reporter=junit --test-reporter-destination="$CRITICAL_TESTS_JUNIT"',
      },
    },
    (r) =>
      `${r.outputs.passed}/${r.outputs.total} passed: ${(JSON.parse(r.outputs.selected ?? '[]') as string[]).map((f) => f.replace(`${d.workspace}/`, '')).join(', ')}`,
  );

  // The PR is merged: the push of its squash commit deploys it.
  const mergeSha = await mergeHotfix(fake, d);
  const prom = await promReady;
  const health = {
    'health-urls': `${svc.url}/health status=200 json:$.status=ok name=service`,
    ...(prom
      ? {
          'prometheus-url': prom.url,
          'prometheus-queries': `error-rate: sum(irate(http_requests_total{code="500"}[5s])) / sum(irate(http_requests_total[5s])) < 0.05`,
        }
      : {}),
    interval: '1s',
    'probe-timeout': '2s',
  };
  const push = pushEvent(d.repo, 'main', mergeSha, `ENG-1234 (#${d.pr})`);
  // Production: the one-step deploy (deploy/action.yml), as the workflow's production job
  // runs it: deploy and verify, roll back when not healthy, notify, fail when not healthy.
  const verdicts: Record<string, (r: ActionResult) => string> = {
    'deploy-with-healthcheck': (r) =>
      `${r.outputs.verdict} (${r.outputs.version})${r.outputs['failure-reason'] ? `: ${r.outputs['failure-reason'].replace(/^\w+: /, '')}` : ''}`,
    'auto-rollback': (r) =>
      r.outputs.escalate === 'true'
        ? `ESCALATE: ${r.outputs.reason}`
        : `back on ${r.outputs['target-ref']} (${(r.outputs['target-sha'] ?? '').slice(0, 7)}), healthy ${r.outputs.healthy}`,
    notify: (r) => `sent to ${(JSON.parse(r.outputs.sent ?? '[]') as string[]).join(', ')}`,
  };
  // The workflow's plan step: staging first when the level's policy asks for it.
  const staging = (JSON.parse(cls.outputs.requirements ?? '{}') as { staging?: boolean }).staging;
  console.log(
    `  plan: ${staging ? 'staging, then production' : `production directly (staging: false for ${cls.outputs.severity} in the shop's .github/hotfix.yml)`}`,
  );
  console.log('deploy/action.yml to production:');
  await runComposite('deploy', {
    ...on({ event: push }),
    inputs: {
      environment: 'production',
      command: 'node scripts/deploy.mjs',
      version: 'auto',
      severity: cls.outputs.severity!,
      pr: String(d.pr),
      // The rollback waits for the broken version's errors to leave Prometheus' 5 s rate.
      'initial-delay': '2s',
      duration: '3s',
      ...health,
      'slack-webhook-url': slack.url('/services/T0/B0/drill'),
      ...incidentChannels,
    },
    onStep: (step, ms) => {
      if (!step.result) return;
      const label =
        {
          'deploy-with-healthcheck': `deploy-with-healthcheck ${step.outputs.version}`,
          notify: `notify (${step.inputs.event})`,
        }[step.action ?? ''] ??
        step.action ??
        'the job fails';
      const verdict = step.action
        ? verdicts[step.action]!(step.result)
        : step.result.stderr.trim().split('\n').at(-1)!;
      record(`  ${label}`, step.result, verdict, ms);
    },
  });

  // The merged PR also goes back to the release lines.
  const merged = pullRequestEvent(fake, d.repo, d.pr, 'closed');
  await run(
    'backport',
    'backport to release/1.4, release/1.5',
    {
      event: merged,
      inputs: { targets: 'release/1.4, release/1.5' },
      env: { GITHUB_SERVER_URL: d.origin.serverUrl },
    },
    (r) => {
      const created = JSON.parse(r.outputs.created ?? '[]') as { target: string; number: number }[];
      const failed = JSON.parse(r.outputs.failed ?? '[]') as { target: string; reason: string }[];
      return [
        ...created.map((c) => `${c.target}: PR #${c.number}`),
        ...failed.map((f) => `${f.target}: ${f.reason}`),
      ].join('; ');
    },
  );

  // What the on-call channel received, as Slack would get it.
  const post = slack.requests.at(-1);
  const json = post ? JSON.stringify(post.json, null, 2) : 'nothing';
  const payloadFile = join(scratch, 'slack-payload.json');
  writeFileSync(payloadFile, json);
  const payload = json.split('\n');
  console.log(`\nSlack received (${payload.length} lines of JSON, all in ${payloadFile}):`);
  console.log(
    payload
      .slice(0, 24)
      .map((l) => `  ${l}`)
      .join('\n') + (payload.length > 24 ? '\n  ...' : ''),
  );
  // What customers and the on-call person got.
  console.log('\nStatus page (Statuspage stand-in):');
  for (const line of statuspage.story()) console.log(`  ${line}`);
  console.log(
    `  components: ${[...statuspage.components].map(([id, st]) => `${id} ${st}`).join(', ')}`,
  );
  console.log(`\nPagerDuty (Events v2 stand-in): ${pagerduty.pages.length} page(s)`);
  for (const p of pagerduty.pages)
    console.log(`  ${p.payload?.severity} · dedup_key ${p.dedup_key} · ${p.payload?.summary}`);
  for (const e of pagerduty.events.filter((x) => x.event_action !== 'trigger'))
    console.log(`  ${e.event_action} · dedup_key ${e.dedup_key}`);

  const running = ((await fetch(`${svc.url}/version`).then((r) => r.json())) as { version: string })
    .version;
  console.log(
    `\nProduction now runs ${running}; Prometheus ${prom ? `was used (${prom.url})` : 'is not installed: HTTP probes only'}.`,
  );
  console.log(
    `Backport branches of ${HOTFIX_BRANCH}: ${(await d.origin.branches()).filter((b) => b.startsWith('backport/')).join(', ') || 'none'}`,
  );

  const report = join(scratch, 'job-summaries.md');
  writeFileSync(report, summaries.join('\n\n---\n\n'));
  console.log(`\nJob summaries: ${report}`);
  console.log(`Done in ${elapsed()}.`);
  // The failing drill fails where the incident does: the deploy, the job, one backport.
  const failed = steps.filter((s) => !s.ok).map((s) => s.name.trim());
  const expected =
    failed.join('|') ===
    (happy
      ? ''
      : 'deploy-with-healthcheck v1.5.1|the job fails|backport to release/1.4, release/1.5');
  process.exitCode = expected ? 0 : 1;
} finally {
  await Promise.allSettled([
    fake.stop(),
    slack.stop(),
    statuspage.receiver.stop(),
    pagerduty.receiver.stop(),
    service?.stop(),
    prometheus?.stop(),
  ]);
  GitOrigin.removeAll();
}
