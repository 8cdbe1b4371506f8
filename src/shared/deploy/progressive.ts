// Canary and blue-green, step by step, over three small ports (run a command, verify health,
// say where the deploy is), so the step logic is tested in process without a runner. The
// rules an on-call engineer relies on:
// - canary: the deploy command runs once per step with DEPLOY_STEP, DEPLOY_WEIGHT and
//   DEPLOY_STEPS, then that step's window judges it; at the first step that is not healthy
//   (the command failed, or health did not hold) abort-command runs at once with
//   DEPLOY_WEIGHT=0, before anything else is written, and no later step runs.
// - blue-green: the command deploys the idle colour (DEPLOY_WEIGHT=0); preview checks judge
//   it before any user traffic; a failure there changes nothing for users. Then
//   promote-command switches traffic (DEPLOY_WEIGHT=100) and the usual checks judge
//   production; a failure after promotion runs abort-command to switch back.
// - a fault (a port throws) once traffic may be on the new version is answered like a bad
//   step: abort-command runs, and the outcome (verdict Error) says it did. Traffic is never
//   left split with nobody told.
import type { CommandResult } from './command.ts';
import type { CanaryStep, StrategyPlan } from './strategy.ts';
import { isHealthy, type HealthPlan } from '../health/settings.ts';
import type { VerificationResult } from '../health/monitor.ts';
import type { Verdict } from '../health/verdict.ts';
import { messageOf } from '../runner/errors.ts';

export interface StepPorts {
  /** Runs one of the user's commands with DEPLOY_STEP/WEIGHT/STEPS added; never throws for its exit. */
  run(command: string, env: Record<string, string>, label: string): Promise<CommandResult>;
  verify(plan: HealthPlan, step: PlannedStep): Promise<VerificationResult>;
  /** Records where the deploy is (an in_progress status), e.g. `step 2/4: 25%`. */
  progress(description: string): Promise<void>;
  /** True once the job is cancelled: no further step starts. */
  cancelled(): boolean;
}

export interface PlannedStep {
  /** 1-based. */
  index: number;
  count: number;
  /** Traffic on the new version once the step's command has run. */
  weight: number;
  /** `step 2/4: 25%`, `step 1/2: preview (0%)`. */
  label: string;
  /** `2/4 (25%)`: how a verdict names the step. */
  short: string;
  command: string;
  commandLabel: string;
  /** Undefined: the step is not judged (a preview without checks). */
  health?: HealthPlan;
}

export interface StepResult {
  step: PlannedStep;
  command: CommandResult;
  verification?: VerificationResult;
  healthy: boolean;
  /** Why it is not healthy; empty when it is. */
  reason: string;
}

export type StepVerdict = Exclude<Verdict, 'Running'> | 'NotVerified';

export interface ProgressiveOutcome {
  kind: 'canary' | 'blue-green';
  planned: PlannedStep[];
  /** The steps that ran, in order. */
  steps: StepResult[];
  completedSteps: number;
  failedStep?: number;
  /** Traffic on the new version at the end, as far as the commands that ran say. */
  weight: number;
  /** The abort command's run, when a step was not healthy (and there is one). */
  abort?: CommandResult;
  /** True when the abort ran and succeeded: traffic is back on the stable version. */
  aborted: boolean;
  healthy: boolean;
  verdict: StepVerdict;
  /** `Failed at step 3/4 (50%): error-rate: …`; empty when healthy. */
  failureReason: string;
  /** Nothing reached users (a blue-green preview that failed). */
  untouched: boolean;
  /** The message of the error (a port that threw) that stopped the run; the state is an error. */
  fault?: string;
}

