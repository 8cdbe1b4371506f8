// POSTs with retries, backoff and a time limit: the retry logic with a scripted sender, and
// the real client against servers on 127.0.0.1 (answering, refusing, hanging).
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { AddressInfo } from 'node:net';
import {
  backoffMs,
  DEFAULT_RETRY,
  describeTransportError,
  postOnce,
  postWithRetry,
  retryAfterMs,
  statusJudge,
  type PostDeps,
  type PostResponse,
} from '../../src/notify/http-post.ts';
import { Receiver } from '../harness/chat-receivers.ts';
import { loopbackServer } from '../harness/loopback-server.ts';

const res = (status: number, body = '', headers: Record<string, string> = {}): PostResponse => ({
  status,
  body,
  headers,
});

/** A sender that answers from a script and records the waits between attempts. */
function scripted(answers: (PostResponse | Error)[]) {
  const waits: number[] = [];
  let calls = 0;
  const deps: PostDeps = {
    send: async () => {
      const a = answers[calls++];
      if (!a) throw new Error('no more answers');
      if (a instanceof Error) throw a;
      return a;
    },
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
  };
  return { deps, waits, calls: () => calls };
}

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
  code: 'ECONNREFUSED',
});

describe('statusJudge', () => {
  it('2xx is success; 408, 425, 429 and 5xx are retried; other 4xx are final', () => {
    expect(statusJudge(res(202))).toEqual({ ok: true });
    expect(statusJudge(res(500, 'rollup_error'))).toEqual({
      ok: false,
      reason: 'HTTP 500: rollup_error',
      retry: true,
    });
    expect(statusJudge(res(429, '', { 'retry-after': '3' }))).toMatchObject({
      retry: true,
      retryAfterMs: 3000,
    });
    expect(statusJudge(res(404, 'no_service'))).toMatchObject({
      retry: false,
      reason: 'HTTP 404: no_service',
    });
    expect(statusJudge(res(301))).toMatchObject({ ok: false, retry: false });
  });

  it('keeps only the start of a long error answer, on one line', () => {
    const v = statusJudge(res(400, 'x'.repeat(500) + '\nmore'));
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.reason.length).toBeLessThan(140);
  });
});

