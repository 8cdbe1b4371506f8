// One HTTP health probe: Node's own fetch with an AbortSignal timeout, no HTTP library (a
// probe needs a status, a body and a stopwatch). What the answer means is judged by a pure
// function, so every rule is tested without a network.
import type { HttpCheckSpec } from './checks.ts';
import { valueAt } from './checks.ts';
import type { Measurement } from './verdict.ts';
import { formatDuration } from '../text/duration.ts';

export type Outcome = Omit<Measurement, 'at'>;

export interface HttpAnswer {
  status: number;
  body: string;
  latencyMs: number;
}

// Enough for any health document; a larger body is cut, not buffered whole.
const MAX_BODY = 256 * 1024;

/** Whether an answer meets the check's expectations. Failed carries the first unmet one. */
export function judgeHttp(spec: HttpCheckSpec, a: HttpAnswer): Outcome {
  const took = `${a.status} in ${formatDuration(a.latencyMs)}`;
  const fail = (why: string): Outcome => ({
    phase: 'Failed',
    value: a.latencyMs,
    detail: `${took}: ${why}`,
  });
  if (!statusMatches(spec.status, a.status))
    return fail(`expected status ${spec.status.join('|')}`);
  if (spec.maxLatencyMs !== undefined && a.latencyMs > spec.maxLatencyMs)
    return fail(`slower than max-latency ${formatDuration(spec.maxLatencyMs)}`);
  if (spec.bodyContains !== undefined && !a.body.includes(spec.bodyContains))
    return fail(`body lacks ${JSON.stringify(spec.bodyContains)} (body: ${snippet(a.body)})`);
  if (spec.json.length) {
    let doc: unknown;
    try {
      doc = JSON.parse(a.body);
    } catch {
      return fail(`body is not JSON (body: ${snippet(a.body)})`);
    }
    for (const j of spec.json) {
      const v = valueAt(doc, j.segments);
      if (v === undefined) return fail(`${j.path} is missing`);
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      if (text !== j.expected)
        return fail(`${j.path} is ${snippet(text)}, expected ${JSON.stringify(j.expected)}`);
    }
  }
  return { phase: 'Successful', value: a.latencyMs, detail: took };
}

export function statusMatches(patterns: readonly string[], status: number): boolean {
  const s = String(status);
  return patterns.some((p) => (p.endsWith('xx') ? s[0] === p[0] && s.length === 3 : p === s));
}

// Enough hops for http -> https -> /health/ -> canonical host; more is a loop.
const MAX_REDIRECTS = 5;

/**
 * Whether a probe of `from` may follow a redirect to `to`: within its origin (scheme, host and
 * port), or its upgrade from http to https on the same host (the port 443, or the same port).
 * A health check that lands on another host measures something else, and could carry the
 * probe to an internal address.
 */
export function mayFollow(from: URL, to: URL): boolean {
  if (to.origin === from.origin) return true;
  return (
    from.protocol === 'http:' &&
    to.protocol === 'https:' &&
    to.hostname === from.hostname &&
    (to.port === '' || to.port === from.port)
  );
}

/**
 * Probes once; never throws: a probe that cannot measure is an Error measurement. Redirects
 * are followed only as `mayFollow` allows; any other is a failed measurement naming the
 * location. A status the check accepts (`status=301`) is judged as it is, not followed.
 */
export async function probeHttp(
  spec: HttpCheckSpec,
  opts: { timeoutMs: number; signal?: AbortSignal },
): Promise<Outcome> {
  const started = performance.now();
  const timeout = answerTimeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  const first = new URL(spec.url);
  const took = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    let url = spec.url;
    for (let hop = 0; ; hop++) {
      const res = await fetch(url, {
        signal,
        redirect: 'manual',
        headers: { 'user-agent': 'hotfix-actions-healthcheck', 'cache-control': 'no-cache' },
      });
      const location = res.headers.get('location');
      const redirect =
        res.status >= 300 &&
        res.status < 400 &&
        location &&
        !statusMatches(spec.status, res.status);
      if (!redirect) {
        const body = await readBody(res);
        return judgeHttp(spec, { status: res.status, body, latencyMs: took() });
      }
      await res.body?.cancel();
      const next = new URL(location, url);
      const latencyMs = took();
      const fail = (why: string): Outcome => ({
        phase: 'Failed',
        value: latencyMs,
        detail: `${res.status} in ${formatDuration(latencyMs)}: ${why}`,
      });
      if (!mayFollow(first, next))
        return fail(
          `redirected to another origin, ${JSON.stringify(next.href)}; health probes follow redirects only within ${first.origin} (or to its https)`,
        );
      if (hop + 1 > MAX_REDIRECTS)
        return fail(`more than ${MAX_REDIRECTS} redirects (last to ${JSON.stringify(next.href)})`);
      url = next.href;
    }
  } catch (err) {
    return { phase: 'Error', detail: fetchError(err, opts.timeoutMs, timeout.aborted) };
  }
}

/**
 * AbortSignal.timeout(ms), except that an answer already waiting when the timer fires wins.
 * On a busy runner this process may not run for a while; when it runs again, an expired
 * timer runs before the I/O that waited, so a service that answered in time would be counted
 * as "no answer" (an Error measurement, towards a failed deploy). setImmediate aborts after
 * that I/O has been read instead.
 */
export function answerTimeout(ms: number): AbortSignal {
  const controller = new AbortController();
  setTimeout(
    () => setImmediate(() => controller.abort(new DOMException('timed out', 'TimeoutError'))),
    ms,
  ).unref();
  return controller.signal;
}

/**
 * Node loads its HTTP client (undici, its parser's WebAssembly) on the first request, which
 * costs 50-150 ms, seconds on a busy runner: enough to turn the first probe into a timeout.
 * One request to a throwaway loopback server pays that before the window opens, without
 * touching the service under test.
 */
export async function warmUpHttp(timeoutMs = 2_000): Promise<void> {
  const { createServer } = await import('node:http');
  const server = createServer((_req, res) => res.end());
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const address = server.address();
    if (!address || typeof address === 'string') return;
    const res = await fetch(`http://127.0.0.1:${address.port}/`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
  } catch {
    // Only an optimisation: the probes work without it.
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

async function readBody(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= MAX_BODY) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY);
}

/** `no answer within 5s`, `connection refused (ECONNREFUSED)`, ... */
export function fetchError(err: unknown, timeoutMs: number, timedOut: boolean): string {
  if (timedOut) return `no answer within ${formatDuration(timeoutMs)} (probe-timeout)`;
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'AbortError') return 'cancelled';
  const code = e.cause?.code;
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'DNS lookup failed',
    EHOSTUNREACH: 'host unreachable',
    ETIMEDOUT: 'connection timed out',
    UND_ERR_SOCKET: 'connection closed by the server',
  };
  if (code) return `${known[code] ?? e.cause?.message ?? 'request failed'} (${code})`;
  return e.cause?.message ?? e.message ?? String(err);
}

/** A short, single-line, quoted excerpt of text from the service. */
function snippet(text: string, max = 80): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(one.length > max ? `${one.slice(0, max)}…` : one);
}
