// The renderers are pure: one message model in, a channel's payload out. Escaping, limits
// and shapes are checked here without any network.
import { describe, expect, it } from 'vitest';
import { buildMessage, truncate, type MessageInput } from '../../src/notify/message.ts';
import {
  renderSlack,
  renderSlackReply,
  slackEscape,
  slackLink,
  splitText,
  SLACK_LIMITS,
} from '../../src/notify/render-slack.ts';
import { renderTeams, teamsEscape } from '../../src/notify/render-teams.ts';
import { renderWebhook, signature, webhookPayload } from '../../src/notify/render-webhook.ts';
import {
  commentMarkdown,
  mdLink,
  quote,
  timelineMarkdown,
  timelineMermaid,
} from '../../src/notify/render-markdown.ts';
import { incidentBody, incidentKey } from '../../src/notify/incident.ts';
import type { Timeline } from '../../src/notify/timeline.ts';

const timeline: Timeline = {
  entries: [
    {
      kind: 'detected',
      at: '2026-11-24T10:00:00Z',
      label: 'detected: fix PR #12 opened',
      url: 'https://github.com/a/b/pull/12',
    },
    { kind: 'merged', at: '2026-11-24T10:30:00Z', label: 'PR #12 merged' },
    {
      kind: 'deploy-started',
      at: '2026-11-24T10:35:00Z',
      label: 'v2.3.5 deploy to production started',
    },
    {
      kind: 'verified',
      at: '2026-11-24T10:45:00Z',
      label: 'v2.3.5 verified healthy in production',
    },
  ],
  timeToDeployMs: 45 * 60_000,
};

function message(over: Partial<MessageInput> = {}) {
  return buildMessage({
    event: 'deployed',
    severity: 'P0',
    severityNote: 'respond within 2h',
    title: 'Checkout fails for saved cards',
    message: 'Error rate back under 1%.',
    ticket: 'ENG-4242',
    environment: 'production',
    version: 'v2.3.5',
    actor: 'octocat',
    repository: 'acme/shop',
    pr: { number: 12, url: 'https://github.com/acme/shop/pull/12' },
    links: [
      { label: 'Pull request #12', url: 'https://github.com/acme/shop/pull/12' },
      { label: 'Workflow run', url: 'https://github.com/acme/shop/actions/runs/1' },
    ],
    timeline,
    runUrl: 'https://github.com/acme/shop/actions/runs/1',
    now: new Date('2026-11-24T11:00:00Z'),
    ...over,
  });
}

const HOSTILE = '<!channel> <!here|here> <@U123> @everyone & <https://evil|click>';

describe('the message model', () => {
  it('scrubs credentials from outside text and drops links that are not http(s)', () => {
    const m = message({
      title: 'leak ghp_' + 'a'.repeat(36),
      message: 'token=supersecretvalue',
      links: [
        { label: 'x', url: 'javascript:alert(1)' },
        { label: 'ok', url: 'https://ok' },
      ],
    });
    expect(m.title).toBe('leak [redacted]');
    expect(m.message).toBe('token=[redacted]');
    expect(m.links).toEqual([{ label: 'ok', url: 'https://ok' }]);
  });

  it('a missing title says what happened where', () => {
    expect(message({ title: '  ' }).title).toBe('Fix deployed, verifying in production');
  });

  it('truncate never leaves half an escape behind and keeps the suffix within the limit', () => {
    expect(truncate('aaaa &amp; bbbb', 10, '…')).toBe('aaaa…');
    expect(truncate('abcdefgh&amp;', 11, '…')).toBe('abcdefgh…');
    expect(truncate('x'.repeat(50), 20, ' (more)')).toHaveLength(20);
    expect(truncate('short', 20, '…')).toBe('short');
  });
});