export function plannedSteps(
  strategy: Exclude<StrategyPlan, { kind: 'direct' }>,
  deploy: { command: string; health: HealthPlan },
): PlannedStep[] {
  if (strategy.kind === 'canary') {
    const n = strategy.steps.length;
    return strategy.steps.map((s: CanaryStep, i) => ({
      index: i + 1,
      count: n,
      weight: s.weight,
      label: `step ${i + 1}/${n}: ${s.weight}%`,
      short: `${i + 1}/${n} (${s.weight}%)`,
      command: deploy.command,
      commandLabel: `the deploy command (step ${i + 1}/${n}, ${s.weight}%)`,
      health: withWindow(deploy.health, s.windowMs),
    }));
  }
  return [
    {
      index: 1,
      count: 2,
      weight: 0,
      label: 'step 1/2: preview (0%)',
      short: '1/2 (preview, before promotion)',
      command: deploy.command,
      commandLabel: 'the deploy command (idle colour)',
      ...(strategy.preview.specs.length ? { health: strategy.preview } : {}),
    },
    {
      index: 2,
      count: 2,
      weight: 100,
      label: 'step 2/2: promoted (100%)',
      short: '2/2 (100%, after promotion)',
      command: strategy.promoteCommand,
      commandLabel: 'the promote command',
      health: deploy.health,
    },
  ];
}

function withWindow(plan: HealthPlan, windowMs: number | undefined): HealthPlan {
  return windowMs === undefined
    ? plan
    : { ...plan, window: { ...plan.window, durationMs: windowMs } };
}

export function stepEnv(
  step: { index: number; count: number },
  weight: number,
): Record<string, string> {
  return {
    DEPLOY_STEP: String(step.index),
    DEPLOY_WEIGHT: String(weight),
    DEPLOY_STEPS: String(step.count),
  };
}

/**
 * Runs the steps in order until one is not healthy; aborts at once when traffic was touched.
 * A fault (a port that throws) once a step that sends traffic has started is a stop too: the
 * abort runs, and the outcome says so, rather than leaving the earlier step's weight live with
 * nobody told (a throw would end the deploy step without outputs, so the composite would not
 * roll back either). A fault before any traffic moved is thrown as it is: nothing changed.
 */
export async function runProgressive(
  strategy: Exclude<StrategyPlan, { kind: 'direct' }>,
  planned: PlannedStep[],
  ports: StepPorts,
): Promise<ProgressiveOutcome> {
  const steps: StepResult[] = [];
  let weight = 0;
  let current: PlannedStep | undefined;
  // The step whose command was started last, done or not: a fault after it may leave its weight live.
  let started: PlannedStep | undefined;
  let failed: StepResult | undefined;
  try {
    for (const step of planned) {
      if (ports.cancelled()) break;
      current = step;
      await ports.progress(step.label);
      started = step;
      const result = await runStep(step, ports);
      steps.push(result);
      if (result.command.outcome === 'succeeded') weight = step.weight;
      if (!result.healthy) {
        failed = result;
        break;
      }
    }
  } catch (fault) {
    const live = started && started.weight > 0 ? Math.max(weight, started.weight) : weight;
    if (!current || live === 0) throw fault;
    return await faultAt(strategy, { planned, steps, at: current, weight: live, fault }, ports);
  }
  // Outside the try: a fault in the abort itself is not answered with a second abort.
  if (failed) return await stopAt(strategy, { planned, steps, failed, weight }, ports);
  const done = steps.length === planned.length && steps.every((s) => s.healthy);
  const last = steps.at(-1);
  const verdict: StepVerdict = done ? (last?.verification?.verdict ?? 'Successful') : 'Error';
  return {
    kind: strategy.kind,
    planned,
    steps,
    completedSteps: steps.filter((s) => s.healthy).length,
    weight,
    aborted: false,
    healthy: done && (verdict === 'Successful' || verdict === 'Inconclusive'),
    verdict,
    failureReason: done
      ? ''
      : `Error at step ${planned[steps.length]?.short ?? steps.length}: cancelled before it started; ${weight}% of traffic may still be on the new version`,
    untouched: weight === 0,
  };
}

