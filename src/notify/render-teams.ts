// Microsoft Teams: an Adaptive Card 1.5 (what Teams renders on desktop, web and mobile) in the
// envelope a Teams Workflows ("When a Teams webhook request is received") webhook expects.
//
// Text from outside (the title, the message, versions, timeline labels) goes in TextRuns of
// RichTextBlocks, which Adaptive Cards never read as markdown: nothing needs escaping, and
// nothing is escaped. Teams' markdown is a small subset without backslash escapes, so an
// escaped `\(` or `\1.` would show its backslash. Our own words use TextBlocks.
//
// Teams refuses a request body over about 28 KB, counted in bytes (UTF-8): CJK text takes
// three bytes a character. The card is budgeted in bytes as a whole: the longest parts (the
// message, the timeline, the title) are cut first, with a link to the run for the rest.
import type { Tone } from './events.ts';
import {
  clock,
  durationsText,
  facts,
  fairCap,
  newestThatFit,
  omittedText,
  type NotifyMessage,
} from './message.ts';
import type { TimelineEntry } from './timeline.ts';
import { jsonBytes, truncate } from './cut.ts';
import { encodeUrl, splitUrls, URL_ATOMS } from './links.ts';

export const TEAMS_LIMITS = {
  /** What Teams accepts: a request body of about 28 KB, in bytes. */
  bodyBytes: 28_000,
  actions: 6,
} as const;

/** What a card may take of bodyBytes, leaving a margin for the service's own counting. */
export const TEAMS_BUDGET = 27_000;

const COLOR: Record<Tone, string> = {
  bad: 'Attention',
  warn: 'Warning',
  good: 'Good',
  info: 'Accent',
};

interface OpenUrl {
  type: 'Action.OpenUrl';
  title?: string;
  url: string;
}
export interface TextRun {
  type: 'TextRun';
  text: string;
  weight?: 'Bolder';
  size?: 'Medium';
  fontType?: 'Monospace';
  isSubtle?: boolean;
  italic?: boolean;
  selectAction?: OpenUrl;
}
interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  weight?: 'Bolder';
  size?: 'Medium' | 'Large';
  color?: string;
  isSubtle?: boolean;
  spacing?: 'None' | 'Medium';
  style?: 'heading';
}
export interface RichTextBlock {
  type: 'RichTextBlock';
  inlines: TextRun[];
  spacing?: 'None' | 'Small' | 'Medium';
}
interface Column {
  type: 'Column';
  width: number;
  items: CardElement[];
}
interface ColumnSet {
  type: 'ColumnSet';
  columns: Column[];
  spacing?: 'None';
}
export type CardElement = TextBlock | RichTextBlock | ColumnSet;

export interface AdaptiveCard {
  $schema: string;
  type: 'AdaptiveCard';
  version: '1.5';
  /** Teams' own extension (not in the Adaptive Cards schema): use the channel's full width. */
  msteams: { width: 'Full' };
  body: CardElement[];
  actions: OpenUrl[];
}

export interface TeamsEnvelope {
  type: 'message';
  attachments: {
    contentType: 'application/vnd.microsoft.card.adaptive';
    contentUrl: null;
    content: AdaptiveCard;
  }[];
}

/** Bytes of a value as it goes on the wire (JSON, UTF-8). */
export function wireBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** Plain text as runs: the URLs in it open as links, the rest is shown as it is. */
function runs(text: string, extra: Omit<TextRun, 'type' | 'text'> = {}): TextRun[] {
  return splitUrls(text).map((p) =>
    p.url
      ? {
          type: 'TextRun',
          text: p.text,
          ...extra,
          selectAction: { type: 'Action.OpenUrl', url: encodeUrl(p.text) },
        }
      : { type: 'TextRun', text: p.text, ...extra },
  );
}

export function renderTeams(m: NotifyMessage): TeamsEnvelope {
  const envelope = (body: CardElement[]): TeamsEnvelope => ({
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.5',
          msteams: { width: 'Full' },
          body,
          actions: m.links.slice(0, TEAMS_LIMITS.actions).map((l) => ({
            type: 'Action.OpenUrl' as const,
            title: truncate(l.label, 100, '…'),
            url: encodeUrl(l.url),
          })),
        },
      },
    ],
  });
  const heading = headingBlock(m);
  const factRows = factBlocks(m);
  const tl = timelineParts(m);
  // Each element of the body costs its bytes and a comma.
  const cost = (els: CardElement[]) => els.reduce((n, e) => n + wireBytes(e) + 1, 0);
  const fixed = wireBytes(envelope([heading, ...factRows, ...timelineFixed(tl)]));
  const titleOverhead = cost([titleBlock('')]);
  const lines = messageLines(m.message);
  const more = moreBlock(m);
  const sizes = [titleOverhead + jsonBytes(m.title), lines.size, tl.size];
  const cap = fairCap(sizes, TEAMS_BUDGET - fixed);
  const title = truncate(m.title, Math.max(1, cap - titleOverhead), '…', { measure: jsonBytes });
  const body = [
    heading,
    titleBlock(title),
    ...factRows,
    ...messageBlocks(lines, cap, more),
    ...timelineBlocks(tl, cap),
  ];
  return envelope(body);
}

function headingBlock(m: NotifyMessage): TextBlock {
  return {
    type: 'TextBlock',
    text: `${m.style.emoji} ${m.severity} · ${m.style.status}`,
    wrap: true,
    weight: 'Bolder',
    size: 'Large',
    style: 'heading',
    color: COLOR[m.style.tone],
  };
}

