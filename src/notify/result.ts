// What happened on each channel: the rows of the delivery table, the `sent` and
// `failed-channels` outputs, and the warnings.

export type Delivery = 'sent' | 'updated' | 'unchanged' | 'failed' | 'skipped';

export interface ChannelResult {
  /** A channel (slack, teams, webhook, github-comment, incident-issue, summary) or postmortem-issue. */
  channel: string;
  result: Delivery;
  /** For people, without URLs or tokens: `posted (after 3 attempts)`, `HTTP 500, 3 attempts`. */
  detail: string;
  attempts?: number;
  url?: string;
  /** Why this channel was used or not: the routing rule or the input that decided. */
  why?: string;
  /** Delivered, but something about it needs a person's eye. */
  warning?: string;
}

export const delivered = (r: ChannelResult): boolean =>
  r.result === 'sent' || r.result === 'updated';
