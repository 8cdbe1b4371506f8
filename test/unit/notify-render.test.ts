// The renderers are pure: one message model in, a channel's payload out. Escaping, limits
// and shapes are checked here without any network, against what the services enforce: the
// Slack and Teams stand-ins' own checks (Slack's 12,000-character total, Teams' 28 KB in
// bytes) and the official Adaptive Card 1.5 schema.
import { describe, expect, it } from 'vitest';
import type { KnownBlock } from '@slack/types';
import {
  buildMessage,
  fairCap,
  newestThatFit,
  type MessageInput,
  type NotifyMessage,
} from '../../src/notify/message.ts';
import { jsonBytes, splitText, truncate } from '../../src/notify/cut.ts';
import { encodeUrl, splitUrls } from '../../src/notify/links.ts';
import {
  blocksTextSize,
  renderSlack,
  renderSlackReply,
  slackEscape,
  slackLink,
  slackText,
  withStatus,
  SLACK_BUDGET,
  SLACK_LIMITS,
  STATUS_BLOCK_ID,
} from '../../src/notify/render-slack.ts';
import {
  renderTeams,
  wireBytes,
  TEAMS_BUDGET,
  type TeamsEnvelope,
} from '../../src/notify/render-teams.ts';
import { renderWebhook, signature, webhookPayload } from '../../src/notify/render-webhook.ts';
import {
  axisFormat,
  commentMarkdown,
  mdLink,
  quote,
  timelineMarkdown,
  timelineMermaid,
} from '../../src/notify/render-markdown.ts';
import { incidentBody, incidentTitle } from '../../src/notify/incident.ts';
import { incidentKey } from '../../src/shared/incident/records.ts';
import type { Timeline } from '../../src/notify/timeline.ts';
import {
  slackBlockProblems,
  slackBlocksText,
  slackError,
  SLACK_TOTAL_TEXT,
  TEAMS_BODY_BYTES,
} from '../harness/chat-receivers.ts';
import { cardProblems, newerThan } from '../harness/adaptive-card.ts';
import {
  failedAfterVerifiedTimeline,
  longTimeline,
  rolledBackTimeline,
} from '../fixtures/timelines.ts';
import { EVENTS } from '../../src/notify/events.ts';

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
      deployment: 7,
    },
    {
      kind: 'verified',
      at: '2026-11-24T10:45:00Z',
      label: 'v2.3.5 verified healthy in production',
      deployment: 7,
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
const URLS = [
  'https://grafana.example.com/d/abc_def/checkout?var-host=api_1&from=now-1h',
  'https://sentry.example.com/organizations/acme/issues/?query=user@example.com',
  'https://en.wikipedia.org/wiki/Rollback_(data_management)',
  'https://logs.example.com/search?q=status:500|status:503',
];
const CJK = '支付失败：保存的银行卡无法结账。顧客は決済できません。결제가 실패했습니다 🔥💳👨‍👩‍👧‍👦🇯🇵 ';
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const graphemes = (s: string) => [...segmenter.segment(s)].map((x) => x.segment);

/** No half character anywhere: no lone surrogate, no joiner or modifier left dangling. */
function wholeCharacters(value: unknown): void {
  const json = JSON.stringify(value);
  // JSON.stringify writes a lone surrogate as an escape: there must be none.
  expect(json).not.toMatch(/\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])/i);
  expect(json).not.toMatch(/(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i);
  const text = JSON.parse(json) as unknown;
  const strings: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') strings.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(text);
  for (const s of strings) {
    expect(s).not.toMatch(/\u200d(?:…|$)/);
    expect(s).not.toMatch(/^\p{Emoji_Modifier}/u);
  }
}

/** The text of a block of any kind (the tests read what they built). */
const textOf = (b: KnownBlock | undefined) => (b as { text?: { text: string } }).text?.text ?? '';
const cardOf = (t: TeamsEnvelope) => t.attachments[0]!.content;