async function runStep(step: PlannedStep, ports: StepPorts): Promise<StepResult> {
  const command = await ports.run(step.command, stepEnv(step, step.weight), step.commandLabel);
  if (command.outcome !== 'succeeded' || ports.cancelled())
    return { step, command, healthy: false, reason: command.reason };
  if (!step.health) return { step, command, healthy: true, reason: '' };
  const verification = await ports.verify(step.health, step);
  const healthy = isHealthy(verification, step.health.inconclusive);
  return {
    step,
    command,
    verification,
    healthy,
    reason: healthy ? '' : `${verification.verdict}: ${verification.reason}`,
  };
}

async function stopAt(
  strategy: Exclude<StrategyPlan, { kind: 'direct' }>,
  run: { planned: PlannedStep[]; steps: StepResult[]; failed: StepResult; weight: number },
  ports: StepPorts,
): Promise<ProgressiveOutcome> {
  const { planned, steps, failed, weight: weightBefore } = run;
  // A blue-green preview that fails changed nothing for users: nothing to switch back.
  const touched = !(strategy.kind === 'blue-green' && failed.step.index === 1);
  const live = Math.max(weightBefore, failed.step.weight);
  const { abort, aborted, weight, after } = touched
    ? await abortAt(strategy, failed.step, live, ports)
    : {
        abort: undefined,
        aborted: false,
        weight: 0,
        after: '; not promoted: no user traffic reached it',
      };
  const verdict: StepVerdict = failed.verification?.verdict ?? 'NotVerified';
  const word = verdict === 'NotVerified' || verdict === 'Successful' ? 'Failed' : verdict;
  const reason = failed.reason.replace(new RegExp(`^${verdict}: `), '');
  return {
    kind: strategy.kind,
    planned,
    steps,
    completedSteps: steps.length - 1,
    failedStep: failed.step.index,
    weight,
    ...(abort ? { abort } : {}),
    aborted,
    healthy: false,
    verdict,
    failureReason: `${word} at step ${failed.step.short}: ${reason}${after}`,
    untouched: !touched,
  };
}

/** A port threw at `at` with up to `weight`% on the new version: abort as after a bad step. */
async function faultAt(
  strategy: Exclude<StrategyPlan, { kind: 'direct' }>,
  run: {
    planned: PlannedStep[];
    steps: StepResult[];
    at: PlannedStep;
    weight: number;
    fault: unknown;
  },
  ports: StepPorts,
): Promise<ProgressiveOutcome> {
  const { planned, steps, at } = run;
  const fault = messageOf(run.fault);
  const { abort, aborted, weight, after } = await abortAt(strategy, at, run.weight, ports);
  return {
    kind: strategy.kind,
    planned,
    steps,
    completedSteps: steps.filter((s) => s.healthy).length,
    failedStep: at.index,
    weight,
    ...(abort ? { abort } : {}),
    aborted,
    healthy: false,
    verdict: 'Error',
    failureReason: `Error at step ${at.short}: stopped by a fault: ${fault}${after}`,
    untouched: false,
    fault,
  };
}

/** Runs abort-command (DEPLOY_WEIGHT=0) unless the job is cancelled; says where traffic is. */
async function abortAt(
  strategy: Exclude<StrategyPlan, { kind: 'direct' }>,
  step: PlannedStep,
  live: number,
  ports: StepPorts,
): Promise<{ abort: CommandResult | undefined; aborted: boolean; weight: number; after: string }> {
  const abortCommand = strategy.abortCommand;
  const abort =
    abortCommand && !ports.cancelled()
      ? await ports.run(abortCommand, stepEnv(step, 0), 'the abort command')
      : undefined;
  const aborted = abort?.outcome === 'succeeded';
  const weight = aborted ? 0 : live;
  const after = aborted
    ? `; aborted: traffic is back on the stable version`
    : abort
      ? `; the abort command failed too (${abort.reason}): ${weight}% of traffic may still be on the new version`
      : abortCommand
        ? `; cancelled before the abort command could run: ${weight}% of traffic may still be on the new version, run it by hand`
        : `; no abort-command: ${weight}% of traffic is still on the new version`;
  return { abort, aborted, weight, after };
}
