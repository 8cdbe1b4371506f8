// notify through its bundle, run as the runner runs it, against real HTTP receivers on
// 127.0.0.1 (Slack webhook and Web API, Teams, a signed webhook, a CONNECT proxy) and the
// fake GitHub. Every payload is captured as it arrived on the wire.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { randomBytes } from 'node:crypto';
import { FakeGitHub } from '../harness/fake-github/server.ts';
import { contractViolations } from '../harness/fake-github/contract.ts';
import { runAction, type ActionResult, type RunOptions } from '../harness/run-action.ts';
import { pullRequestEvent } from '../harness/events.ts';
import {
  ConnectProxy,
  Receiver,
  SlackApi,
  signedWebhookReceiver,
  slackBlocksText,
  slackWebhookReceiver,
  teamsReceiver,
  verifySignature,
  type Captured,
} from '../harness/chat-receivers.ts';
import { clockOf, seedIncident, T } from '../fixtures/incident.ts';
import { EVENTS, EVENT_STYLE } from '../../src/notify/events.ts';
import { parseFollowUpMarker } from '../../src/shared/incident/records.ts';
import { prBody } from '../fixtures/pr-body.ts';

const SECRET = 'whsec_' + randomBytes(16).toString('hex');
const BOT = 'xoxb-' + randomBytes(12).toString('hex');
const fake = new FakeGitHub();
const slack = slackWebhookReceiver();
const slackApi = new SlackApi(BOT);
const teams = teamsReceiver();
const hook = signedWebhookReceiver(SECRET);

beforeAll(async () => {
  await Promise.all([
    fake.start(),
    slack.start(),
    slackApi.receiver.start(),
    teams.start(),
    hook.start(),
  ]);
});
afterAll(async () => {
  await Promise.all([
    fake.stop(),
    slack.stop(),
    slackApi.receiver.stop(),
    teams.stop(),
    hook.stop(),
  ]);
});

let n = 0;
/** Paths shaped like the real services' (the path is the secret part of a webhook URL). */
function endpoints() {
  const id = `${++n}`.padStart(4, '0');
  const token = randomBytes(12).toString('hex');
  return {
    slack: `/services/T0TEST/B0${id}/${token}`,
    teams: `/workflows/${id}/triggers/manual/paths/invoke?sig=${token}`,
    teamsPath: `/workflows/${id}/triggers/manual/paths/invoke`,
    hook: `/hooks/${id}/${token}`,
  };
}

function channelsOf(e: ReturnType<typeof endpoints>) {
  return {
    'slack-webhook-url': slack.url(e.slack),
    'teams-webhook-url': teams.url(e.teams),
    'webhook-url': hook.url(e.hook),
    'webhook-secret': SECRET,
  };
}

function run(
  repo: string,
  inputs: Record<string, string>,
  o: { event?: RunOptions['event']; env?: Record<string, string> } = {},
): Promise<ActionResult> {
  return runAction('notify', {
    repository: repo,
    event: o.event ?? { name: 'workflow_dispatch', payload: { inputs: {} } },
    apiUrl: fake.url,
    token: fake.token,
    inputs,
    ...(o.env ? { env: o.env } : {}),
  });
}

const json = (r: ActionResult, name: string) => JSON.parse(r.outputs[name] ?? 'null') as unknown;
const only = (xs: Captured[]) => {
  expect(xs).toHaveLength(1);
  return xs[0]!;
};
const slackText = (c: Captured) => JSON.stringify(c.json);
const commentsOf = (repo: { comments: { issue: number; body: string }[] }, pr: number) =>
  repo.comments.filter((c) => c.issue === pr);
const requestsFor = (name: string) => fake.requests.filter((r) => r.path.includes(`/${name}/`));
/** A GitHub that never answers while a test runs (the fake's stalls do not hold the process). */
const HANG_MS = 600_000;