describe('cutting text', () => {
  it('truncate never leaves half an escape behind and keeps the suffix within the limit', () => {
    expect(truncate('aaaa &amp; bbbb', 10, '…')).toBe('aaaa…');
    expect(truncate('abcdefgh&amp;', 11, '…')).toBe('abcdefgh…');
    expect(truncate('x'.repeat(50), 20, ' (more)')).toHaveLength(20);
    expect(truncate('short', 20, '…')).toBe('short');
  });

  it('cuts on grapheme boundaries: emoji with modifiers and joiners, flags, accents', () => {
    for (const unit of ['👍🏽', '👨‍👩‍👧‍👦', '🇫🇷', 'é', '😀', '中']) {
      const text = unit.repeat(40);
      for (let max = 1; max < 30; max++) {
        const cut = truncate(text, max, '…');
        expect(cut.length).toBeLessThanOrEqual(max);
        const kept = cut.endsWith('…') ? cut.slice(0, -1) : cut;
        expect(
          graphemes(kept).every((g) => g === unit),
          `${unit} at ${max}`,
        ).toBe(true);
      }
    }
    const parts = splitText('👨‍👩‍👧‍👦'.repeat(100), 50);
    expect(parts.join('')).toBe('👨‍👩‍👧‍👦'.repeat(100));
    for (const p of parts) expect(graphemes(p).every((g) => g === '👨‍👩‍👧‍👦')).toBe(true);
  });

  it('counts bytes when asked, and never cuts inside a link or an escape', () => {
    expect(jsonBytes('日本')).toBe(6);
    expect(jsonBytes('a"\n')).toBe(5);
    const cut = truncate('日本語'.repeat(100), 100, '…', { measure: jsonBytes });
    expect(jsonBytes(cut)).toBeLessThanOrEqual(100);
    expect(cut).toBe(`${'日本語'.repeat(10)}日本…`.slice(0, cut.length));
    const linked = 'see <https://x.example/a_b|the dashboard> now';
    expect(truncate(linked, 25, '…', { atoms: /<[^<>]*>/g })).toBe('see…');
    expect(splitText('x'.repeat(8) + '&amp;' + 'y'.repeat(8), 10).join('')).toBe(
      'x'.repeat(8) + '&amp;' + 'y'.repeat(8),
    );
    for (const p of splitText('x'.repeat(8) + '&amp;' + 'y'.repeat(8), 10))
      expect(p).not.toMatch(/&[a-z]*$/);
    expect(splitText('aaaa\nbbbb\ncccc', 10)).toEqual(['aaaa\nbbbb', 'cccc']);
  });

  it('fairCap cuts the longest parts first', () => {
    expect(fairCap([100, 200, 300], 1000)).toBe(Infinity);
    expect(fairCap([100, 2000, 9000], 3000)).toBe(1450);
    expect(fairCap([100, 2000, 9000], 300)).toBe(100);
    expect(fairCap([0, 0, 0], 0)).toBe(Infinity);
  });

  it('newestThatFit keeps the detection and the newest entries, counting what it left out', () => {
    const entries = longTimeline().entries;
    const view = newestThatFit(
      entries,
      10,
      () => 1,
      1,
      (e) => e,
    );
    expect(view.first?.kind).toBe('detected');
    expect(view.newest).toEqual(entries.slice(-8));
    expect(view.omitted).toBe(entries.length - 9);
    expect(
      newestThatFit(
        entries,
        100,
        () => 1,
        1,
        (e) => e,
      ),
    ).toEqual({ newest: entries, omitted: 0 });
  });
});

describe('URLs', () => {
  it('encodes only what a URL cannot hold', () => {
    expect(encodeUrl("https://x.example/a_b@c(d)!$&'*+,;=:~-.%20?q=1#f")).toBe(
      "https://x.example/a_b@c(d)!$&'*+,;=:~-.%20?q=1#f",
    );
    expect(encodeUrl('https://x.example/a b|c<d>"e\\f^g`h{i}j')).toBe(
      'https://x.example/a%20b%7Cc%3Cd%3E%22e%5Cf%5Eg%60h%7Bi%7Dj',
    );
    expect(encodeUrl('https://x.example/ü/日本?q=[1]&p=%zz')).toBe(
      'https://x.example/%C3%BC/%E6%97%A5%E6%9C%AC?q=%5B1%5D&p=%25zz',
    );
    expect(encodeUrl('http://[::1]:8080/x')).toBe('http://[::1]:8080/x');
  });

  it('finds URLs in text, leaving sentence punctuation and unopened brackets outside', () => {
    expect(splitUrls(`see ${URLS[2]}. and (${URLS[0]}), done`)).toEqual([
      { text: 'see ' },
      { text: URLS[2], url: true },
      { text: '. and (' },
      { text: URLS[0], url: true },
      { text: '), done' },
    ]);
  });
});

