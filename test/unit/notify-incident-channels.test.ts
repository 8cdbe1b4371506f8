// The pure parts of the status page, pager and email channels: routing an escalation, the
// inputs they need, the record a re-run reads back, what is paged and what is mailed.
import { describe, expect, it } from 'vitest';
import { route } from '../../src/notify/routing.ts';
import { readNotifyInputs } from '../../src/notify/inputs.ts';
import { inputsFrom } from '../../src/shared/runner/inputs.ts';
import { buildMessage, type MessageInput } from '../../src/notify/message.ts';
import { composeEmail, subjectOf } from '../../src/notify/email.ts';
import { dedupKey, PAGERDUTY_SEVERITY, sendPagerDuty } from '../../src/notify/pagerduty.ts';
import { digest, readState, stateMarker } from '../../src/notify/state.ts';
import { smtpError } from '../../src/notify/smtp.ts';
import { defaultPolicy } from '../../src/shared/policy/policy.ts';
import { parsePolicy } from '../../src/shared/policy/policy.ts';
import type { PostRequest, PostResult } from '../../src/notify/http-post.ts';
import { DEFAULT_RETRY } from '../../src/notify/http-post.ts';
import { CHANNELS } from '../../src/shared/policy/ids.ts';

const all = Object.fromEntries(CHANNELS.map((c) => [c, true as const])) as Record<
  (typeof CHANNELS)[number],
  true
>;

function message(over: Partial<MessageInput> = {}) {
  return buildMessage({
    event: 'declared',
    severity: 'P1',
    severityNote: 'respond within 4h',
    title: 'Checkout fails',
    message: 'Customers see HTTP 500.',
    environment: 'production',
    actor: 'octocat',
    repository: 'acme/shop',
    pr: { number: 12, url: 'https://github.com/acme/shop/pull/12' },
    links: [
      { label: 'Pull request #12', url: 'https://github.com/acme/shop/pull/12' },
      { label: 'Workflow run', url: 'https://github.com/acme/shop/actions/runs/1' },
    ],
    timeline: { entries: [] },
    runUrl: 'https://github.com/acme/shop/actions/runs/1',
    now: new Date('2026-11-24T11:00:00Z'),
    ...over,
  });
}

describe('routing', () => {
  it('rollback-failed adds the level escalation channels, saying why', () => {
    const routes = route({
      severity: 'P2',
      routed: ['slack', 'summary'],
      requested: [],
      escalation: ['pagerduty'],
      configured: all,
    });
    expect(routes.find((r) => r.channel === 'pagerduty')).toEqual({
      channel: 'pagerduty',
      use: true,
      why: 'rollback-failed escalates to it (levels.P2.escalation)',
    });
  });

  it('the defaults: P0 and P1 use the status page, the pager and email; every level escalates to the pager', () => {
    const p = defaultPolicy();
    for (const s of ['P0', 'P1'] as const)
      expect(p.levels[s].notify).toEqual(
        expect.arrayContaining(['statuspage', 'pagerduty', 'email']),
      );
    for (const s of ['P2', 'P3'] as const) expect(p.levels[s].notify).not.toContain('pagerduty');
    for (const s of ['P0', 'P1', 'P2', 'P3'] as const)
      expect(p.levels[s].escalation).toEqual(['pagerduty']);
    expect(p.statuspage.name).toBe('Service disruption');
  });

  it('the policy file sets the wording and the escalation; an unknown event name is refused', async () => {
    const p = await parsePolicy(
      'statuspage:\n  name: Checkout degraded\n  messages:\n    declared: We are on it.\nlevels:\n  P2:\n    escalation: [pagerduty, email]\n',
      '.github/hotfix.yml',
    );
    expect(p.statuspage.name).toBe('Checkout degraded');
    expect(p.statuspage.messages.declared).toBe('We are on it.');
    expect(p.statuspage.messages.resolved).toBe('This incident has been resolved.');
    expect(p.levels.P2.escalation).toEqual(['pagerduty', 'email']);
    await expect(
      parsePolicy('statuspage:\n  messages:\n    exploded: x\n', '.github/hotfix.yml'),
    ).rejects.toThrow(/exploded/);
  });
});

