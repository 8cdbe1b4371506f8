// Atlassian Statuspage (REST API v1): the customer-facing side of an incident. `declared`
// opens an incident (investigating, the components at an impact by severity), `deployed`
// moves it to monitoring, `verified` and `resolved` resolve it with the components
// operational, and the other customer-relevant events post an update. The wording comes from
// the policy (statuspage.name, statuspage.messages), never from the PR: customers read it.
//
// Safe to run twice: the incident is found again by the id kept on the GitHub record (state.ts)
// or, failing that, among the page's unresolved incidents by the key notify puts in its
// metadata; an update that would say what the incident already says is not posted.
import type { Policy } from '../shared/policy/schema.ts';
import type { Severity } from '../shared/severity/severity.ts';
import type { NotifyEvent } from './events.ts';
import { postWithRetry, statusJudge, type PostResult, type RetryPolicy } from './http-post.ts';
import type { Post } from './send-http.ts';
import type { ChannelResult } from './result.ts';

export type IncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';
export type ComponentStatus =
  'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage';

/** How hard the components are hit, by severity (P3 routes nowhere by default). */
export const IMPACT: Record<Severity, ComponentStatus> = {
  P0: 'major_outage',
  P1: 'partial_outage',
  P2: 'degraded_performance',
  P3: 'degraded_performance',
};

export interface StatuspageTarget {
  apiUrl: string;
  apiKey: string;
  pageId: string;
  components: string[];
}

export interface StatuspageRequest {
  target: StatuspageTarget;
  event: NotifyEvent;
  severity: Severity;
  wording: Policy['statuspage'];
  /** The incident's key (repository and incident id): kept in the incident's metadata. */
  key: string;
  /** The incident id an earlier run recorded on GitHub. */
  knownId?: string;
  retry: RetryPolicy;
  post?: Post;
}

export interface StatuspageResult extends ChannelResult {
  incidentId?: string;
}

interface Incident {
  id: string;
  status: string;
  shortlink?: string;
  metadata?: { hotfix_actions?: { incident?: unknown } };
  incident_updates?: { body?: string; status?: string }[];
}

const CHANNEL = 'statuspage';

/** What the event does on the status page: its status (undefined: unchanged) and wording. */
function plan(
  event: NotifyEvent,
  wording: Policy['statuspage'],
): { status?: IncidentStatus; body: string; resolve: boolean } | undefined {
  const body = (wording.messages as Partial<Record<NotifyEvent, string>>)[event];
  if (body === undefined) return undefined;
  if (event === 'declared') return { status: 'investigating', body, resolve: false };
  if (event === 'deployed') return { status: 'monitoring', body, resolve: false };
  if (event === 'verified' || event === 'resolved')
    return { status: 'resolved', body, resolve: true };
  return { body, resolve: false };
}

