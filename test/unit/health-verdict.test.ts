// The health verdict is pure: checked on named examples, then exhaustively over every
// sequence of up to six measurements and several limits against the rules it promises.
import { describe, expect, it } from 'vitest';
import {
  judge,
  judgeCheck,
  type Limits,
  type Measurement,
  type Phase,
} from '../../src/shared/health/verdict.ts';

const PHASES: Phase[] = ['Successful', 'Failed', 'Inconclusive', 'Error'];
const S = 'Successful';
const F = 'Failed';
const I = 'Inconclusive';
const E = 'Error';

function ms(...phases: Phase[]): Measurement[] {
  return phases.map((phase, i) => ({ at: i * 1000, phase, detail: `${phase} #${i}` }));
}
const limits = (failureLimit: number, consecutiveErrorLimit: number): Limits => ({
  failureLimit,
  consecutiveErrorLimit,
});

describe('judgeCheck: examples', () => {
  it.each([
    // [measurements, failure-limit, consecutive-error-limit, complete, verdict]
    [[S, S, S], 0, 4, true, 'Successful'],
    [[S, S, S], 0, 4, false, 'Running'],
    [[S, F], 0, 4, false, 'Failed'],
    [[S, F], 1, 4, true, 'Successful'],
    [[S, F, S, F], 1, 4, false, 'Failed'],
    [[E, E, E, E], 0, 4, true, 'Inconclusive'],
    [[E, E, E, E, E], 0, 4, false, 'Error'],
    [[E, E, S, E, E], 0, 2, true, 'Successful'],
    [[E, E, I, E, E], 0, 2, true, 'Inconclusive'],
    [[E, E, E], 0, 2, false, 'Error'],
    [[I, I, I], 0, 4, true, 'Inconclusive'],
    [[I, S, I], 0, 4, true, 'Successful'],
    [[], 0, 4, true, 'Inconclusive'],
    [[], 0, 4, false, 'Running'],
    // Failed outranks Error when both limits are crossed by the same sequence.
    [[F, E], 0, 0, false, 'Failed'],
  ] as [Phase[], number, number, boolean, string][])(
    '%j with failure-limit %i, consecutive-error-limit %i, complete %s: %s',
    (phases, fl, cel, complete, verdict) => {
      expect(judgeCheck(ms(...phases), limits(fl, cel), complete).verdict).toBe(verdict);
    },
  );

  it('explains itself', () => {
    expect(judgeCheck(ms(S, F, F), limits(1, 4), false)).toMatchObject({
      verdict: 'Failed',
      reason: '2 failed measurements, more than failure-limit 1 (last: Failed #2)',
      decidedBy: 2,
    });
    expect(judgeCheck(ms(S, E, E), limits(0, 1), false)).toMatchObject({
      verdict: 'Error',
      reason: '2 probe errors in a row, more than consecutive-error-limit 1 (last: Error #2)',
    });
    expect(judgeCheck(ms(I, I), limits(0, 4), true).reason).toBe(
      'no data: none of 2 measurements succeeded (last: Inconclusive #1)',
    );
    expect(judgeCheck(ms(S, F, E, I, S), limits(1, 4), true).reason).toBe(
      '2 of 5 measurements successful (1 failed, within failure-limit 1; 1 probe error; 1 without data)',
    );
  });

  it('names the measurement that decided Failed even when judged afterwards', () => {
    expect(judgeCheck(ms(S, F, S, F, S, F), limits(1, 4), true).decidedBy).toBe(3);
  });
});

/** Every sequence of the phases, from empty to `max` long. */
function allSequences(max: number): Phase[][] {
  const out: Phase[][] = [[]];
  let level: Phase[][] = [[]];
  for (let n = 1; n <= max; n++) {
    level = level.flatMap((s) => PHASES.map((p) => [...s, p]));
    out.push(...level);
  }
  return out;
}

const trailingErrors = (p: Phase[]) => {
  let n = 0;
  for (let i = p.length - 1; i >= 0 && p[i] === 'Error'; i--) n++;
  return n;
};

