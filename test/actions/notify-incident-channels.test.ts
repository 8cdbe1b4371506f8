// notify's incident channels through its bundle, as the runner runs it: the status page
// (Statuspage stand-in), the pager (PagerDuty Events v2 stand-in) and email (a real SMTP
// server with TLS and authentication), each answering on 127.0.0.1 and refusing what the
// real service refuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../harness/fake-github/server.ts';
import { runAction, type ActionResult } from '../harness/run-action.ts';
import { PagerDutyStub, StatuspageStub } from '../harness/incident-services.ts';
import { SmtpStub, testCa } from '../harness/smtp.ts';
import { Receiver } from '../harness/chat-receivers.ts';
import { seedIncident } from '../fixtures/incident.ts';

const SP_KEY = 'spk_' + 'a1B2c3D4'.repeat(4);
const ROUTING = 'R0' + 'f00dcafe'.repeat(4);
const PASS = 'p@ss:w0rd/ünï';
const fake = new FakeGitHub();
const smtps = new SmtpStub({ implicitTls: true, user: 'hotfix@example.com', pass: PASS });
const starttls = new SmtpStub({
  implicitTls: false,
  user: 'hotfix@example.com',
  pass: PASS,
  reject: /^nobody@/,
});
const stubs: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  await Promise.all([fake.start(), smtps.start(), starttls.start()]);
});
afterAll(async () => {
  await Promise.all([fake.stop(), smtps.stop(), starttls.stop(), ...stubs.map((s) => s.stop())]);
});

let n = 0;
async function world(smtp: SmtpStub = smtps) {
  const page = `pg${++n}`;
  const sp = new StatuspageStub(SP_KEY, page, ['cmp1']);
  const pd = new PagerDutyStub();
  await Promise.all([sp.receiver.start(), pd.receiver.start()]);
  stubs.push(sp.receiver, pd.receiver);
  const inputs = {
    'statuspage-api-key': SP_KEY,
    'statuspage-page-id': page,
    'statuspage-components': 'cmp1',
    'statuspage-api-url': sp.url,
    'pagerduty-routing-key': ROUTING,
    'pagerduty-api-url': pd.url,
    'smtp-url': smtp.url(),
    'email-from': 'hotfix@example.com',
    'email-to': `oncall+${page}@example.com`,
    retries: '1',
    timeout: '5s',
  };
  const mails = () => smtp.received.filter((m) => m.to.includes(`oncall+${page}@example.com`));
  return { sp, pd, inputs, mails };
}

function run(
  repo: string,
  inputs: Record<string, string>,
  env: Record<string, string> = { NODE_EXTRA_CA_CERTS: testCa().caFile },
): Promise<ActionResult> {
  return runAction('notify', {
    repository: repo,
    event: { name: 'workflow_dispatch', payload: { inputs: {} } },
    apiUrl: fake.url,
    token: fake.token,
    inputs,
    env,
  });
}

const json = (r: ActionResult, name: string) => JSON.parse(r.outputs[name] ?? 'null') as unknown;

