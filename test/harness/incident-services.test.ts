// The Statuspage and PagerDuty stand-ins refuse what the services refuse: a test that
// passes against them would pass against the real APIs' documented contracts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PagerDutyStub, StatuspageStub } from './incident-services.ts';

const sp = new StatuspageStub('key-1234', 'pg1', ['c1']);
const pd = new PagerDutyStub();
beforeAll(async () => {
  await Promise.all([sp.receiver.start(), pd.receiver.start()]);
});
afterAll(async () => {
  await Promise.all([sp.receiver.stop(), pd.receiver.stop()]);
});

const call = async (url: string, method: string, body?: unknown, key = 'key-1234') => {
  const res = await fetch(url, {
    method,
    headers: { authorization: `OAuth ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('Statuspage stand-in', () => {
  it('401 without the key, 404 for another page, 422 for a missing name or a bad enum', async () => {
    const incidents = `${sp.url}/pages/pg1/incidents`;
    expect((await call(incidents, 'POST', { incident: { name: 'x' } }, 'nope')).status).toBe(401);
    expect(
      (await call(`${sp.url}/pages/other/incidents`, 'POST', { incident: { name: 'x' } })).status,
    ).toBe(404);
    const bad = await call(incidents, 'POST', {
      incident: { status: 'on_fire', components: { c1: 'kaput', c9: 'major_outage' } },
    });
    expect(bad).toEqual({
      status: 422,
      body: {
        error: [
          "name can't be blank",
          'status on_fire is not included in the list',
          'component status kaput is invalid',
          'component c9 not found',
        ],
      },
    });
    const ok = await call(incidents, 'POST', {
      incident: {
        name: 'Outage',
        status: 'investigating',
        body: 'b',
        components: { c1: 'major_outage' },
      },
    });
    expect(ok.status).toBe(201);
    expect((await call(`${incidents}/unresolved`, 'GET')).body).toHaveLength(1);
  });

  it('429 with Retry-After when scripted', async () => {
    sp.receiver.script('/v1/pages/pg1/incidents', {
      status: 429,
      headers: { 'retry-after': '3' },
      body: { error: 'Rate limit' },
    });
    const res = await fetch(`${sp.url}/pages/pg1/incidents`, {
      method: 'POST',
      headers: { authorization: 'OAuth key-1234' },
      body: '{}',
    });
    expect([res.status, res.headers.get('retry-after')]).toEqual([429, '3']);
  });
});

describe('PagerDuty Events v2 stand-in', () => {
  const enqueue = (body: unknown) => call(`${pd.url}/v2/enqueue`, 'POST', body);
  const event = {
    routing_key: 'R1',
    event_action: 'trigger',
    dedup_key: 'k1',
    payload: { summary: 's', source: 'acme/shop', severity: 'critical' },
  };

  it('202 with the dedup_key; a repeat is folded into the open alert', async () => {
    expect(await enqueue(event)).toEqual({
      status: 202,
      body: { status: 'success', message: 'Event processed', dedup_key: 'k1' },
    });
    await enqueue(event);
    expect(pd.pages).toHaveLength(1);
    await enqueue({ routing_key: 'R1', event_action: 'resolve', dedup_key: 'k1' });
    expect(pd.alerts.get('k1')).toBe('resolved');
  });

  it('400 for a missing routing_key, a summary over 1,024 characters or a bad severity', async () => {
    expect((await enqueue({ ...event, routing_key: undefined })).body.errors).toEqual([
      "'routing_key' is missing",
    ]);
    expect(
      (await enqueue({ ...event, payload: { ...event.payload, summary: 'x'.repeat(1025) } })).body
        .errors,
    ).toEqual(["'payload.summary' must be at most 1024 characters"]);
    expect(
      (await enqueue({ ...event, payload: { ...event.payload, severity: 'P0' } })).status,
    ).toBe(400);
  });

  it('429 when scripted', async () => {
    pd.receiver.script('/v2/enqueue', { status: 429, body: { status: 'throttled' } });
    expect((await enqueue(event)).status).toBe(429);
  });
});