describe('Slack', () => {
  it('escapes &, <, > and breaks @mentions', () => {
    expect(slackEscape(HOSTILE)).toBe(
      '&lt;!channel&gt; &lt;!here|here&gt; &lt;\u0040\u200bU123&gt; @\u200beveryone &amp; &lt;https://evil|click&gt;',
    );
  });

  it('links cannot be broken out of, and keep their URL', () => {
    expect(slackLink({ label: 'a|b>c', url: 'https://x/?a=1&b=<2>|3' })).toBe(
      '<https://x/?a=1&amp;b=%3C2%3E%7C3|a¦b&gt;c>',
    );
    for (const url of URLS) {
      const expected = url.replace(/&/g, '&amp;').replace(/\|/g, '%7C');
      expect(slackLink({ label: 'x', url })).toBe(`<${expected}|x>`);
      expect(slackText(`look: ${url} now @here`)).toBe(`look: <${expected}> now @\u200bhere`);
    }
  });

  it('renders header, status line, title, fields, message, timeline and links, with a text fallback', () => {
    const s = renderSlack(message());
    const blocks: KnownBlock[] = s.blocks;
    expect(s.text).toBe(
      '🚀 [P0] Fix deployed, verifying: Checkout fails for saved cards (production v2.3.5)',
    );
    expect(blocks.map((b) => b.type)).toEqual([
      'header',
      'section',
      'section',
      'section',
      'section',
      'section',
      'context',
    ]);
    expect(blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '🚀 P0 · Fix deployed, verifying', emoji: true },
    });
    expect(blocks[1]).toEqual({
      type: 'section',
      block_id: STATUS_BLOCK_ID,
      text: {
        type: 'mrkdwn',
        text: '🚀 *Fix deployed, verifying* · P0 · production v2.3.5 · 11:00 UTC',
      },
    });
    expect(textOf(blocks[2])).toBe('*Checkout fails for saved cards*');
    expect((blocks[3] as { fields: { text: string }[] }).fields.map((f) => f.text)).toEqual([
      '*Severity*\nP0 (respond within 2h)',
      '*Environment*\nproduction',
      '*Version*\nv2.3.5',
      '*Ticket*\nENG-4242',
      '*By*\noctocat',
    ]);
    expect(textOf(blocks[4])).toBe('Error rate back under 1%.');
    expect(textOf(blocks[5])).toBe(
      '*Timeline (UTC)*\n`10:00` <https://github.com/a/b/pull/12|detected: fix PR #12 opened>\n`10:30` PR #12 merged\n`10:35` v2.3.5 deploy to production started\n`10:45` v2.3.5 verified healthy in production\n_time to deploy 45m 00s_',
    );
    expect((blocks[6] as { elements: { text: string }[] }).elements[0]!.text).toBe(
      '<https://github.com/acme/shop/pull/12|Pull request #12> · <https://github.com/acme/shop/actions/runs/1|Workflow run>',
    );
    expect(slackError(s)).toBeUndefined();
  });

  it('hostile text is inert in every block and the fallback', () => {
    const s = renderSlack(message({ title: HOSTILE, message: HOSTILE }));
    const json = JSON.stringify(s);
    for (const bad of ['<!channel>', '<!here', '<@U123>', '@everyone', '<https://evil|click>'])
      expect(json).not.toContain(bad);
    // A URL stays a URL (labelled with itself), never a disguised link.
    expect(json).toContain('<https://evil%7Cclick>');
  });

  it('URLs with _, @, ( and | reach Slack whole: in the message, the title, links and the timeline', () => {
    const t: Timeline = {
      entries: [{ ...timeline.entries[0]!, url: URLS[0]! }, ...timeline.entries.slice(1)],
    };
    const s = renderSlack(
      message({
        title: `Errors on ${URLS[2]}`,
        message: URLS.map((u) => `- ${u}`).join('\n'),
        links: [{ label: 'Dashboard', url: URLS[3]! }],
        timeline: t,
      }),
    );
    const json = JSON.stringify(s.blocks);
    for (const url of URLS)
      expect(json).toContain(`<${url.replace(/&/g, '&amp;').replace(/\|/g, '%7C')}`);
    expect(json).not.toContain('\u200b');
    expect(json).not.toContain('%5C');
  });

  it('a 20,000-character message fits the 12,000-character total: the longest parts cut first, the rest linked', () => {
    const long = Array.from({ length: 400 }, (_, i) => `line ${i}: ${'x'.repeat(44)}`).join('\n');
    expect(long.length).toBeGreaterThan(20_000);
    const s = renderSlack(message({ message: long, timeline: longTimeline() }));
    expect(slackBlockProblems(s)).toEqual([]);
    expect(slackBlocksText(s.blocks)).toBeLessThanOrEqual(SLACK_BUDGET);
    expect(blocksTextSize(s.blocks)).toBeLessThanOrEqual(SLACK_BUDGET);
    expect(slackError(s)).toBeUndefined();
    const texts = s.blocks.map(textOf);
    // The message ends with the link to the run; the title and the facts are whole.
    expect(texts.find((t) => t.includes('more in the run'))).toMatch(
      /… <https:\/\/github\.com\/acme\/shop\/actions\/runs\/1\|more in the run>$/,
    );
    expect(texts).toContain('*Checkout fails for saved cards*');
    // The timeline keeps the detection, the newest entries and the durations.
    const tl = texts.find((t) => t.startsWith('*Timeline'))!;
    expect(tl).toContain('detected: incident issue #3 opened');
    expect(tl).toMatch(/_… \d+ earlier entries left out_/);
    expect(tl).toContain('incident resolved');
    expect(tl).toContain('v2.3.27 verified healthy');
    expect(tl).toContain('_time to deploy 1h 24m · time to resolve 1h 35m_');
    // And the status line has room to grow when chat.update swaps it.
    const updated = withStatus(
      s.blocks,
      message({ event: 'rollback-failed', rollbackTarget: 'x'.repeat(500) }),
    );
    expect(slackBlocksText(updated!)).toBeLessThanOrEqual(SLACK_TOTAL_TEXT);
  });

  it('100 kB of characters Slack escapes stays within every limit', () => {
    const huge = Array.from({ length: 3000 }, (_, i) => `${i} <&> `.repeat(10)).join('\n');
    for (const s of [
      renderSlack(message({ message: huge, title: 'T'.repeat(5000) })),
      renderSlackReply(message({ message: huge })),
    ]) {
      expect(slackError(s)).toBeUndefined();
      expect(s.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
      for (const b of s.blocks) expect(textOf(b)).not.toMatch(/&[a-z]{0,3}$|&[a-z]{0,3}[^a-z;]/);
      expect(s.blocks.at(-1)!.type).toBe('context');
      expect(textOf(s.blocks.at(-2))).toMatch(/^\*Timeline/);
      expect(s.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    }
  });

  it('CJK, emoji and a title of 400 emoji: within the limits, no character split', () => {
    const s = renderSlack(
      message({ title: '🔥'.repeat(400), message: CJK.repeat(500), ticket: CJK }),
    );
    expect(slackError(s)).toBeUndefined();
    expect(textOf(s.blocks[2])).toMatch(/^\*(🔥)+\*$/u);
    wholeCharacters(s);
    const title = renderSlack(message({ title: '👨‍👩‍👧‍👦'.repeat(400) }));
    expect(slackError(title)).toBeUndefined();
    wholeCharacters(title);
  });

  it('a thread reply leads with the status line; chat.update swaps only that line', () => {
    const r = renderSlackReply(message({ event: 'verified' }));
    expect(textOf(r.blocks[0])).toBe(
      '✅ *Fix verified healthy* · P0 · production v2.3.5 · 11:00 UTC',
    );
    expect(r.blocks.some((b) => b.type === 'header')).toBe(false);

    const first = renderSlack(message({ event: 'declared', message: 'Checkout down since 09:58' }));
    const later = message({ event: 'resolved', title: 'another title', message: 'all good' });
    const updated = withStatus(first.blocks, later)!;
    expect(updated).toHaveLength(first.blocks.length);
    expect(updated.filter((b, i) => b !== first.blocks[i])).toEqual([
      {
        type: 'section',
        block_id: STATUS_BLOCK_ID,
        text: { type: 'mrkdwn', text: '✅ *Resolved* · P0 · production v2.3.5 · 11:00 UTC' },
      },
    ]);
    expect(JSON.stringify(updated)).toContain('Checkout down since 09:58');
    expect(JSON.stringify(updated)).toContain('🚨 P0 · Incident declared, investigating');
    // A first message from before the status line had a block: its Status field is swapped.
    const legacy = [
      { type: 'header', text: { type: 'plain_text', text: 'x' } },
      { type: 'section', fields: [{ type: 'mrkdwn', text: '*Status*\nInvestigating' }] },
    ];
    expect(withStatus(legacy, later)![1]).toEqual({
      type: 'section',
      fields: [{ type: 'mrkdwn', text: '*Status*\nResolved' }],
    });
    expect(withStatus([{ type: 'section', text: { type: 'mrkdwn', text: 'x' } }], later)).toBe(
      undefined,
    );
  });

  it('after a rollback it names the failed version and the restored one', () => {
    const s = renderSlack(
      message({ event: 'rolled-back', version: 'v1.5.1', rollbackTarget: 'v1.5.0' }),
    );
    expect(s.text).toContain('(production v1.5.1 → v1.5.0)');
    expect(JSON.stringify(s)).toContain('*Failed version*\\nv1.5.1');
    expect(JSON.stringify(s)).toContain('*Restored version*\\nv1.5.0');
  });
});

