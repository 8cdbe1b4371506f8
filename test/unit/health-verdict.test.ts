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
    // [measurements, failure-limit, consecutive-error-limit, window over, verdict]
    [[S, S, S], 0, 4, true, 'Successful'],
    [[S, S, S], 0, 4, false, 'Running'],
    [[S, F], 0, 4, false, 'Failed'],
    [[S, F], 1, 4, true, 'Successful'],
    [[S, F, S, F], 1, 4, false, 'Failed'],
    // Errors do not consume the window: the last probe erred, so the check goes on.
    [[E, E, E, E], 0, 4, true, 'Running'],
    [[E, E, E, E, E], 0, 4, false, 'Error'],
    [[E, E, S, E, E], 0, 2, true, 'Running'],
    [[E, E, S, E, S], 0, 2, true, 'Successful'],
    [[E, E, E], 0, 2, false, 'Error'],
    // No data is counted against inconclusive-limit (default 0): the first one decides.
    [[I, I, I], 0, 4, true, 'Inconclusive'],
    [[S, I], 0, 4, false, 'Inconclusive'],
    [[], 0, 4, true, 'Inconclusive'],
    [[], 0, 4, false, 'Running'],
    // Zero successes is never Successful: failures or errors within their limits decide.
    [[F, F, F], 5, 4, true, 'Failed'],
    [[E, E, E, F], 5, 4, true, 'Failed'],
    [[E, E, E, E, I], 0, 4, false, 'Inconclusive'],
    // The first limit crossed decides, as the window would have stopped there.
    [[F, E], 0, 0, false, 'Failed'],
    [[E, F], 0, 0, false, 'Error'],
  ] as [Phase[], number, number, boolean, string][])(
    '%j with failure-limit %i, consecutive-error-limit %i, window over %s: %s',
    (phases, fl, cel, over, verdict) => {
      expect(judgeCheck(ms(...phases), limits(fl, cel), over).verdict).toBe(verdict);
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
    expect(judgeCheck(ms(I, I), { ...limits(0, 4), inconclusiveLimit: 5 }, true).reason).toBe(
      'no data: none of 2 measurements returned data (last: Inconclusive #1)',
    );
    expect(judgeCheck(ms(S, I), limits(0, 4), false).reason).toBe(
      '1 measurement without data, more than inconclusive-limit 0 after it had data: the data disappeared (last: Inconclusive #1)',
    );
    expect(judgeCheck(ms(F, F, F), limits(5, 4), true).reason).toBe(
      'no successful measurement: 3 of 3 failed, within failure-limit 5 (last failure: Failed #2)',
    );
    expect(
      judgeCheck(ms(S, F, E, I, S), { ...limits(1, 4), inconclusiveLimit: 1 }, true).reason,
    ).toBe(
      '2 of 5 measurements successful (1 failed, within failure-limit 1; 1 probe error; 1 without data)',
    );
  });

  it('names the measurement that decided', () => {
    expect(judgeCheck(ms(S, F, S, F, S, F), limits(1, 4), true).decidedBy).toBe(3);
    expect(judgeCheck(ms(S, S, F), limits(0, 4), true).noData).toBe(false);
    expect(judgeCheck(ms(I, I), limits(0, 4), true)).toMatchObject({ decidedBy: 0, noData: true });
  });

  it('consecutive-success-limit: Successful at the N-th success in a row, Failed when the window ends without it', () => {
    const l = { ...limits(3, 4), consecutiveSuccessLimit: 3 };
    expect(judgeCheck(ms(S, F, S, S, S), l, false)).toMatchObject({
      verdict: 'Successful',
      decidedBy: 4,
      reason:
        '3 successful measurements in a row, consecutive-success-limit 3 (1 failed, within failure-limit 3)',
    });
    expect(judgeCheck(ms(S, S, F, S, S), l, false).verdict).toBe('Running');
    expect(judgeCheck(ms(S, S, F, S, S), l, true)).toMatchObject({
      verdict: 'Failed',
      reason:
        'never 3 successful measurements in a row (consecutive-success-limit 3; longest run 2 of 5 measurements)',
    });
    // An error breaks the run too.
    expect(judgeCheck(ms(S, S, E, S), l, false).verdict).toBe('Running');
  });

  it('inconclusive: pass forgives a check that never had data, never data that disappeared', () => {
    const pass = { ...limits(0, 4), inconclusive: 'pass' as const };
    expect(judgeCheck(ms(I, I, I), pass, false).verdict).toBe('Running');
    expect(judgeCheck(ms(I, I, I), pass, true)).toMatchObject({
      verdict: 'Inconclusive',
      noData: true,
    });
    expect(judgeCheck(ms(I, S, I), pass, false)).toMatchObject({
      verdict: 'Inconclusive',
      decidedBy: 2,
      noData: false,
    });
    expect(judgeCheck(ms(I, I, S, S), pass, true).verdict).toBe('Successful');
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

/**
 * The rules, written another way: look at each prefix in turn; the first prefix that
 * crosses a limit decides; otherwise judge the whole once the window is over.
 */
function model(p: Phase[], l: Required<Limits>, over: boolean): string {
  const count = (xs: Phase[], ph: Phase) => xs.filter((x) => x === ph).length;
  const trailing = (xs: Phase[], ph: Phase) => {
    let n = 0;
    for (let i = xs.length - 1; i >= 0 && xs[i] === ph; i--) n++;
    return n;
  };
  for (let k = 1; k <= p.length; k++) {
    const pre = p.slice(0, k);
    const firstData = pre.findIndex((x) => x !== I);
    const counted =
      l.inconclusive === 'pass'
        ? firstData < 0
          ? 0
          : count(pre.slice(firstData + 1), I)
        : count(pre, I);
    if (count(pre, F) > l.failureLimit) return 'Failed';
    if (trailing(pre, E) > l.consecutiveErrorLimit) return 'Error';
    if (counted > l.inconclusiveLimit) return 'Inconclusive';
    if (l.consecutiveSuccessLimit > 0 && trailing(pre, S) >= l.consecutiveSuccessLimit)
      return 'Successful';
  }
  if (!over || p.at(-1) === E) return 'Running';
  if (count(p, S) === 0) return count(p, F) ? 'Failed' : count(p, E) ? 'Error' : 'Inconclusive';
  return l.consecutiveSuccessLimit > 0 ? 'Failed' : 'Successful';
}

describe('judgeCheck: every sequence up to 6 measurements', () => {
  const all = allSequences(6);
  const base = { inconclusiveLimit: 0, consecutiveSuccessLimit: 0, inconclusive: 'fail' as const };
  const limitSets: Required<Limits>[] = [
    { ...base, failureLimit: 0, consecutiveErrorLimit: 0 },
    { ...base, failureLimit: 0, consecutiveErrorLimit: 4 },
    { ...base, failureLimit: 1, consecutiveErrorLimit: 1, inconclusiveLimit: 2 },
    { ...base, failureLimit: 2, consecutiveErrorLimit: 0, consecutiveSuccessLimit: 2 },
    {
      ...base,
      failureLimit: 3,
      consecutiveErrorLimit: 2,
      inconclusiveLimit: 1,
      inconclusive: 'pass',
    },
    { ...base, failureLimit: 9, consecutiveErrorLimit: 9, inconclusiveLimit: 9 },
  ];

  it('covers 5461 sequences', () => expect(all).toHaveLength(5461));

  it('follows the rules for every sequence, limit and window state', () => {
    let checked = 0;
    for (const phases of all) {
      const successful = phases.filter((p) => p === 'Successful').length;
      for (const l of limitSets) {
        for (const over of [false, true]) {
          const v = judgeCheck(ms(...phases), l, over);
          const expected = model(phases, l, over);
          if (v.verdict !== expected)
            throw new Error(
              `${phases.join(',')} ${JSON.stringify(l)} ${over}: ${v.verdict}, expected ${expected}`,
            );
          // Zero successful measurements is never Successful, and no data is only no data.
          if (successful === 0) expect(v.verdict).not.toBe('Successful');
          const seen = phases.slice(0, (v.decidedBy ?? phases.length - 1) + 1);
          expect(v.noData).toBe(seen.every((p) => p === 'Inconclusive'));
          checked++;
        }
      }
    }
    expect(checked).toBe(5461 * limitSets.length * 2);
  });

  it('decides once: a decided verdict stays the same whatever comes after', () => {
    for (const l of limitSets) {
      for (const phases of allSequences(5)) {
        const v = judgeCheck(ms(...phases), l, false).verdict;
        if (v === 'Running') continue;
        for (const p of PHASES) expect(judgeCheck(ms(...phases, p), l, true).verdict).toBe(v);
      }
    }
  });
});

describe('judge: all checks together', () => {
  const l = limits(0, 1);
  const check = (name: string, ...phases: Phase[]) => ({ name, measurements: ms(...phases) });

  it('dry-run checks never decide; with only dry-run checks nothing proves health', () => {
    const dry = { name: 'new-query', measurements: ms(F), dryRun: true };
    expect(judge([check('api', S), dry], l, false).verdict).toBe('Running');
    expect(judge([check('api', S, S), { ...dry, measurements: ms(F) }], l, true)).toMatchObject({
      verdict: 'Successful',
      reason:
        'all 1 check healthy: api 2 of 2 measurements successful; dry run, not deciding: new-query Failed',
    });
    expect(judge([{ ...dry, measurements: ms(S) }], l, true)).toMatchObject({
      verdict: 'Inconclusive',
      reason: expect.stringContaining('every check is dry-run'),
    });
  });

  it('a dry-run check whose last probe erred does not hold the verdict open', () => {
    const dry = { name: 'new-query', measurements: ms(S, E), dryRun: true };
    expect(judge([check('api', S, S), dry], l, true)).toMatchObject({
      verdict: 'Successful',
      reason:
        'all 1 check healthy: api 2 of 2 measurements successful; dry run, not deciding: new-query undecided',
    });
    // Before the window ends the deciding check is still measuring: Running for it, not for the dry run.
    expect(judge([check('api', S), dry], l, false).verdict).toBe('Running');
    // Only dry-run checks: the window still runs its length, then nothing proves health.
    expect(judge([dry], l, false).verdict).toBe('Running');
    expect(judge([dry], l, true).verdict).toBe('Inconclusive');
  });

  it('Failed and Error on the same tick: Failed, whichever check comes first', () => {
    expect(judge([check('a', S, E, E), check('b', S, S, F)], l, false)).toMatchObject({
      verdict: 'Failed',
      check: 'b',
    });
    expect(judge([check('a', S, I), check('b', S, F)], l, false).verdict).toBe('Failed');
    expect(judge([check('a', S, I), check('b', S, E, E)], l, false).verdict).toBe('Error');
  });

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
      'Inconclusive',
      'b',
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
    const ok = judge(
      [check('api', S), check('error-rate', S, I)],
      { ...l, inconclusiveLimit: 1 },
      true,
    );
    expect(ok.reason).toBe(
      'all 2 checks healthy: api 1 of 1 measurement successful; error-rate 1 of 2 measurements successful (1 without data)',
    );
  });
});
