// The health verdict, as a pure function over measurements, with Argo Rollouts' analysis
// semantics: a check is Failed as soon as its failed measurements exceed failure-limit (no
// need to wait out the window), Error when probe errors in a row exceed
// consecutive-error-limit, Inconclusive when it produced no data, else Successful. Zero
// successful measurements is never Successful: no evidence, no "healthy".

/**
 * One measurement's outcome. Successful and Failed carry data (a response, a value);
 * Inconclusive means no data (an empty query result); Error means the probe could not
 * measure (timeout, refused connection, a Prometheus error).
 */
export type Phase = 'Successful' | 'Failed' | 'Inconclusive' | 'Error';
/** Running: the window is not over and nothing has decided yet. */
export type Verdict = Phase | 'Running';

export interface Measurement {
  /** Epoch milliseconds when the measurement started. */
  at: number;
  phase: Phase;
  /** The charted number: response time in ms, or the query's value. */
  value?: number;
  /** One line a person reads: `503 in 12ms`, `0.034 (needs < 0.01)`. */
  detail: string;
}

export interface Limits {
  failureLimit: number;
  consecutiveErrorLimit: number;
}

export interface Counts {
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
}

export interface CheckVerdict {
  verdict: Verdict;
  reason: string;
  counts: Counts;
  /** Index of the measurement that decided Failed or Error. */
  decidedBy?: number;
}

export function countPhases(ms: readonly Measurement[]): Counts {
  const c: Counts = { successful: 0, failed: 0, inconclusive: 0, error: 0 };
  for (const m of ms) {
    if (m.phase === 'Successful') c.successful++;
    else if (m.phase === 'Failed') c.failed++;
    else if (m.phase === 'Inconclusive') c.inconclusive++;
    else c.error++;
  }
  return c;
}

/** Errors at the end of the list, in a row: any measurement with or without data resets it. */
function trailingErrors(ms: readonly Measurement[]): number {
  let n = 0;
  for (const m of [...ms].reverse()) {
    if (m.phase !== 'Error') break;
    n++;
  }
  return n;
}

/** The verdict of one check; `complete` says whether the window is over. */
export function judgeCheck(
  ms: readonly Measurement[],
  limits: Limits,
  complete: boolean,
): CheckVerdict {
  const counts = countPhases(ms);
  const last = ms.at(-1);
  if (counts.failed > limits.failureLimit) {
    return {
      verdict: 'Failed',
      reason: `${counts.failed} failed ${plural(counts.failed, 'measurement')}, more than failure-limit ${limits.failureLimit} (last: ${lastOf(ms, 'Failed')})`,
      counts,
      decidedBy: nthIndex(ms, 'Failed', limits.failureLimit + 1),
    };
  }
  const inARow = trailingErrors(ms);
  if (inARow > limits.consecutiveErrorLimit) {
    return {
      verdict: 'Error',
      reason: `${inARow} probe ${plural(inARow, 'error')} in a row, more than consecutive-error-limit ${limits.consecutiveErrorLimit} (last: ${last?.detail})`,
      counts,
      decidedBy: ms.length - 1,
    };
  }
  if (!complete) return { verdict: 'Running', reason: 'measuring', counts };
  if (counts.successful === 0) {
    return {
      verdict: 'Inconclusive',
      reason:
        ms.length === 0
          ? 'no measurement was taken'
          : `no data: none of ${ms.length} ${plural(ms.length, 'measurement')} succeeded (last: ${last?.detail})`,
      counts,
    };
  }
  const extra = [
    counts.failed ? `${counts.failed} failed, within failure-limit ${limits.failureLimit}` : '',
    counts.error ? `${counts.error} probe ${plural(counts.error, 'error')}` : '',
    counts.inconclusive ? `${counts.inconclusive} without data` : '',
  ].filter(Boolean);
  return {
    verdict: 'Successful',
    reason: `${counts.successful} of ${ms.length} ${plural(ms.length, 'measurement')} successful${extra.length ? ` (${extra.join('; ')})` : ''}`,
    counts,
  };
}

export interface NamedMeasurements {
  name: string;
  measurements: readonly Measurement[];
}

export interface OverallVerdict {
  verdict: Verdict;
  reason: string;
  /** The check that decided a Failed, Error or Inconclusive verdict. */
  check?: string;
  checks: CheckVerdict[];
}

// What decides the whole, strongest first.
const PRECEDENCE: Verdict[] = ['Failed', 'Error', 'Running', 'Inconclusive', 'Successful'];

/**
 * The verdict over every check: Failed if any check failed, else Error, else Running while
 * the window lasts, else Inconclusive if any check had no data, else Successful. With no
 * checks at all it is Inconclusive: nothing proves the deploy healthy.
 */
export function judge(
  checks: readonly NamedMeasurements[],
  limits: Limits,
  complete: boolean,
): OverallVerdict {
  const judged = checks.map((c) => ({
    name: c.name,
    v: judgeCheck(c.measurements, limits, complete),
  }));
  const verdicts = judged.map((j) => j.v);
  if (checks.length === 0) {
    return {
      verdict: complete ? 'Inconclusive' : 'Running',
      reason:
        'no health checks configured (health-urls, prometheus-queries): nothing shows the deploy is healthy',
      checks: [],
    };
  }
  for (const verdict of PRECEDENCE) {
    const decisive = judged.find((j) => j.v.verdict === verdict);
    if (!decisive) continue;
    if (verdict === 'Running') return { verdict, reason: 'measuring', checks: verdicts };
    if (verdict === 'Successful') {
      return {
        verdict,
        reason: `all ${checks.length} ${plural(checks.length, 'check')} healthy: ${judged.map((j) => `${j.name} ${j.v.reason}`).join('; ')}`,
        checks: verdicts,
      };
    }
    return {
      verdict,
      reason: `${decisive.name}: ${decisive.v.reason}`,
      check: decisive.name,
      checks: verdicts,
    };
  }
  /* c8 ignore next */
  throw new Error('unreachable: every verdict is in PRECEDENCE');
}

/** True for the verdicts that end the window early. */
export function isDecisive(v: Verdict): boolean {
  return v === 'Failed' || v === 'Error';
}

/** Index of the n-th measurement (1-based) in a phase. */
function nthIndex(ms: readonly Measurement[], phase: Phase, n: number): number {
  let seen = 0;
  for (const [i, m] of ms.entries()) if (m.phase === phase && ++seen === n) return i;
  return ms.length - 1;
}

function lastOf(ms: readonly Measurement[], phase: Phase): string {
  return [...ms].reverse().find((m) => m.phase === phase)?.detail ?? '';
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
