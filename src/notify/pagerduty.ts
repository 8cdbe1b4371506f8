// PagerDuty Events API v2: `declared` pages (trigger), `rollback-failed` pages as an
// escalation, `verified` and `resolved` resolve. One dedup_key per incident: the incident
// issue when there is one, else the PR, else the incident id. The issue comes first because it
// outlives the PR: an incident declared from its issue before any fix PR exists, then
// resolved from the PR, must resolve the alert it opened. PagerDuty folds a repeat into the
// open alert; the keys paged are kept on the GitHub record (state.ts), so a resolve also
// closes an alert paged under an earlier key (paged from the PR before the issue existed),
// and the digest kept there stops a re-run from paging again after the alert was resolved.
// The escalation has its own key, so it pages even while the first alert is still open.
import type { Severity } from '../shared/severity/severity.ts';
import { postWithRetry, statusJudge, type RetryPolicy } from './http-post.ts';
import type { Post } from './send-http.ts';
import type { ChannelResult } from './result.ts';
import { headline, type NotifyMessage } from './message.ts';
import { truncate } from './cut.ts';
import { digest } from './state.ts';

export const PAGERDUTY_SEVERITY: Record<Severity, 'critical' | 'error' | 'warning' | 'info'> = {
  P0: 'critical',
  P1: 'error',
  P2: 'warning',
  P3: 'info',
};

/** PagerDuty refuses a summary over 1,024 characters, and a dedup_key over 255. */
export const PAGERDUTY_LIMITS = { summary: 1024, dedupKey: 255 } as const;

/** `acme/shop#issue-3`: the repository and the incident issue, else the PR, else the incident id. */
export function dedupKey(o: {
  repository: string;
  pr?: number;
  incidentIssue?: number;
  incidentKey: string;
}): string {
  const which =
    o.incidentIssue !== undefined
      ? `issue-${o.incidentIssue}`
      : o.pr !== undefined
        ? `pr-${o.pr}`
        : o.incidentKey;
  return `${o.repository}#${which}`.slice(0, PAGERDUTY_LIMITS.dedupKey - ':escalation'.length);
}

export interface PagerDutyRequest {
  apiUrl: string;
  routingKey: string;
  message: NotifyMessage;
  dedupKey: string;
  /** Digests of what earlier runs sent. */
  sent: string[];
  /** The dedup_keys earlier runs paged with: a resolve closes their alerts too. */
  paged?: string[];
  retry: RetryPolicy;
  post?: Post;
}

export interface PagerDutyResult extends ChannelResult {
  /** The digest of what this run sent, for the record. */
  sent?: string;
  /** The dedup_key this run paged with, for the record (what a later resolve must close). */
  paged?: string;
}

const CHANNEL = 'pagerduty';

export async function sendPagerDuty(r: PagerDutyRequest): Promise<PagerDutyResult> {
  const m = r.message;
  const escalation = `${r.dedupKey}:escalation`;
  // Every key this incident paged under, this run's first: each alert and its escalation.
  const keys = [r.dedupKey, ...(r.paged ?? []).filter((k) => k !== r.dedupKey)];
  const events =
    m.event === 'declared'
      ? [trigger(r, r.dedupKey)]
      : m.event === 'rollback-failed'
        ? [trigger(r, escalation)]
        : m.event === 'verified' || m.event === 'resolved'
          ? keys.flatMap((k) => [resolve(r, k), resolve(r, `${k}:escalation`)])
          : [];
  if (!events.length)
    return {
      channel: CHANNEL,
      result: 'skipped',
      detail: `${m.event} neither pages nor resolves (declared and rollback-failed trigger; verified and resolved resolve)`,
    };
  const resolving = m.event === 'verified' || m.event === 'resolved';
  // A resolve under keys an earlier resolve did not know is new: it must go out.
  const sent = digest(CHANNEL, [m.event, ...(resolving ? keys : [r.dedupKey])]);
  const key = m.event === 'rollback-failed' ? escalation : r.dedupKey;
  if (r.sent.includes(sent))
    return {
      channel: CHANNEL,
      result: 'unchanged',
      detail: `an earlier run already sent ${m.event} (dedup_key ${key})`,
    };
  const post = r.post ?? postWithRetry;
  const url = `${r.apiUrl.replace(/\/+$/, '')}/v2/enqueue`;
  // Resolving the escalation that was never opened is harmless: PagerDuty ignores it.
  const results = await Promise.all(
    events.map((body) => post({ url, body: JSON.stringify(body) }, statusJudge, r.retry)),
  );
  const failed = results.find((x) => !x.ok);
  const attempts = results.reduce((n, x) => n + x.attempts.length, 0);
  if (failed)
    return {
      channel: CHANNEL,
      result: 'failed',
      detail: `${failed.error ?? 'failed'}${failed.attempts.length > 1 ? `, ${failed.attempts.length} attempts` : ''}`,
      attempts,
    };
  const tries = results.some((x) => x.attempts.length > 1) ? ` (after ${attempts} attempts)` : '';
  return {
    channel: CHANNEL,
    result: 'sent',
    detail:
      m.event === 'declared' || m.event === 'rollback-failed'
        ? `paged: trigger, severity ${PAGERDUTY_SEVERITY[m.severity]}${m.event === 'rollback-failed' ? ' (escalation)' : ''}, dedup_key ${key}${tries}`
        : `resolved dedup_key ${keys.join(', ')}${tries}`,
    attempts,
    sent,
    ...(resolving ? {} : { paged: r.dedupKey }),
  };
}

function trigger(r: PagerDutyRequest, key: string): Record<string, unknown> {
  const m = r.message;
  const links = m.links.filter((l) => l.url === m.pr?.url || l.url === m.runUrl);
  return {
    routing_key: r.routingKey,
    event_action: 'trigger',
    dedup_key: key,
    payload: {
      summary: truncate(headline(m), PAGERDUTY_LIMITS.summary, '…'),
      source: m.repository,
      severity: PAGERDUTY_SEVERITY[m.severity],
      timestamp: m.sentAt,
      component: m.environment,
      group: m.repository,
      class: m.event,
      custom_details: {
        status: m.style.status,
        severity: m.severity,
        environment: m.environment,
        ...(m.version ? { version: m.version } : {}),
        ...(m.rollback?.target ? { rollback_target: m.rollback.target } : {}),
        ...(m.ticket ? { ticket: m.ticket } : {}),
        ...(m.message ? { message: truncate(m.message, 4000, '…') } : {}),
      },
    },
    links: links.map((l) => ({ href: l.url, text: l.label })),
    client: 'hotfix-actions notify',
    client_url: m.runUrl,
  };
}

function resolve(r: PagerDutyRequest, key: string): Record<string, unknown> {
  return { routing_key: r.routingKey, event_action: 'resolve', dedup_key: key };
}
