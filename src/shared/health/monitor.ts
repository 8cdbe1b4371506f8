// The measurement loop: after initial-delay, measure every check on a fixed grid (start,
// start + interval, ...) until the window ends, judging after each round, and stop as soon
// as a deciding check is Failed, Error or Inconclusive (as Argo terminates a run). A check
// that is decided is not measured again; one whose last probe erred is measured past the
// window's end. Ticks are on a grid, not "interval after the last probe", so a slow probe
// does not stretch the time to a verdict.
import type { CheckSpec } from './checks.ts';
import { probeHttp, type Outcome } from './http-probe.ts';
import { probePrometheus } from './prometheus.ts';
import {
  isDecisive,
  judge,
  judgeCheck,
  type CheckVerdict,
  type Limits,
  type Measurement,
  type Verdict,
} from './verdict.ts';

export interface WindowSettings extends Limits {
  intervalMs: number;
  durationMs: number;
  initialDelayMs: number;
  probeTimeoutMs: number;
}

export interface Probe {
  spec: CheckSpec;
  /** Measures once; must not throw (an error is an Error outcome). */
  measure(signal: AbortSignal): Promise<Outcome>;
}

export interface CheckResult {
  spec: CheckSpec;
  measurements: Measurement[];
  verdict: CheckVerdict;
}

export interface VerificationResult {
  /** Never Running: a cancelled verification is an Error. */
  verdict: Exclude<Verdict, 'Running'>;
  reason: string;
  /** The check that decided a verdict other than Successful. */
  check?: string;
  checks: CheckResult[];
  settings: WindowSettings;
  /** Epoch ms: window start (after initial-delay), verdict, end. */
  startedAt: number;
  decidedAt: number;
  /** True when a deciding verdict (Failed, Error, Inconclusive) ended the window before its end. */
  stoppedEarly: boolean;
  cancelled: boolean;
}

export interface Clock {
  now(): number;
  /** Resolves after ms, or early when the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (ms <= 0 || signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    }),
};

/** A probe per check: HTTP URLs with fetch, queries against the Prometheus at `prometheusUrl`. */
export function probesFor(
  specs: readonly CheckSpec[],
  opts: { probeTimeoutMs: number; prometheusUrl?: string },
): Probe[] {
  return specs.map((spec) => ({
    spec,
    measure: (signal) =>
      spec.kind === 'http'
        ? probeHttp(spec, { timeoutMs: opts.probeTimeoutMs, signal })
        : probePrometheus(opts.prometheusUrl ?? '', spec, {
            timeoutMs: opts.probeTimeoutMs,
            signal,
          }),
  }));
}

export async function runVerification(
  probes: readonly Probe[],
  settings: WindowSettings,
  opts: {
    signal?: AbortSignal;
    clock?: Clock;
    /** Called after each round with the checks measured in it, e.g. to log it. */
    onRound?: (at: number, round: { spec: CheckSpec; m: Measurement }[]) => void;
  } = {},
): Promise<VerificationResult> {
  const clock = opts.clock ?? realClock;
  const signal = opts.signal ?? new AbortController().signal;
  const tracks = probes.map((probe) => ({ probe, measurements: [] as Measurement[] }));
  const named = () =>
    tracks.map((t) => ({
      name: t.probe.spec.name,
      measurements: t.measurements,
      ...(t.probe.spec.dryRun ? { dryRun: true } : {}),
    }));

  await clock.sleep(settings.initialDelayMs, signal);
  const startedAt = clock.now();
  const end = startedAt + settings.durationMs;
  let overall = judge(named(), settings, false);
  let windowOver = false;
  let stoppedEarly = false;
  let next = startedAt;
  while (!signal.aborted && probes.length > 0) {
    await clock.sleep(next - clock.now(), signal);
    if (signal.aborted) break;
    const at = clock.now();
    // A check that is decided (or done with its window) is not measured again; past the
    // window only the checks whose last probe erred are.
    const active = tracks.filter((_, i) => overall.checks[i]?.verdict === 'Running');
    const round = await Promise.all(
      active.map(async (t) => ({ t, m: { at, ...(await safely(t.probe, signal)) } })),
    );
    if (signal.aborted) break;
    for (const { t, m } of round) t.measurements.push(m);
    opts.onRound?.(
      at,
      round.map(({ t, m }) => ({ spec: t.probe.spec, m })),
    );
    // The next grid point after now: a round slower than the interval skips ticks. Never
    // the same tick again: a timer may fire a millisecond early by the wall clock.
    const now = clock.now();
    next = Math.max(
      next + settings.intervalMs,
      startedAt + Math.ceil((now - startedAt) / settings.intervalMs + 1e-9) * settings.intervalMs,
    );
    windowOver = next > end;
    overall = judge(named(), settings, windowOver);
    if (isDecisive(overall.verdict)) {
      stoppedEarly = !windowOver;
      break;
    }
    if (overall.verdict !== 'Running') break;
  }
  const decidedAt = clock.now();
  const cancelled = signal.aborted;
  if (probes.length === 0) overall = judge([], settings, true);
  const stopper = cancelled
    ? 'verification cancelled'
    : overall.check
      ? `${overall.check} ${STOPPED_BY[overall.verdict] ?? overall.verdict}`
      : 'the window ended';
  const checks = tracks.map((t, i) => {
    const v = overall.checks[i] ?? judgeCheck(t.measurements, settings, windowOver);
    return {
      spec: t.probe.spec,
      measurements: t.measurements,
      verdict:
        v.verdict === 'Running'
          ? { ...v, verdict: 'Stopped' as const, reason: `stopped: ${stopper}` }
          : v,
    };
  });
  const verdict: VerificationResult['verdict'] = cancelled
    ? 'Error'
    : overall.verdict === 'Running'
      ? 'Inconclusive'
      : overall.verdict;
  return {
    verdict,
    reason: cancelled ? `verification cancelled (${reasonOf(signal)})` : overall.reason,
    ...(overall.check ? { check: overall.check } : {}),
    checks,
    settings,
    startedAt,
    decidedAt,
    stoppedEarly: !cancelled && stoppedEarly,
    cancelled,
  };
}

const STOPPED_BY: Partial<Record<Verdict, string>> = {
  Failed: 'failed',
  Error: 'erred',
  Inconclusive: 'was inconclusive',
};

async function safely(p: Probe, signal: AbortSignal): Promise<Outcome> {
  try {
    return await p.measure(signal);
  } catch (err) {
    return { phase: 'Error', detail: `probe failed: ${String(err)}` };
  }
}

function reasonOf(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  return r instanceof Error ? r.message : String(r ?? 'aborted');
}
