// Prometheus instant queries (GET /api/v1/query) with fetch and an AbortSignal timeout. An
// empty result is "no data" (Inconclusive), never a pass: a query for a metric that was
// renamed, or a service that stopped exporting it, must not look healthy.
import { compare, type PrometheusCheckSpec, type Threshold } from './checks.ts';
import { answerTimeout, fetchError, type Outcome } from './http-probe.ts';

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

export type QueryResult = { ok: true; samples: Sample[] } | { ok: false; error: string };

/** Reads the answer of /api/v1/query; pure, so every answer shape is tested offline. */
export function readQueryResult(status: number, json: unknown): QueryResult {
  const body = json as {
    status?: string;
    errorType?: string;
    error?: string;
    data?: { resultType?: string; result?: unknown };
  } | null;
  if (!body || typeof body !== 'object')
    return { ok: false, error: `HTTP ${status}: not a Prometheus API answer` };
  if (body.status !== 'success') {
    return {
      ok: false,
      error: `HTTP ${status}: ${body.errorType ?? 'error'}: ${body.error ?? 'no message'}`,
    };
  }
  const { resultType, result } = body.data ?? {};
  if (resultType === 'scalar') {
    const [, v] = result as [number, string];
    return { ok: true, samples: [{ labels: {}, value: Number(v) }] };
  }
  if (resultType === 'vector') {
    const samples = (result as { metric: Record<string, string>; value: [number, string] }[]).map(
      (r) => ({ labels: r.metric, value: Number(r.value[1]) }),
    );
    return { ok: true, samples };
  }
  return {
    ok: false,
    error: `the query returns a ${resultType ?? 'strange'} result; use an instant query that returns a number or a vector`,
  };
}

/**
 * Judges samples against the threshold: every series must meet it. No series, or only NaN
 * (0/0: no traffic in the range), is no data. The charted value is the worst series.
 */
export function judgeSamples(samples: readonly Sample[], t: Threshold): Outcome {
  const values = samples.map((s) => s.value).filter((v) => !Number.isNaN(v));
  const need = `${t.op} ${t.value}`;
  if (values.length === 0) {
    return {
      phase: 'Inconclusive',
      detail:
        samples.length === 0
          ? 'no data: the query returned no series'
          : 'no data: the query returned NaN (no traffic in its range?)',
    };
  }
  const failing = values.filter((v) => !compare(v, t));
  const worst = failing.length
    ? failing.reduce((a, b) => (distance(b, t) > distance(a, t) ? b : a))
    : values.reduce((a, b) => (distance(b, t) > distance(a, t) ? b : a));
  const series = values.length > 1 ? ` (worst of ${values.length} series)` : '';
  return failing.length
    ? { phase: 'Failed', value: worst, detail: `${fmt(worst)}${series}, needs ${need}` }
    : { phase: 'Successful', value: worst, detail: `${fmt(worst)}${series} ${need}` };
}

/** How far a value sits on the bad side of the threshold (larger is worse). */
function distance(v: number, t: Threshold): number {
  if (t.op === '<' || t.op === '<=') return v - t.value;
  if (t.op === '>' || t.op === '>=') return t.value - v;
  return Math.abs(v - t.value) * (t.op === '==' ? 1 : -1);
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

export async function queryPrometheus(
  baseUrl: string,
  query: string,
  opts: { timeoutMs: number; signal?: AbortSignal },
): Promise<QueryResult> {
  const url = new URL('api/v1/query', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  url.searchParams.set('query', query);
  // Ask Prometheus to give up before we do, so its own error explains a slow query.
  url.searchParams.set('timeout', `${Math.max(1, Math.floor(opts.timeoutMs / 1000))}s`);
  const timeout = answerTimeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  try {
    const res = await fetch(url, { signal, headers: { accept: 'application/json' } });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, error: `HTTP ${res.status}: not JSON (is ${baseUrl} a Prometheus?)` };
    }
    return readQueryResult(res.status, json);
  } catch (err) {
    return { ok: false, error: fetchError(err, opts.timeoutMs, timeout.aborted) };
  }
}

/** Measures one query once; never throws. */
export async function probePrometheus(
  baseUrl: string,
  spec: PrometheusCheckSpec,
  opts: { timeoutMs: number; signal?: AbortSignal },
): Promise<Outcome> {
  const r = await queryPrometheus(baseUrl, spec.query, opts);
  if (!r.ok) return { phase: 'Error', detail: `Prometheus: ${r.error}` };
  return judgeSamples(r.samples, spec.threshold);
}
