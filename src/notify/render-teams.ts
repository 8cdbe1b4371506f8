// Microsoft Teams: an Adaptive Card in the envelope a Teams Workflows ("Post to a channel
// when a webhook request is received") webhook expects. Card version 1.4, which Teams
// renders on desktop, web and mobile. Teams refuses messages over about 28 KB, so long text
// is cut with a link to the run.
import type { Tone } from './events.ts';
import { clock, durationsText, facts, truncate, type NotifyMessage } from './message.ts';

export const TEAMS_LIMITS = { title: 500, message: 8000, factValue: 1000, actions: 6 } as const;

const COLOR: Record<Tone, string> = {
  bad: 'Attention',
  warn: 'Warning',
  good: 'Good',
  info: 'Accent',
};

/**
 * Escapes text for the markdown subset of TextBlock and FactSet (bold, italic, links,
 * lists): a backslash before `\ * _ [ ] ( ) ~ \``, list markers at a line start made literal,
 * and @names made inert (Teams mentions need entities, but a copy-paste should not look
 * like one).
 */
export function teamsEscape(text: string): string {
  return text
    .replace(/[\\`*_[\]()~]/g, '\\$&')
    .replace(/^(\s*)([-+]|\d+\.)(?=\s)/gm, '$1\\$2')
    .replace(/@(?=[\w.-])/g, '@\u200b');
}

interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  weight?: 'Bolder';
  size?: 'Medium' | 'Large';
  color?: string;
  isSubtle?: boolean;
  spacing?: 'Medium';
  style?: 'heading';
}
interface FactSet {
  type: 'FactSet';
  facts: { title: string; value: string }[];
}
export type CardElement = TextBlock | FactSet;

export interface AdaptiveCard {
  $schema: string;
  type: 'AdaptiveCard';
  version: '1.4';
  msteams: { width: 'Full' };
  body: CardElement[];
  actions: { type: 'Action.OpenUrl'; title: string; url: string }[];
}

export interface TeamsEnvelope {
  type: 'message';
  attachments: {
    contentType: 'application/vnd.microsoft.card.adaptive';
    contentUrl: null;
    content: AdaptiveCard;
  }[];
}

export function renderTeams(m: NotifyMessage): TeamsEnvelope {
  const more = ` … (cut: the full text is in the run, ${m.runUrl})`;
  const body = headerBlocks(m);
  if (m.message) {
    // TextBlock markdown needs a blank line for a line break.
    const text = truncate(teamsEscape(m.message), TEAMS_LIMITS.message, more);
    body.push({ type: 'TextBlock', text: text.replace(/\n+/g, '\n\n'), wrap: true });
  }
  body.push(...timelineBlocks(m));
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          msteams: { width: 'Full' },
          body,
          actions: m.links
            .slice(0, TEAMS_LIMITS.actions)
            .map((l) => ({ type: 'Action.OpenUrl' as const, title: l.label, url: l.url })),
        },
      },
    ],
  };
}

/** The status heading, the title and the facts. */
function headerBlocks(m: NotifyMessage): CardElement[] {
  return [
    {
      type: 'TextBlock',
      text: `${m.style.emoji} ${m.severity} · ${m.style.status}`,
      wrap: true,
      weight: 'Bolder',
      size: 'Large',
      style: 'heading',
      color: COLOR[m.style.tone],
    },
    {
      type: 'TextBlock',
      text: truncate(teamsEscape(m.title), TEAMS_LIMITS.title, '…'),
      wrap: true,
      weight: 'Bolder',
      size: 'Medium',
    },
    {
      type: 'FactSet',
      facts: facts(m).map(([title, value]) => ({
        title,
        value: truncate(teamsEscape(value), TEAMS_LIMITS.factValue, '…'),
      })),
    },
  ];
}

/** The timeline as facts, and the durations under it; nothing without entries. */
function timelineBlocks(m: NotifyMessage): CardElement[] {
  const entries = m.timeline.entries;
  if (!entries.length) return [];
  const blocks: CardElement[] = [
    { type: 'TextBlock', text: 'Timeline (UTC)', wrap: true, weight: 'Bolder', spacing: 'Medium' },
    {
      type: 'FactSet',
      facts: entries.map((e) => ({
        title: clock(e, entries),
        value: truncate(teamsEscape(e.label), TEAMS_LIMITS.factValue, '…'),
      })),
    },
  ];
  const durations = durationsText(m.timeline);
  if (durations) blocks.push({ type: 'TextBlock', text: durations, wrap: true, isSubtle: true });
  return blocks;
}
