// The stages of an incident notify speaks about, and how each one reads in a message.

export const EVENTS = [
  'declared',
  'update',
  'deployed',
  'verified',
  'rolled-back',
  'rollback-failed',
  'resolved',
  'backport-failed',
  'custom',
] as const;
export type NotifyEvent = (typeof EVENTS)[number];

/** bad: people must act; warn: something went wrong but is contained; good: fixed. */
export type Tone = 'bad' | 'warn' | 'good' | 'info';

export interface EventStyle {
  emoji: string;
  /** The status line, e.g. `Investigating`. */
  status: string;
  tone: Tone;
}

export const EVENT_STYLE: Record<NotifyEvent, EventStyle> = {
  declared: { emoji: '🚨', status: 'Incident declared, investigating', tone: 'bad' },
  update: { emoji: '🔄', status: 'Update', tone: 'info' },
  deployed: { emoji: '🚀', status: 'Fix deployed, verifying', tone: 'info' },
  verified: { emoji: '✅', status: 'Fix verified healthy', tone: 'good' },
  'rolled-back': { emoji: '⏪', status: 'Rolled back to the last good version', tone: 'warn' },
  'rollback-failed': { emoji: '🔥', status: 'Rollback failed: act now', tone: 'bad' },
  resolved: { emoji: '✅', status: 'Resolved', tone: 'good' },
  'backport-failed': { emoji: '⚠️', status: 'Backport failed: backport by hand', tone: 'warn' },
  custom: { emoji: 'ℹ️', status: 'Notice', tone: 'info' },
};

/** Events after which an incident is over for now: the post-mortem can start. */
export const CLOSING_EVENTS: readonly NotifyEvent[] = ['resolved', 'rolled-back'];
