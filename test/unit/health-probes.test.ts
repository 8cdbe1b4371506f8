// What an HTTP answer and a Prometheus answer mean (pure), and the HTTP probe against a real
// server on 127.0.0.1: timeouts and refused connections are errors, not failures.
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  judgeHttp,
  mayFollow,
  probeHttp,
  statusMatches,
} from '../../src/shared/health/http-probe.ts';
import { judgeSamples, readQueryResult } from '../../src/shared/health/prometheus.ts';
import { parseHealthUrls, type HttpCheckSpec } from '../../src/shared/health/checks.ts';
import { startService, type TestService } from '../harness/service.ts';
import { loopbackServer } from '../harness/loopback-server.ts';

const spec = (line: string): HttpCheckSpec => parseHealthUrls(line)[0]!;

describe('judgeHttp', () => {
  const ok = { status: 200, body: '{"status":"ok","db":{"ready":true},"n":3}', latencyMs: 12 };

  it('passes an answer that meets every expectation, charting its latency', () => {
    expect(
      judgeHttp(
        spec('http://x/h status=200 body~"ok" json:$.status=ok json:$.db.ready=true json:$.n=3'),
        ok,
      ),
    ).toEqual({ phase: 'Successful', value: 12, detail: '200 in 12ms' });
  });

  it.each([
    ['http://x/h', { ...ok, status: 503 }, '503 in 12ms: expected status 2xx'],
    ['http://x/h status=204', ok, '200 in 12ms: expected status 204'],
    ['http://x/h max-latency=10ms', ok, 'slower than max-latency 10ms'],
    ['http://x/h body~healthy', ok, 'body lacks "healthy" (body: "{\\"status\\":\\"ok\\"'],
    ['http://x/h json:$.status=ok', { ...ok, body: '<html>' }, 'body is not JSON'],
    ['http://x/h json:$.version=1', ok, '$.version is missing'],
    ['http://x/h json:$.status=up', ok, '$.status is "ok", expected "up"'],
    ['http://x/h json:$.db=ready', ok, '$.db is "{\\"ready\\":true}", expected "ready"'],
  ])('%s fails: %s', (line, answer, detail) => {
    const r = judgeHttp(spec(line), answer);
    expect(r.phase).toBe('Failed');
    expect(r.value).toBe(answer.latencyMs);
    expect(r.detail).toContain(detail);
  });

  it('matches status classes and lists', () => {
    expect(statusMatches(['2xx'], 204)).toBe(true);
    expect(statusMatches(['2xx'], 301)).toBe(false);
    expect(statusMatches(['200', '3xx'], 302)).toBe(true);
    expect(statusMatches(['200'], 2000)).toBe(false);
  });
});

describe('probeHttp against a real service', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startService();
  });
  afterAll(() => svc.stop());

  it('measures a healthy answer', async () => {
    svc.healthy();
    const r = await probeHttp(spec(`${svc.url}/health json:$.status=ok`), { timeoutMs: 2_000 });
    expect(r).toMatchObject({ phase: 'Successful', detail: expect.stringMatching(/^200 in /) });
    expect(r.value).toBeGreaterThan(0);
  });

  it('a 503 is a failed measurement', async () => {
    svc.set({ health: 503 });
    const r = await probeHttp(spec(`${svc.url}/health`), { timeoutMs: 2_000 });
    expect(r.phase).toBe('Failed');
    svc.healthy();
  });

  it('no answer within the probe timeout is an error, and the probe gives up on time', async () => {
    const slow = await startService({ latencyMs: 60_000 });
    const r = await probeHttp(spec(`${slow.url}/health`), { timeoutMs: 300 });
    expect(r).toEqual({ phase: 'Error', detail: 'no answer within 300ms (probe-timeout)' });
    // It gave up before the service answered (the service counts a request when it answers).
    expect(slow.count('/health')).toBe(0);
    await slow.stop();
  });

  it('an answer that arrived while the process could not run beats the expired timeout', async () => {
    // A busy runner: the process runs again after the probe timeout, with the answer waiting.
    // The timeout's timer is fired by hand once the answer is on the socket, from a real
    // timer, so it runs where an expired timer runs (before the waiting I/O).
    const realSetTimeout = setTimeout;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    onTestFinished(() => void vi.useRealTimers());
    const answering = loopbackServer((_req, res) => {
      res.end('{"status":"ok"}');
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
    const r = await probeHttp(spec(`http://127.0.0.1:${port}/health json:$.status=ok`), {
      timeoutMs: 1_000,
    });
    expect(r).toMatchObject({ phase: 'Successful' });
  });

  it('a refused connection is an error', async () => {
    const gone = await startService();
    const url = `${gone.url}/health`;
    await gone.stop();
    expect(await probeHttp(spec(url), { timeoutMs: 2_000 })).toEqual({
      phase: 'Error',
      detail: 'connection refused (ECONNREFUSED)',
    });
  });

  it('stops when cancelled', async () => {
    const slow = await startService({ latencyMs: 5_000 });
    const c = new AbortController();
    setTimeout(() => c.abort(new Error('cancelled by SIGTERM')), 100);
    const r = await probeHttp(spec(`${slow.url}/health`), { timeoutMs: 10_000, signal: c.signal });
    expect(r.phase).toBe('Error');
    await slow.stop();
  });
});

