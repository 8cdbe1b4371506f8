// The health verdict, as a pure function over measurements, with Argo Rollouts' analysis
// semantics where they make a safe deploy gate, and stricter where they do not (README:
// "Differences from Argo Rollouts"). Per check, the first measurement that crosses a limit
// decides: Failed when failed measurements exceed failure-limit, Error when probe errors in
// a row exceed consecutive-error-limit, Inconclusive when no-data measurements exceed
// inconclusive-limit, Successful at once when consecutive-success-limit successes come in a
// row. When the window ends undecided, a check is Successful only with evidence: zero
// successes is Failed (there were failures), Error (there were errors) or, with no data at
// all, Inconclusive. A check whose last measurement was an error is not done: errors do not
// consume the window, the check is measured again until it answers or errs past the limit.

/**
 * One measurement's outcome. Successful and Failed carry data (a response, a value);
 * Inconclusive means no data (an empty query result); Error means the probe could not
 * measure (timeout, refused connection, a Prometheus error).
 */
export type Phase = 'Successful' | 'Failed' | 'Inconclusive' | 'Error';
/** Running: the window is not over and nothing has decided yet. */
export type Verdict = Phase | 'Running';
/** A check in a finished verification: Stopped when another check (or cancellation) ended the window first. */
export type CheckState = Verdict | 'Stopped';

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
  /** No-data measurements tolerated per check (Argo's inconclusiveLimit); default 0. */
  inconclusiveLimit?: number;
  /** Successful as soon as this many successes come in a row; 0 or unset: off. */
  consecutiveSuccessLimit?: number;
  /**
   * `pass` forgives a check that has had no data at all: its no-data measurements count
   * against inconclusive-limit only once it has produced data. Default `fail`.
   */
  inconclusive?: 'fail' | 'pass';
}

export interface Counts {
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
}