export async function syncStatuspage(r: StatuspageRequest): Promise<StatuspageResult> {
  const step = plan(r.event, r.wording);
  if (!step)
    return {
      channel: CHANNEL,
      result: 'skipped',
      detail: `${r.event} is internal: customers are not told`,
    };
  const api = statuspageApi(r);
  const found = await api.find();
  if ('failed' in found) return { channel: CHANNEL, result: 'failed', detail: found.failed };
  const incident = found.incident;
  if (!incident) {
    if (r.event !== 'declared')
      return {
        channel: CHANNEL,
        result: 'skipped',
        detail: 'no status page incident to update (declared opens one)',
      };
    const impact = IMPACT[r.severity];
    const created = await api.create({
      name: r.wording.name,
      status: 'investigating',
      body: step.body,
      ...(r.target.components.length
        ? {
            component_ids: r.target.components,
            components: Object.fromEntries(r.target.components.map((c) => [c, impact])),
          }
        : {}),
      metadata: { hotfix_actions: { incident: r.key } },
      deliver_notifications: true,
    });
    if ('failed' in created) return { channel: CHANNEL, result: 'failed', detail: created.failed };
    const n = r.target.components.length;
    return {
      channel: CHANNEL,
      result: 'sent',
      detail: `opened incident ${created.incident.id}, investigating${n ? `, ${n} component${n > 1 ? 's' : ''} ${impact}` : ''}`,
      incidentId: created.incident.id,
      ...(created.incident.shortlink ? { url: created.incident.shortlink } : {}),
    };
  }
  const id = incident.id;
  const keep = { incidentId: id, ...(incident.shortlink ? { url: incident.shortlink } : {}) };
  if (incident.status === 'resolved' && !step.resolve)
    return {
      channel: CHANNEL,
      result: 'unchanged',
      detail: `incident ${id} is resolved: ${r.event} does not reopen it`,
      ...keep,
    };
  if (r.event === 'declared')
    return {
      channel: CHANNEL,
      result: 'unchanged',
      detail: `incident ${id} is already open (${incident.status})`,
      ...keep,
    };
  const status = step.status ?? incident.status;
  const latest = incident.incident_updates?.[0]?.body;
  if (incident.status === status && latest === step.body)
    return {
      channel: CHANNEL,
      result: 'unchanged',
      detail: `incident ${id} already says so (${status})`,
      ...keep,
    };
  const updated = await api.update(id, {
    ...(step.status ? { status: step.status } : {}),
    body: step.body,
    ...(step.resolve && r.target.components.length
      ? {
          component_ids: r.target.components,
          components: Object.fromEntries(r.target.components.map((c) => [c, 'operational'])),
        }
      : {}),
  });
  if ('failed' in updated) return { channel: CHANNEL, result: 'failed', detail: updated.failed };
  return {
    channel: CHANNEL,
    result: 'updated',
    detail: `incident ${id} ${step.resolve ? 'resolved, components operational' : step.status ? `set to ${step.status}` : 'update posted'}`,
    ...keep,
  };
}

type Answer = { incident: Incident } | { failed: string };

/** The few calls notify makes, each retried on 429 and 5xx (Retry-After honoured). */
function statuspageApi(r: StatuspageRequest) {
  const post = r.post ?? postWithRetry;
  const base = `${r.target.apiUrl.replace(/\/+$/, '')}/pages/${encodeURIComponent(r.target.pageId)}`;
  const headers = { authorization: `OAuth ${r.target.apiKey}` };
  const call = (method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) =>
    post(
      {
        url: `${base}${path}`,
        method,
        body: body === undefined ? '' : JSON.stringify(body),
        headers,
      },
      statusJudge,
      r.retry,
    );
  const incidentOf = (res: PostResult, what: string): Answer => {
    if (!res.ok) return { failed: `${what}: ${res.error ?? 'failed'}${tries(res)}` };
    const data = parse(res) as Incident | undefined;
    return data && typeof data.id === 'string'
      ? { incident: data }
      : { failed: `${what}: the answer holds no incident` };
  };
  return {
    async find(): Promise<{ incident?: Incident } | { failed: string }> {
      if (r.knownId) {
        const res = await call('GET', `/incidents/${encodeURIComponent(r.knownId)}`);
        // Deleted on the page: look for another of ours before opening one.
        if (res.ok || res.response?.status !== 404) return incidentOf(res, 'reading the incident');
      }
      const res = await call('GET', '/incidents/unresolved');
      if (!res.ok)
        return { failed: `listing unresolved incidents: ${res.error ?? 'failed'}${tries(res)}` };
      const list = parse(res);
      const mine = Array.isArray(list)
        ? (list as Incident[]).find((i) => i.metadata?.hotfix_actions?.incident === r.key)
        : undefined;
      return mine ? { incident: mine } : {};
    },
    async create(incident: Record<string, unknown>): Promise<Answer> {
      return incidentOf(await call('POST', '/incidents', { incident }), 'opening the incident');
    },
    async update(id: string, incident: Record<string, unknown>): Promise<Answer> {
      return incidentOf(
        await call('PATCH', `/incidents/${encodeURIComponent(id)}`, { incident }),
        'updating the incident',
      );
    },
  };
}

function tries(res: PostResult): string {
  return res.attempts.length > 1 ? `, ${res.attempts.length} attempts` : '';
}

function parse(res: PostResult): unknown {
  try {
    return JSON.parse(res.response?.body ?? '');
  } catch {
    return undefined;
  }
}