describe('judgeCheck: every sequence up to 6 measurements', () => {
  const all = allSequences(6);
  const limitSets = [limits(0, 0), limits(0, 4), limits(1, 1), limits(2, 0), limits(3, 2)];

  it('covers 5461 sequences', () => expect(all).toHaveLength(5461));

  it('follows the rules for every sequence, limit and window state', () => {
    let checked = 0;
    for (const phases of all) {
      const failed = phases.filter((p) => p === 'Failed').length;
      const successful = phases.filter((p) => p === 'Successful').length;
      for (const l of limitSets) {
        for (const complete of [false, true]) {
          const v = judgeCheck(ms(...phases), l, complete).verdict;
          const expected =
            failed > l.failureLimit
              ? 'Failed'
              : trailingErrors(phases) > l.consecutiveErrorLimit
                ? 'Error'
                : !complete
                  ? 'Running'
                  : successful === 0
                    ? 'Inconclusive'
                    : 'Successful';
          if (v !== expected)
            throw new Error(
              `${phases.join(',')} ${JSON.stringify(l)} ${complete}: ${v}, expected ${expected}`,
            );
          // Zero successful measurements is never Successful.
          if (successful === 0) expect(v).not.toBe('Successful');
          checked++;
        }
      }
    }
    expect(checked).toBe(5461 * 5 * 2);
  });

  it('decides Failed early: once Failed, every longer sequence stays Failed', () => {
    for (const phases of allSequences(5)) {
      if (judgeCheck(ms(...phases), limits(1, 4), false).verdict !== 'Failed') continue;
      for (const p of PHASES) {
        expect(judgeCheck(ms(...phases, p), limits(1, 4), false).verdict).toBe('Failed');
      }
    }
  });
});

describe('judge: all checks together', () => {
  const l = limits(0, 1);
  const check = (name: string, ...phases: Phase[]) => ({ name, measurements: ms(...phases) });

  it('is Inconclusive with no checks: nothing shows the deploy healthy', () => {
    expect(judge([], l, true)).toMatchObject({
      verdict: 'Inconclusive',
      reason: expect.stringContaining('no health checks'),
    });
    expect(judge([], l, false).verdict).toBe('Running');
  });

  it.each([
    [
      [
        [S, S],
        [S, S],
      ],
      true,
      'Successful',
      undefined,
    ],
    [
      [
        [S, S],
        [S, F],
      ],
      false,
      'Failed',
      'b',
    ],
    [
      [
        [E, E],
        [S, F],
      ],
      false,
      'Failed',
      'b',
    ],
    [
      [
        [E, E],
        [S, S],
      ],
      false,
      'Error',
      'a',
    ],
    [
      [
        [S, S],
        [I, I],
      ],
      true,
      'Inconclusive',
      'b',
    ],
    [
      [
        [S, S],
        [I, I],
      ],
      false,
      'Running',
      undefined,
    ],
    [
      [
        [E, E],
        [I, I],
      ],
      true,
      'Error',
      'a',
    ],
    [[[S], [S]], false, 'Running', undefined],
  ] as [Phase[][], boolean, string, string | undefined][])(
    '%j complete=%s: %s (decided by %s)',
    (series, complete, verdict, decidedBy) => {
      const v = judge(
        series.map((s, i) => check(String.fromCharCode(97 + i), ...s)),
        l,
        complete,
      );
      expect(v.verdict).toBe(verdict);
      expect(v.check).toBe(decidedBy);
      expect(v.checks).toHaveLength(series.length);
    },
  );

  it('names the deciding check in its reason', () => {
    const v = judge([check('api', S, S), check('error-rate', S, F)], l, false);
    expect(v.reason).toBe(
      'error-rate: 1 failed measurement, more than failure-limit 0 (last: Failed #1)',
    );
    const ok = judge([check('api', S), check('error-rate', S, I)], l, true);
    expect(ok.reason).toBe(
      'all 2 checks healthy: api 1 of 1 measurement successful; error-rate 1 of 2 measurements successful (1 without data)',
    );
  });
});