export interface CheckVerdict {
  verdict: CheckState;
  reason: string;
  counts: Counts;
  /** Index of the measurement that decided, when one did (not the end of the window). */
  decidedBy?: number;
  /** No success, no failure and no error: the only case `inconclusive: pass` accepts. */
  noData: boolean;
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

function hasData(c: Counts): boolean {
  return c.successful + c.failed + c.error > 0;
}

/**
 * The verdict of one check. `windowOver`: the window has ended (the check is then judged on
 * what it has, unless its last measurement was an error).
 */
export function judgeCheck(
  ms: readonly Measurement[],
  limits: Limits,
  windowOver: boolean,
): CheckVerdict {
  const inconclusiveLimit = limits.inconclusiveLimit ?? 0;
  const successLimit = limits.consecutiveSuccessLimit ?? 0;
  const forgiveNoData = limits.inconclusive === 'pass';
  const c: Counts = { successful: 0, failed: 0, inconclusive: 0, error: 0 };
  let errorsInARow = 0;
  let successesInARow = 0;
  let longestStreak = 0;
  let noDataCounted = 0;
  const decided = (verdict: Phase, reason: string, i: number): CheckVerdict => ({
    verdict,
    reason,
    counts: countPhases(ms),
    decidedBy: i,
    noData: !hasData(c),
  });
  for (const [i, m] of ms.entries()) {
    const seenData = hasData(c);
    if (m.phase === 'Successful') c.successful++;
    else if (m.phase === 'Failed') c.failed++;
    else if (m.phase === 'Inconclusive') c.inconclusive++;
    else c.error++;
    errorsInARow = m.phase === 'Error' ? errorsInARow + 1 : 0;
    successesInARow = m.phase === 'Successful' ? successesInARow + 1 : 0;
    longestStreak = Math.max(longestStreak, successesInARow);
    if (m.phase === 'Inconclusive' && (!forgiveNoData || seenData)) noDataCounted++;

    if (c.failed > limits.failureLimit)
      return decided(
        'Failed',
        `${c.failed} failed ${plural(c.failed, 'measurement')}, more than failure-limit ${limits.failureLimit} (last: ${m.detail})`,
        i,
      );
    if (errorsInARow > limits.consecutiveErrorLimit)
      return decided(
        'Error',
        `${errorsInARow} probe ${plural(errorsInARow, 'error')} in a row, more than consecutive-error-limit ${limits.consecutiveErrorLimit} (last: ${m.detail})`,
        i,
      );
    if (noDataCounted > inconclusiveLimit)
      return decided(
        'Inconclusive',
        `${noDataCounted} ${plural(noDataCounted, 'measurement')} without data, more than inconclusive-limit ${inconclusiveLimit}` +
          `${seenData ? ' after it had data: the data disappeared' : ''} (last: ${m.detail})`,
        i,
      );
    if (successLimit > 0 && successesInARow >= successLimit)
      return decided(
        'Successful',
        `${successesInARow} successful ${plural(successesInARow, 'measurement')} in a row, consecutive-success-limit ${successLimit}${tolerated(c, limits)}`,
        i,
      );
  }
  const counts = c;
  const last = ms.at(-1);
  // Errors do not consume the window: a check whose last probe erred is measured again.
  if (!windowOver || last?.phase === 'Error')
    return { verdict: 'Running', reason: 'measuring', counts, noData: !hasData(c) };
  const n = ms.length;
  const end = (verdict: Phase, reason: string): CheckVerdict => ({
    verdict,
    reason,
    counts,
    noData: !hasData(c),
  });
  if (n === 0) return end('Inconclusive', 'no measurement was taken');
  if (c.successful === 0) {
    // Zero successes is never health, and failures or errors are evidence against it.
    if (c.failed > 0)
      return end(
        'Failed',
        `no successful measurement: ${c.failed} of ${n} failed, within failure-limit ${limits.failureLimit} (last failure: ${lastOf(ms, 'Failed')})`,
      );
    if (c.error > 0)
      return end(
        'Error',
        `no successful measurement: ${c.error} of ${n} ${plural(n, 'probe')} erred, within consecutive-error-limit ${limits.consecutiveErrorLimit} (last error: ${lastOf(ms, 'Error')})`,
      );
    return end(
      'Inconclusive',
      `no data: none of ${n} ${plural(n, 'measurement')} returned data (last: ${last?.detail})`,
    );
  }
  if (successLimit > 0)
    return end(
      'Failed',
      `never ${successLimit} successful measurements in a row (consecutive-success-limit ${successLimit}; longest run ${longestStreak} of ${n} measurements)`,
    );
  return end(
    'Successful',
    `${c.successful} of ${n} ${plural(n, 'measurement')} successful${tolerated(c, limits)}`,
  );
}

/** What a Successful check tolerated on the way, in words. */
function tolerated(c: Counts, limits: Limits): string {
  const extra = [
    c.failed ? `${c.failed} failed, within failure-limit ${limits.failureLimit}` : '',
    c.error ? `${c.error} probe ${plural(c.error, 'error')}` : '',
    c.inconclusive ? `${c.inconclusive} without data` : '',
  ].filter(Boolean);
  return extra.length ? ` (${extra.join('; ')})` : '';
}

export interface NamedMeasurements {
  name: string;
  measurements: readonly Measurement[];
  /** Measured and reported, never deciding (the dry-run input). */
  dryRun?: boolean;
}

export interface OverallVerdict {
  verdict: Verdict;
  reason: string;
  /** The check that decided a Failed, Error or Inconclusive verdict. */
  check?: string;
  checks: CheckVerdict[];
}

// What decides the whole, strongest first: the order of Argo's IsWorse, so a Failed and an
// Error landing on the same tick give Failed.
const DECISIVE: Phase[] = ['Failed', 'Error', 'Inconclusive'];

/**
 * The verdict over every check: Failed if any deciding check failed, else Error, else
 * Inconclusive, else Running while a check is still measuring, else Successful. Dry-run
 * checks never decide. With no deciding check at all it is Inconclusive: nothing proves the
 * deploy healthy.
 */
export function judge(
  checks: readonly NamedMeasurements[],
  limits: Limits,
  windowOver: boolean,
): OverallVerdict {
  const judged = checks.map((c) => ({
    name: c.name,
    dryRun: c.dryRun === true,
    v: judgeCheck(c.measurements, limits, windowOver),
  }));
  const verdicts = judged.map((j) => j.v);
  const deciding = judged.filter((j) => !j.dryRun);
  for (const phase of DECISIVE) {
    const decisive = deciding.find((j) => j.v.verdict === phase);
    if (decisive)
      return {
        verdict: phase,
        reason: `${decisive.name}: ${decisive.v.reason}`,
        check: decisive.name,
        checks: verdicts,
      };
  }
  // Only deciding checks hold the window open: a dry-run check whose last probe erred would
  // otherwise keep the verdict Running for up to consecutive-error-limit more intervals, and a
  // check that must never decide would still delay (or, at the job's timeout, sink) the verdict.
  // Without any deciding check the window runs its length, so dry-run checks are still measured.
  if (deciding.some((j) => j.v.verdict === 'Running') || (deciding.length === 0 && !windowOver))
    return { verdict: 'Running', reason: 'measuring', checks: verdicts };
  const trial = judged.filter((j) => j.dryRun);
  const trialNote = trial.length
    ? `; dry run, not deciding: ${trial.map((j) => `${j.name} ${j.v.verdict === 'Running' ? 'undecided' : j.v.verdict}`).join(', ')}`
    : '';
  if (deciding.length === 0)
    return {
      verdict: 'Inconclusive',
      reason:
        checks.length === 0
          ? 'no health checks configured (health-urls, prometheus-queries): nothing shows the deploy is healthy'
          : `every check is dry-run: nothing decides whether the deploy is healthy${trialNote}`,
      checks: verdicts,
    };
  return {
    verdict: 'Successful',
    reason: `all ${deciding.length} ${plural(deciding.length, 'check')} healthy: ${deciding.map((j) => `${j.name} ${j.v.reason}`).join('; ')}${trialNote}`,
    checks: verdicts,
  };
}

/** True for the verdicts that end the window early. */
export function isDecisive(v: Verdict): boolean {
  return (DECISIVE as Verdict[]).includes(v);
}

function lastOf(ms: readonly Measurement[], phase: Phase): string {
  return [...ms].reverse().find((m) => m.phase === phase)?.detail ?? '';
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
