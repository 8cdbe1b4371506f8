// Slack: Block Kit (typed by @slack/types) with a text fallback (what notifications, screen
// readers and old clients show). Slack's documented limits: 50 blocks a message, 3,000
// characters a section text, 150 a header, 10 fields of 2,000. And one it does not document:
// about 12,000 characters of text in all blocks together, past which the whole message is
// refused with msg_blocks_too_long (slackapi/bolt-js issues 2509 and 2867). So the message is
// budgeted as a whole: the longest parts (the message, the timeline, the title) are cut first,
// each to a fair share, with a link to the run for the rest.
import type { ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import {
  clock,
  durationsText,
  facts,
  fairCap,
  headline,
  newestThatFit,
  omittedText,
  whereText,
  type Link,
  type NotifyMessage,
} from './message.ts';
import { splitText, truncate } from './cut.ts';
import { encodeUrl, withLinks } from './links.ts';

export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  fields: 10,
  fieldText: 2000,
  fallbackText: 3000,
  /** Slack refuses a message whose blocks carry more text than about this, all together. */
  totalText: 12_000,
} as const;

/** The status line's longest form: chat.update may swap it for another of up to this size. */
const STATUS_MAX = 300;
/** What a message spends of totalText, leaving room for a later, longer status line. */
export const SLACK_BUDGET = SLACK_LIMITS.totalText - STATUS_MAX;
/** The first message's status line, found again by chat.update. */
export const STATUS_BLOCK_ID = 'hotfix-status';

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** A link as we write it (`<url|label>`): a cut never falls inside one. */
const LINK_ATOM = /<[^<>\n]*>/g;

/**
 * Escapes text for Slack's mrkdwn: `&`, `<` and `>` (which also defuses `<!channel>`,
 * `<!here>`, `<@U123>` and `<url|label>` links), and makes `@everyone`, `@here`, `@channel`
 * and other @names inert with a zero-width space, in case the workspace links names.
 */
export function slackEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(?=[\w.-])/g, '@\u200b');
}

/** A URL inside `<…>`: encoded only where a URL must be, and `&` as Slack asks (`&amp;`). */
export function slackUrl(url: string): string {
  return encodeUrl(url).replace(/&/g, '&amp;');
}

/** `<url|label>` with the label escaped; `|` and `>` cannot end the link early. */
export function slackLink(link: Link): string {
  return `<${slackUrl(link.url)}|${slackEscape(link.label).replace(/\|/g, '¦')}>`;
}

/** Free text: escaped, except the URLs in it, which become links as they are. */
export function slackText(text: string): string {
  return withLinks(text, slackEscape, (url) => `<${slackUrl(url)}>`);
}

/** The characters of text in blocks, as Slack adds them up for msg_blocks_too_long. */
export function blocksTextSize(blocks: readonly unknown[]): number {
  let n = 0;
  const textOf = (t: unknown) =>
    t && typeof t === 'object' && typeof (t as { text?: unknown }).text === 'string'
      ? (t as { text: string }).text.length
      : 0;
  for (const b of blocks as { text?: unknown; fields?: unknown[]; elements?: unknown[] }[]) {
    n += textOf(b.text);
    for (const f of b.fields ?? []) n += textOf(f);
    for (const e of b.elements ?? []) n += textOf(e);
  }
  return n;
}

/** The first message of an incident: header, status line, title, facts, message, timeline, links. */
export function renderSlack(m: NotifyMessage): SlackMessage {
  const header: HeaderBlock = {
    type: 'header',
    text: {
      type: 'plain_text',
      text: truncate(
        `${m.style.emoji} ${m.severity} · ${m.style.status}`,
        SLACK_LIMITS.headerText,
        '…',
      ),
      emoji: true,
    },
  };
  const fields: SectionBlock = {
    type: 'section',
    fields: facts(m, { status: false })
      .slice(0, SLACK_LIMITS.fields)
      .map(([name, value]) => ({
        type: 'mrkdwn' as const,
        text: truncate(`*${name}*\n${slackText(value)}`, SLACK_LIMITS.fieldText, '…', {
          atoms: LINK_ATOM,
        }),
      })),
  };
  return {
    text: fallback(m),
    blocks: budgeted(m, { before: [header, statusBlock(m)], title: true, after: [fields] }),
  };
}

/** A reply in the incident's thread: the status line, the message, the timeline, the links. */
export function renderSlackReply(m: NotifyMessage): SlackMessage {
  return { text: fallback(m), blocks: budgeted(m, { before: [statusBlock(m)], title: false }) };
}

/** `🚀 *Fix deployed, verifying* · P0 · production v2.3.5 · 10:35 UTC`: what chat.update swaps. */
export function statusBlock(m: NotifyMessage): SectionBlock {
  const line =
    `${m.style.emoji} *${slackEscape(m.style.status)}* · ${m.severity} · ${slackEscape(whereText(m))}` +
    ` · ${m.sentAt.slice(11, 16)} UTC`;
  return {
    type: 'section',
    block_id: STATUS_BLOCK_ID,
    text: { type: 'mrkdwn', text: truncate(line, STATUS_MAX, '…') },
  };
}

/**
 * The first message's blocks with its status line replaced by this event's; everything else
 * stays as it was posted. A message posted before the status line had a block of its own
 * carries the status as a field, which is replaced instead. Undefined when it has neither.
 */