describe('Teams', () => {
  it('every event renders a card the official Adaptive Card 1.5 schema accepts, using nothing newer', () => {
    for (const event of EVENTS) {
      const card = cardOf(renderTeams(message({ event, rollbackTarget: 'v2.3.4' })));
      expect(card.version).toBe('1.5');
      expect(cardProblems(card), event).toEqual([]);
      expect(newerThan(card, '1.5'), event).toEqual([]);
    }
  });

  it('the schema and the version check catch what Teams would refuse', () => {
    const card = cardOf(renderTeams(message()));
    expect(
      cardProblems({ ...card, body: [{ type: 'TextBlock', text: 'x', bogus: 1 }] }),
    ).not.toEqual([]);
    expect(
      cardProblems({ ...card, actions: [{ type: 'Action.OpenUrl', url: 'https://x/a|b' }] }),
    ).toContain('/actions/0/url must match format "uri-reference"');
    expect(newerThan({ ...card, version: '1.4' }, '1.4')).toContain('/body/0/style is 1.5');
  });

  it('text from outside sits in TextRuns, shown as it is: no markdown, no backslashes', () => {
    const title = 'P1 (respond within 4h) **not bold** [x](javascript:y) _it_';
    const text = '1. step one\n- item @everyone\n\nsecond paragraph';
    const card = cardOf(
      renderTeams(message({ title, message: text, version: 'v1_2_3', environment: 'prod_eu_1' })),
    );
    const runs: string[] = [];
    const blocks: string[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) return v.forEach(walk);
      if (!v || typeof v !== 'object') return;
      const o = v as { type?: string; text?: string };
      if (o.type === 'TextRun') runs.push(o.text!);
      if (o.type === 'TextBlock') blocks.push(o.text!);
      Object.values(o).forEach(walk);
    };
    walk(card.body);
    expect(runs).toEqual(
      expect.arrayContaining([
        title,
        '1. step one',
        '- item @everyone',
        'second paragraph',
        'v1_2_3',
        'prod_eu_1',
      ]),
    );
    // TextBlocks (read as markdown) hold only our own words.
    expect(blocks).toEqual([
      '🚀 P0 · Fix deployed, verifying',
      'Severity',
      'Status',
      'Environment',
      'Version',
      'Ticket',
      'By',
      'Timeline (UTC)',
      'time to deploy 45m 00s',
    ]);
    expect(JSON.stringify(card)).not.toContain('\\\\');
  });

  it('links and URLs in text open as they are', () => {
    const card = cardOf(
      renderTeams(
        message({
          message: `see ${URLS[3]}`,
          links: URLS.map((url, i) => ({ label: `l${i}`, url })),
        }),
      ),
    );
    expect(cardProblems(card)).toEqual([]);
    expect(card.actions.map((a) => a.url)).toEqual(URLS.map((u) => u.replace('|', '%7C')));
    expect(JSON.stringify(card)).toContain(
      `{"type":"TextRun","text":"${URLS[3]}","selectAction":{"type":"Action.OpenUrl","url":"${URLS[3]!.replace('|', '%7C')}"}}`,
    );
  });

  it('CJK text with 30 redeploys stays under 28 KB counted in bytes', () => {
    const t = longTimeline();
    t.entries = t.entries.map((e) => ({ ...e, label: `${e.label} ${CJK}` }));
    const env = renderTeams(
      message({ title: CJK.repeat(20), message: CJK.repeat(400), timeline: t }),
    );
    const bytes = wireBytes(env);
    expect(bytes).toBeLessThanOrEqual(TEAMS_BUDGET);
    expect(bytes).toBeLessThan(TEAMS_BODY_BYTES);
    // The characters alone would pass a check by length: bytes are what Teams counts.
    expect(JSON.stringify(env).length).toBeLessThan(bytes * 0.75);
    const card = cardOf(env);
    expect(cardProblems(card)).toEqual([]);
    wholeCharacters(card);
    const json = JSON.stringify(card);
    expect(json).toContain('the full text is in the run');
    expect(json).toMatch(/… \d+ earlier entries left out/);
    expect(json).toContain('incident resolved');
    expect(json).toContain('time to deploy 1h 24m · time to resolve 1h 35m');
  });

  it('a title of 400 emoji and 100 kB of text: cut whole, within the budget', () => {
    const env = renderTeams(message({ message: 'x'.repeat(100_000), title: '👨‍👩‍👧‍👦'.repeat(400) }));
    expect(wireBytes(env)).toBeLessThanOrEqual(TEAMS_BUDGET);
    expect(cardProblems(cardOf(env))).toEqual([]);
    wholeCharacters(env);
  });

  it('after a rollback it names the failed version and the restored one', () => {
    const json = JSON.stringify(
      renderTeams(message({ event: 'rolled-back', version: 'v1.5.1', rollbackTarget: 'v1.5.0' })),
    );
    expect(json).toContain('"text":"Failed version"');
    expect(json).toContain('"text":"Restored version"');
    expect(json).toContain('{"type":"TextRun","text":"v1.5.0"}');
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
      rollback: null,
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

  it('a rolled-back event carries the failed version and the restored one', () => {
    expect(
      webhookPayload(
        message({ event: 'rolled-back', version: 'v1.5.1', rollbackTarget: 'v1.5.0' }),
      ),
    ).toMatchObject({
      version: 'v1.5.1',
      rollback: { failed_version: 'v1.5.1', target_version: 'v1.5.0', restored: true },
    });
  });
});

describe('GitHub markdown', () => {
  it('escapes outside text and cannot break links or tables', () => {
    expect(mdLink({ label: 'a]b', url: 'https://x/(y) z|w' })).toBe(
      '[a\\]b](<https://x/(y)%20z%7Cw>)',
    );
    expect(quote('line @team\n\n<img src=x>')).toBe('> line @\u200bteam\n>\n> \\<img src=x\\>');
    const c = commentMarkdown(message({ title: 'a | b <script>', message: '@here' }));
    expect(c).toContain('**a \\| b \\<script\\>**');
    expect(c).toContain('> @\u200bhere');
    expect(c).toContain('| Severity | P0 (respond within 2h) |');
  });

  it('URLs in text and links keep every character: no zero-width space, no %5C', () => {
    const c = commentMarkdown(
      message({
        title: `Errors on ${URLS[2]}`,
        message: URLS.join('\n'),
        links: URLS.map((url, i) => ({ label: `l${i}`, url })),
      }),
    );
    for (const url of URLS) {
      const u = url.replace('|', '%7C');
      expect(c).toContain(`<${u}>`);
      expect(c).toContain(`(<${u}>)`);
    }
    expect(c).not.toMatch(/https:[^\s>]*\u200b/);
    expect(c).not.toContain('%5C');
  });

  it('the timeline as a table with durations', () => {
    expect(timelineMarkdown(timeline)).toContain(
      '| 10:45 | v2.3.5 verified healthy in production |',
    );
    expect(timelineMarkdown(timeline)).toContain('_time to deploy 45m 00s_');
    expect(timelineMarkdown({ entries: [] })).toBe('');
    const sixty = timelineMarkdown(longTimeline());
    expect(sixty.split('\n').filter((l) => /^\| \d\d:\d\d \|/.test(l))).toHaveLength(60);
  });

  it('the gantt: an axis for the span, failures and rollbacks marked crit, every bar visible', () => {
    const g = timelineMermaid(timeline);
    expect(g).toContain('  axisFormat %H:%M');
    expect(g).toContain('  section fix\n  fix :done, p0, 2026-11-24T10:00:00, 2026-11-24T10:30:00');
    expect(g).toContain(
      '  section deploy\n  deploy 1 :done, p1, 2026-11-24T10:35:00, 2026-11-24T10:45:00',
    );
    expect(g).toContain('  detected :milestone, m2, 2026-11-24T10:00:00, 0m');
    expect(timelineMermaid({ entries: timeline.entries.slice(0, 1) })).toBe('');

    const r = timelineMermaid(rolledBackTimeline());
    expect(r).toContain('  axisFormat %H:%M:%S');
    // Started and failed in the same second: still a bar one second wide.
    expect(r).toContain('  deploy 1 failed :crit, p0, 2026-11-24T16:04:05, 2026-11-24T16:04:06');
    expect(r).toContain(
      '  section rollback\n  rollback 1 :crit, p1, 2026-11-24T16:04:10, 2026-11-24T16:04:26',
    );

    const long = timelineMermaid(longTimeline());
    expect(long.match(/ :crit, /g)).toHaveLength(27);
    expect(long.match(/ :done, /g)).toHaveLength(2);
    // The deploy section holds every deployment, in order, whatever came between them.
    expect(long.indexOf('section deploy')).toBeLessThan(long.indexOf('deploy 28 '));
  });

  it('the gantt: a deploy verified and failed later is crit and ends at its failure', () => {
    const g = timelineMermaid(failedAfterVerifiedTimeline());
    expect(g).toContain(
      '  section deploy\n  deploy 1 failed :crit, p1, 2026-11-24T10:25:00, 2026-11-24T10:50:00',
    );
    expect(g).toContain('  deploy 2 :done, p3, 2026-11-24T11:10:00, 2026-11-24T11:15:00');
    expect(g).toContain(
      '  section rollback\n  rollback 1 :crit, p2, 2026-11-24T10:51:00, 2026-11-24T10:55:00',
    );
  });

  it('the axis reads seconds, times or dates, by the span', () => {
    const t = Date.parse('2026-11-24T16:04:00Z');
    expect(axisFormat(t, t + 26_000)).toBe('%H:%M:%S');
    expect(axisFormat(t, t + 3_600_000)).toBe('%H:%M');
    expect(axisFormat(t, t + 10 * 3_600_000)).toBe('%m-%d %H:%M');
    expect(axisFormat(t, t + 7 * 86_400_000)).toBe('%Y-%m-%d');
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
      '**Post-mortem:** [\\#9](<https://github.com/acme/shop/issues/9>), due 2026-11-26 11:00 UTC',
    );
    expect(body).toContain('```mermaid');
  });

  it('issue titles are cut between characters', () => {
    const title = incidentTitle(message({ title: '👨‍👩‍👧‍👦'.repeat(100) }));
    expect(title.length).toBeLessThanOrEqual(250);
    wholeCharacters(title);
  });

  it('incident keys are stable and cannot end their HTML comment', () => {
    expect(incidentKey({ explicit: '', ticket: 'ENG-4242', pr: 12, title: 'x' })).toBe('eng-4242');
    expect(incidentKey({ explicit: '', pr: 12, title: 'x' })).toBe('pr-12');
    expect(incidentKey({ explicit: 'INC --> <b>', title: '' })).toBe('inc-b');
    expect(incidentKey({ explicit: '', title: '' })).toBe('incident');
  });
});

// The message helpers other renderers rely on.
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

  it('the rollback versions are kept for rolled-back and rollback-failed only', () => {
    const m: NotifyMessage = message({ event: 'deployed', rollbackTarget: 'v1' });
    expect(m.rollback).toBeUndefined();
    expect(
      message({ event: 'rollback-failed', version: 'v2', rollbackTarget: 'v1' }).rollback,
    ).toEqual({
      failed: 'v2',
      target: 'v1',
    });
  });
});
