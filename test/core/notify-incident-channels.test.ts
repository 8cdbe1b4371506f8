// The status page, the pager and email through notify's core flow, in process: the
// Statuspage and PagerDuty stand-ins answer on 127.0.0.1 over real HTTP, GitHub is the
// in-memory port, and email goes to a fake SendMail (the real SMTP server is in the bundle
// tests, where the runner's process can be told to trust its CA).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PagerDutyStub, StatuspageStub } from '../harness/incident-services.ts';
import type { Email, SendMail, SmtpError } from '../../src/notify/email.ts';
import { defaultPolicy } from '../../src/shared/policy/policy.ts';
import { MemoryGitHub, row, run, withPull } from './fakes/notify-github.ts';
import { failedChannels, warningsOf } from '../../src/notify/report.ts';

const KEY = 'sp-key-0123456789abcdef';
const ROUTING = 'R0123456789ABCDEF0123456789ABCDE';
let pages = 0;

/** A fresh status page and pager for each test: what one incident did is all they hold. */
async function services() {
  const page = `page${++pages}`;
  const sp = new StatuspageStub(KEY, page, ['comp1', 'comp2']);
  const pd = new PagerDutyStub();
  await Promise.all([sp.receiver.start(), pd.receiver.start()]);
  stops.push(() => Promise.all([sp.receiver.stop(), pd.receiver.stop()]));
  const mails: Email[] = [];
  const sendMail: SendMail = async (mail) => {
    mails.push(mail);
    return { response: '250 2.0.0 Ok: queued', accepted: mail.to.length };
  };
  const env = {
    'INPUT_STATUSPAGE-API-KEY': KEY,
    'INPUT_STATUSPAGE-PAGE-ID': page,
    'INPUT_STATUSPAGE-COMPONENTS': 'comp1, comp2',
    'INPUT_STATUSPAGE-API-URL': sp.url,
    'INPUT_PAGERDUTY-ROUTING-KEY': ROUTING,
    'INPUT_PAGERDUTY-API-URL': pd.url,
    'INPUT_SMTP-URL': 'smtps://hotfix:secret-pass@smtp.test:465',
    'INPUT_EMAIL-FROM': 'hotfix@example.com',
    'INPUT_EMAIL-TO': 'oncall@example.com, cto@example.com',
    INPUT_RETRIES: '1',
  };
  return { sp, pd, mails, sendMail, env };
}

const stops: (() => Promise<unknown>)[] = [];
beforeAll(() => undefined);
afterAll(async () => {
  await Promise.all(stops.map((s) => s()));
});

const writes = (sp: StatuspageStub) =>
  sp.receiver.requests.filter((r) => r.method !== 'GET').length;

