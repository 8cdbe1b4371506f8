// Email: the message as plain text and as HTML, with the timeline, sent over SMTP (smtp.ts,
// nodemailer). Text from outside is escaped in the HTML; the subject is one line (no header
// can be injected through a title) and nodemailer encodes non-ASCII headers (RFC 2047).
// Transient SMTP answers (4xx) and broken connections are retried with backoff; a re-run
// does not send the same email twice (its digest is kept on the GitHub record).
import { clock, durationsText, facts, headline, type NotifyMessage } from './message.ts';
import { backoffMs, type RetryPolicy } from './http-post.ts';
import { cancelled } from '../shared/runner/cancellation.ts';
import { encodeUrl } from './links.ts';
import { digest } from './state.ts';
import type { ChannelResult } from './result.ts';
import { scrubSecrets } from './secret-scrub.ts';
import { truncate } from './cut.ts';

export interface Email {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /** Threads every email of one incident together in mail clients. */
  references: string;
  /**
   * What makes this email the same as an earlier one (not sent): the event and its message.
   * Not the timeline, which a re-run rebuilds with a new `now`.
   */
  identity: string;
}

/** An SMTP failure: `code` is the reply code (550) when the server answered. */
export interface SmtpError {
  message: string;
  code?: number;
  /** Worth another try: a 4xx reply, or the connection broke. */
  transient: boolean;
}

/** Sends one email; resolves with the server's answer, rejects with an SmtpError. */
export type SendMail = (mail: Email) => Promise<{ response: string; accepted: number }>;

/** Long enough for any headline people read; short enough for every mail client's list. */
export const SUBJECT_MAX = 250;

/**
 * The subject: one line of printable text, whatever the title held. Cut between graphemes,
 * never inside one: half an emoji is a lone surrogate, which no charset encodes.
 */
export function subjectOf(m: NotifyMessage): string {
  const line = headline(m)
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return truncate(line, SUBJECT_MAX, '…');
}

export function composeEmail(
  m: NotifyMessage,
  o: { from: string; to: string[]; incidentKey: string },
): Email {
  const host = 'hotfix-actions.invalid';
  const thread = digest('incident', [m.repository, o.incidentKey]).replace(':', '-');
  return {
    from: o.from,
    to: o.to,
    subject: subjectOf(m),
    text: textOf(m),
    html: htmlOf(m),
    headers: { 'X-Hotfix-Event': m.event, 'X-Hotfix-Severity': m.severity },
    references: `<${thread}@${host}>`,
    identity: [m.event, m.severity, m.title, m.message].join('\n'),
  };
}

function textOf(m: NotifyMessage): string {
  const width = Math.max(...facts(m).map(([n]) => n.length));
  const lines = [
    headline(m),
    '',
    ...facts(m).map(([name, value]) => `${`${name}:`.padEnd(width + 2)}${value}`),
  ];
  if (m.message) lines.push('', m.message);
  const entries = m.timeline.entries;
  if (entries.length) {
    lines.push('', 'Timeline (UTC)');
    for (const e of entries) lines.push(`  ${clock(e, entries)}  ${e.label}`);
    const d = durationsText(m.timeline);
    if (d) lines.push(`  ${d}`);
  }
  if (m.links.length) {
    lines.push('', 'Links');
    for (const l of m.links) lines.push(`  ${l.label}: ${encodeUrl(l.url)}`);
  }
  lines.push('', `Sent by hotfix-actions notify from ${m.repository} (${m.event}).`);
  return lines.join('\n');
}

/** HTML-escaped text: safe in element content and in double-quoted attributes. */
export function html(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function htmlOf(m: NotifyMessage): string {
  const link = (label: string, url: string) =>
    `<a href="${html(encodeUrl(url))}">${html(label)}</a>`;
  const entries = m.timeline.entries;
  const d = durationsText(m.timeline);
  return [
    '<!doctype html><html><body style="font-family:sans-serif">',
    `<h2>${html(headline(m))}</h2>`,
    '<table>',
    ...facts(m).map(([n, v]) => `<tr><th align="left">${html(n)}</th><td>${html(v)}</td></tr>`),
    '</table>',
    ...(m.message ? [`<p style="white-space:pre-wrap">${html(m.message)}</p>`] : []),
    ...(entries.length
      ? [
          '<h3>Timeline (UTC)</h3><table>',
          ...entries.map(
            (e) =>
              `<tr><td><code>${html(clock(e, entries))}</code></td><td>${e.url ? link(e.label, e.url) : html(e.label)}</td></tr>`,
          ),
          '</table>',
          ...(d ? [`<p><em>${html(d)}</em></p>`] : []),
        ]
      : []),
    ...(m.links.length ? [`<p>${m.links.map((l) => link(l.label, l.url)).join(' · ')}</p>`] : []),
    `<p style="color:#666">Sent by hotfix-actions notify from ${html(m.repository)} (${html(m.event)}).</p>`,
    '</body></html>',
  ].join('\n');
}

export interface EmailRequest {
  mail: Email;
  send: SendMail;
  /** Digests of what earlier runs sent. */
  sent: string[];
  retry: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
}

export interface EmailResult extends ChannelResult {
  sent?: string;
}

const CHANNEL = 'email';

/** Sends the email unless an earlier run did; retries what SMTP says is transient. */
export async function sendEmail(r: EmailRequest): Promise<EmailResult> {
  const { mail } = r;
  const sent = digest(CHANNEL, [mail.identity, mail.to.join(',')]);
  const n = mail.to.length;
  const who = `${n} recipient${n > 1 ? 's' : ''}`;
  if (r.sent.includes(sent))
    return {
      channel: CHANNEL,
      result: 'unchanged',
      detail: `an earlier run already sent it to ${who}`,
    };
  const sleep = r.sleep ?? ((ms: number) => new Promise<void>((res) => setTimeout(res, ms)));
  let last: SmtpError | undefined;
  let attempts = 0;
  for (let attempt = 0; attempt <= r.retry.retries; attempt++) {
    attempts++;
    try {
      const answer = await r.send(mail);
      const tries = attempt ? ` (after ${attempt + 1} attempts)` : '';
      return {
        channel: CHANNEL,
        result: 'sent',
        detail: `sent to ${who}: ${short(answer.response)}${tries}`,
        attempts: attempt + 1,
        sent,
      };
    } catch (err) {
      last = err as SmtpError;
      if (!last.transient || attempt === r.retry.retries || cancelled()) break;
      await sleep(backoffMs(attempt, r.retry, Math.random));
    }
  }
  return {
    channel: CHANNEL,
    result: 'failed',
    detail: `${short(last?.message ?? 'failed')}${attempts > 1 ? `, ${attempts} attempts` : ''}`,
    attempts,
  };
}

function short(text: string): string {
  const one = scrubSecrets(text).replace(/\s+/g, ' ').trim();
  return one.length > 160 ? `${one.slice(0, 159)}…` : one;
}