describe('Slack', () => {
  it('escapes &, <, > and breaks @mentions', () => {
    expect(slackEscape(HOSTILE)).toBe(
      '&lt;!channel&gt; &lt;!here|here&gt; &lt;\u0040\u200bU123&gt; @\u200beveryone &amp; &lt;https://evil|click&gt;',
    );
  });

  it('links cannot be broken out of', () => {
    expect(slackLink({ label: 'a|b>c', url: 'https://x/?a=1&b=<2>|3' })).toBe(
      '<https://x/?a=1&amp;b=%3C2%3E%7C3|a¦b&gt;c>',
    );
  });

  it('renders header, title, fields, message, timeline and links, with a text fallback', () => {
    const s = renderSlack(message());
    expect(s.text).toBe(
      '🚀 [P0] Fix deployed, verifying: Checkout fails for saved cards (production v2.3.5)',
    );
    expect(s.blocks.map((b) => b.type)).toEqual([
      'header',
      'section',
      'section',
      'section',
      'section',
      'context',
    ]);
    expect(s.blocks[0]!.text).toEqual({
      type: 'plain_text',
      text: '🚀 P0 · Fix deployed, verifying',
      emoji: true,
    });
    expect(s.blocks[2]!.fields!.map((f) => f.text)).toEqual([
      '*Severity*\nP0 (respond within 2h)',
      '*Status*\nFix deployed, verifying',
      '*Environment*\nproduction',
      '*Version*\nv2.3.5',
      '*Ticket*\nENG-4242',
      '*By*\noctocat',
    ]);
    expect(s.blocks[4]!.text!.text).toBe(
      '*Timeline (UTC)*\n`10:00` <https://github.com/a/b/pull/12|detected: fix PR #12 opened>\n`10:30` PR #12 merged\n`10:35` v2.3.5 deploy to production started\n`10:45` v2.3.5 verified healthy in production\n_time to deploy 45m 00s_',
    );
    expect(s.blocks[5]!.elements![0]!.text).toBe(
      '<https://github.com/acme/shop/pull/12|Pull request #12> · <https://github.com/acme/shop/actions/runs/1|Workflow run>',
    );
  });

  it('hostile text is inert in every block and the fallback', () => {
    const s = JSON.stringify(renderSlack(message({ title: HOSTILE, message: HOSTILE })));
    for (const bad of ['<!channel>', '<!here', '<@U123>', '@everyone', '<https://evil'])
      expect(s).not.toContain(bad);
  });

  it('keeps to 50 blocks and 3,000 characters a block, cutting with a link to the run', () => {
    const huge = Array.from({ length: 3000 }, (_, i) => `${i} <&> `.repeat(10)).join('\n');
    const s = renderSlack(message({ message: huge, title: 'T'.repeat(5000) }));
    expect(s.blocks).toHaveLength(SLACK_LIMITS.blocks);
    for (const b of s.blocks) {
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(b.type === 'header' ? 150 : 3000);
      expect(b.text?.text ?? '').not.toMatch(/&[a-z]{0,3}$|&[a-z]{0,3}[^a-z;]/);
    }
    // The timeline and links survive at the end; the message says where the rest is.
    expect(s.blocks.at(-1)!.type).toBe('context');
    expect(s.blocks.at(-2)!.text!.text).toMatch(/^\*Timeline/);
    expect(s.blocks.at(-3)!.text!.text).toMatch(
      /… <https:\/\/github.com\/acme\/shop\/actions\/runs\/1\|more in the run>$/,
    );
    expect(s.blocks[1]!.text!.text.length).toBeLessThanOrEqual(3000);
    expect(s.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  });

  it('a thread reply leads with the status line', () => {
    const r = renderSlackReply(message({ event: 'verified' }));
    expect(r.blocks[0]!.text!.text).toBe('✅ *Fix verified healthy* · P0 · production · v2.3.5');
    expect(r.blocks.some((b) => b.type === 'header')).toBe(false);
  });

  it('splitText cuts at line ends and never inside an escape', () => {
    expect(splitText('aaaa\nbbbb\ncccc', 10)).toEqual(['aaaa\nbbbb', 'cccc']);
    const parts = splitText('x'.repeat(8) + '&amp;' + 'y'.repeat(8), 10);
    expect(parts.join('')).toBe('x'.repeat(8) + '&amp;' + 'y'.repeat(8));
    for (const p of parts) expect(p).not.toMatch(/&[a-z]*$/);
  });
});

describe('Teams', () => {
  it('escapes markdown and breaks @mentions', () => {
    expect(teamsEscape('*bold* _it_ [x](javascript:y) `c` @everyone')).toBe(
      '\\*bold\\* \\_it\\_ \\[x\\]\\(javascript:y\\) \\`c\\` @\u200beveryone',
    );
    expect(teamsEscape('- item\n1. one')).toBe('\\- item\n\\1. one');
  });

  it('posts an Adaptive Card in the Workflows envelope', () => {
    const t = renderTeams(message({ event: 'rollback-failed' }));
    expect(t.type).toBe('message');
    const a = t.attachments[0]!;
    expect(a.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(a.content).toMatchObject({
      type: 'AdaptiveCard',
      version: '1.4',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    });
    expect(a.content.body[0]).toMatchObject({
      type: 'TextBlock',
      text: '🔥 P0 · Rollback failed: act now',
      color: 'Attention',
    });
    expect(a.content.body).toContainEqual({
      type: 'FactSet',
      facts: timeline.entries.map((e) => ({
        title: e.at.slice(11, 16),
        value: teamsEscape(e.label),
      })),
    });
    expect(a.content.actions).toEqual([
      {
        type: 'Action.OpenUrl',
        title: 'Pull request #12',
        url: 'https://github.com/acme/shop/pull/12',
      },
      {
        type: 'Action.OpenUrl',
        title: 'Workflow run',
        url: 'https://github.com/acme/shop/actions/runs/1',
      },
    ]);
  });

  it('stays well under the 28 KB Teams accepts', () => {
    const t = renderTeams(message({ message: 'x'.repeat(100_000), title: 'y'.repeat(5000) }));
    expect(JSON.stringify(t).length).toBeLessThan(20_000);
  });
});

describe('webhook', () => {
  it('signs the raw body with HMAC-SHA256 (RFC 4231 test case 2)', () => {
    expect(signature('what do ya want for nothing?', 'Jefe')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    const r = renderWebhook(message(), 'delivery-1', 'Jefe');
    expect(r.headers).toEqual({
      'x-hotfix-event': 'deployed',
      'x-hotfix-delivery': 'delivery-1',
      'x-hotfix-signature': signature(r.body, 'Jefe'),
    });
    expect(renderWebhook(message(), 'd', '').headers['x-hotfix-signature']).toBeUndefined();
  });

  it('carries plain data with the timeline and durations in seconds', () => {
    expect(webhookPayload(message({ title: '<b>' }))).toMatchObject({
      schema: 'hotfix-actions/notify@1',
      event: 'deployed',
      tone: 'info',
      title: '<b>',
      pull_request: { number: 12 },
      timeline: [
        { kind: 'detected' },
        { kind: 'merged' },
        { kind: 'deploy-started' },
        { kind: 'verified' },
      ],
      durations: { time_to_deploy_seconds: 2700, time_to_resolve_seconds: null },
      sent_at: '2026-11-24T11:00:00.000Z',
    });
  });
});

describe('GitHub markdown', () => {
  it('escapes outside text and cannot break links or tables', () => {
    expect(mdLink({ label: 'a]b', url: 'https://x/(y) z|w' })).toBe(
      '[a\\]b](https://x/%28y%29%20z%7Cw)',
    );
    expect(quote('line @team\n\n<img src=x>')).toBe('> line @\u200bteam\n>\n> \\<img src=x\\>');
    const c = commentMarkdown(message({ title: 'a | b <script>', message: '@here' }));
    expect(c).toContain('**a \\| b \\<script\\>**');
    expect(c).toContain('> @\u200bhere');
    expect(c).toContain('| Severity | P0 (respond within 2h) |');
  });

  it('the timeline as a table with durations, and as a mermaid gantt', () => {
    expect(timelineMarkdown(timeline)).toContain(
      '| 10:45 | v2.3.5 verified healthy in production |',
    );
    expect(timelineMarkdown(timeline)).toContain('_time to deploy 45m 00s_');
    expect(timelineMarkdown({ entries: [] })).toBe('');
    const g = timelineMermaid(timeline);
    expect(g).toContain('  fix :p0, 2026-11-24T10:00:00, 2026-11-24T10:30:00');
    expect(g).toContain('  deploy :p1, 2026-11-24T10:35:00, 2026-11-24T10:45:00');
    expect(g).toContain('  detected :milestone, m2, 2026-11-24T10:00:00, 0m');
    expect(timelineMermaid({ entries: timeline.entries.slice(0, 1) })).toBe('');
  });

  it('shows dates when the story spans days', () => {
    const t: Timeline = {
      entries: [
        { kind: 'detected', at: '2026-11-23T23:50:00Z', label: 'detected' },
        { kind: 'resolved', at: '2026-11-24T00:20:00Z', label: 'resolved' },
      ],
    };
    expect(timelineMarkdown(t)).toContain('| 11-23 23:50 | detected |');
  });

  it('the incident issue carries its marker, status, timeline and the post-mortem link', () => {
    const body = incidentBody(message(), '<!-- hotfix-actions:incident:eng-4242 -->', {
      number: 9,
      url: 'https://github.com/acme/shop/issues/9',
      due: '2026-11-26 11:00 UTC',
    });
    expect(body.startsWith('<!-- hotfix-actions:incident:eng-4242 -->\n\n## 🚀 P0')).toBe(true);
    expect(body).toContain(
      '**Post-mortem:** [\\#9](https://github.com/acme/shop/issues/9), due 2026-11-26 11:00 UTC',
    );
    expect(body).toContain('```mermaid');
  });

  it('incident keys are stable and cannot end their HTML comment', () => {
    expect(incidentKey({ explicit: '', ticket: 'ENG-4242', pr: 12, title: 'x' })).toBe('eng-4242');
    expect(incidentKey({ explicit: '', pr: 12, title: 'x' })).toBe('pr-12');
    expect(incidentKey({ explicit: 'INC --> <b>', title: '' })).toBe('inc-b');
    expect(incidentKey({ explicit: '', title: '' })).toBe('incident');
  });
});
