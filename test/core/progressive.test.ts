// The canary and blue-green step logic in process, over fake ports: what each command is
// told, when the abort runs (at once, before anything is written), which steps never run,
// the live weight at the end, and the verdict naming the step. The bundle against real
// processes and a real Prometheus is test/actions/deploy-progressive.test.ts.
import { describe, expect, it } from 'vitest';
import {
  plannedSteps,
  runProgressive,
  type StepPorts,
} from '../../src/shared/deploy/progressive.ts';
import { parseSteps, strategyPlan, type StrategyPlan } from '../../src/shared/deploy/strategy.ts';
import type { CommandResult } from '../../src/shared/deploy/command.ts';
import type { HealthPlan } from '../../src/shared/health/settings.ts';
import type { VerificationResult } from '../../src/shared/health/monitor.ts';
import { noChecks } from './fakes/run.ts';

const plan = (name: string): HealthPlan => ({
  ...noChecks('fail'),
  specs: [{ kind: 'http', name, url: `http://127.0.0.1/${name}`, status: ['2xx'], json: [] }],
});

function verification(verdict: VerificationResult['verdict'], reason: string): VerificationResult {
  return {
    verdict,
    reason,
    checks: [],
    settings: plan('x').window,
    startedAt: 0,
    decidedAt: 0,
    stoppedEarly: false,
    cancelled: false,
  };
}

const ok = (label: string): CommandResult => ({
  outcome: 'succeeded',
  code: 0,
  signal: null,
  durationMs: 5,
  reason: `${label} succeeded in 5ms`,
  tail: '',
});

/** Ports that record every call in order; `verdicts` answers each verification in turn. */
function fakePorts(verdicts: [VerificationResult['verdict'], string][], fail: string[] = []) {
  const log: string[] = [];
  let n = 0;
  const ports: StepPorts = {
    run: async (command, env, label) => {
      log.push(
        `run ${command} step=${env.DEPLOY_STEP}/${env.DEPLOY_STEPS} weight=${env.DEPLOY_WEIGHT}`,
      );
      if (fail.includes(command))
        return { ...ok(label), outcome: 'failed', code: 1, reason: `${label} exited with code 1` };
      return ok(label);
    },
    verify: async (p, step) => {
      log.push(
        `verify ${p.specs.map((s) => s.name).join(',')} (${step.label}, ${p.window.durationMs}ms)`,
      );
      const [v, why] = verdicts[n++] ?? ['Successful', 'fine'];
      return verification(v, why);
    },
    progress: async (d) => void log.push(`status ${d}`),
    cancelled: () => false,
  };
  return { ports, log };
}

const canary = (steps: string): Extract<StrategyPlan, { kind: 'canary' }> =>
  strategyPlan({
    strategy: 'canary',
    steps,
    'abort-command': 'abort',
    'promote-command': '',
  }) as Extract<StrategyPlan, { kind: 'canary' }>;