describe('inputs', () => {
  const read = (env: Record<string, string>) =>
    readNotifyInputs(inputsFrom({ INPUT_EVENT: 'declared', ...env }));

  it('a half-configured channel is an input error naming what is missing', () => {
    expect(() => read({ 'INPUT_STATUSPAGE-API-KEY': 'k-1234567' })).toThrow(
      'input "statuspage-page-id" is required: the page id from the Statuspage API page: the other statuspage inputs are set',
    );
    expect(() => read({ 'INPUT_EMAIL-TO': 'ops@example.com' })).toThrow(
      'input "smtp-url" is required',
    );
  });

  it('addresses and the SMTP URL are checked before anything is sent', () => {
    const smtp = {
      'INPUT_SMTP-URL': 'smtps://u:p@smtp.example.com:465',
      'INPUT_EMAIL-FROM': 'a@example.com',
    };
    expect(
      read({ ...smtp, 'INPUT_EMAIL-TO': 'ops@example.com,\ncto@example.co.uk' })['email-to'],
    ).toEqual(['ops@example.com', 'cto@example.co.uk']);
    expect(() => read({ ...smtp, 'INPUT_EMAIL-TO': 'ops@example.com, bad address' })).toThrow(
      /input "email-to": .* is not comma- or newline-separated addresses/,
    );
    expect(() => read({ ...smtp, 'INPUT_EMAIL-TO': 'x@y.z\r\nBcc: evil@example.com' })).toThrow(
      /email-to/,
    );
    expect(() =>
      read({
        ...smtp,
        'INPUT_SMTP-URL': 'https://smtp.example.com',
        'INPUT_EMAIL-TO': 'a@example.com',
      }),
    ).toThrow(/input "smtp-url"/);
  });
});

describe('the record a re-run reads back', () => {
  it('round-trips, merges bodies, and keeps nothing that could end its comment', () => {
    const line = stateMarker({ statuspage: 'inc1', sent: ['email:abc', 'pagerduty:def'] });
    expect(line).toBe('<!-- hotfix-actions:state statuspage=inc1 sent=email:abc,pagerduty:def -->');
    expect(readState(`x\n${line}\ny`, '<!-- hotfix-actions:state sent=email:zzz -->')).toEqual({
      statuspage: 'inc1',
      sent: ['email:abc', 'pagerduty:def', 'email:zzz'],
    });
    expect(stateMarker({ statuspage: 'a-->b', sent: ['x y', 'ok:1'] })).toBe(
      '<!-- hotfix-actions:state sent=ok:1 -->',
    );
    expect(stateMarker({ sent: [] })).toBe('');
    // The keys paged with: a dedup_key's # and / are kept, anything that could end it is not.
    const paged = stateMarker({
      sent: [],
      paged: ['acme/shop#pr-12', 'a-->b', 'acme/shop#issue-3'],
    });
    expect(paged).toBe('<!-- hotfix-actions:state paged=acme/shop#pr-12,acme/shop#issue-3 -->');
    expect(readState(paged)).toEqual({ sent: [], paged: ['acme/shop#pr-12', 'acme/shop#issue-3'] });
    expect(digest('email', ['a'])).toMatch(/^email:[0-9a-f]{16}$/);
  });
});

