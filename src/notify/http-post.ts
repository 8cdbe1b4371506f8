// POSTs to chat services and webhooks (Slack, Teams, a user's endpoint), with a timeout per
// attempt and retries with backoff. Built on @actions/http-client because it honours
// HTTPS_PROXY, HTTP_PROXY and NO_PROXY exactly as the runner does (Node's fetch ignores them
// unless NODE_USE_ENV_PROXY is set, which runners do not set), and it is what the Actions
// toolkit itself ships. It is imported on first use: a run that posts nothing never loads it.
//
// Messages about a failure never contain the URL: for webhooks the URL is the credential.
import { cancelled } from '../shared/runner/cancellation.ts';

export interface PostRequest {
  url: string;
  body: string;
  headers?: Record<string, string>;
  /** POST unless said otherwise; a GET sends no body. */
  method?: 'POST' | 'PATCH' | 'GET';
}

export interface PostResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** How a response is judged: services such as Slack answer 200 with an error inside. */
export type Verdict =
  { ok: true } | { ok: false; reason: string; retry: boolean; retryAfterMs?: number };

export type Judge = (res: PostResponse) => Verdict;

export interface RetryPolicy {
  /** Attempts after the first one. */
  retries: number;
  /** Limit for one attempt: connecting, sending and reading the answer. */
  timeoutMs: number;
  /** First backoff; it doubles per attempt, with jitter, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited out: the channel fails instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  retries: 2,
  timeoutMs: 10_000,
  baseDelayMs: 1_000,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
};

export interface Attempt {
  /** `HTTP 200`, `HTTP 500`, `timed out after 10s`, `connection refused`. */
  outcome: string;
  ms: number;
}

export interface PostResult {
  ok: boolean;
  response?: PostResponse;
  attempts: Attempt[];
  /** Why the last attempt failed, for people; never contains the URL. */
  error?: string;
}

export interface PostDeps {
  send: (req: PostRequest, timeoutMs: number) => Promise<PostResponse>;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

const defaultDeps: PostDeps = {
  send: postOnce,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** 2xx is success; 408, 425, 429 and 5xx are worth another try; other answers are final. */
export function statusJudge(res: PostResponse): Verdict {
  if (res.status >= 200 && res.status < 300) return { ok: true };
  const retry = res.status === 408 || res.status === 425 || res.status === 429 || res.status >= 500;
  const after = retryAfterMs(res.headers['retry-after']);
  return {
    ok: false,
    reason: `HTTP ${res.status}${shortBody(res.body)}`,
    retry,
    ...(after === undefined ? {} : { retryAfterMs: after }),
  };
}

/** Posts until the judge is satisfied, the retries are spent or the run is cancelled. */
export async function postWithRetry(
  req: PostRequest,
  judge: Judge = statusJudge,
  policy: RetryPolicy = DEFAULT_RETRY,
  deps: PostDeps = defaultDeps,
): Promise<PostResult> {
  const attempts: Attempt[] = [];
  let last: PostResponse | undefined;
  let error = '';
  for (let n = 0; n <= policy.retries; n++) {
    const started = Date.now();
    let wait: number | undefined;
    try {
      last = await deps.send(req, policy.timeoutMs);
      const verdict = judge(last);
      attempts.push({ outcome: `HTTP ${last.status}`, ms: Date.now() - started });
      if (verdict.ok) return { ok: true, response: last, attempts };
      error = verdict.reason;
      if (!verdict.retry) break;
      if (verdict.retryAfterMs !== undefined) {
        if (verdict.retryAfterMs > policy.maxRetryAfterMs) {
          error += ` (asked to retry after ${Math.round(verdict.retryAfterMs / 1000)}s, longer than this step waits)`;
          break;
        }
        wait = verdict.retryAfterMs;
      }
    } catch (err) {
      error = describeTransportError(err, policy.timeoutMs);
      attempts.push({ outcome: error, ms: Date.now() - started });
    }
    if (n === policy.retries || cancelled()) break;
    await deps.sleep(wait ?? backoffMs(n, policy, deps.random));
  }
  return { ok: false, ...(last ? { response: last } : {}), attempts, error };
}

/** Exponential backoff with jitter: attempt 0 waits about base, then 2x base, 4x ... */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  // Half fixed, half random: retries from many jobs spread out, yet never come too soon.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(
  value: string | string[] | undefined,
  now = Date.now(),
): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

class TimeoutError extends Error {}

/** One POST with a hard time limit; rejects with an error whose message holds no URL. */
export async function postOnce(req: PostRequest, timeoutMs: number): Promise<PostResponse> {
  const { HttpClient } = await import('@actions/http-client');
  const client = new HttpClient('hotfix-actions', [], {
    // A redirect on a webhook is a misconfiguration; following it could send the message
    // (and its signature) somewhere else.
    allowRedirects: false,
    allowRetries: false,
    socketTimeout: timeoutMs,
    keepAlive: false,
  });
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    // On a busy runner this process may not run for a while; when it does, an expired timer
    // runs before the I/O that waited. setImmediate lets an answer that had already arrived
    // win: otherwise it counts as a timeout and the retry posts the message twice.
    timer = setTimeout(() => setImmediate(() => reject(new TimeoutError())), timeoutMs);
  });
  try {
    return await Promise.race([
      (async () => {
        const method = req.method ?? 'POST';
        const res = await client.request(method, req.url, method === 'GET' ? null : req.body, {
          ...(method === 'GET' ? {} : { 'content-type': 'application/json; charset=utf-8' }),
          accept: 'application/json, text/plain, */*',
          ...req.headers,
        });
        const body = await res.readBody();
        return {
          status: res.message.statusCode ?? 0,
          headers: res.message.headers,
          body,
        };
      })(),
      limit,
    ]);
  } finally {
    clearTimeout(timer);
    client.dispose();
  }
}

/** A failed attempt in words, from the error's code: never its message, which may hold the URL. */
export function describeTransportError(err: unknown, timeoutMs: number): string {
  if (err instanceof TimeoutError) return `timed out after ${formatSeconds(timeoutMs)}`;
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const message = typeof e?.message === 'string' ? e.message : '';
  if (/^Request timeout/.test(message)) return `timed out after ${formatSeconds(timeoutMs)}`;
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    EPIPE: 'connection closed while sending',
    ENOTFOUND: 'host not found (DNS)',
    EAI_AGAIN: 'host not found (DNS lookup failed, try again)',
    ETIMEDOUT: 'connection timed out',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    CERT_HAS_EXPIRED: 'TLS certificate expired',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate is self-signed',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
    ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host',
  };
  if (code) return known[code] ?? `network error ${code}`;
  // The tunnel agent reports a refused proxy CONNECT without a code.
  if (/tunneling socket/i.test(message)) return 'the proxy refused the connection';
  return 'network error';
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}

/** The start of an error answer, on one line, for the reason text. */
function shortBody(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  if (!text) return '';
  return `: ${text.length > 120 ? `${text.slice(0, 119)}…` : text}`;
}