function titleBlock(title: string): RichTextBlock {
  return {
    type: 'RichTextBlock',
    inlines: [{ type: 'TextRun', text: title, weight: 'Bolder', size: 'Medium' }],
  };
}

/** One row a fact: our name in bold, the value as it is; the values line up in a column. */
function factBlocks(m: NotifyMessage): ColumnSet[] {
  return facts(m).map(([name, value], i) => ({
    type: 'ColumnSet',
    ...(i > 0 ? { spacing: 'None' as const } : {}),
    columns: [
      {
        type: 'Column',
        width: 2,
        items: [{ type: 'TextBlock', text: name, wrap: true, weight: 'Bolder' }],
      },
      { type: 'Column', width: 5, items: [{ type: 'RichTextBlock', inlines: runs(value) }] },
    ],
  }));
}

interface Lines {
  blocks: RichTextBlock[];
  /** Bytes of all of them in the body, commas included. */
  size: number;
}

/** The message a block a line; a blank line opens a paragraph. */
function messageLines(text: string): Lines {
  const blocks: RichTextBlock[] = [];
  let gap = true;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) {
      gap = true;
      continue;
    }
    blocks.push({
      type: 'RichTextBlock',
      inlines: runs(line),
      ...(blocks.length === 0 ? {} : { spacing: gap ? 'Medium' : 'None' }),
    });
    gap = false;
  }
  return { blocks, size: blocks.reduce((n, b) => n + wireBytes(b) + 1, 0) };
}

function moreBlock(m: NotifyMessage): RichTextBlock {
  return {
    type: 'RichTextBlock',
    spacing: 'None',
    inlines: [
      { type: 'TextRun', text: '… (cut: ', isSubtle: true },
      {
        type: 'TextRun',
        text: 'the full text is in the run',
        isSubtle: true,
        selectAction: { type: 'Action.OpenUrl', url: encodeUrl(m.runUrl) },
      },
      { type: 'TextRun', text: ')', isSubtle: true },
    ],
  };
}

/** The lines within `room` bytes; when cut, the last one is shortened and the run linked. */
function messageBlocks(lines: Lines, room: number, more: RichTextBlock): RichTextBlock[] {
  if (lines.size <= room) return lines.blocks;
  const moreBytes = wireBytes(more) + 1;
  let left = room - moreBytes;
  const out: RichTextBlock[] = [];
  for (const b of lines.blocks) {
    const size = wireBytes(b) + 1;
    if (size <= left) {
      out.push(b);
      left -= size;
      continue;
    }
    // The line that does not fit: as much of it as the room left holds, cut between words.
    const text = b.inlines.map((r) => r.text).join('');
    const overhead = size - jsonBytes(text) + 200; // its runs and their links, generously
    if (left > overhead + 20) {
      const cut = truncate(text, left - overhead, '', { measure: jsonBytes, atoms: URL_ATOMS });
      if (cut) out.push({ ...b, inlines: runs(cut) });
    }
    break;
  }
  return room > moreBytes ? [...out, more] : out;
}

interface TimelineRow {
  entry: TimelineEntry;
  block: RichTextBlock;
  bytes: number;
}

interface TimelineParts {
  rows: TimelineRow[];
  heading: TextBlock;
  durations?: TextBlock;
  size: number;
}

function timelineParts(m: NotifyMessage): TimelineParts {
  const entries = m.timeline.entries;
  const rows = entries.map((entry, i): TimelineRow => {
    const block: RichTextBlock = {
      type: 'RichTextBlock',
      ...(i > 0 ? { spacing: 'None' as const } : {}),
      inlines: [
        { type: 'TextRun', text: `${clock(entry, entries)}  `, fontType: 'Monospace' },
        {
          type: 'TextRun',
          text: truncate(entry.label, 300, '…'),
          ...(entry.url
            ? { selectAction: { type: 'Action.OpenUrl' as const, url: encodeUrl(entry.url) } }
            : {}),
        },
      ],
    };
    return { entry, block, bytes: wireBytes(block) + 1 };
  });
  const durations = durationsText(m.timeline);
  return {
    rows,
    heading: {
      type: 'TextBlock',
      text: 'Timeline (UTC)',
      wrap: true,
      weight: 'Bolder',
      spacing: 'Medium',
    },
    ...(durations
      ? { durations: { type: 'TextBlock', text: durations, wrap: true, isSubtle: true } }
      : {}),
    size: rows.reduce((n, r) => n + r.bytes, 0),
  };
}

/** The heading and the durations, kept whole when there is a timeline. */
function timelineFixed(t: TimelineParts): CardElement[] {
  return t.rows.length ? [t.heading, ...(t.durations ? [t.durations] : [])] : [];
}

/** The timeline rows within `room` bytes: the newest kept, the older ones counted. */
function timelineBlocks(t: TimelineParts, room: number): CardElement[] {
  if (!t.rows.length) return [];
  const skipped = (n: number): RichTextBlock => ({
    type: 'RichTextBlock',
    spacing: 'None',
    inlines: [{ type: 'TextRun', text: omittedText(n), isSubtle: true, italic: true }],
  });
  const view = newestThatFit(
    t.rows,
    room,
    (r) => r.bytes,
    wireBytes(skipped(t.rows.length)) + 1,
    (r) => r.entry,
  );
  return [
    t.heading,
    ...(view.first ? [view.first.block] : []),
    ...(view.omitted ? [skipped(view.omitted)] : []),
    ...view.newest.map((r) => r.block),
    ...(t.durations ? [t.durations] : []),
  ];
}
