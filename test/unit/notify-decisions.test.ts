// notify's decisions, each a pure function: routing, the post-mortem, its body, labels,
// inputs across fields, and the text helpers they use.
import { describe, expect, it } from 'vitest';
import { route, type RoutingInput } from '../../src/notify/routing.ts';
import { decidePostmortem, dueDate, postmortemBody } from '../../src/notify/postmortem.ts';
import { wantedLabels } from '../../src/notify/records.ts';
import { readNotifyInputs } from '../../src/notify/inputs.ts';
import { configured } from '../../src/notify/notify.ts';
import { buildMessage } from '../../src/notify/message.ts';
import { inputsFrom } from '../../src/shared/runner/inputs.ts';
import { defaultPolicy } from '../../src/shared/policy/policy.ts';
import { scrubSecrets } from '../../src/notify/secret-scrub.ts';
import { bodySection } from '../../src/shared/text/pr-sections.ts';
import { prBody, TEMPLATE_BODY } from '../fixtures/pr-body.ts';
import { EVENTS } from '../../src/notify/events.ts';

const all = {
  slack: true,
  teams: true,
  webhook: true,
  'github-comment': true,
  'incident-issue': true,
  summary: true,
  statuspage: true,
  pagerduty: true,
  email: true,
} as const;
const base: RoutingInput = {
  severity: 'P2',
  routed: ['slack', 'github-comment', 'summary'],
  requested: [],
  configured: { ...all },
};
const used = (r: RoutingInput) =>
  route(r)
    .filter((x) => x.use)
    .map((x) => x.channel);

describe('routing', () => {
  it('uses what is configured and routed, and says why for the rest', () => {
    const routes = route({ ...base, configured: { ...all, teams: 'no teams-webhook-url' } });
    expect(routes.filter((x) => x.use).map((x) => x.channel)).toEqual([
      'slack',
      'github-comment',
      'summary',
    ]);
    expect(routes.find((x) => x.channel === 'teams')!.why).toBe(
      'not configured: no teams-webhook-url',
    );
    expect(routes.find((x) => x.channel === 'webhook')!.why).toBe(
      'P2 does not route to it (levels.P2.notify: slack, github-comment, summary)',
    );
    expect(routes.find((x) => x.channel === 'slack')!.why).toBe(
      'P2 routes to it (levels.P2.notify)',
    );
  });

  it('the channels input adds channels; asking for an unconfigured one is an input error', () => {
    expect(used({ ...base, requested: ['teams'] })).toEqual([
      'slack',
      'teams',
      'github-comment',
      'summary',
    ]);
    expect(() =>
      route({
        ...base,
        requested: ['teams'],
        configured: { ...all, teams: 'no teams-webhook-url' },
      }),
    ).toThrow(
      'input "channels": "teams" is not a list of configured channels: teams has no teams-webhook-url',
    );
  });

  it('an existing incident issue is kept current even when the level does not route to it', () => {
    expect(used({ ...base, existingIncident: 7 })).toContain('incident-issue');
    expect(
      route({ ...base, existingIncident: 7 }).find((x) => x.channel === 'incident-issue')!.why,
    ).toBe('keeps the existing incident issue #7 current');
    expect(used(base)).not.toContain('incident-issue');
  });

  it('what makes each channel configured', () => {
    const input = readNotifyInputs(inputsFrom({ INPUT_EVENT: 'declared' }));
    expect(configured(input, false, undefined)).toEqual({
      slack: 'no slack-webhook-url, or slack-bot-token with slack-channel',
      teams: 'no teams-webhook-url',
      webhook: 'no webhook-url',
      'github-comment': 'no github-token',
      'incident-issue': 'incident-issue is none',
      summary: true,
      statuspage: 'no statuspage-api-key and statuspage-page-id',
      pagerduty: 'no pagerduty-routing-key',
      email: 'no smtp-url, email-from and email-to',
    });
    expect(configured(input, true, undefined)['github-comment']).toBe(
      'no pull request (set the pr input)',
    );
    expect(configured({ ...input, 'github-comment': false }, true, 3)['github-comment']).toBe(
      'github-comment is false',
    );
    expect(
      configured(
        { ...input, 'slack-bot-token': 'x', 'slack-channel': 'C1', 'incident-issue': 'open' },
        true,
        3,
      ),
    ).toMatchObject({
      slack: true,
      'github-comment': true,
      'incident-issue': true,
    });
  });
});

