// Stand-ins on 127.0.0.1 for the incident services notify talks to, each enforcing its
// documented contract rather than accepting anything:
// - Atlassian Statuspage REST API v1: `Authorization: OAuth <key>` (401 otherwise), the page
//   (404), required fields and enum values (422), incidents kept with their updates (newest
//   first) and metadata, and 429 with Retry-After when scripted.
// - PagerDuty Events API v2: 202 with the dedup_key; 400 for a missing routing_key, an unknown
//   event_action or severity, a payload.summary over 1,024 characters; 429 when scripted.
//   Alerts are kept by dedup_key: a trigger for an open alert is folded into it (no new
//   page), a resolve closes it. `pages` counts the pages people would get.
import { Receiver, type Captured, type Scripted } from './chat-receivers.ts';

export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'];
export const COMPONENT_STATUSES = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
];

export interface SpIncident {
  id: string;
  name: string;
  status: string;
  shortlink: string;
  metadata: Record<string, unknown>;
  components: { id: string; status: string }[];
  incident_updates: { id: string; status: string; body: string; created_at: string }[];
  created_at: string;
  resolved_at: string | null;
}

export class StatuspageStub {
  readonly receiver: Receiver;
  readonly incidents: SpIncident[] = [];
  /** Component id -> its current status. */
  readonly components: Map<string, string>;
  private seq = 0;

  readonly apiKey: string;
  readonly pageId: string;

  constructor(apiKey: string, pageId: string, components: string[]) {
    this.apiKey = apiKey;
    this.pageId = pageId;
    this.components = new Map(components.map((c) => [c, 'operational']));
    this.receiver = new Receiver((req) => this.answer(req));
  }

  get url(): string {
    return this.receiver.url('/v1');
  }

  /** What people see: each incident's status and its updates, oldest first. */
  story(): string[] {
    return this.incidents.map(
      (i) =>
        `${i.id} ${i.status}: ${[...i.incident_updates]
          .reverse()
          .map((u) => `${u.status} "${u.body}"`)
          .join(' → ')}`,
    );
  }

  private answer(req: Captured): Scripted {
    const error = (status: number, message: string) => ({ status, body: { error: message } });
    if (req.headers.authorization !== `OAuth ${this.apiKey}`)
      return error(401, 'Could not authenticate');
    const m = /^\/v1\/pages\/([^/]+)\/incidents(?:\/([^/]+))?$/.exec(req.path);
    if (!m) return error(404, 'Not found');
    if (m[1] !== this.pageId) return error(404, 'The page could not be found');
    const sub = m[2];
    if (req.method === 'GET' && sub === 'unresolved')
      return {
        status: 200,
        body: this.incidents.filter((i) => i.status !== 'resolved').reverse(),
      };
    if (req.method === 'GET' && sub) {
      const i = this.incidents.find((x) => x.id === sub);
      return i ? { status: 200, body: i } : error(404, 'The incident could not be found');
    }
    const body = (req.json as { incident?: Record<string, unknown> } | undefined)?.incident;
    if (!body || typeof body !== 'object') return error(422, 'incident is missing');
    const problems = this.problems(body, req.method === 'POST');
    if (problems.length) return { status: 422, body: { error: problems } };
    const now = new Date().toISOString();
    if (req.method === 'POST' && !sub) {
      const status = String(body.status ?? 'investigating');
      const id = `inc${String(++this.seq).padStart(9, '0')}`;
      const incident: SpIncident = {
        id,
        name: String(body.name),
        status,
        shortlink: `https://stspg.io/${id}`,
        metadata: (body.metadata as Record<string, unknown>) ?? {},
        components: [],
        incident_updates: [],
        created_at: now,
        resolved_at: null,
      };
      this.apply(incident, body, now);
      this.incidents.push(incident);
      return { status: 201, body: incident };
    }
    if (req.method === 'PATCH' && sub) {
      const i = this.incidents.find((x) => x.id === sub);
      if (!i) return error(404, 'The incident could not be found');
      this.apply(i, body, now);
      return { status: 200, body: i };
    }
    return error(405, 'Method not allowed');
  }