describe.concurrent('notify', { timeout: 120_000 }, () => {
  it.each(EVENTS.map((e) => [e]))(
    '%s: renders on Slack, Teams, the webhook, the PR comment and the summary',
    async (event) => {
      const name = `acme/render-${event}`;
      const { repo, pr } = seedIncident(fake, name);
      const e = endpoints();
      const res = await run(name, {
        event,
        pr: String(pr),
        message: `Update for ${event}: error rate back under 1%.`,
        ...channelsOf(e),
      });
      expect(res.code, res.stdout).toBe(0);
      expect(json(res, 'failed-channels')).toEqual([]);
      expect(json(res, 'sent')).toEqual(
        expect.arrayContaining(['slack', 'teams', 'webhook', 'github-comment', 'summary']),
      );
      const status = EVENT_STYLE[event].status;

      const s = only(slack.to(e.slack)).json as {
        text: string;
        blocks: { type: string; text?: { text: string } }[];
      };
      expect(s.blocks[0]).toMatchObject({
        type: 'header',
        text: { text: expect.stringContaining(status) },
      });
      expect(s.text).toContain('[P0]');
      expect(s.text).toContain('ENG-4242: card payments fail for saved cards');
      expect(slackText(only(slack.to(e.slack)))).toContain('Update for ' + event);

      const t = only(teams.to(e.teamsPath)).json as {
        attachments: {
          content: { body: { text?: string; facts?: unknown[] }[]; actions: { url: string }[] };
        }[];
      };
      const card = t.attachments[0]!.content;
      expect(card.body[0]!.text).toContain(status);
      expect(card.actions.map((a) => a.url)).toContain(`https://github.com/${name}/pull/${pr}`);

      const h = only(hook.to(e.hook));
      expect(verifySignature(h.raw, String(h.headers['x-hotfix-signature']), SECRET)).toBe(true);
      expect(h.json).toMatchObject({
        schema: 'hotfix-actions/notify@1',
        event,
        severity: 'P0',
        status,
        environment: 'production',
        version: 'v2.3.5',
        ticket: 'ENG-4242',
        pull_request: { number: pr },
        durations: { time_to_deploy_seconds: 45 * 60 },
      });
      expect(h.headers['x-hotfix-event']).toBe(event);

      const comments = commentsOf(repo, pr);
      expect(comments).toHaveLength(1);
      expect(comments[0]!.body).toContain('<!-- hotfix-actions:notify -->');
      expect(comments[0]!.body).toContain(status);
      expect(res.summary).toContain(status);
      expect(res.summary).toContain('time to deploy 45m 00s');
    },
  );

  it('the timeline is rebuilt from GitHub: PR, merge, deploy, verification, with durations', async () => {
    const name = 'acme/timeline';
    const { pr } = seedIncident(fake, name);
    const e = endpoints();
    const res = await run(name, { event: 'verified', pr: String(pr), ...channelsOf(e) });
    expect(res.code, res.stdout).toBe(0);
    const h = only(hook.to(e.hook)).json as { timeline: { kind: string; at: string }[] };
    expect(h.timeline.map((x) => [x.kind, x.at])).toEqual([
      ['detected', T(0)],
      ['merged', T(30)],
      ['deploy-started', T(35)],
      ['verified', T(45)],
    ]);
    const s = slackText(only(slack.to(e.slack)));
    expect(s).toContain('Timeline (UTC)');
    expect(s).toContain(
      `\`${clockOf(45)}\` <https://github.com/acme/timeline/actions/runs/100|v2.3.5 verified healthy in production>`,
    );
    expect(s).toContain('time to deploy 45m 00s');
    // The deployment status recorded where the app lives: the message links it.
    expect(s).toContain('<https://shop.example.com|Open production>');
    expect(res.summary).toContain('```mermaid\ngantt');
  });

  it('rolled-back: the timeline shows the failed deploy and the rollback', async () => {
    const name = 'acme/rollback';
    const { pr } = seedIncident(fake, name, { rolledBack: true });
    const e = endpoints();
    const res = await run(name, {
      event: 'rolled-back',
      pr: String(pr),
      postmortem: 'never',
      ...channelsOf(e),
    });
    expect(res.code, res.stdout).toBe(0);
    const h = only(hook.to(e.hook)).json as {
      timeline: { kind: string; label: string }[];
      durations: Record<string, number | null>;
    };
    expect(h.timeline.map((x) => x.kind)).toEqual([
      'detected',
      'merged',
      'deploy-started',
      'deploy-failed',
      'rollback-started',
      'rolled-back',
    ]);
    expect(h.timeline[3]!.label).toBe('v2.3.5 failed its health check: error rate 12% over 5%');
    expect(h.durations).toMatchObject({
      time_to_deploy_seconds: null,
      time_to_rollback_seconds: 50 * 60,
    });
  });

  it('slack-bot-token: the first message gives slack-ts; later events reply in its thread and update its status', async () => {
    const name = 'acme/thread';
    const { pr } = seedIncident(fake, name);
    const base = {
      pr: String(pr),
      'slack-bot-token': BOT,
      'slack-channel': '#incidents',
      'slack-api-url': slackApi.url,
      'github-comment': 'false',
    };
    const first = await run(name, { ...base, event: 'declared' });
    expect(first.code, first.stdout).toBe(0);
    const ts = first.outputs['slack-ts']!;
    expect(ts).toMatch(/^\d+\.\d+$/);
    const root = slackApi.messages.find((m) => m.ts === ts)!;
    expect(root).toMatchObject({ channel: 'C0INCIDENTS' });
    expect(JSON.stringify(root.blocks)).toContain(EVENT_STYLE.declared.status);

    const posted = JSON.stringify(root.blocks);
    for (const event of ['deployed', 'resolved'] as const) {
      const later = await run(name, {
        ...base,
        event,
        'slack-thread-ts': ts,
        postmortem: 'never',
        message: `now ${event}`,
      });
      expect(later.code, later.stdout).toBe(0);
      expect(later.outputs['slack-ts']).toBe(ts);
      expect(json(later, 'sent')).toContain('slack');
      const reply = slackApi.messages.filter((m) => m.thread_ts === ts).at(-1)!;
      expect(JSON.stringify(reply.blocks)).toContain(EVENT_STYLE[event].status);
      expect(JSON.stringify(reply.blocks)).toContain(`now ${event}`);
      // The first message's status line says where the incident is now; the rest of it
      // (the declared header, its title, facts and timeline) is as it was posted.
      const status = root.blocks.find(
        (b) => (b as { block_id?: string }).block_id === 'hotfix-status',
      );
      expect(JSON.stringify(status)).toContain(EVENT_STYLE[event].status);
      const rest = (blocks: unknown[]) =>
        JSON.stringify(
          blocks.filter((b) => (b as { block_id?: string }).block_id !== 'hotfix-status'),
        );
      expect(rest(root.blocks)).toBe(rest(JSON.parse(posted) as unknown[]));
      expect(JSON.stringify(root.blocks)).toContain(EVENT_STYLE.declared.status);
      expect(JSON.stringify(root.blocks)).not.toContain(`now ${event}`);
      expect(later.summary).toContain("first message's status updated");
    }
    const calls = slackApi.receiver.requests.filter(
      (r) =>
        (r.json as { thread_ts?: string; ts?: string } | undefined)?.thread_ts === ts ||
        (r.json as { ts?: string } | undefined)?.ts === ts,
    );
    expect(calls.map((c) => c.path)).toEqual([
      '/api/chat.postMessage',
      '/api/chat.update',
      '/api/chat.postMessage',
      '/api/chat.update',
    ]);
    expect(calls.every((c) => c.headers.authorization === `Bearer ${BOT}`)).toBe(true);
    // Each update read the first message back first (a form, as Slack's read methods take).
    const reads = slackApi.receiver
      .to('/api/conversations.history')
      .filter((r) => new URLSearchParams(r.raw).get('latest') === ts);
    expect(reads).toHaveLength(2);
    expect(Object.fromEntries(new URLSearchParams(reads[0]!.raw))).toEqual({
      channel: 'C0INCIDENTS',
      latest: ts,
      inclusive: 'true',
      limit: '1',
    });
  });

  it('a thread whose first message cannot be read or updated: the reply is sent, with a warning', async () => {
    const name = 'acme/thread-update';
    const { pr } = seedIncident(fake, name);
    const ts = '1712300000.000001';
    const inputs = (api: SlackApi) => ({
      event: 'verified',
      pr: String(pr),
      'slack-bot-token': BOT,
      'slack-channel': 'C0INCIDENTS',
      'slack-api-url': api.url,
      'slack-thread-ts': ts,
      'github-comment': 'false',
    });
    // Their own Slacks: a scripted answer must not reach another test's request.
    const noHistory = new SlackApi(BOT, undefined, ['chat:write']);
    const theirs = new SlackApi(BOT);
    await Promise.all([noHistory.receiver.start(), theirs.receiver.start()]);
    onTestFinished(async () => {
      await Promise.all([noHistory.receiver.stop(), theirs.receiver.stop()]);
    });
    const first = {
      channel: 'C0INCIDENTS',
      ts,
      text: 'first',
      blocks: [
        {
          type: 'section',
          block_id: 'hotfix-status',
          text: { type: 'mrkdwn', text: 'Investigating' },
        },
      ],
    };
    noHistory.messages.push(structuredClone(first));
    theirs.messages.push(structuredClone(first));
    theirs.receiver.script('/api/chat.update', {
      status: 200,
      body: { ok: false, error: 'cant_update_message' },
    });
    const [scope, update] = await Promise.all([
      run(name, inputs(noHistory)),
      run(name, inputs(theirs)),
    ]);
    for (const [res, api] of [
      [scope, noHistory],
      [update, theirs],
    ] as const) {
      expect(res.code, res.stdout).toBe(0);
      expect(json(res, 'sent')).toContain('slack');
      expect(res.outputs['slack-ts']).toBe(ts);
      expect(api.messages.filter((m) => m.thread_ts === ts)).toHaveLength(1);
      expect(api.messages[0]!.blocks).toEqual(first.blocks);
    }
    const warning = (r: ActionResult) => r.annotations.find((a) => a.level === 'warning')?.message;
    expect(warning(scope)).toBe(
      "slack: replied in the thread, but updating its first message's status failed: Slack said missing_scope (needed: channels:history): the bot token needs chat:write, and channels:history (groups:history in a private channel) to update the first message",
    );
    expect(noHistory.receiver.to('/api/chat.update')).toEqual([]);
    expect(warning(update)).toBe(
      "slack: replied in the thread, but updating its first message's status failed: Slack said cant_update_message: only messages this bot posted can be updated",
    );
  });

  it("Slack's 200 {ok:false} is a failure: warning, failed-channels, job green", async () => {
    const name = 'acme/slack-error';
    const { pr } = seedIncident(fake, name);
    const res = await run(name, {
      event: 'declared',
      pr: String(pr),
      'slack-bot-token': BOT,
      'slack-channel': '#nowhere',
      'slack-api-url': slackApi.url,
    });
    expect(res.code, res.stdout).toBe(0);
    expect(json(res, 'failed-channels')).toEqual(['slack']);
    expect(res.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining(
          'slack failed: Slack said channel_not_found: use the channel ID',
        ),
      }),
    );
    expect(res.summary).toMatch(/`slack` \| ❌ \*\*failed\*\* \| Slack said channel\\_not\\_found/);
  });

  it('a receiver answering 500 twice then 200 is retried; a 429 waits for Retry-After', async () => {
    const name = 'acme/retry';
    const { pr } = seedIncident(fake, name);
    const e = endpoints();
    slack.script(
      e.slack,
      { status: 500, body: 'rollup_error' },
      { status: 500, body: 'rollup_error' },
    );
    teams.script(e.teamsPath, { status: 429, body: 'slow down', headers: { 'retry-after': '1' } });
    const res = await run(name, {
      event: 'deployed',
      pr: String(pr),
      ...channelsOf(e),
      'github-comment': 'false',
    });
    expect(res.code, res.stdout).toBe(0);
    expect(slack.to(e.slack)).toHaveLength(3);
    expect(teams.to(e.teamsPath)).toHaveLength(2);
    // The retry came no sooner than the Retry-After the receiver asked for (1 s). A lower
    // bound only, so a busy machine cannot break it; 50 ms of slack for the two clocks.
    const [t1, t2] = teams.to(e.teamsPath);
    expect(t2!.at - t1!.at).toBeGreaterThanOrEqual(950);
    expect(json(res, 'failed-channels')).toEqual([]);
    expect(json(res, 'sent')).toEqual(expect.arrayContaining(['slack', 'teams', 'webhook']));
    expect(res.summary).toContain('posted through the incoming webhook (after 3 attempts)');
    expect(res.annotations.filter((a) => a.level === 'warning')).toEqual([]);
  });

  it('a dead or hanging receiver is a warning, a summary row and failed-channels; the job stays green', async () => {
    const name = 'acme/dead';
    const { pr } = seedIncident(fake, name);
    const e = endpoints();
    const dead = await new Receiver().start();
    const deadUrl = dead.url(e.teams);
    await dead.stop();
    hook.script(e.hook, { hang: true }, { hang: true });
    const inputs = {
      event: 'declared',
      pr: String(pr),
      ...channelsOf(e),
      'teams-webhook-url': deadUrl,
      // The limit of each attempt, Slack's too: room for the receivers, which share this
      // file's process with every other test here, to answer on a busy machine. A Slack post
      // that timed out would be retried and arrive twice.
      timeout: '4s',
      retries: '1',
    };
    const res = await run(name, inputs);
    expect(res.code, res.stdout).toBe(0);
    expect(new Set(json(res, 'failed-channels') as string[])).toEqual(
      new Set(['teams', 'webhook']),
    );
    expect(json(res, 'sent')).toEqual(
      expect.arrayContaining(['slack', 'github-comment', 'summary']),
    );
    const warnings = res.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
    expect(warnings).toEqual(
      expect.arrayContaining([
        'notify: teams failed: connection refused, 2 attempts',
        'notify: webhook failed: timed out after 4s, 2 attempts',
      ]),
    );
    expect(res.summary).toContain('**2 channels failed: ');
    expect(res.summary).toMatch(/`teams` \| ❌ \*\*failed\*\* \| connection refused, 2 attempts/);
    expect(only(slack.to(e.slack))).toBeTruthy();

    // fail-on-error: the same failures fail the step, after everything else was sent.
    const strict = await run(name, { ...inputs, event: 'update', 'fail-on-error': 'true' });
    expect(strict.code).toBe(1);
    expect(strict.annotations).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: expect.stringContaining('failed and fail-on-error is true'),
      }),
    );
    expect(strict.outputs['failed-channels']).toBeDefined();
    expect(slack.to(e.slack)).toHaveLength(2);
  });

  it('a hostile title and message are inert on every channel', async () => {
    const name = 'acme/hostile';
    const { repo, pr } = seedIncident(fake, name);
    const e = endpoints();
    const leaked = 'ghp_' + 'A1b2C3d4'.repeat(5);
    const slackToken = 'xoxb-1234567890-abcdefghijkl';
    const title = `<!channel> @everyone checkout down <@U123ABC> ${leaked} [click](javascript:alert(1)) | *bold*`;
    const res = await run(name, {
      event: 'declared',
      pr: String(pr),
      title,
      message: `<!here> @here run this: token=${slackToken}\n- [x] <script>alert(1)</script>`,
      ...channelsOf(e),
    });
    expect(res.code, res.stdout).toBe(0);

    const s = only(slack.to(e.slack)).raw;
    for (const bad of [
      '<!channel>',
      '<!here>',
      '<@U123ABC>',
      '@everyone',
      '@here',
      leaked,
      slackToken,
    ])
      expect(s).not.toContain(bad);
    expect(s).toContain('&lt;!channel&gt;');
    expect(s).toContain('[redacted]');

    // Teams: text from outside is in TextRuns, never read as markdown, and a mention needs
    // msteams.entities, which the card never has: @everyone there is just text.
    const t = only(teams.to(e.teamsPath)).raw;
    for (const bad of [leaked, slackToken, 'entities', '<at>']) expect(t).not.toContain(bad);
    const card = (JSON.parse(t) as { attachments: { content: { body: unknown[] } }[] })
      .attachments[0]!.content;
    const markdown: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) return v.forEach(walk);
      if (!v || typeof v !== 'object') return;
      const o = v as { type?: string; text?: string };
      if (o.type === 'TextBlock') markdown.push(o.text ?? '');
      Object.values(o).forEach(walk);
    };
    walk(card.body);
    for (const text of markdown)
      for (const bad of ['@', 'javascript', '<!']) expect(text).not.toContain(bad);

    const h = only(hook.to(e.hook)).json as { title: string; message: string };
    expect(h.title).not.toContain(leaked);
    expect(h.message).not.toContain(slackToken);
    expect(h.title).toContain('<!channel>'); // plain data: the receiver escapes for its own format

    const comment = commentsOf(repo, pr)[0]!.body;
    for (const bad of ['<!channel>', '<script>', '@everyone', leaked, '[click](javascript'])
      expect(comment).not.toContain(bad);
    expect(comment).toContain('\\<!channel\\>');
    for (const bad of ['<script>', '@everyone', leaked]) expect(res.summary).not.toContain(bad);
  });

  it('webhook URLs, tokens and the secret appear in no log, summary or output, even in errors', async () => {
    const name = 'acme/secrets';
    const { pr } = seedIncident(fake, name);
    const e = endpoints();
    // A receiver that quotes the request path back in its error, as some gateways do.
    hook.script(e.hook, { status: 400, body: `no hook at ${e.hook}` });
    teams.script(e.teamsPath, { status: 404, body: `unknown flow ${e.teams}` });
    const inputs = {
      event: 'declared',
      pr: String(pr),
      ...channelsOf(e),
      'slack-bot-token': BOT,
      'slack-channel': '#incidents',
      'slack-api-url': slackApi.url,
    };
    const res = await run(name, inputs);
    expect(res.code, res.stdout).toBe(0);
    expect(json(res, 'failed-channels')).toEqual(['teams', 'webhook']);
    const secrets = [
      channelsOf(e)['slack-webhook-url'],
      inputs['teams-webhook-url'],
      inputs['webhook-url'],
      e.slack,
      e.teams,
      e.hook,
      SECRET,
      BOT,
      fake.token,
    ];
    // ::add-mask:: lines are read by the runner and never shown.
    const shown = res.log;
    const everything = [shown, res.stderr, res.summary, JSON.stringify(res.outputs)];
    for (const secret of secrets)
      for (const text of everything) expect(text.includes(secret), secret).toBe(false);
    expect(res.masks).toEqual(
      expect.arrayContaining([inputs['webhook-url'], inputs['teams-webhook-url'], SECRET, BOT]),
    );
    expect(res.summary).toContain('HTTP 400: no hook at ***');
  });

  it('the post-mortem issue is opened once across runs, prefilled, due per policy', async () => {
    const name = 'acme/postmortem';
    const { repo, pr } = seedIncident(fake, name, { severity: 'P1' });
    const inputs = { event: 'resolved', pr: String(pr), 'github-comment': 'false' };
    const first = await run(name, inputs);
    expect(first.code, first.stdout).toBe(0);
    const number = first.outputs['postmortem-issue-number']!;
    expect(number).toMatch(/^\d+$/);
    expect(json(first, 'sent')).toContain('postmortem-issue');

    const again = await run(name, inputs);
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs['postmortem-issue-number']).toBe(number);
    expect(json(again, 'sent')).not.toContain('postmortem-issue');
    expect(again.summary).toContain(`already opened: \\#${number}`);

    const issues = [...repo.issues.values()].filter((i) => i.labels.includes('postmortem'));
    expect(issues).toHaveLength(1);
    const pm = issues[0]!;
    expect(pm.labels).toEqual(['postmortem', 'severity:P1']);
    expect(pm.title).toBe('Post-mortem [P1]: ENG-4242: card payments fail for saved cards');
    for (const section of [
      '## Summary',
      '## Impact',
      '## Timeline',
      '## Root cause',
      '## Resolution',
      '## What went well',
      '## What went wrong',
      '## Action items',
    ])
      expect(pm.body).toContain(section);
    expect(pm.body).toContain('The token cache key lost its tenant prefix in v2.3.4.');
    expect(pm.body).toContain('Every checkout with a saved card failed with HTTP 500.');
    expect(pm.body).toContain(`[PR \\#${pr}](<https://github.com/${name}/pull/${pr}>)`);
    expect(pm.body).toContain(`| ${clockOf(45)} | [v2.3.5 verified healthy in production]`);
    expect(pm.body).toMatch(/_time to deploy 45m 00s · time to resolve [^_]+_/);
    // Due 48 h (the default postmortem-due) after the resolution, which is now.
    const due = /\*\*(\d{4}-\d\d-\d\d \d\d:\d\d) UTC\*\*/.exec(pm.body!)![1]!;
    const hours = (Date.parse(`${due.replace(' ', 'T')}:00Z`) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(47);
    expect(hours).toBeLessThanOrEqual(48);
    expect(await contractViolations(requestsFor(name))).toEqual([]);
  });

  it('post-mortem auto: none for P2 or before resolution; always opens one anyway', async () => {
    const name = 'acme/postmortem-rules';
    const { repo, pr } = seedIncident(fake, name, { severity: 'P2' });
    const [p2, early] = await Promise.all([
      run(name, { event: 'resolved', pr: String(pr), 'github-comment': 'false' }),
      run(name, { event: 'deployed', pr: String(pr), severity: 'P0', 'github-comment': 'false' }),
    ]);
    expect(p2.outputs['postmortem-issue-number']).toBe('');
    expect(p2.summary).toContain('P2 needs none (levels.P2.postmortem is false)');
    expect(early.outputs['postmortem-issue-number']).toBe('');
    expect(early.summary).toContain(
      'P0 needs one, opened when the incident is resolved or rolled-back',
    );
    const always = await run(name, {
      event: 'update',
      pr: String(pr),
      postmortem: 'always',
      'github-comment': 'false',
    });
    expect(always.code, always.stdout).toBe(0);
    expect(always.outputs['postmortem-issue-number']).toMatch(/^\d+$/);
    expect([...repo.issues.values()].filter((i) => i.labels.includes('postmortem'))).toHaveLength(
      1,
    );
  });

  it('a temporary fix: one follow-up issue once verified, due per policy, prefilled; never twice', async () => {
    const name = 'acme/follow-up';
    const { repo, pr } = seedIncident(fake, name, {
      severity: 'P1',
      labels: ['hotfix:temporary'],
      // PR text is the author's: a marker for another PR and a mention must stay inert.
      body: prBody({
        rootCause:
          'The cache key lost its tenant prefix. <!-- hotfix-actions:follow-up pr=999 --> @acme/everyone',
      }),
    });
    const inputs = { pr: String(pr), 'github-comment': 'false' };
    const deployed = await run(name, { ...inputs, event: 'deployed' });
    expect(deployed.code, deployed.stdout).toBe(0);
    expect(deployed.outputs['follow-up-issue-number']).toBe('');
    expect(deployed.summary).toContain('its follow-up opens when verified or resolved');

    const verified = await run(name, { ...inputs, event: 'verified' });
    expect(verified.code, verified.stdout).toBe(0);
    const number = verified.outputs['follow-up-issue-number']!;
    expect(number).toMatch(/^\d+$/);
    expect(json(verified, 'sent')).toContain('follow-up-issue');
    const resolved = await run(name, { ...inputs, event: 'resolved' });
    expect(resolved.outputs['follow-up-issue-number']).toBe(number);
    expect(json(resolved, 'sent')).not.toContain('follow-up-issue');

    const issues = [...repo.issues.values()].filter((i) => i.labels.includes('follow-up'));
    expect(issues).toHaveLength(1);
    const fu = issues[0]!;
    expect(fu.number).toBe(Number(number));
    expect(fu.labels).toEqual(['follow-up', 'severity:P1']);
    expect(fu.title).toBe('Proper fix for ENG-4242: card payments fail for saved cards');
    // The marker hotfix-report reads: this PR, due 14 days (follow-up-due) from now, the incident.
    const mark = parseFollowUpMarker(fu.body!);
    const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    expect([mark?.pr, mark?.incident]).toEqual([pr, 'eng-4242']);
    expect([due, new Date(Date.now() + 13 * 86_400_000).toISOString().slice(0, 10)]).toContain(
      mark?.due,
    );
    expect(fu.body!.split('\n')[0]).toMatch(/^<!-- hotfix-actions:follow-up pr=\d+ due=/);
    expect(fu.body).toContain('## Root cause');
    expect(fu.body).toContain('The cache key lost its tenant prefix.');
    expect(fu.body).not.toContain('<!-- hotfix-actions:follow-up pr=999');
    expect(fu.body).not.toMatch(/(^|[^`\\])@acme\/everyone/);
    expect(fu.body).toContain(`[PR \\#${pr}](<https://github.com/${name}/pull/${pr}>)`);
    // Every message of the verified run links it.
    expect(verified.summary).toContain(`Follow-up \\#${number}`);
  });

  it('the follow-up links the incident issue an earlier run opened', async () => {
    const name = 'acme/follow-up-incident';
    const { repo, pr } = seedIncident(fake, name, { severity: 'P1', labels: ['hotfix:temporary'] });
    // The incident issue of this incident, as notify opened it on an earlier run.
    const incident = fake.state.addIssue(repo, {
      title: '[P1] Incident: ENG-4242: card payments fail for saved cards',
      body: '<!-- hotfix-actions:incident:eng-4242 -->\nInvestigating.',
      labels: ['incident', 'severity:P1'],
      user: fake.actor,
    });
    const verified = await run(name, {
      event: 'verified',
      pr: String(pr),
      'github-comment': 'false',
    });
    expect(verified.code, verified.stdout).toBe(0);
    expect(verified.outputs['incident-issue-number']).toBe(String(incident.number));
    const fu = repo.issues.get(Number(verified.outputs['follow-up-issue-number']))!;
    expect(fu.labels).toContain('follow-up');
    expect(fu.body).toContain(
      `| Incident | [\\#${incident.number}](<https://github.com/${name}/issues/${incident.number}>) |`,
    );
  });

  it('follow-up: the ticked template box counts; a hand-written follow-up is kept; no follow-up for a plain fix', async () => {
    const name = 'acme/follow-up-box';
    const body = `${prBody()}\n\n- [x] This is a temporary fix; a proper fix follows\n`;
    const boxed = seedIncident(fake, name, { severity: 'P2', body });
    const plain = seedIncident(fake, `${name}-plain`, { severity: 'P2' });
    const [ticked, none] = await Promise.all([
      run(name, { event: 'verified', pr: String(boxed.pr), 'github-comment': 'false' }),
      run(`${name}-plain`, { event: 'verified', pr: String(plain.pr), 'github-comment': 'false' }),
    ]);
    expect(ticked.outputs['follow-up-issue-number']).toMatch(/^\d+$/);
    expect(none.code, none.stdout).toBe(0);
    expect(none.outputs['follow-up-issue-number']).toBe('');
    expect(none.summary).not.toContain('follow-up-issue');
    expect([...plain.repo.issues.values()].some((i) => i.labels.includes('follow-up'))).toBe(false);

    // A person already opened the follow-up of this PR, naming it: that one is the follow-up.
    const hand = seedIncident(fake, `${name}-hand`, {
      severity: 'P2',
      labels: ['hotfix:temporary'],
    });
    const theirs = fake.state.addIssue(hand.repo, {
      title: 'Do it properly',
      body: `Replace the workaround of #${hand.pr} with a real fix.`,
      labels: ['follow-up'],
    });
    const kept = await run(`${name}-hand`, {
      event: 'resolved',
      pr: String(hand.pr),
      'github-comment': 'false',
    });
    expect(kept.code, kept.stdout).toBe(0);
    expect(kept.outputs['follow-up-issue-number']).toBe(String(theirs.number));
    expect(kept.summary).toContain(`already opened: \\#${theirs.number}`);
    expect(
      [...hand.repo.issues.values()].filter((i) => i.labels.includes('follow-up')),
    ).toHaveLength(1);
    expect(theirs.body).toBe(`Replace the workaround of #${hand.pr} with a real fix.`);
  });

  it('the incident issue: opened, updated, closed, never duplicated; it links the post-mortem', async () => {
    const name = 'acme/incident';
    const { repo, pr } = seedIncident(fake, name);
    const base = { pr: String(pr), 'github-comment': 'false' };
    const opened = await run(name, { ...base, event: 'declared', 'incident-issue': 'open' });
    expect(opened.code, opened.stdout).toBe(0);
    const number = opened.outputs['incident-issue-number']!;
    expect(number).toMatch(/^\d+$/);
    const again = await run(name, { ...base, event: 'declared', 'incident-issue': 'open' });
    expect(again.outputs['incident-issue-number']).toBe(number);
    const update = await run(name, {
      ...base,
      event: 'deployed',
      'incident-issue': 'update',
      message: 'v2.3.5 is rolling out',
    });
    expect(update.outputs['incident-issue-number']).toBe(number);
    const closed = await run(name, { ...base, event: 'resolved', 'incident-issue': 'close' });
    expect(closed.code, closed.stdout).toBe(0);
    expect(closed.outputs['incident-issue-number']).toBe(number);

    const incidents = [...repo.issues.values()].filter((i) => i.labels.includes('incident'));
    expect(incidents).toHaveLength(1);
    const issue = incidents[0]!;
    expect(issue.state).toBe('closed');
    expect(issue.title).toBe('[P0] Incident: ENG-4242: card payments fail for saved cards');
    expect(issue.labels).toEqual(['incident', 'severity:P0']);
    expect(issue.body).toContain('<!-- hotfix-actions:incident:eng-4242 -->');
    expect(issue.body).toContain(EVENT_STYLE.resolved.status);
    expect(issue.body).toContain('incident resolved');
    const pm = closed.outputs['postmortem-issue-number']!;
    expect(issue.body).toContain(`**Post-mortem:** [\\#${pm}]`);
    expect(repo.issues.get(Number(pm))!.body).toContain(`| Incident | #${number} |`);
    expect(await contractViolations(requestsFor(name))).toEqual([]);
  });

  it('routing: P3 goes to the summary only; the channels input adds a channel', async () => {
    const name = 'acme/routing';
    const { repo, pr } = seedIncident(fake, name, { severity: 'P3' });
    const e = endpoints();
    const res = await run(name, { event: 'declared', pr: String(pr), ...channelsOf(e) });
    expect(res.code, res.stdout).toBe(0);
    expect(json(res, 'sent')).toEqual(['summary']);
    expect(slack.to(e.slack)).toEqual([]);
    expect(teams.to(e.teamsPath)).toEqual([]);
    expect(commentsOf(repo, pr)).toEqual([]);
    expect(res.summary).toContain('P3 does not route to it (levels.P3.notify: summary)');

    const asked = await run(name, {
      event: 'declared',
      pr: String(pr),
      ...channelsOf(e),
      channels: 'slack',
    });
    expect(json(asked, 'sent')).toEqual(['slack', 'summary']);
    expect(asked.summary).toContain('asked for by the channels input');
    expect(slack.to(e.slack)).toHaveLength(1);
  });

  it('the policy routes per severity: levels.P1.notify from .github/hotfix.yml', async () => {
    const name = 'acme/policy';
    const { repo, pr } = seedIncident(fake, name, { severity: 'P1' });
    fake.state.setFile(
      repo,
      '0123456789abcdef0123456789abcdef01234567',
      '.github/hotfix.yml',
      'levels:\n  P1:\n    notify: [teams, summary]\n',
    );
    const e = endpoints();
    const res = await run(name, { event: 'declared', pr: String(pr), ...channelsOf(e) });
    expect(res.code, res.stdout).toBe(0);
    expect(json(res, 'sent')).toEqual(['teams', 'summary']);
    expect(slack.to(e.slack)).toEqual([]);
  });

  it('honours HTTP_PROXY / HTTPS_PROXY like the runner, and NO_PROXY', async () => {
    const name = 'acme/proxy';
    const { pr } = seedIncident(fake, name);
    const e = endpoints();
    const proxy = await new ConnectProxy(() => slack.port).start();
    try {
      const res = await run(
        name,
        {
          event: 'declared',
          pr: String(pr),
          'slack-webhook-url': `http://chat.example.test:${slack.port}${e.slack}`,
          'teams-webhook-url': `http://teams.example.test:${teams.port}${e.teams}`,
          retries: '0',
          // One attempt: room for it on a busy machine.
          timeout: '10s',
          'github-comment': 'false',
        },
        {
          env: {
            HTTP_PROXY: `http://127.0.0.1:${proxy.port}`,
            HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`,
            NO_PROXY: 'teams.example.test',
          },
        },
      );
      expect(res.code, res.stdout).toBe(0);
      // Slack went through the proxy (CONNECT to the name the proxy must resolve)...
      expect(proxy.targets).toEqual([`chat.example.test:${slack.port}`]);
      expect(only(slack.to(e.slack))).toBeTruthy();
      // ...Teams was in NO_PROXY: a direct connection, which cannot resolve the name.
      expect(json(res, 'failed-channels')).toEqual(['teams']);
      expect(teams.to(e.teamsPath)).toEqual([]);
    } finally {
      await proxy.stop();
    }
  });

  it('a pull_request event needs no pr input; a huge message stays within Slack and Teams limits', async () => {
    const name = 'acme/limits';
    const { repo, pr } = seedIncident(fake, name);
    const e = endpoints();
    // 100 kB of the characters Slack makes three times longer (&amp; &lt; &gt;): more than
    // 50 blocks of 3,000 characters, within what an environment variable can carry.
    const huge = Array.from(
      { length: 2000 },
      (_, i) => `${i} <&> <&> <&> <&> <&> <&> <&> <&>`,
    ).join('\n');
    const event = pullRequestEvent(fake, repo, pr, 'closed');
    const res = await run(name, { event: 'update', message: huge, ...channelsOf(e) }, { event });
    expect(res.code, res.stdout).toBe(0);
    expect(json(res, 'failed-channels')).toEqual([]);
    // The receivers refuse what Slack and Teams refuse; they accepted these.
    const s = only(slack.to(e.slack)).json as { blocks: { text?: { text: string } }[] };
    expect(s.blocks.length).toBeLessThanOrEqual(50);
    expect(slackBlocksText(s.blocks)).toBeLessThanOrEqual(12_000);
    expect(slackBlocksText(s.blocks)).toBeGreaterThan(11_000);
    expect(Math.max(...s.blocks.map((b) => b.text?.text.length ?? 0))).toBeLessThanOrEqual(3000);
    expect(JSON.stringify(s)).toContain('more in the run');
    expect(only(teams.to(e.teamsPath)).bytes).toBeLessThan(28_000);
    expect(commentsOf(repo, pr)[0]!.body.length).toBeLessThan(65_536);
  });

  it('what the real services accept: 20,000 characters of CJK and emoji, a title of 400 emoji, URLs with _ @ ( |', async () => {
    const name = 'acme/accepted';
    const { repo, pr } = seedIncident(fake, name);
    const e = endpoints();
    const urls = [
      'https://grafana.example.com/d/abc_def/checkout?var-host=api_1&from=now-1h',
      'https://sentry.example.com/issues/?query=user@example.com',
      'https://en.wikipedia.org/wiki/Rollback_(data_management)',
      'https://logs.example.com/search?q=status:500|status:503',
    ];
    const cjk =
      '支付失败：保存的银行卡无法结账。顧客は決済できません。결제가 실패했습니다 🔥💳👨‍👩‍👧‍👦🇯🇵\n';
    const message = `${urls.join('\n')}\n${cjk.repeat(500)}`;
    expect(message.length).toBeGreaterThan(20_000);
    const res = await run(name, {
      event: 'update',
      pr: String(pr),
      title: '🔥'.repeat(400),
      message,
      ...channelsOf(e),
    });
    expect(res.code, res.stdout).toBe(0);
    // The stand-ins refuse what the services refuse: Slack over 12,000 characters of block
    // text, Teams over 28 KB in bytes or off the Adaptive Card 1.5 schema. They accepted.
    expect(json(res, 'failed-channels')).toEqual([]);
    const s = only(slack.to(e.slack));
    const t = only(teams.to(e.teamsPath));
    expect(slackBlocksText((s.json as { blocks: unknown[] }).blocks)).toBeLessThanOrEqual(12_000);
    expect(t.bytes).toBeLessThan(28_000);
    expect(t.bytes).toBeGreaterThan(t.raw.length);
    const comment = commentsOf(repo, pr)[0]!.body;
    for (const url of urls) {
      const encoded = url.replace('|', '%7C');
      expect(s.raw).toContain(`<${encoded.replace(/&/g, '&amp;')}>`);
      expect(t.raw).toContain(`"url":"${encoded}"`);
      expect(comment).toContain(`<${encoded}>`);
    }
    for (const text of [s.raw, t.raw, comment]) {
      expect(text).not.toMatch(/\\ud[89a-f][0-9a-f]{2}/i);
      expect(text).not.toContain('%5C');
    }
    expect(JSON.parse(t.raw)).toBeTruthy();
  });

  it('60 timeline entries: Slack and Teams keep the newest and the durations, and say how many were left out', async () => {
    const name = 'acme/long-timeline';
    const { repo, pr } = seedIncident(fake, name, { redeploys: 28 });
    const e = endpoints();
    const res = await run(name, { event: 'verified', pr: String(pr), ...channelsOf(e) });
    expect(res.code, res.stdout).toBe(0);
    expect(json(res, 'failed-channels')).toEqual([]);
    const h = only(hook.to(e.hook)).json as { timeline: unknown[] };
    expect(h.timeline).toHaveLength(60);
    const s = slackText(only(slack.to(e.slack)));
    const t = only(teams.to(e.teamsPath));
    for (const text of [s, t.raw]) {
      expect(text).toContain('detected: fix PR');
      expect(text).toContain('v2.3.5 verified healthy in production');
      expect(text).toContain('time to deploy 45m 00s');
    }
    // Slack's 3,000-character section holds the newest; Teams' 28 KB holds them all.
    expect(s).toMatch(/… \d+ earlier entries left out/);
    expect(s).not.toContain('attempt 1:');
    expect(t.raw).toContain('attempt 1:');
    expect(t.bytes).toBeLessThan(28_000);
    expect(commentsOf(repo, pr)[0]!.body.match(/attempt \d+: error rate 9%/g)).toHaveLength(28);
  });

  it('rolled-back after an older deployment of the same version: this incident only, both versions, no negative duration', async () => {
    const name = 'acme/rollback-week';
    const { pr } = seedIncident(fake, name, { rolledBack: true, releasedLastWeek: true });
    const results = await Promise.all(
      (
        [
          // What deploy/action.yml passes now: the failed version and the one restored.
          { version: 'v2.3.5', 'rollback-version': 'v2.3.4' },
          // What it passed before: the rollback target as the version.
          { version: 'v2.3.4' },
        ] as Record<string, string>[]
      ).map(async (versions) => {
        const e = endpoints();
        const res = await run(name, {
          event: 'rolled-back',
          pr: String(pr),
          postmortem: 'never',
          'github-comment': 'false',
          ...versions,
          ...channelsOf(e),
        });
        return { res, e };
      }),
    );
    for (const { res, e } of results) {
      expect(res.code, res.stdout).toBe(0);
      const h = only(hook.to(e.hook)).json as {
        timeline: { kind: string; at: string }[];
        durations: Record<string, number | null>;
      };
      expect(h.timeline.every((x) => x.at >= T(0))).toBe(true);
      for (const d of Object.values(h.durations))
        if (d !== null) expect(d).toBeGreaterThanOrEqual(0);
      expect(h.durations.time_to_deploy_seconds).toBeNull();
      expect(h.durations.time_to_rollback_seconds).toBe(50 * 60);
      expect(res.summary).not.toMatch(/-\d+d|axisFormat %Y/);
      expect(res.summary).toContain('time to roll back 50m 00s');
    }
    const [now] = results;
    expect(only(hook.to(now!.e.hook)).json).toMatchObject({
      version: 'v2.3.5',
      rollback: { failed_version: 'v2.3.5', target_version: 'v2.3.4', restored: true },
    });
    const s = slackText(only(slack.to(now!.e.slack)));
    expect(s).toContain('*Failed version*\\nv2.3.5');
    expect(s).toContain('*Restored version*\\nv2.3.4');
    expect(s).toContain('(production v2.3.5 → v2.3.4)');
  });

  it('a PR that cannot be read is a warning: the message still goes out', async () => {
    const name = 'acme/no-pr';
    seedIncident(fake, name);
    const e = endpoints();
    const res = await run(name, {
      event: 'declared',
      pr: '404',
      title: 'Search is down',
      severity: 'P1',
      ...channelsOf(e),
    });
    expect(res.code, res.stdout).toBe(0);
    expect(only(slack.to(e.slack)).json).toMatchObject({
      text: expect.stringContaining('Search is down'),
    });
    expect(res.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining(
          'reading PR #404 failed (404 Not Found - https://docs.github.com/rest): the token needs',
        ),
      }),
    );
    // The comment cannot land on a PR that does not exist: a failed channel, not a crash.
    expect(json(res, 'failed-channels')).toEqual(['github-comment']);
  });

  it('GitHub hanging on every call: Slack still gets the message after github-timeout; warnings, job green', async () => {
    const name = 'acme/github-hangs';
    const { repo, pr } = seedIncident(fake, name);
    const e = endpoints();
    const event = pullRequestEvent(fake, repo, pr);
    // Every call about this repository hangs: the policy (contents API, the PR's base), the
    // PR, the marked issues, the deployments.
    fake.inject({ path: new RegExp(`^/repos/${name}/`), delayMs: HANG_MS, times: Infinity });
    const res = await run(
      name,
      {
        event: 'declared',
        'slack-webhook-url': slack.url(e.slack),
        'incident-issue': 'open',
        'github-comment': 'false',
        // Time enough for the first calls to go out even on a busy machine.
        'github-timeout': '6s',
      },
      { event },
    );
    expect(res.code, res.stdout).toBe(0);
    // The message went out once github-timeout ran out, told from the event's payload: no
    // call had been answered when the run ended, so nothing waited for GitHub.
    const s = only(slack.to(e.slack));
    expect(requestsFor(name).length).toBeGreaterThan(0);
    expect(requestsFor(name).filter((r) => r.status !== 0)).toEqual([]);
    expect(slackText(s)).toContain('ENG-4242: card payments fail for saved cards');
    expect(slackText(s)).toContain('[P0]');
    // The incident issue was never asked for: a failed channel, not a second copy later.
    expect(json(res, 'failed-channels')).toEqual(['incident-issue']);
    expect(json(res, 'sent')).toEqual(['slack', 'summary']);
    expect(requestsFor(name).filter((r) => r.method !== 'GET')).toEqual([]);
    const warnings = res.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(
            `^notify: reading \\.github/hotfix\\.yml at \\w+ failed: GET /repos/${name}/contents/\\.github/hotfix\\.yml given up: ` +
              'the github-timeout of 6s before the chat messages ran out; routed by the built-in defaults$',
          ),
        ),
        'notify: incident-issue failed: listing issues labelled incident failed: ' +
          `GET /repos/${name}/issues not sent: the github-timeout of 6s before the chat messages ran out`,
        'notify: GitHub was too slow (the github-timeout of 6s before the chat messages ran out): ' +
          'the chat went out with what was known by then; the timeline and links may be incomplete',
      ]),
    );
    expect(res.summary).toContain('built-in defaults (the policy file could not be read)');
  });

  it('GitHub slow on the deployments only: the message keeps the PR, the timeline says what is missing', async () => {
    const name = 'acme/slow-deployments';
    const { repo, pr } = seedIncident(fake, name);
    const e = endpoints();
    fake.inject({
      path: new RegExp(`^/repos/${name}/deployments`),
      delayMs: HANG_MS,
      times: Infinity,
    });
    const res = await run(name, {
      event: 'update',
      pr: String(pr),
      'slack-webhook-url': slack.url(e.slack),
      // Time enough for the other reads even on a busy machine; the deployments hang.
      'github-timeout': '10s',
    });
    expect(res.code, res.stdout).toBe(0);
    const s = only(slack.to(e.slack));
    // The message did not wait for the deployments: none had been answered when the run ended.
    const deployments = requestsFor(name).filter((r) => r.path.endsWith('/deployments'));
    expect(deployments.length).toBeGreaterThan(0);
    expect(deployments.filter((r) => r.status !== 0)).toEqual([]);
    // What was read in time is there: the PR's title and its merge; no deployment is.
    expect(slackText(s)).toContain('ENG-4242: card payments fail for saved cards');
    expect(slackText(s)).toContain(`PR #${pr} merged`);
    expect(slackText(s)).not.toContain('deploy to production started');
    // The PR comment is a channel of its own, not held to github-timeout: it is posted.
    expect(json(res, 'failed-channels')).toEqual([]);
    expect(json(res, 'sent')).toEqual(expect.arrayContaining(['slack', 'github-comment']));
    expect(commentsOf(repo, pr)).toHaveLength(1);
    const warnings = res.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
    expect(warnings).toEqual(
      expect.arrayContaining([
        'notify: the timeline has no deployments: listing deployments of production failed: ' +
          `GET /repos/${name}/deployments given up: the github-timeout of 10s before the chat messages ran out`,
        expect.stringContaining('notify: GitHub was too slow'),
      ]),
    );
  });

  it('without a token or channels it writes the summary and calls nothing', async () => {
    const res = await runAction('notify', {
      repository: 'acme/offline',
      apiUrl: fake.url,
      token: '',
      inputs: { event: 'custom', title: 'Maintenance window at 22:00 UTC' },
    });
    expect(res.code, res.stdout).toBe(0);
    expect(json(res, 'sent')).toEqual(['summary']);
    expect(res.summary).toContain('Maintenance window at 22:00 UTC');
    expect(fake.requests.some((r) => r.path.includes('/acme/offline'))).toBe(false);
  });

  it('bad input fails before anything is sent, naming the input', async () => {
    const name = 'acme/bad-input';
    seedIncident(fake, name);
    const e = endpoints();
    const cases: [Record<string, string>, string][] = [
      [{ event: 'exploded' }, 'input "event": "exploded" is not one of: declared, update'],
      [{ event: 'declared', 'slack-bot-token': BOT }, 'input "slack-channel" is required'],
      [
        { event: 'declared', channels: 'teams', 'teams-webhook-url': '' },
        'input "channels": "teams" is not a list of configured channels: teams has no teams-webhook-url',
      ],
      [
        { event: 'declared', 'webhook-url': 'ftp://secret-host/abcdefghijklmnop' },
        'input "webhook-url": "***" is not an http(s) URL',
      ],
    ];
    const results = await Promise.all(
      cases.map(([inputs]) => run(name, { ...channelsOf(e), ...inputs })),
    );
    results.forEach((res, i) => {
      expect(res.code).toBe(1);
      expect(res.annotations.find((a) => a.level === 'error')?.message).toContain(cases[i]![1]);
    });
    expect(slack.to(e.slack)).toEqual([]);
    expect(hook.to(e.hook)).toEqual([]);
    expect(requestsFor(name).filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