describe('the post-mortem', () => {
  const policy = defaultPolicy();
  it('auto: when the level requires one and the incident is resolved or rolled back', () => {
    for (const event of EVENTS) {
      const open = decidePostmortem('auto', event, 'P1', policy.levels.P1).open;
      expect([event, open]).toEqual([event, event === 'resolved' || event === 'rolled-back']);
    }
    expect(decidePostmortem('auto', 'resolved', 'P2', policy.levels.P2)).toEqual({
      open: false,
      why: 'P2 needs none (levels.P2.postmortem is false)',
    });
    expect(decidePostmortem('always', 'declared', 'P3', policy.levels.P3).open).toBe(true);
    expect(decidePostmortem('never', 'resolved', 'P0', policy.levels.P0).open).toBe(false);
  });

  it('is due postmortem-due after resolution', () => {
    const from = new Date('2026-11-24T12:00:00Z');
    expect(dueDate(policy.levels.P0, from).toISOString()).toBe('2026-11-26T12:00:00.000Z');
    expect(dueDate({ ...policy.levels.P0, 'postmortem-due': '1d' }, from).toISOString()).toBe(
      '2026-11-25T12:00:00.000Z',
    );
  });

  it('has every review section, prefilled from the PR, with outside text quoted and escaped', () => {
    const m = buildMessage({
      event: 'resolved',
      severity: 'P1',
      severityNote: 'respond within 4h',
      title: 'Checkout <b>down</b>',
      message: '',
      environment: 'production',
      actor: 'octocat',
      repository: 'acme/shop',
      links: [],
      timeline: {
        entries: [
          { kind: 'detected', at: '2026-11-24T10:00:00Z', label: 'detected' },
          { kind: 'resolved', at: '2026-11-24T11:30:00Z', label: 'incident resolved' },
        ],
        timeToResolveMs: 90 * 60_000,
      },
      runUrl: 'https://github.com/acme/shop/actions/runs/1',
      now: new Date('2026-11-24T11:30:00Z'),
    });
    const body = postmortemBody({
      message: m,
      marker: '<!-- hotfix-actions:postmortem:eng-1 -->',
      due: new Date('2026-11-26T11:30:00Z'),
      dueAfter: '48h',
      incidentIssue: { number: 4, url: 'https://github.com/acme/shop/issues/4' },
      pr: {
        number: 12,
        url: 'https://github.com/acme/shop/pull/12',
        rootCause: 'cache key @team\n<script>x</script>',
      },
    });
    const headings = [...body.matchAll(/^## (.+)$/gm)].map((x) => x[1]);
    expect(headings).toEqual([
      'Summary',
      'Impact',
      'Timeline',
      'Root cause',
      'Resolution',
      'What went well',
      'What went wrong',
      'Action items',
    ]);
    expect(body).toContain('# Post-mortem: Checkout \\<b\\>down\\</b\\>');
    expect(body).toContain('| Duration | 1h 30m |');
    expect(body).toContain('| Review due | **2026-11-26 11:30 UTC** (48h after resolution) |');
    expect(body).toContain('| Incident | #4 |');
    expect(body).toContain('> cache key @\u200bteam\n> \\<script\\>x\\</script\\>');
    expect(body).not.toContain('<script>');
  });
});

describe('labels', () => {
  it('adds the wanted ones and drops other severities, keeping the rest', () => {
    expect(
      wantedLabels(['incident', 'severity:P0', 'customer'], ['incident', 'severity:P1']),
    ).toEqual(['incident', 'customer', 'severity:P1']);
    expect(wantedLabels(['incident', 'severity:P1'], ['incident', 'severity:P1'])).toEqual([
      'incident',
      'severity:P1',
    ]);
  });
});

describe('inputs across fields', () => {
  const parse = (env: Record<string, string>) =>
    readNotifyInputs(inputsFrom({ INPUT_EVENT: 'declared', ...env }));
  it('a bot token needs a channel and the reverse; a thread needs the bot', () => {
    expect(() => parse({ 'INPUT_SLACK-BOT-TOKEN': 'xoxb-input-check' })).toThrow(
      'input "slack-channel" is required',
    );
    expect(() => parse({ 'INPUT_SLACK-CHANNEL': 'C1' })).toThrow(
      'input "slack-bot-token" is required',
    );
    expect(() =>
      parse({
        'INPUT_SLACK-THREAD-TS': '1712345678.000100',
        'INPUT_SLACK-WEBHOOK-URL': 'https://hooks.slack.com/x',
      }),
    ).toThrow('an incoming webhook cannot reply in a thread');
    expect(() =>
      parse({ 'INPUT_SLACK-BOT-TOKEN': 'xoxb-input-check', 'INPUT_SLACK-CHANNEL': 'C1' }),
    ).not.toThrow();
  });

  it('checks each value', () => {
    expect(() => parse({ 'INPUT_SLACK-THREAD-TS': 'yesterday' })).toThrow(
      'input "slack-thread-ts": "yesterday" is not a Slack message ts',
    );
    expect(() => parse({ INPUT_CHANNELS: 'slack, pager' })).toThrow(
      'input "channels": "slack, pager" is not a list of channels from: slack, teams',
    );
    expect(() => parse({ 'INPUT_INCIDENT-ISSUE': 'reopen' })).toThrow(
      'is not one of: none, open, update, close',
    );
    expect(() => parse({ INPUT_PR: '12a' })).toThrow('input "pr"');
    expect(
      parse({ INPUT_CHANNELS: 'slack\nteams', INPUT_TIMEOUT: '2s', INPUT_PR: '12' }),
    ).toMatchObject({
      channels: ['slack', 'teams'],
      timeout: 2000,
      pr: 12,
      retries: 2,
      'slack-api-url': 'https://slack.com/api',
    });
  });
});

describe('scrubSecrets', () => {
  it.each([
    ['ghp_' + 'a1B2'.repeat(9)],
    ['github_pat_' + 'A'.repeat(22) + '_' + 'b'.repeat(59)],
    ['xoxb-1234567890-0987654321-abcdefghij'],
    ['https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX'],
    [
      'https://prod-12.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=xyz123',
    ],
    ['AKIAIOSFODNN7EXAMPLE'],
    [
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    ],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----'],
  ])('redacts %s', (secret) => {
    expect(scrubSecrets(`before ${secret} after`)).toBe('before [redacted] after');
  });

  it('keeps the name of an assignment, credentials in URLs, and ordinary prose', () => {
    expect(scrubSecrets('password: hunter22 and api_key="abcdef123"')).toBe(
      'password: [redacted] and api_key="[redacted]"',
    );
    expect(scrubSecrets('https://deploy:s3cretpw@registry.example.com/x')).toBe(
      'https://deploy:[redacted]@registry.example.com/x',
    );
    const prose = 'The token cache key lost its tenant prefix; see ENG-4242 and v2.3.4.';
    expect(scrubSecrets(prose)).toBe(prose);
  });
});

describe('bodySection', () => {
  it('finds a section at any heading level, up to the next heading of its level', () => {
    const body = prBody({ rootCause: 'The cache key.\n\n#### Detail\nmore' });
    expect(bodySection(body, 'Root Cause')).toBe('The cache key.\n\n#### Detail\nmore');
    expect(bodySection(body, 'root cause')).toBe('The cache key.\n\n#### Detail\nmore');
    expect(bodySection('## 🔥 Impact\nAll users\n## Next', 'Impact')).toBe('All users');
    expect(bodySection('### Fix\n```\n### not a heading\n```\nok', 'Fix')).toBe(
      '```\n### not a heading\n```\nok',
    );
  });

  it('an untouched template section or a missing one is undefined', () => {
    expect(bodySection(TEMPLATE_BODY, 'Root Cause')).toBeUndefined();
    expect(bodySection(TEMPLATE_BODY, 'Impact')).toBeUndefined();
    expect(bodySection(TEMPLATE_BODY, 'The Fix')).toBeUndefined();
    expect(bodySection('no headings', 'Impact')).toBeUndefined();
  });
});
