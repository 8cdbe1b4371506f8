// What notify keeps across runs on the GitHub record (the PR comment, the incident issue), in
// one hidden line: the status page incident it opened, a digest of each email and page it
// sent, and the PagerDuty dedup_keys it paged with. A re-run reads it back: it updates the
// status page incident instead of opening another, does not send the same email or page
// twice, and resolves every alert the incident opened, even one paged under another key.
import { createHash } from 'node:crypto';

export interface DeliveryState {
  /** The Statuspage incident of this incident. */
  statuspage?: string;
  /** Digests of what was sent (`email:…`, `pagerduty:…`), oldest first. */
  sent: string[];
  /** The PagerDuty dedup_keys paged (triggered) for this incident, oldest first. */
  paged?: string[];
}

const PREFIX = '<!-- hotfix-actions:state';
/** Only these characters are written or read back: nothing can end the HTML comment. */
const TOKEN = /^[A-Za-z0-9._:-]{1,100}$/;
/** A dedup_key as notify writes it (`acme/shop#issue-3`): nothing can end the comment. */
const KEY = /^[A-Za-z0-9._:#/-]{1,255}$/;
/** Enough for every event of a long incident, bounded so the line stays short. */
const KEEP = 60;
/** An incident pages under one key, two if its issue came after the first page. */
const KEEP_PAGED = 5;

/** The hidden line, or '' when there is nothing to keep. */
export function stateMarker(s: DeliveryState): string {
  const parts = [
    ...(s.statuspage && TOKEN.test(s.statuspage) ? [`statuspage=${s.statuspage}`] : []),
    ...(s.sent.length
      ? [
          `sent=${s.sent
            .filter((x) => TOKEN.test(x))
            .slice(-KEEP)
            .join(',')}`,
        ]
      : []),
    ...(s.paged?.length
      ? [
          `paged=${s.paged
            .filter((x) => KEY.test(x))
            .slice(-KEEP_PAGED)
            .join(',')}`,
        ]
      : []),
  ];
  return parts.length ? `${PREFIX} ${parts.join(' ')} -->` : '';
}

/** The state the bodies carry, merged (a body we did not write is ignored). */
export function readState(...bodies: (string | undefined)[]): DeliveryState {
  const state: DeliveryState = { sent: [] };
  for (const body of bodies) {
    const line = body?.split('\n').find((l) => l.startsWith(PREFIX));
    if (!line) continue;
    for (const [, key, value] of line.matchAll(/ (statuspage|sent|paged)=([^\s]+)/g)) {
      if (key === 'statuspage' && value && TOKEN.test(value)) state.statuspage ??= value;
      if (key === 'sent')
        for (const d of value?.split(',') ?? [])
          if (TOKEN.test(d) && !state.sent.includes(d)) state.sent.push(d);
      if (key === 'paged')
        for (const k of value?.split(',') ?? [])
          if (KEY.test(k) && !state.paged?.includes(k)) (state.paged ??= []).push(k);
    }
  }
  return state;
}

/** A short digest of what was sent, prefixed with its channel: `email:3f2a…`. */
export function digest(channel: string, parts: string[]): string {
  return `${channel}:${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16)}`;
}