describe('the status page, the pager and email', () => {
  it('a P0 declared opens the status page incident, pages and emails; a re-run changes nothing', async () => {
    const { sp, pd, mails, sendMail, env } = await services();
    const gh = withPull(new MemoryGitHub());
    const first = await run({ ...env, INPUT_EVENT: 'declared' }, { github: gh, sendMail });
    expect(row(first, 'statuspage')).toMatchObject({
      result: 'sent',
      detail: 'opened incident inc000000001, investigating, 2 components major_outage',
      why: 'P0 routes to it (levels.P0.notify)',
    });
    expect(row(first, 'pagerduty')).toMatchObject({
      result: 'sent',
      detail: 'paged: trigger, severity critical, dedup_key acme/shop#pr-12',
    });
    expect(row(first, 'email')).toMatchObject({
      result: 'sent',
      detail: 'sent to 2 recipients: 250 2.0.0 Ok: queued',
    });
    expect(sp.incidents).toHaveLength(1);
    expect(sp.incidents[0]).toMatchObject({
      name: 'Service disruption',
      status: 'investigating',
      metadata: { hotfix_actions: { incident: 'acme/shop#pr-12' } },
      incident_updates: [{ body: defaultPolicy().statuspage.messages.declared }],
    });
    expect(Object.fromEntries(sp.components)).toEqual({
      comp1: 'major_outage',
      comp2: 'major_outage',
    });
    // Customers read the policy's words, never the PR's.
    expect(JSON.stringify(sp.incidents)).not.toContain('checkout');
    expect(pd.pages).toHaveLength(1);
    expect(pd.pages[0]).toMatchObject({
      routing_key: ROUTING,
      dedup_key: 'acme/shop#pr-12',
      payload: {
        summary: '🚨 [P0] Incident declared, investigating: Fix checkout crash',
        source: 'acme/shop',
        severity: 'critical',
        component: 'production',
      },
      links: [
        { href: 'https://github.com/acme/shop/pull/12', text: 'Pull request #12' },
        { href: 'https://github.com/acme/shop/actions/runs/7', text: 'Workflow run' },
      ],
    });
    expect(mails[0]).toMatchObject({
      from: 'hotfix@example.com',
      to: ['oncall@example.com', 'cto@example.com'],
      subject: '🚨 [P0] Incident declared, investigating: Fix checkout crash',
    });
    // The PR comment keeps what was done, for the next run.
    expect(gh.pullComments.bodies.get('12:notify')).toMatch(
      /<!-- hotfix-actions:state statuspage=inc000000001 sent=pagerduty:[0-9a-f]{16},email:[0-9a-f]{16} paged=acme\/shop#pr-12 -->$/,
    );

    const again = await run({ ...env, INPUT_EVENT: 'declared' }, { github: gh, sendMail });
    expect(row(again, 'statuspage')).toMatchObject({
      result: 'unchanged',
      detail: 'incident inc000000001 is already open (investigating)',
    });
    expect(row(again, 'pagerduty')).toMatchObject({
      result: 'unchanged',
      detail: 'an earlier run already sent declared (dedup_key acme/shop#pr-12)',
    });
    expect(row(again, 'email')).toMatchObject({ result: 'unchanged' });
    expect(row(again, 'github-comment')).toMatchObject({ result: 'unchanged' });
    expect([sp.incidents.length, writes(sp), pd.events.length, mails.length]).toEqual([1, 1, 1, 1]);
  });

  it('deployed: monitoring; resolved: resolved, components operational, the alert resolved; each once', async () => {
    const { sp, pd, mails, sendMail, env } = await services();
    const gh = withPull(new MemoryGitHub());
    await run({ ...env, INPUT_EVENT: 'declared', INPUT_SEVERITY: 'P1' }, { github: gh, sendMail });
    expect(Object.fromEntries(sp.components)).toEqual({
      comp1: 'partial_outage',
      comp2: 'partial_outage',
    });
    expect(pd.pages[0]!.payload!.severity).toBe('error');
    const deployed = await run({ ...env, INPUT_EVENT: 'deployed' }, { github: gh, sendMail });
    expect(row(deployed, 'statuspage')).toMatchObject({
      result: 'updated',
      detail: 'incident inc000000001 set to monitoring',
    });
    expect(row(deployed, 'pagerduty')).toMatchObject({ result: 'skipped' });
    const env2 = { ...env, INPUT_EVENT: 'resolved', INPUT_POSTMORTEM: 'never' };
    const resolved = await run(env2, { github: gh, sendMail });
    expect(row(resolved, 'statuspage')).toMatchObject({
      result: 'updated',
      detail: 'incident inc000000001 resolved, components operational',
    });
    expect(row(resolved, 'pagerduty')).toMatchObject({
      result: 'sent',
      detail: 'resolved dedup_key acme/shop#pr-12',
    });
    expect(sp.story()).toEqual([
      `inc000000001 resolved: investigating "${defaultPolicy().statuspage.messages.declared}" → monitoring "${defaultPolicy().statuspage.messages.deployed}" → resolved "This incident has been resolved."`,
    ]);
    expect(Object.fromEntries(sp.components)).toEqual({
      comp1: 'operational',
      comp2: 'operational',
    });
    expect(pd.alerts.get('acme/shop#pr-12')).toBe('resolved');
    expect(mails.map((m) => m.headers['X-Hotfix-Event'])).toEqual([
      'declared',
      'deployed',
      'resolved',
    ]);

    const counts = () => [writes(sp), pd.events.length, mails.length];
    const before = counts();
    const again = await run(env2, { github: gh, sendMail });
    expect(row(again, 'statuspage')).toMatchObject({ result: 'unchanged' });
    expect(row(again, 'pagerduty')).toMatchObject({ result: 'unchanged' });
    expect(row(again, 'email')).toMatchObject({ result: 'unchanged' });
    expect(counts()).toEqual(before);
    // Even a late declared re-run neither reopens the status page nor pages again.
    const late = await run({ ...env, INPUT_EVENT: 'declared' }, { github: gh, sendMail });
    expect(row(late, 'statuspage')).toMatchObject({
      result: 'unchanged',
      detail: 'incident inc000000001 is resolved: declared does not reopen it',
    });
    expect(pd.pages).toHaveLength(1);
  });

  it('declared from the incident issue alone, resolved from the PR linked to it: one alert, one key, resolved', async () => {
    const { pd, env } = await services();
    const gh = new MemoryGitHub();
    const pager = {
      ...env,
      'INPUT_STATUSPAGE-API-KEY': '',
      'INPUT_STATUSPAGE-PAGE-ID': '',
      'INPUT_STATUSPAGE-COMPONENTS': '',
      'INPUT_SMTP-URL': '',
      'INPUT_EMAIL-FROM': '',
      'INPUT_EMAIL-TO': '',
      // The incident id links the PR to the incident its issue declared.
      'INPUT_INCIDENT-ID': 'ENG-42',
    };
    // No PR yet: the incident is declared, and its issue opened, from a dispatch.
    const declared = await run(
      {
        ...pager,
        INPUT_PR: '',
        INPUT_TITLE: 'Checkout down',
        INPUT_EVENT: 'declared',
        'INPUT_INCIDENT-ISSUE': 'open',
      },
      { github: gh },
    );
    expect(row(declared, 'incident-issue')).toMatchObject({
      result: 'sent',
      detail: 'opened #100',
    });
    expect(row(declared, 'pagerduty')).toMatchObject({
      result: 'sent',
      detail: 'paged: trigger, severity critical, dedup_key acme/shop#issue-100',
    });
    // The fix PR comes later, and resolves the incident.
    withPull(gh);
    const resolved = await run(
      {
        ...pager,
        INPUT_EVENT: 'resolved',
        INPUT_POSTMORTEM: 'never',
        'INPUT_INCIDENT-ISSUE': 'close',
      },
      { github: gh },
    );
    expect(row(resolved, 'pagerduty')).toMatchObject({
      result: 'sent',
      detail: 'resolved dedup_key acme/shop#issue-100',
    });
    const actions = (key: string) =>
      pd.events.filter((e) => e.dedup_key === key).map((e) => e.event_action);
    expect(actions('acme/shop#issue-100')).toEqual(['trigger', 'resolve']);
    expect(pd.pages.map((p) => p.dedup_key)).toEqual(['acme/shop#issue-100']);
    expect(pd.events.filter((e) => e.event_action === 'trigger')).toHaveLength(1);
    expect([...pd.alerts.values()].filter((a) => a === 'triggered')).toEqual([]);
  });

  it('paged from the PR before the incident issue existed: later runs keep that key and resolve it', async () => {
    const { pd, env } = await services();
    const gh = withPull(new MemoryGitHub());
    const pager = {
      ...env,
      'INPUT_STATUSPAGE-API-KEY': '',
      'INPUT_STATUSPAGE-PAGE-ID': '',
      'INPUT_STATUSPAGE-COMPONENTS': '',
      'INPUT_SMTP-URL': '',
      'INPUT_EMAIL-FROM': '',
      'INPUT_EMAIL-TO': '',
    };
    await run({ ...pager, INPUT_EVENT: 'declared' }, { github: gh });
    // The incident issue is opened by a later run: a declared re-run must not page again.
    const later = await run(
      { ...pager, INPUT_EVENT: 'declared', 'INPUT_INCIDENT-ISSUE': 'open' },
      { github: gh },
    );
    expect(row(later, 'incident-issue')).toMatchObject({ result: 'sent', detail: 'opened #100' });
    expect(row(later, 'pagerduty')).toMatchObject({ result: 'unchanged' });
    const resolved = await run(
      {
        ...pager,
        INPUT_EVENT: 'resolved',
        INPUT_POSTMORTEM: 'never',
        'INPUT_INCIDENT-ISSUE': 'close',
      },
      { github: gh },
    );
    expect(row(resolved, 'pagerduty')).toMatchObject({
      result: 'sent',
      detail: 'resolved dedup_key acme/shop#pr-12',
    });
    expect(pd.pages.map((p) => p.dedup_key)).toEqual(['acme/shop#pr-12']);
    expect(pd.alerts.get('acme/shop#pr-12')).toBe('resolved');
  });

  it('rollback-failed escalates: the policy routes it to the pager even where the level does not page', async () => {
    const { pd, sendMail, env } = await services();
    const gh = withPull(new MemoryGitHub());
    const out = await run(
      { ...env, INPUT_EVENT: 'rollback-failed', INPUT_SEVERITY: 'P2' },
      { github: gh, sendMail },
    );
    expect(row(out, 'pagerduty')).toMatchObject({
      result: 'sent',
      detail: 'paged: trigger, severity warning (escalation), dedup_key acme/shop#pr-12:escalation',
      why: 'rollback-failed escalates to it (levels.P2.escalation)',
    });
    expect(row(out, 'email')).toMatchObject({ result: 'skipped' });
    expect(pd.pages.map((p) => p.dedup_key)).toEqual(['acme/shop#pr-12:escalation']);
    // Declared earlier or not, the escalation pages: its key is its own.
    const declared = await run(
      { ...env, INPUT_EVENT: 'declared', INPUT_SEVERITY: 'P2' },
      {
        github: gh,
        sendMail,
      },
    );
    expect(row(declared, 'pagerduty')).toMatchObject({ result: 'skipped' });
    const policy = defaultPolicy();
    policy.levels.P2.escalation = [];
    const quiet = await run(
      { ...env, INPUT_EVENT: 'rollback-failed', INPUT_SEVERITY: 'P2', INPUT_MESSAGE: 'again' },
      { github: new MemoryGitHub(), sendMail, policy },
    );
    expect(row(quiet, 'pagerduty')).toMatchObject({
      result: 'skipped',
      why: 'P2 does not route to it (levels.P2.notify: slack, github-comment, summary)',
    });
  });

  it('without the GitHub record, the status page incident is found again by its metadata', async () => {
    const { sp, env } = await services();
    const noMail = { ...env, 'INPUT_SMTP-URL': '', 'INPUT_EMAIL-FROM': '', 'INPUT_EMAIL-TO': '' };
    const first = await run({ ...noMail, INPUT_EVENT: 'declared' });
    expect(row(first, 'statuspage')).toMatchObject({ result: 'sent' });
    const again = await run({ ...noMail, INPUT_EVENT: 'declared' });
    expect(row(again, 'statuspage')).toMatchObject({
      result: 'unchanged',
      detail: 'incident inc000000001 is already open (investigating)',
    });
    const update = await run({ ...noMail, INPUT_EVENT: 'rolled-back' });
    expect(row(update, 'statuspage')).toMatchObject({
      result: 'updated',
      detail: 'incident inc000000001 update posted',
    });
    expect(sp.incidents).toHaveLength(1);
  });

  it('429 waits for Retry-After; 401 and 5xx fail the channel alone, named in failed-channels', async () => {
    const { sp, pd, sendMail, env } = await services();
    sp.receiver.script(`/v1/pages/${env['INPUT_STATUSPAGE-PAGE-ID']}/incidents/unresolved`, {
      status: 429,
      body: { error: 'Rate limit exceeded' },
      headers: { 'retry-after': '1' },
    });
    pd.receiver.script(
      '/v2/enqueue',
      { status: 503, body: 'unavailable' },
      { status: 503, body: 'unavailable' },
    );
    const out = await run({ ...env, INPUT_EVENT: 'declared' }, { sendMail });
    const calls = sp.receiver.requests;
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
    expect(row(out, 'statuspage')).toMatchObject({ result: 'sent' });
    expect(row(out, 'pagerduty')).toMatchObject({
      result: 'failed',
      detail: 'HTTP 503: unavailable, 2 attempts',
    });
    expect(row(out, 'email')).toMatchObject({ result: 'sent' });

    const bad = await run(
      { ...env, INPUT_EVENT: 'declared', 'INPUT_STATUSPAGE-API-KEY': 'wrong-key' },
      { sendMail },
    );
    expect(row(bad, 'statuspage')).toMatchObject({
      result: 'failed',
      detail: 'listing unresolved incidents: HTTP 401: {"error":"Could not authenticate"}',
    });
  });

  it('Statuspage 422 (a component id it does not know) and PagerDuty 400: each failed with its reason, the rest sent', async () => {
    const { sp, pd, sendMail, env } = await services();
    const gh = withPull(new MemoryGitHub());
    pd.receiver.script('/v2/enqueue', {
      status: 400,
      body: {
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: ["'routing_key' is invalid"],
      },
    });
    const out = await run(
      { ...env, INPUT_EVENT: 'declared', 'INPUT_STATUSPAGE-COMPONENTS': 'comp1, nope9' },
      { github: gh, sendMail },
    );
    expect(row(out, 'statuspage')).toMatchObject({ result: 'failed' });
    expect(row(out, 'statuspage')!.detail).toMatch(/HTTP 422: .*component nope9 not found/);
    expect(sp.incidents).toEqual([]);
    expect(row(out, 'pagerduty')).toMatchObject({ result: 'failed' });
    expect(row(out, 'pagerduty')!.detail).toMatch(/^HTTP 400: .*'routing_key' is invalid/);
    expect(pd.pages).toEqual([]);
    // Neither is retried: a 4xx says the request is wrong, and it stays wrong.
    expect(sp.receiver.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(pd.receiver.requests).toHaveLength(1);
    // The job stays green: the failures are rows, warnings and failed-channels, never an
    // exception, and the other channels went out.
    expect(failedChannels(out)).toEqual(['statuspage', 'pagerduty']);
    expect(warningsOf(out)).toEqual(
      expect.arrayContaining([
        `notify: statuspage failed: ${row(out, 'statuspage')!.detail}`,
        `notify: pagerduty failed: ${row(out, 'pagerduty')!.detail}`,
      ]),
    );
    expect(row(out, 'email')).toMatchObject({ result: 'sent' });
    expect(row(out, 'github-comment')).toMatchObject({ result: 'sent' });
    // Nothing that failed is recorded as done: the next run tries again.
    expect(gh.pullComments.bodies.get('12:notify')).not.toMatch(/paged=|statuspage=|pagerduty:/);
  });

  it('PagerDuty 429 with Retry-After: waited out, then paged once', async () => {
    const { pd, env } = await services();
    pd.receiver.script('/v2/enqueue', {
      status: 429,
      body: {
        status: 'throttle event',
        message: 'Requests for this service are arriving too quickly.',
      },
      headers: { 'retry-after': '1' },
    });
    const out = await run({
      ...env,
      INPUT_EVENT: 'declared',
      'INPUT_STATUSPAGE-API-KEY': '',
      'INPUT_STATUSPAGE-PAGE-ID': '',
      'INPUT_STATUSPAGE-COMPONENTS': '',
      'INPUT_SMTP-URL': '',
      'INPUT_EMAIL-FROM': '',
      'INPUT_EMAIL-TO': '',
    });
    const calls = pd.receiver.requests;
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
    expect(row(out, 'pagerduty')).toMatchObject({
      result: 'sent',
      detail: 'paged: trigger, severity critical, dedup_key acme/shop#pr-12 (after 2 attempts)',
    });
    expect(pd.pages).toHaveLength(1);
    expect(failedChannels(out)).toEqual([]);
  });

  it('email: a 4xx answer is retried, a 5xx is final', async () => {
    const { env } = await services();
    const answers: (SmtpError | undefined)[] = [
      { message: 'SMTP 451: try again later', code: 451, transient: true },
      undefined,
    ];
    const tried: string[] = [];
    const sendMail: SendMail = async (mail) => {
      tried.push(mail.subject);
      const a = answers.shift();
      if (a) throw a;
      return { response: '250 ok', accepted: 2 };
    };
    const only = {
      'INPUT_STATUSPAGE-API-KEY': '',
      'INPUT_STATUSPAGE-PAGE-ID': '',
      'INPUT_STATUSPAGE-COMPONENTS': '',
      'INPUT_PAGERDUTY-ROUTING-KEY': '',
    };
    const out = await run({ ...env, ...only, INPUT_EVENT: 'declared' }, { sendMail });
    expect(row(out, 'email')).toMatchObject({
      result: 'sent',
      detail: 'sent to 2 recipients: 250 ok (after 2 attempts)',
    });
    answers.push({
      message: 'SMTP 550: 5.1.1 <cto@example.com>: User unknown',
      code: 550,
      transient: false,
    });
    const refused = await run({ ...env, ...only, INPUT_EVENT: 'update' }, { sendMail });
    expect(row(refused, 'email')).toMatchObject({
      result: 'failed',
      detail: 'SMTP 550: 5.1.1 <cto@example.com>: User unknown',
    });
    expect(tried).toHaveLength(3);
  });
});
