// Slack: Block Kit with a text fallback (the fallback is what notifications, screen readers
// and old clients show). Slack's limits: 50 blocks a message, 3,000 characters a section
// text, 150 a header, 10 fields of 2,000. Longer content is cut with a link to the run.
import {
  clock,
  durationsText,
  facts,
  headline,
  truncate,
  type Link,
  type NotifyMessage,
} from './message.ts';

export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  fields: 10,
  fieldText: 2000,
  fallbackText: 3000,
} as const;

export interface SlackBlock {
  type: 'header' | 'section' | 'context' | 'divider';
  text?: { type: 'plain_text' | 'mrkdwn'; text: string; emoji?: boolean };
  fields?: { type: 'mrkdwn'; text: string }[];
  elements?: { type: 'mrkdwn'; text: string }[];
}

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

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

/** `<url|label>` with both parts escaped; `|` and `>` cannot end the link early. */
export function slackLink(link: Link): string {
  const url = link.url
    .replace(/&/g, '&amp;')
    .replace(/</g, '%3C')
    .replace(/>/g, '%3E')
    .replace(/\|/g, '%7C');
  return `<${url}|${slackEscape(link.label).replace(/\|/g, '¦')}>`;
}

/** The whole message: a new post, or the first post of a thread brought up to date. */
export function renderSlack(m: NotifyMessage): SlackMessage {
  const more = moreLink(m);
  const top: SlackBlock[] = [
    {
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
    },
    section(`*${slackEscape(m.title)}*`, more),
    {
      type: 'section',
      fields: facts(m)
        .slice(0, SLACK_LIMITS.fields)
        .map(([name, value]) => ({
          type: 'mrkdwn' as const,
          text: truncate(`*${name}*\n${slackEscape(value)}`, SLACK_LIMITS.fieldText, '…'),
        })),
    },
  ];
  const bottom = [...timelineBlocks(m, more), ...linkBlocks(m)];
  return {
    text: fallback(m),
    blocks: [
      ...top,
      ...messageBlocks(m, SLACK_LIMITS.blocks - top.length - bottom.length, more),
      ...bottom,
    ],
  };
}

/** A reply in the incident's thread: the status line, the message, the timeline. */
export function renderSlackReply(m: NotifyMessage): SlackMessage {
  const more = moreLink(m);
  const status =
    `${m.style.emoji} *${slackEscape(m.style.status)}* · ${m.severity} · ${slackEscape(m.environment)}` +
    (m.version ? ` · ${slackEscape(m.version)}` : '');
  const top = [section(status, more)];
  const bottom = [...timelineBlocks(m, more), ...linkBlocks(m)];
  return {
    text: fallback(m),
    blocks: [
      ...top,
      ...messageBlocks(m, SLACK_LIMITS.blocks - top.length - bottom.length, more),
      ...bottom,
    ],
  };
}

function fallback(m: NotifyMessage): string {
  const env = `${m.environment}${m.version ? ` ${m.version}` : ''}`;
  return truncate(slackEscape(`${headline(m)} (${env})`), SLACK_LIMITS.fallbackText, '…');
}

function moreLink(m: NotifyMessage): string {
  return ` … ${slackLink({ label: 'more in the run', url: m.runUrl })}`;
}

function section(text: string, more: string): SlackBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText, more) },
  };
}

/** The message in as many sections as it needs, within the blocks left; cut with a link after. */
function messageBlocks(m: NotifyMessage, room: number, more: string): SlackBlock[] {
  if (!m.message || room <= 0) return [];
  const chunks = splitText(slackEscape(m.message), SLACK_LIMITS.sectionText - more.length);
  const kept = chunks.slice(0, room);
  if (chunks.length > room) {
    // The last block that fits says the rest is in the run.
    const last = kept.length - 1;
    kept[last] = truncate(kept[last] ?? '', SLACK_LIMITS.sectionText - more.length, '') + more;
  }
  return kept.map((c) => section(c, more));
}

function timelineBlocks(m: NotifyMessage, more: string): SlackBlock[] {
  const entries = m.timeline.entries;
  if (entries.length === 0) return [];
  const lines = entries.map((e) => {
    const label = slackEscape(e.label);
    return `\`${clock(e, entries)}\` ${e.url ? slackLink({ label: e.label, url: e.url }) : label}`;
  });
  const durations = durationsText(m.timeline);
  const text = `*Timeline (UTC)*\n${lines.join('\n')}${durations ? `\n_${durations}_` : ''}`;
  return [section(text, more)];
}

function linkBlocks(m: NotifyMessage): SlackBlock[] {
  if (m.links.length === 0) return [];
  return [
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncate(m.links.map(slackLink).join(' · '), SLACK_LIMITS.sectionText, ''),
        },
      ],
    },
  ];
}

/** Splits text into pieces of at most `size`, at line ends where it can. */
export function splitText(text: string, size: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > size) {
    let cut = rest.lastIndexOf('\n', size);
    if (cut < size * 0.5) cut = rest.lastIndexOf(' ', size);
    if (cut < size * 0.5) cut = size;
    // Never split an escape such as &amp; in two.
    const amp = rest.lastIndexOf('&', cut);
    if (amp > cut - 6 && rest.indexOf(';', amp) >= cut) cut = amp;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest.trim()) out.push(rest);
  return out;
}