describe('canary', () => {
  it('walks every step to 100%: the command told its step and weight, each step judged', async () => {
    const s = canary('10%, 25%, 50%, 100%');
    const { ports, log } = fakePorts([]);
    const out = await runProgressive(
      s,
      plannedSteps(s, { command: 'deploy', health: plan('api') }),
      ports,
    );
    expect(out).toMatchObject({ healthy: true, completedSteps: 4, weight: 100, aborted: false });
    expect(out.failedStep).toBeUndefined();
    expect(log).toEqual([
      'status step 1/4: 10%',
      'run deploy step=1/4 weight=10',
      'verify api (step 1/4: 10%, 0ms)',
      'status step 2/4: 25%',
      'run deploy step=2/4 weight=25',
      'verify api (step 2/4: 25%, 0ms)',
      'status step 3/4: 50%',
      'run deploy step=3/4 weight=50',
      'verify api (step 3/4: 50%, 0ms)',
      'status step 4/4: 100%',
      'run deploy step=4/4 weight=100',
      'verify api (step 4/4: 100%, 0ms)',
    ]);
  });

  it('the first bad step aborts at once with DEPLOY_WEIGHT=0; later steps never run', async () => {
    const s = canary('10%, 25%, 50%, 100%');
    const { ports, log } = fakePorts([
      ['Successful', 'fine'],
      ['Successful', 'fine'],
      [
        'Failed',
        'error-rate: 1 failed measurement, more than failure-limit 0 (last: 0.3, needs < 0.05)',
      ],
    ]);
    const out = await runProgressive(
      s,
      plannedSteps(s, { command: 'deploy', health: plan('error-rate') }),
      ports,
    );
    expect(log.slice(-3)).toEqual([
      'run deploy step=3/4 weight=50',
      'verify error-rate (step 3/4: 50%, 0ms)',
      'run abort step=3/4 weight=0',
    ]);
    expect(log.some((l) => l.includes('step=4/4'))).toBe(false);
    expect(out).toMatchObject({
      healthy: false,
      verdict: 'Failed',
      completedSteps: 2,
      failedStep: 3,
      weight: 0,
      aborted: true,
      failureReason:
        'Failed at step 3/4 (50%): error-rate: 1 failed measurement, more than failure-limit 0 (last: 0.3, needs < 0.05); aborted: traffic is back on the stable version',
    });
  });

  it('a deploy command that fails at a step aborts too, and says so', async () => {
    const s = canary('50%, 100%');
    const { ports, log } = fakePorts([], ['deploy']);
    const out = await runProgressive(
      s,
      plannedSteps(s, { command: 'deploy', health: plan('api') }),
      ports,
    );
    expect(log).toEqual([
      'status step 1/2: 50%',
      'run deploy step=1/2 weight=50',
      'run abort step=1/2 weight=0',
    ]);
    expect(out.failureReason).toMatch(
      /^Failed at step 1\/2 \(50%\): the deploy command \(step 1\/2, 50%\) exited with code 1; aborted/,
    );
    expect(out.verdict).toBe('NotVerified');
  });

  it('an abort that fails leaves the weight where it was, loudly', async () => {
    const s = canary('25%, 100%');
    const { ports } = fakePorts([['Error', 'api: 5 probe errors in a row']], ['abort']);
    const out = await runProgressive(
      s,
      plannedSteps(s, { command: 'deploy', health: plan('api') }),
      ports,
    );
    expect(out).toMatchObject({ aborted: false, weight: 25, failedStep: 1 });
    expect(out.failureReason).toContain(
      'Error at step 1/2 (25%): api: 5 probe errors in a row; the abort command failed too',
    );
    expect(out.failureReason).toContain('25% of traffic may still be on the new version');
  });

  it('cancelled during a step: no abort, no later step, and the reason says traffic may be split', async () => {
    const s = canary('25%, 100%');
    const { ports, log } = fakePorts([]);
    let stop = false;
    const run = ports.run;
    ports.run = async (command, env, label) => {
      const r = await run(command, env, label);
      stop = true;
      return { ...r, outcome: 'cancelled', reason: `${label} was cancelled (job cancelled)` };
    };
    ports.cancelled = () => stop;
    const out = await runProgressive(
      s,
      plannedSteps(s, { command: 'deploy', health: plan('api') }),
      ports,
    );
    expect(log).toEqual(['status step 1/2: 25%', 'run deploy step=1/2 weight=25']);
    expect(out.failureReason).toContain(
      'cancelled before the abort command could run: 25% of traffic may still be on the new version',
    );
  });

  it('GitHub refusing the in_progress status of step 2 (progress throws) aborts the live 10% and says so', async () => {
    const s = canary('10%, 25%, 50%, 100%');
    const { ports, log } = fakePorts([]);
    const progress = ports.progress;
    ports.progress = async (d) => {
      if (d.startsWith('step 2/')) throw new Error('GitHub answered 422: status rejected');
      await progress(d);
    };
    const out = await runProgressive(
      s,
      plannedSteps(s, { command: 'deploy', health: plan('api') }),
      ports,
    );
    expect(log).toEqual([
      'status step 1/4: 10%',
      'run deploy step=1/4 weight=10',
      'verify api (step 1/4: 10%, 0ms)',
      'run abort step=2/4 weight=0',
    ]);
    expect(out).toMatchObject({
      healthy: false,
      verdict: 'Error',
      completedSteps: 1,
      failedStep: 2,
      weight: 0,
      aborted: true,
      untouched: false,
      fault: 'GitHub answered 422: status rejected',
      failureReason:
        'Error at step 2/4 (25%): stopped by a fault: GitHub answered 422: status rejected; aborted: traffic is back on the stable version',
    });
  });

  it("a fault while a step is verified aborts that step's weight; a failed abort leaves it named", async () => {
    const s = canary('10%, 25%, 100%');
    const { ports, log } = fakePorts([], ['abort']);
    let n = 0;
    const verify = ports.verify;
    ports.verify = async (p, step) => {
      if (++n === 2) throw new Error('probe crashed');
      return verify(p, step);
    };
    const out = await runProgressive(
      s,
      plannedSteps(s, { command: 'deploy', health: plan('api') }),
      ports,
    );
    expect(log.slice(-2)).toEqual(['run deploy step=2/3 weight=25', 'run abort step=2/3 weight=0']);
    expect(out).toMatchObject({ verdict: 'Error', failedStep: 2, weight: 25, aborted: false });
    expect(out.failureReason).toContain(
      'the abort command failed too (the abort command exited with code 1): 25% of traffic may still be on the new version',
    );
  });

  it('a fault before any traffic moved is thrown as it is: nothing to abort', async () => {
    const s = canary('10%, 100%');
    const { ports, log } = fakePorts([]);
    ports.progress = async () => {
      throw new Error('GitHub answered 502');
    };
    await expect(
      runProgressive(s, plannedSteps(s, { command: 'deploy', health: plan('api') }), ports),
    ).rejects.toThrow('GitHub answered 502');
    expect(log).toEqual([]);
  });

  it('a step with its own pause gets that window', async () => {
    const s = canary('weight=10 pause=5m\nweight=100');
    const { ports, log } = fakePorts([]);
    await runProgressive(
      s,
      plannedSteps(s, {
        command: 'deploy',
        health: { ...plan('api'), window: { ...plan('api').window, durationMs: 60_000 } },
      }),
      ports,
    );
    expect(log.filter((l) => l.startsWith('verify'))).toEqual([
      'verify api (step 1/2: 10%, 300000ms)',
      'verify api (step 2/2: 100%, 60000ms)',
    ]);
  });
});