// Issue 14, item 11: a redirect must not carry the probe to another host (an internal
// address, or a page that answers 200 for a service that is down).
describe('probeHttp and redirects: only within the same origin', () => {
  const servers: Server[] = [];
  let elsewhere = '';
  let hitsElsewhere = 0;
  async function serve(handler: (path: string, res: ServerResponse) => void): Promise<string> {
    const server = createServer((req, res) => handler(req.url ?? '/', res));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  let origin = '';
  beforeAll(async () => {
    // Another port on the same host is another origin.
    elsewhere = await serve((_path, res) => {
      hitsElsewhere++;
      res.end('{"status":"ok"}');
    });
    origin = await serve((path, res) => {
      const to: Record<string, string> = {
        '/old': '/health',
        '/away': `${elsewhere}/health`,
        '/scheme-relative': `//${new URL(elsewhere).host}/health`,
        '/loop': '/loop',
      };
      if (to[path]) {
        res.writeHead(302, { location: to[path] });
        return res.end();
      }
      res.end('{"status":"ok"}');
    });
  });
  afterAll(() => {
    for (const s of servers) s.close();
  });
  const probe = (line: string) => probeHttp(spec(line), { timeoutMs: 2_000 });

  it('follows a redirect within the origin', async () => {
    const r = await probe(`${origin}/old json:$.status=ok`);
    expect(r).toMatchObject({ phase: 'Successful', detail: expect.stringMatching(/^200 in /) });
  });

  it.each(['/away', '/scheme-relative'])(
    'a redirect to another origin (%s) is a failed measurement naming the location, never followed',
    async (path) => {
      const before = hitsElsewhere;
      const r = await probe(`${origin}${path}`);
      expect(r.phase).toBe('Failed');
      expect(r.detail).toContain(`302 in `);
      expect(r.detail).toContain(
        `redirected to another origin, "${elsewhere}/health"; health probes follow redirects only within ${origin}`,
      );
      expect(hitsElsewhere).toBe(before);
    },
  );

  it('may follow the upgrade of its own host to https, and nothing else outside its origin', () => {
    const may = (from: string, to: string) => mayFollow(new URL(from), new URL(to));
    expect(may('http://api.example/health', 'https://api.example/health')).toBe(true);
    expect(may('http://api.example:8080/health', 'https://api.example:8080/health')).toBe(true);
    expect(may('http://api.example/health', 'http://api.example/healthz')).toBe(true);
    // Another host, a downgrade, another port, or a host that only ends the same way.
    expect(may('http://api.example/health', 'https://internal.example/health')).toBe(false);
    expect(may('https://api.example/health', 'http://api.example/health')).toBe(false);
    expect(may('http://api.example/health', 'https://api.example:8443/health')).toBe(false);
    expect(may('http://api.example/health', 'https://evil-api.example/health')).toBe(false);
    expect(may('http://127.0.0.1:8080/h', 'https://127.0.0.2:8080/h')).toBe(false);
  });

  it('a redirect the check expects is judged as it is', async () => {
    expect((await probe(`${origin}/away status=302`)).phase).toBe('Successful');
  });

  it('a redirect loop is a failed measurement', async () => {
    const r = await probe(`${origin}/loop`);
    expect(r).toMatchObject({
      phase: 'Failed',
      detail: expect.stringContaining('more than 5 redirects'),
    });
  });
});

describe('Prometheus answers', () => {
  const vector = (...values: string[]) => ({
    status: 'success',
    data: {
      resultType: 'vector',
      result: values.map((v, i) => ({ metric: { pod: `p${i}` }, value: [1700000000, v] })),
    },
  });

  it('reads vectors, scalars and errors', () => {
    expect(readQueryResult(200, vector('0.5'))).toEqual({
      ok: true,
      samples: [{ labels: { pod: 'p0' }, value: 0.5 }],
    });
    expect(
      readQueryResult(200, { status: 'success', data: { resultType: 'scalar', result: [1, '3'] } }),
    ).toEqual({ ok: true, samples: [{ labels: {}, value: 3 }] });
    expect(
      readQueryResult(400, {
        status: 'error',
        errorType: 'bad_data',
        error: 'parse error at char 5',
      }),
    ).toEqual({ ok: false, error: 'HTTP 400: bad_data: parse error at char 5' });
    expect(
      readQueryResult(200, { status: 'success', data: { resultType: 'matrix', result: [] } }),
    ).toMatchObject({ ok: false, error: expect.stringContaining('matrix') });
    expect(readQueryResult(502, null)).toMatchObject({ ok: false });
  });

  it('judges every series against the threshold and charts the worst', () => {
    const t = { op: '<' as const, value: 0.01 };
    const s = (...v: number[]) => v.map((value) => ({ labels: {}, value }));
    expect(judgeSamples(s(0.001, 0.004), t)).toEqual({
      phase: 'Successful',
      value: 0.004,
      detail: '0.004 (worst of 2 series) < 0.01',
    });
    expect(judgeSamples(s(0.001, 0.2, 0.05), t)).toEqual({
      phase: 'Failed',
      value: 0.2,
      detail: '0.2 (worst of 3 series), needs < 0.01',
    });
    expect(judgeSamples(s(5, 2), { op: '>=', value: 3 })).toMatchObject({
      phase: 'Failed',
      value: 2,
    });
    expect(judgeSamples(s(0), { op: '==', value: 0 })).toMatchObject({
      phase: 'Successful',
      value: 0,
    });
  });

  it('no series, or only NaN, is no data: Inconclusive, never a pass', () => {
    const t = { op: '<' as const, value: 1 };
    expect(judgeSamples([], t)).toEqual({
      phase: 'Inconclusive',
      detail: 'no data: the query returned no series',
    });
    expect(judgeSamples([{ labels: {}, value: NaN }], t)).toMatchObject({
      phase: 'Inconclusive',
      detail: expect.stringContaining('NaN'),
    });
  });
});
