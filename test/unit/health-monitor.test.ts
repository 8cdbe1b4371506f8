// The measurement loop on a simulated clock: the grid of ticks, early stops, slow probes,
// initial delay and cancellation, deterministic and instant.
import { describe, expect, it } from 'vitest';
import {
  runVerification,
  type Clock,
  type Probe,
  type WindowSettings,
} from '../../src/shared/health/monitor.ts';
import type { Outcome } from '../../src/shared/health/http-probe.ts';
import type { CheckSpec } from '../../src/shared/health/checks.ts';

/** A clock whose time moves only when the loop sleeps or a probe "takes" time. */
function simulatedClock(): Clock & { t: number } {
  const c = {
    t: 1_000_000,
    now: () => c.t,
    sleep: async (ms: number) => {
      if (ms > 0) c.t += ms;
    },
  };
  return c;
}

const spec = (name: string): CheckSpec => ({
  kind: 'http',
  name,
  url: `http://x/${name}`,
  status: ['2xx'],
  json: [],
});

/** A probe that answers from a script: the outcome at each call, taking `takesMs`. */
function scripted(
  clock: { t: number },
  name: string,
  outcomes: Outcome['phase'][],
  takesMs = 0,
): Probe & { calls: number[] } {
  const p = {
    spec: spec(name),
    calls: [] as number[],
    measure: async () => {
      p.calls.push(clock.t);
      clock.t += takesMs;
      const phase = outcomes[p.calls.length - 1] ?? 'Successful';
      return { phase, value: 1, detail: `${phase} ${p.calls.length}` };
    },
  };
  return p;
}

const window = (w: Partial<WindowSettings> = {}): WindowSettings => ({
  intervalMs: 1_000,
  durationMs: 5_000,
  initialDelayMs: 0,
  probeTimeoutMs: 500,
  failureLimit: 0,
  consecutiveErrorLimit: 4,
  ...w,
});