describe('blue-green', () => {
  const bg = (preview: HealthPlan) =>
    strategyPlan({
      strategy: 'blue-green',
      steps: '',
      'abort-command': 'switch-back',
      'promote-command': 'promote',
      preview,
    }) as Exclude<StrategyPlan, { kind: 'direct' | 'canary' }>;

  it('a preview that fails is never promoted, and nothing is switched back', async () => {
    const s = bg(plan('preview'));
    const { ports, log } = fakePorts([['Failed', 'preview: 503']]);
    const out = await runProgressive(
      s,
      plannedSteps(s, { command: 'deploy-idle', health: plan('api') }),
      ports,
    );
    expect(log).toEqual([
      'status step 1/2: preview (0%)',
      'run deploy-idle step=1/2 weight=0',
      'verify preview (step 1/2: preview (0%), 0ms)',
    ]);
    expect(out).toMatchObject({ failedStep: 1, weight: 0, aborted: false, untouched: true });
    expect(out.failureReason).toBe(
      'Failed at step 1/2 (preview, before promotion): preview: 503; not promoted: no user traffic reached it',
    );
  });

  it('a promotion that fails after promotion is switched back', async () => {
    const s = bg(plan('preview'));
    const { ports, log } = fakePorts([
      ['Successful', 'fine'],
      ['Failed', 'api: 503'],
    ]);
    const out = await runProgressive(
      s,
      plannedSteps(s, { command: 'deploy-idle', health: plan('api') }),
      ports,
    );
    expect(log.slice(3)).toEqual([
      'status step 2/2: promoted (100%)',
      'run promote step=2/2 weight=100',
      'verify api (step 2/2: promoted (100%), 0ms)',
      'run switch-back step=2/2 weight=0',
    ]);
    expect(out).toMatchObject({ failedStep: 2, weight: 0, aborted: true, completedSteps: 1 });
  });
});

describe('strategy inputs fail before anything runs, naming the input', () => {
  const base = {
    strategy: 'canary' as const,
    steps: '10%, 100%',
    'abort-command': 'a',
    'promote-command': '',
  };
  it.each([
    ['10%, 5%, 100%', 'input "steps"', 'step 2 (5%) does not rise above step 1 (10%)'],
    ['10%, 150%', 'input "steps"', 'step 2 sends 150%, not 1 to 100'],
    ['ten', 'input "steps"', 'rising weights'],
    ['weight=10 wait=5m', 'input "steps"', 'weight=<percent>'],
  ])('steps %j', (steps, input, why) => {
    expect(() => strategyPlan({ ...base, steps })).toThrow(input);
    expect(() => strategyPlan({ ...base, steps })).toThrow(why);
  });
  it('canary without abort-command; blue-green without promote-command', () => {
    expect(() => strategyPlan({ ...base, 'abort-command': '' })).toThrow(
      'input "abort-command" is required',
    );
    expect(() =>
      strategyPlan({
        strategy: 'blue-green',
        steps: '',
        'abort-command': '',
        'promote-command': '',
        preview: plan('p'),
      }),
    ).toThrow('input "promote-command" is required');
  });
  it('reads both forms of steps', () => {
    expect(parseSteps('10%, 25%,50, 100%')).toEqual([
      { weight: 10 },
      { weight: 25 },
      { weight: 50 },
      { weight: 100 },
    ]);
    expect(parseSteps('weight=10 pause=5m\nweight=100')).toEqual([
      { weight: 10, windowMs: 300_000 },
      { weight: 100 },
    ]);
  });
});