export function withStatus(blocks: readonly unknown[], m: NotifyMessage): unknown[] | undefined {
  const i = blocks.findIndex((b) => (b as { block_id?: unknown }).block_id === STATUS_BLOCK_ID);
  if (i >= 0) return blocks.map((b, j) => (j === i ? statusBlock(m) : b));
  let found = false;
  const out = blocks.map((b) => {
    const fields = (b as { fields?: { text?: unknown }[] }).fields;
    if (!Array.isArray(fields)) return b;
    return {
      ...(b as object),
      fields: fields.map((f) => {
        if (typeof f.text !== 'string' || !f.text.startsWith('*Status*\n')) return f;
        found = true;
        return { ...f, text: `*Status*\n${slackEscape(m.style.status)}` };
      }),
    };
  });
  return found ? out : undefined;
}

function fallback(m: NotifyMessage): string {
  return truncate(slackText(`${headline(m)} (${whereText(m)})`), SLACK_LIMITS.fallbackText, '…', {
    atoms: LINK_ATOM,
  });
}

function moreLink(m: NotifyMessage): string {
  return ` … ${slackLink({ label: 'more in the run', url: m.runUrl })}`;
}

function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/**
 * The message within Slack's limits: `before` and `after` the title are kept whole (short
 * by construction); the title, the free text and the timeline share what is left of the
 * budget, the longest cut first; the links close the message.
 */
function budgeted(
  m: NotifyMessage,
  o: { before: KnownBlock[]; title: boolean; after?: KnownBlock[] },
): KnownBlock[] {
  const more = moreLink(m);
  const links = linkBlocks(m);
  const fixed = [...o.before, ...(o.after ?? []), ...links];
  const title = o.title ? slackText(m.title) : '';
  const message = m.message ? slackText(m.message) : '';
  const tl = timelineParts(m);
  const blocksLeft =
    SLACK_LIMITS.blocks - fixed.length - (title ? 1 : 0) - (tl.lines.length ? 1 : 0);
  const messageSize = Math.min(
    message.length,
    Math.max(0, blocksLeft) * (SLACK_LIMITS.sectionText - more.length),
  );
  const sizes = [
    title ? Math.min(title.length + 2, SLACK_LIMITS.sectionText) : 0,
    messageSize,
    Math.min(tl.size, SLACK_LIMITS.sectionText),
  ];
  const cap = fairCap(sizes, SLACK_BUDGET - blocksTextSize(fixed));
  const titleBlocks = title
    ? [
        section(
          `*${truncate(title, Math.min(cap, SLACK_LIMITS.sectionText) - 2, '…', { atoms: LINK_ATOM })}*`,
        ),
      ]
    : [];
  return [
    ...o.before,
    ...titleBlocks,
    ...(o.after ?? []),
    ...messageBlocks(message, Math.min(cap, messageSize), blocksLeft, more),
    ...timelineBlocks(tl, Math.min(cap, SLACK_LIMITS.sectionText)),
    ...links,
  ];
}

/** The free text in sections of at most 3,000 within `room`; when cut, the run has the rest. */
function messageBlocks(text: string, room: number, blocks: number, more: string): KnownBlock[] {
  if (!text || blocks <= 0) return [];
  const size = SLACK_LIMITS.sectionText - more.length;
  if (text.length <= room) {
    const parts = splitText(text, SLACK_LIMITS.sectionText, { atoms: LINK_ATOM });
    if (parts.length <= blocks) return parts.map(section);
  }
  if (room <= more.length) return [];
  const kept = splitText(truncate(text, room - more.length, '', { atoms: LINK_ATOM }), size, {
    atoms: LINK_ATOM,
  }).slice(0, blocks);
  if (kept.length === 0) return [];
  kept[kept.length - 1] += more;
  return kept.map(section);
}

interface TimelineParts {
  head: string;
  lines: { entry: NotifyMessage['timeline']['entries'][number]; text: string }[];
  durations: string;
  /** The whole section's size. */
  size: number;
}

/** One line a timeline entry: `` `10:35` `` and its label, linked when it has a URL. */
function timelineParts(m: NotifyMessage): TimelineParts {
  const entries = m.timeline.entries;
  const head = '*Timeline (UTC)*';
  const lines = entries.map((entry) => {
    const label = truncate(entry.label, 300, '…');
    const what = entry.url ? slackLink({ label, url: entry.url }) : slackText(label);
    return { entry, text: `\`${clock(entry, entries)}\` ${what}` };
  });
  const d = durationsText(m.timeline);
  const durations = d ? `_${d}_` : '';
  const size =
    head.length +
    lines.reduce((n, l) => n + 1 + l.text.length, 0) +
    (durations ? 1 + durations.length : 0);
  return { head, lines, durations, size };
}

/**
 * The timeline in one section of at most `room`: the durations always, the newest entries
 * that fit, and how many older ones were left out (the run and the incident issue have all).
 */
function timelineBlocks(t: TimelineParts, room: number): KnownBlock[] {
  if (t.lines.length === 0) return [];
  const skip = (n: number) => `_${omittedText(n)}_`;
  const fixed = t.head.length + (t.durations ? 1 + t.durations.length : 0);
  const view = newestThatFit(
    t.lines,
    room - fixed,
    (l) => 1 + l.text.length,
    1 + skip(t.lines.length).length,
    (l) => l.entry,
  );
  const lines = [
    ...(view.first ? [view.first.text] : []),
    ...(view.omitted ? [skip(view.omitted)] : []),
    ...view.newest.map((l) => l.text),
  ];
  const text = [t.head, ...lines, ...(t.durations ? [t.durations] : [])].join('\n');
  return [section(truncate(text, room, '', { atoms: LINK_ATOM }))];
}

function linkBlocks(m: NotifyMessage): ContextBlock[] {
  if (m.links.length === 0) return [];
  return [
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncate(m.links.map(slackLink).join(' · '), 1500, '', { atoms: LINK_ATOM }),
        },
      ],
    },
  ];
}