  /** What Statuspage answers 422 for. */
  private problems(b: Record<string, unknown>, create: boolean): string[] {
    const out: string[] = [];
    if (create && (typeof b.name !== 'string' || !b.name.trim())) out.push("name can't be blank");
    if (b.status !== undefined && !INCIDENT_STATUSES.includes(String(b.status)))
      out.push(`status ${String(b.status)} is not included in the list`);
    const comps = (b.components ?? {}) as Record<string, unknown>;
    for (const [id, s] of Object.entries(comps)) {
      if (!this.components.has(id)) out.push(`component ${id} not found`);
      if (!COMPONENT_STATUSES.includes(String(s)))
        out.push(`component status ${String(s)} is invalid`);
    }
    for (const id of (b.component_ids as unknown[] | undefined) ?? [])
      if (!this.components.has(String(id))) out.push(`component ${String(id)} not found`);
    if (b.body !== undefined && typeof b.body !== 'string') out.push('body must be a string');
    return out;
  }

  private apply(i: SpIncident, b: Record<string, unknown>, now: string): void {
    if (typeof b.status === 'string') i.status = b.status;
    if (i.status === 'resolved') i.resolved_at = now;
    for (const [id, s] of Object.entries((b.components ?? {}) as Record<string, string>)) {
      this.components.set(id, s);
      const c = i.components.find((x) => x.id === id);
      if (c) c.status = s;
      else i.components.push({ id, status: s });
    }
    i.incident_updates.unshift({
      id: `upd${i.incident_updates.length + 1}`,
      status: i.status,
      body: typeof b.body === 'string' ? b.body : '',
      created_at: now,
    });
  }
}

export interface PdEvent {
  routing_key: string;
  event_action: string;
  dedup_key: string;
  payload?: { summary: string; source: string; severity: string; [k: string]: unknown };
  links?: { href: string; text?: string }[];
}

export class PagerDutyStub {
  readonly receiver: Receiver;
  /** Every event accepted, in order. */
  readonly events: PdEvent[] = [];
  /** dedup_key -> triggered or resolved. */
  readonly alerts = new Map<string, 'triggered' | 'resolved'>();
  /** The pages people got: a trigger that opened an alert. */
  readonly pages: PdEvent[] = [];

  constructor() {
    this.receiver = new Receiver((req) => this.answer(req));
  }

  get url(): string {
    return this.receiver.url('');
  }

  private answer(req: Captured): Scripted {
    const invalid = (errors: string[]) => ({
      status: 400,
      body: { status: 'invalid event', message: 'Event object is invalid', errors },
    });
    if (req.path !== '/v2/enqueue' || req.method !== 'POST')
      return { status: 404, body: { message: 'Not found' } };
    const e = req.json as Partial<PdEvent> | undefined;
    if (!e) return invalid(['Event object is not valid JSON']);
    const errors: string[] = [];
    if (typeof e.routing_key !== 'string' || !e.routing_key)
      errors.push("'routing_key' is missing");
    if (!['trigger', 'acknowledge', 'resolve'].includes(String(e.event_action)))
      errors.push("'event_action' is invalid (must be trigger, acknowledge or resolve)");
    if (e.dedup_key !== undefined && (typeof e.dedup_key !== 'string' || e.dedup_key.length > 255))
      errors.push("'dedup_key' must be a string of at most 255 characters");
    if (e.event_action !== 'trigger' && !e.dedup_key)
      errors.push("'dedup_key' is required for acknowledge and resolve");
    if (e.event_action === 'trigger') {
      const p = e.payload;
      if (!p || typeof p.summary !== 'string' || !p.summary)
        errors.push("'payload.summary' is missing");
      else if ([...p.summary].length > 1024)
        errors.push("'payload.summary' must be at most 1024 characters");
      if (!p || typeof p.source !== 'string' || !p.source)
        errors.push("'payload.source' is missing");
      if (!p || !['critical', 'error', 'warning', 'info'].includes(String(p.severity)))
        errors.push("'payload.severity' is invalid");
    }
    if (errors.length) return invalid(errors);
    const event = e as PdEvent;
    const key = event.dedup_key || `generated-${this.events.length + 1}`;
    this.events.push({ ...event, dedup_key: key });
    if (event.event_action === 'trigger' && this.alerts.get(key) !== 'triggered') {
      this.alerts.set(key, 'triggered');
      this.pages.push(event);
    }
    if (event.event_action === 'resolve' && this.alerts.has(key)) this.alerts.set(key, 'resolved');
    return { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: key } };
  }
}