describe.concurrent('notify: status page, pager, email', { timeout: 120_000 }, () => {
  it('a P0 declared opens the status page incident, pages and emails; resolved closes all three; re-runs change nothing', async () => {
    const name = 'acme/incident-channels';
    const { pr } = seedIncident(fake, name);
    const { sp, pd, inputs, mails } = await world();
    const title = 'Checkout 决済 fails 🔥 <script>x</script>\r\nBcc: attacker@evil.example';
    const declared = { ...inputs, event: 'declared', pr: String(pr), title };
    const first = await run(name, declared);
    expect(first.code, first.stdout).toBe(0);
    expect(json(first, 'failed-channels')).toEqual([]);
    expect(json(first, 'sent')).toEqual(
      expect.arrayContaining(['statuspage', 'pagerduty', 'email']),
    );
    expect(sp.story()).toEqual([
      'inc000000001 investigating: investigating "We are investigating reports of a service disruption and will post an update soon."',
    ]);
    expect(sp.components.get('cmp1')).toBe('major_outage');
    expect(pd.pages.map((p) => [p.dedup_key, p.payload?.severity])).toEqual([
      [`${name}#pr-${pr}`, 'critical'],
    ]);
    const [mail] = mails();
    expect(mail).toMatchObject({ secure: true, user: 'hotfix@example.com' });
    // The subject arrives whole (RFC 2047 encoded on the wire), on one line: no header injected.
    expect(mail!.mail.subject).toBe(
      '🚨 [P0] Incident declared, investigating: Checkout 决済 fails 🔥 <script>x</script> Bcc: attacker@evil.example',
    );
    expect(mail!.raw).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(mail!.raw).not.toMatch(/^Bcc:/im);
    expect(mail!.to).toEqual([inputs['email-to']]);
    expect(mail!.mail.text).toContain('Timeline (UTC)');
    expect(mail!.mail.text).toContain('v2.3.5 verified healthy in production');
    expect(String(mail!.mail.html)).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(String(mail!.mail.html)).not.toContain('<script>');
    expect(first.summary).toMatch(/`statuspage` \| ✅ sent \| opened incident inc000000001/);
    expect(first.summary).toMatch(/`pagerduty` \| ✅ sent \| paged: trigger, severity critical/);
    expect(first.summary).toMatch(/`email` \| ✅ sent \| sent to 1 recipient: 250/);

    const counts = () => [
      sp.receiver.requests.filter((r) => r.method !== 'GET').length,
      pd.events.length,
      mails().length,
    ];
    const again = await run(name, declared);
    expect(again.code, again.stdout).toBe(0);
    expect(counts()).toEqual([1, 1, 1]);
    expect(json(again, 'sent')).not.toEqual(expect.arrayContaining(['statuspage']));

    const resolved = { ...inputs, event: 'resolved', pr: String(pr), postmortem: 'never' };
    const done = await run(name, resolved);
    expect(done.code, done.stdout).toBe(0);
    expect(json(done, 'failed-channels')).toEqual([]);
    expect(sp.incidents[0]!.status).toBe('resolved');
    expect(sp.components.get('cmp1')).toBe('operational');
    expect(pd.alerts.get(`${name}#pr-${pr}`)).toBe('resolved');
    expect(mails()).toHaveLength(2);
    const before = counts();
    const rerun = await run(name, resolved);
    expect(rerun.code, rerun.stdout).toBe(0);
    expect(counts()).toEqual(before);
    expect(pd.pages).toHaveLength(1);
  });

  it('a rollback-failed escalates to the pager (levels.<Pn>.escalation), STARTTLS mail included', async () => {
    const name = 'acme/escalation';
    const { pr } = seedIncident(fake, name, { severity: 'P2', rolledBack: true });
    const { pd, inputs, mails } = await world(starttls);
    const res = await run(name, { ...inputs, event: 'rollback-failed', pr: String(pr) });
    expect(res.code, res.stdout).toBe(0);
    expect(pd.pages.map((p) => [p.dedup_key, p.payload?.severity])).toEqual([
      [`${name}#pr-${pr}:escalation`, 'warning'],
    ]);
    expect(res.summary).toContain('rollback-failed escalates to it (levels.P2.escalation)');
    // P2 does not route email: the escalation adds the pager only.
    expect(mails()).toEqual([]);
    const mailed = await run(name, {
      ...inputs,
      event: 'rollback-failed',
      pr: String(pr),
      channels: 'email',
    });
    expect(mailed.code, mailed.stdout).toBe(0);
    expect(mails()).toHaveLength(1);
    expect(mails()[0]!.secure).toBe(true);
    expect(starttls.logins.every((l) => l.secure)).toBe(true);
    expect(pd.pages).toHaveLength(1);
  });

  it('a dead channel, a refused recipient, a wrong password, an untrusted server: the job stays green, each named', async () => {
    const name = 'acme/dead-channels';
    const { pr } = seedIncident(fake, name);
    const { inputs } = await world(starttls);
    const dead = await new Receiver().start();
    const deadUrl = dead.url('/v1');
    await dead.stop();
    const base = { ...inputs, event: 'declared', pr: String(pr), 'github-comment': 'false' };
    const [deadSp, refused, wrong, untrusted] = await Promise.all([
      run(name, { ...base, 'statuspage-api-url': deadUrl }),
      run(name, {
        ...base,
        'email-to': 'nobody@example.com',
        'pagerduty-routing-key': '',
        'statuspage-api-key': '',
        'statuspage-page-id': '',
        'statuspage-components': '',
      }),
      run(name, {
        ...base,
        'smtp-url': starttls.url('hotfix@example.com', 'wrong-password-123'),
        'pagerduty-routing-key': '',
        'statuspage-api-key': '',
        'statuspage-page-id': '',
        'statuspage-components': '',
      }),
      run(
        name,
        {
          ...base,
          'smtp-url': smtps.url(),
          'pagerduty-routing-key': '',
          'statuspage-api-key': '',
          'statuspage-page-id': '',
          'statuspage-components': '',
        },
        {},
      ),
    ]);
    for (const r of [deadSp, refused, wrong, untrusted]) expect(r.code, r.stdout).toBe(0);
    expect(json(deadSp, 'failed-channels')).toEqual(['statuspage']);
    expect(json(deadSp, 'sent')).toEqual(expect.arrayContaining(['pagerduty', 'email']));
    expect(deadSp.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message:
          'notify: statuspage failed: listing unresolved incidents: connection refused, 2 attempts',
      }),
    );
    expect(json(refused, 'failed-channels')).toEqual(['email']);
    expect(refused.summary).toMatch(/`email` \| ❌ \*\*failed\*\* \| SMTP 550: .*User unknown/);
    expect(json(wrong, 'failed-channels')).toEqual(['email']);
    expect(wrong.summary).toContain('SMTP 535: Authentication credentials invalid');
    expect(json(untrusted, 'failed-channels')).toEqual(['email']);
    expect(untrusted.summary).toContain('the server certificate is not trusted');
    expect(smtps.errors.map((e) => e.message)).toContain('Socket closed while initiating TLS');
  });

  it('the keys, the SMTP password and their encoded forms appear in no log, summary or output', async () => {
    const name = 'acme/incident-secrets';
    const { pr } = seedIncident(fake, name);
    const { inputs } = await world(starttls);
    const wrong = 'Wr0ng/p@ss+wörd';
    const res = await run(name, {
      ...inputs,
      event: 'declared',
      pr: String(pr),
      'smtp-url': starttls.url('hotfix@example.com', wrong),
      'statuspage-api-key': SP_KEY,
      message: `pasted by mistake: ${SP_KEY} and ${ROUTING}`,
    });
    expect(res.code, res.stdout).toBe(0);
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const secrets = [
      SP_KEY,
      ROUTING,
      wrong,
      encodeURIComponent(wrong),
      b64(wrong),
      b64(`\0hotfix@example.com\0${wrong}`),
      b64(SP_KEY),
      b64(ROUTING),
    ];
    const shown = [res.log, res.stderr, res.summary, JSON.stringify(res.outputs)];
    for (const s of secrets) for (const text of shown) expect(text.includes(s), s).toBe(false);
    expect(res.masks).toEqual(expect.arrayContaining(secrets));
    expect(json(res, 'failed-channels')).toEqual(['email']);
  });
});
