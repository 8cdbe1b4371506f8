// A generic JSON webhook for whatever else listens (a pager, a status page, a bot). The body
// is signed like GitHub signs its webhooks: `X-Hotfix-Signature: sha256=<hex HMAC-SHA256 of
// the raw body, keyed with webhook-secret>`, so the receiver can check who sent it and that
// nothing changed on the way. X-Hotfix-Delivery stays the same across retries, so a receiver
// can drop a duplicate.
import { createHmac } from 'node:crypto';
import type { NotifyMessage } from './message.ts';

export const WEBHOOK_SCHEMA = 'hotfix-actions/notify@1';

export interface WebhookRequest {
  body: string;
  headers: Record<string, string>;
}

/** The payload: plain data, unescaped (the receiver escapes for wherever it shows it). */
export function webhookPayload(m: NotifyMessage): Record<string, unknown> {
  const t = m.timeline;
  const seconds = (ms: number | undefined) => (ms === undefined ? null : Math.round(ms / 1000));
  return {
    schema: WEBHOOK_SCHEMA,
    event: m.event,
    status: m.style.status,
    tone: m.style.tone,
    severity: m.severity,
    title: m.title,
    message: m.message,
    ticket: m.ticket ?? null,
    environment: m.environment,
    version: m.version ?? null,
    // rolled-back and rollback-failed: the version that failed and the one rolled back to
    // (restored: production runs it again, verified healthy).
    rollback: m.rollback
      ? {
          failed_version: m.rollback.failed ?? null,
          target_version: m.rollback.target ?? null,
          restored: m.event === 'rolled-back',
        }
      : null,
    repository: m.repository,
    actor: m.actor,
    pull_request: m.pr ? { number: m.pr.number, url: m.pr.url } : null,
    links: m.links,
    timeline: t.entries.map((e) => ({
      kind: e.kind,
      at: e.at,
      label: e.label,
      url: e.url ?? null,
    })),
    durations: {
      time_to_deploy_seconds: seconds(t.timeToDeployMs),
      time_to_rollback_seconds: seconds(t.timeToRollbackMs),
      time_to_resolve_seconds: seconds(t.timeToResolveMs),
    },
    run_url: m.runUrl,
    sent_at: m.sentAt,
  };
}

export function signature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export function renderWebhook(m: NotifyMessage, delivery: string, secret: string): WebhookRequest {
  const body = JSON.stringify(webhookPayload(m));
  return {
    body,
    headers: {
      'x-hotfix-event': m.event,
      'x-hotfix-delivery': delivery,
      ...(secret ? { 'x-hotfix-signature': signature(body, secret) } : {}),
    },
  };
}