describe('runVerification', () => {
  it('measures on a grid from start to the end of the window, inclusive', async () => {
    const clock = simulatedClock();
    const a = scripted(clock, 'a', []);
    const r = await runVerification([a], window(), { clock });
    expect(a.calls.map((t) => t - r.startedAt)).toEqual([0, 1_000, 2_000, 3_000, 4_000, 5_000]);
    expect(r).toMatchObject({ verdict: 'Successful', stoppedEarly: false, cancelled: false });
    expect(r.checks[0]!.measurements).toHaveLength(6);
  });

  it('stops at the measurement that exceeds failure-limit', async () => {
    const clock = simulatedClock();
    const a = scripted(clock, 'a', ['Successful', 'Failed', 'Successful', 'Failed']);
    const b = scripted(clock, 'b', []);
    const r = await runVerification([a, b], window({ failureLimit: 1, durationMs: 60_000 }), {
      clock,
    });
    expect(r).toMatchObject({ verdict: 'Failed', check: 'a', stoppedEarly: true });
    expect(a.calls).toHaveLength(4);
    expect(b.calls).toHaveLength(4);
    expect(r.decidedAt - r.startedAt).toBe(3_000);
  });

  it('stops with Error when errors in a row exceed consecutive-error-limit', async () => {
    const clock = simulatedClock();
    const a = scripted(clock, 'a', ['Successful', 'Error', 'Error', 'Error']);
    const r = await runVerification([a], window({ consecutiveErrorLimit: 2, durationMs: 60_000 }), {
      clock,
    });
    expect(r).toMatchObject({ verdict: 'Error', stoppedEarly: true });
    expect(a.calls).toHaveLength(4);
  });

  it('waits initial-delay before the window opens', async () => {
    const clock = simulatedClock();
    const t0 = clock.t;
    const a = scripted(clock, 'a', []);
    const r = await runVerification([a], window({ initialDelayMs: 30_000, durationMs: 0 }), {
      clock,
    });
    expect(r.startedAt - t0).toBe(30_000);
    expect(a.calls).toEqual([r.startedAt]);
  });

  it('a probe slower than the interval skips ticks instead of bunching them', async () => {
    const clock = simulatedClock();
    const a = scripted(clock, 'a', [], 2_500);
    const r = await runVerification([a], window({ durationMs: 10_000 }), { clock });
    expect(a.calls.map((t) => t - r.startedAt)).toEqual([0, 3_000, 6_000, 9_000]);
  });

  it('a timer that fires a millisecond early does not repeat the tick', async () => {
    const clock = simulatedClock();
    clock.sleep = async (ms: number) => {
      if (ms > 0) clock.t += ms - 1;
      // Yield to the timers so a repeating loop fails by the test timeout, not a hang.
      await new Promise((resolve) => setImmediate(resolve));
    };
    const a = scripted(clock, 'a', []);
    const r = await runVerification([a], window({ durationMs: 3_000 }), { clock });
    expect(a.calls.map((t) => t - r.startedAt)).toEqual([0, 999, 1_999, 2_999]);
  });

  it('with no checks: Inconclusive at once, no measurement', async () => {
    const clock = simulatedClock();
    const r = await runVerification([], window(), { clock });
    expect(r).toMatchObject({ verdict: 'Inconclusive', checks: [] });
    expect(r.reason).toContain('no health checks configured');
  });

  it('cancellation ends the window with Error, never a pass', async () => {
    const c = new AbortController();
    let calls = 0;
    const probe: Probe = {
      spec: spec('a'),
      measure: async () => {
        if (++calls === 2) c.abort(new Error('cancelled by SIGTERM'));
        return { phase: 'Successful', value: 1, detail: 'ok' };
      },
    };
    const r = await runVerification([probe], window({ intervalMs: 10, durationMs: 60_000 }), {
      signal: c.signal,
    });
    expect(r).toMatchObject({
      verdict: 'Error',
      cancelled: true,
      reason: 'verification cancelled (cancelled by SIGTERM)',
    });
    expect(calls).toBe(2);
  });

  it('errors do not consume the window: a check whose last probe erred is measured again past its end', async () => {
    const clock = simulatedClock();
    const a = scripted(clock, 'a', ['Successful', 'Successful', 'Error', 'Error', 'Successful']);
    const b = scripted(clock, 'b', []);
    const r = await runVerification([a, b], window({ durationMs: 3_000 }), { clock });
    // b stops at the end of the window (0..3 s); a goes on at the interval until it answers.
    expect(b.calls.map((t) => t - r.startedAt)).toEqual([0, 1_000, 2_000, 3_000]);
    expect(a.calls.map((t) => t - r.startedAt)).toEqual([0, 1_000, 2_000, 3_000, 4_000]);
    expect(r).toMatchObject({ verdict: 'Successful', stoppedEarly: false });
  });

  it('an outage at the end of the window is an Error, not a pass', async () => {
    const clock = simulatedClock();
    const a = scripted(clock, 'a', [
      'Successful',
      'Error',
      'Error',
      'Error',
      'Error',
      'Error',
      'Error',
    ]);
    const r = await runVerification([a], window({ durationMs: 1_000, consecutiveErrorLimit: 4 }), {
      clock,
    });
    expect(r).toMatchObject({ verdict: 'Error', check: 'a' });
    expect(a.calls).toHaveLength(6);
  });

  it('data that disappears stops the window at the first no-data measurement (inconclusive-limit 0)', async () => {
    const clock = simulatedClock();
    const a = scripted(clock, 'a', ['Successful', 'Inconclusive']);
    const b = scripted(clock, 'b', []);
    const r = await runVerification([a, b], window({ durationMs: 60_000 }), { clock });
    expect(r).toMatchObject({ verdict: 'Inconclusive', check: 'a', stoppedEarly: true });
    expect(a.calls).toHaveLength(2);
    expect(r.checks[1]!.verdict).toMatchObject({
      verdict: 'Stopped',
      reason: 'stopped: a was inconclusive',
    });
  });

  it('a check stopped by another one says which; a decided check is not measured again', async () => {
    const clock = simulatedClock();
    const a = scripted(clock, 'a', ['Successful', 'Successful', 'Failed']);
    const b = scripted(clock, 'b', []);
    const r = await runVerification([a, b], window({ durationMs: 60_000 }), { clock });
    expect(r.checks.map((c) => [c.verdict.verdict, c.verdict.reason])).toEqual([
      ['Failed', expect.stringContaining('1 failed measurement')],
      ['Stopped', 'stopped: a failed'],
    ]);
  });

  it('consecutive-success-limit: each check stops at its streak; the window ends when all have', async () => {
    const clock = simulatedClock();
    const a = scripted(clock, 'a', []);
    const b = scripted(clock, 'b', ['Failed', 'Successful', 'Successful', 'Successful']);
    const r = await runVerification(
      [a, b],
      window({ durationMs: 60_000, failureLimit: 1, consecutiveSuccessLimit: 3 }),
      { clock },
    );
    expect(a.calls).toHaveLength(3);
    expect(b.calls).toHaveLength(4);
    expect(r).toMatchObject({ verdict: 'Successful', stoppedEarly: false });
    expect(r.decidedAt - r.startedAt).toBe(3_000);
  });

  it('a dry-run check is measured and reported but never decides', async () => {
    const clock = simulatedClock();
    const a = scripted(clock, 'a', []);
    const trial = scripted(clock, 'trial', ['Successful', 'Failed']);
    trial.spec = { ...trial.spec, dryRun: true };
    const r = await runVerification([a, trial], window({ durationMs: 3_000 }), { clock });
    expect(r.verdict).toBe('Successful');
    expect(r.checks[1]!.verdict.verdict).toBe('Failed');
    // Decided, so not measured again; the deciding check runs its whole window.
    expect(trial.calls).toHaveLength(2);
    expect(a.calls).toHaveLength(4);
  });

  it('runs on real time too, reporting every round', async () => {
    const rounds: number[] = [];
    const probe: Probe = {
      spec: spec('a'),
      measure: async () => ({ phase: 'Successful', value: 1, detail: 'ok' }),
    };
    const r = await runVerification([probe], window({ intervalMs: 50, durationMs: 150 }), {
      onRound: (at) => rounds.push(at),
    });
    expect(r.verdict).toBe('Successful');
    // 4 rounds on the grid 0, 50, 100, 150 ms on an idle machine; a busy one may skip ticks,
    // never add one, and no round comes before its grid point: the i-th round is at least i
    // intervals after the start (1 ms of slack: a timer may fire a millisecond early by the
    // wall clock). Lower bounds only: a busy machine makes rounds later, never earlier.
    expect(rounds.length).toBeGreaterThanOrEqual(1);
    expect(rounds.length).toBeLessThanOrEqual(4);
    rounds.forEach((at, i) => expect(at - r.startedAt).toBeGreaterThanOrEqual(i * 50 - 1));
  });
});