describe('PagerDuty', () => {
  it('maps severities and builds one dedup_key per incident', () => {
    expect(PAGERDUTY_SEVERITY).toEqual({ P0: 'critical', P1: 'error', P2: 'warning', P3: 'info' });
    // The incident issue outlives the PR: it comes first, so the key holds from issue to fix.
    expect(
      dedupKey({ repository: 'acme/shop', pr: 12, incidentIssue: 3, incidentKey: 'eng-1' }),
    ).toBe('acme/shop#issue-3');
    expect(dedupKey({ repository: 'acme/shop', pr: 12, incidentKey: 'eng-1' })).toBe(
      'acme/shop#pr-12',
    );
    expect(dedupKey({ repository: 'acme/shop', incidentIssue: 3, incidentKey: 'eng-1' })).toBe(
      'acme/shop#issue-3',
    );
    expect(dedupKey({ repository: 'acme/shop', incidentKey: 'eng-1' })).toBe('acme/shop#eng-1');
    expect(
      dedupKey({ repository: 'a/b', incidentKey: 'k'.repeat(400) }).length,
    ).toBeLessThanOrEqual(255 - 11);
  });

  it('a summary is cut to 1,024 characters between characters; links are the PR and the run', async () => {
    const seen: PostRequest[] = [];
    const post = async (req: PostRequest): Promise<PostResult> => {
      seen.push(req);
      return { ok: true, attempts: [{ outcome: 'HTTP 202', ms: 1 }] };
    };
    const res = await sendPagerDuty({
      apiUrl: 'https://events.test/',
      routingKey: 'R1',
      message: message({ title: '🔥'.repeat(2000), severity: 'P0' }),
      dedupKey: 'acme/shop#pr-12',
      sent: [],
      retry: DEFAULT_RETRY,
      post,
    });
    expect(res).toMatchObject({ result: 'sent', sent: expect.stringMatching(/^pagerduty:/) });
    expect(seen[0]!.url).toBe('https://events.test/v2/enqueue');
    const body = JSON.parse(seen[0]!.body) as { payload: { summary: string }; links: unknown[] };
    expect(body.payload.summary.length).toBeLessThanOrEqual(1024);
    expect(body.payload.summary).toMatch(/^🚨 \[P0\] Incident declared, investigating: (🔥)+…$/u);
    expect(body.links).toEqual([
      { href: 'https://github.com/acme/shop/pull/12', text: 'Pull request #12' },
      { href: 'https://github.com/acme/shop/actions/runs/1', text: 'Workflow run' },
    ]);
  });
});

describe('email', () => {
  it('the subject is one printable line whatever the title holds', () => {
    const m = message({ title: 'a\r\nBcc: evil@example.com\u0000\u0007 b' });
    expect(subjectOf(m)).toBe(
      '🚨 [P1] Incident declared, investigating: a Bcc: evil@example.com b',
    );
  });

  it('a long subject is cut between graphemes: no lone surrogate from half an emoji', () => {
    const subject = subjectOf(message({ title: `a${'🔥'.repeat(400)}` }));
    expect(subject.length).toBeLessThanOrEqual(250);
    expect(subject).toMatch(/^🚨 \[P1\] Incident declared, investigating: a(🔥)+…$/u);
    // A lone high or low surrogate is what a .slice() cut leaves behind.
    expect(subject).not.toMatch(
      /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/,
    );
  });

  it('text and HTML carry the facts, the message and the links; HTML escapes text from outside', () => {
    const mail = composeEmail(
      message({ title: '<b>"x"</b> & \'y\'', message: 'line 1\n<script>' }),
      {
        from: 'hotfix@example.com',
        to: ['ops@example.com'],
        incidentKey: 'eng-1',
      },
    );
    expect(mail.text).toContain('Severity:    P1 (respond within 4h)');
    expect(mail.text).toContain('Pull request #12: https://github.com/acme/shop/pull/12');
    expect(mail.html).toContain('&lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; &#39;y&#39;');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.html).not.toMatch(/<script>|<b>/);
    expect(mail.html).toContain(
      '<a href="https://github.com/acme/shop/pull/12">Pull request #12</a>',
    );
    expect(mail.references).toMatch(/^<incident-[0-9a-f]{16}@hotfix-actions\.invalid>$/);
  });

  it('SMTP errors in words: reply codes, transient 4xx, connection failures', () => {
    expect(smtpError({ responseCode: 550, response: '550 5.1.1 User unknown' })).toEqual({
      message: 'SMTP 550: 5.1.1 User unknown',
      code: 550,
      transient: false,
    });
    expect(smtpError({ responseCode: 421, response: '421 busy' }).transient).toBe(true);
    expect(smtpError({ code: 'ECONNECTION', message: 'connect ECONNREFUSED' })).toEqual({
      message: 'connection failed',
      transient: true,
    });
    expect(
      smtpError({ code: 'ESOCKET', message: 'self-signed certificate in certificate chain' })
        .message,
    ).toBe('connection failed: the server certificate is not trusted');
  });
});