describe('retryAfterMs and backoffMs', () => {
  it('reads seconds or an HTTP date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(['5'])).toBe(5000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });

  it('doubles per attempt between half and all of the ceiling, capped', () => {
    const p = { ...DEFAULT_RETRY, baseDelayMs: 1000, maxDelayMs: 8000 };
    expect(backoffMs(0, p, () => 0)).toBe(500);
    expect(backoffMs(0, p, () => 1)).toBe(1000);
    expect(backoffMs(2, p, () => 1)).toBe(4000);
    expect(backoffMs(10, p, () => 1)).toBe(8000);
  });
});

describe('postWithRetry', () => {
  const req = { url: 'https://hooks.example/services/T/B/secret', body: '{}' };

  it('retries 500s with growing waits and succeeds on the third attempt', async () => {
    const s = scripted([res(500), res(502), res(200, 'ok')]);
    const r = await postWithRetry(req, statusJudge, DEFAULT_RETRY, s.deps);
    expect(r.ok).toBe(true);
    expect(r.attempts.map((a) => a.outcome)).toEqual(['HTTP 500', 'HTTP 502', 'HTTP 200']);
    expect(s.waits).toEqual([750, 1500]);
  });

  it('waits as long as Retry-After says, but not longer than it may', async () => {
    const s = scripted([res(429, '', { 'retry-after': '2' }), res(200)]);
    expect((await postWithRetry(req, statusJudge, DEFAULT_RETRY, s.deps)).ok).toBe(true);
    expect(s.waits).toEqual([2000]);
    const long = scripted([res(429, '', { 'retry-after': '3600' }), res(200)]);
    const r = await postWithRetry(req, statusJudge, DEFAULT_RETRY, long.deps);
    expect(r.ok).toBe(false);
    expect(r.error).toBe('HTTP 429 (asked to retry after 3600s, longer than this step waits)');
    expect(long.calls()).toBe(1);
  });

  it('stops at once on a final answer, and after the last retry on errors', async () => {
    const final = scripted([res(403, 'invalid_token'), res(200)]);
    const r1 = await postWithRetry(req, statusJudge, DEFAULT_RETRY, final.deps);
    expect(r1).toMatchObject({ ok: false, error: 'HTTP 403: invalid_token' });
    expect(final.calls()).toBe(1);
    const down = scripted([refused, refused, refused, res(200)]);
    const r2 = await postWithRetry(req, statusJudge, { ...DEFAULT_RETRY, retries: 2 }, down.deps);
    expect(r2).toMatchObject({ ok: false, error: 'connection refused' });
    expect(down.calls()).toBe(3);
  });

  it('never puts the URL in what it reports', async () => {
    const leaky = Object.assign(new Error(`Request timeout: /services/T/B/secret`), {});
    const s = scripted([leaky, new Error(`getaddrinfo ENOTFOUND hooks.example ${req.url}`)]);
    const r = await postWithRetry(req, statusJudge, { ...DEFAULT_RETRY, retries: 1 }, s.deps);
    expect(JSON.stringify(r)).not.toContain('secret');
    expect(r.attempts.map((a) => a.outcome)).toEqual(['timed out after 10s', 'network error']);
  });
});

describe('describeTransportError', () => {
  it('names the failure from its code, never its message', () => {
    expect(describeTransportError(refused, 1000)).toBe('connection refused');
    expect(describeTransportError(Object.assign(new Error('x'), { code: 'ENOTFOUND' }), 1000)).toBe(
      'host not found (DNS)',
    );
    expect(describeTransportError(Object.assign(new Error('x'), { code: 'EWHATEVER' }), 1000)).toBe(
      'network error EWHATEVER',
    );
    expect(
      describeTransportError(
        new Error('tunneling socket could not be established, statusCode=403'),
        1000,
      ),
    ).toBe('the proxy refused the connection');
    expect(describeTransportError(new Error('Request timeout: /secret/path'), 1500)).toBe(
      'timed out after 1.5s',
    );
  });
});

describe('postOnce (the real client)', () => {
  const server = new Receiver((req) =>
    req.path === '/slow'
      ? { hang: true }
      : {
          status: 201,
          body: { got: req.json },
          headers: { 'x-seen': req.headers['content-type'] ?? '' },
        },
  );
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('posts JSON and reads the answer', async () => {
    const r = await postOnce(
      { url: server.url('/hook'), body: '{"a":1}', headers: { 'x-extra': 'yes' } },
      5000,
    );
    expect(r.status).toBe(201);
    expect(JSON.parse(r.body)).toEqual({ got: { a: 1 } });
    expect(r.headers['x-seen']).toBe('application/json; charset=utf-8');
    expect(server.to('/hook')[0]!.headers['x-extra']).toBe('yes');
  });

  it('gives up on a server that never answers after the time limit', async () => {
    const err = await postOnce({ url: server.url('/slow'), body: '{}' }, 500).catch(
      (e: unknown) => e,
    );
    // The request was sent, and never answered: the limit ended it, not the server.
    expect(server.to('/slow')).toHaveLength(1);
    expect(describeTransportError(err, 500)).toBe('timed out after 0.5s');
  });

  it('an answer that arrived while the process could not run beats the expired limit', async () => {
    // A busy runner: the process runs again after the limit, with the answer waiting. The
    // limit's timer is fired by hand once the answer is on the socket, from a real timer, so
    // it runs where an expired timer runs (before the waiting I/O), whatever the machine's speed.
    const realSetTimeout = setTimeout;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    onTestFinished(() => void vi.useRealTimers());
    const answering = loopbackServer((_req, res) => {
      res.end('ok');
      realSetTimeout(() => vi.advanceTimersByTime(1_000), 0);
      // Make sure the real timer is due in the next round of the event loop.
      for (const until = performance.now() + 5; performance.now() < until;);
    });
    await new Promise<void>((resolve) => answering.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => {
      answering.closeAllConnections();
      answering.close();
    });
    const { port } = answering.address() as AddressInfo;
    const r = await postOnce({ url: `http://127.0.0.1:${port}/hook`, body: '{}' }, 1_000);
    expect(r).toMatchObject({ status: 200, body: 'ok' });
  });

  it('reports a refused connection by its code', async () => {
    const closed = await new Receiver().start();
    const url = closed.url('/gone');
    await closed.stop();
    const err = await postOnce({ url, body: '{}' }, 2000).catch((e: unknown) => e);
    expect(describeTransportError(err, 2000)).toBe('connection refused');
  });
});
