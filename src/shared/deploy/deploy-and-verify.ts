// One deploy, start to verdict, recorded in a GitHub deployment: create it, mark it
// in_progress with the run's log, run the command, verify health, and leave exactly one
// final status: success (verified healthy), failure (the command failed or health did not
// hold) or error (timed out, cancelled, or a fault: the environment's state is unknown).
// deploy-with-healthcheck deploys with it; auto-rollback's redeploy runs the same code.
import type {
  Deployment,
  DeploymentPayload,
  DeploymentState,
  Deployments,
} from '../github/deployments.ts';
import { runDeployCommand, type CommandResult } from './command.ts';
import { plannedSteps, runProgressive, type ProgressiveOutcome } from './progressive.ts';
import type { StrategyPlan } from './strategy.ts';
import { describePlan, isHealthy, verifyHealth, type HealthPlan } from '../health/settings.ts';
import type { VerificationResult } from '../health/monitor.ts';
import { cancellationSignal, cancelled } from '../runner/cancellation.ts';
import * as core from '@actions/core';
import { infoUntrusted } from '../runner/untrusted.ts';
import { messageOf } from '../runner/errors.ts';

export interface DeployRunOptions {
  /** Without it nothing is recorded in GitHub (no deployment, no statuses). */
  deployments?: Deployments;
  environment: string;
  ref: string;
  /** The sha when nothing records the deploy; the deployment's sha (GitHub's answer) wins otherwise. */
  sha?: string;
  version: string;
  payload: DeploymentPayload;
  description: string;
  /** The run's log, on the in_progress status. */
  logUrl: string;
  environmentUrl?: string;
  command: string;
  commandTimeoutMs: number;
  /** More environment for the command: the command-env input. */
  commandEnv?: Record<string, string>;
  cwd?: string;
  health: HealthPlan;
  /** `the deploy command`, `the rollback command`: how messages name the command. */
  label?: string;
  /** Canary or blue-green; direct (the default) runs the command once, then the checks. */
  strategy?: StrategyPlan;
}

export type DeployVerdict = VerificationResult['verdict'] | 'NotVerified';

export interface DeployRunResult {
  deployment?: Deployment;
  sha: string;
  /** Undefined when the run was cancelled before the command started. */
  command?: CommandResult;
  /** Undefined when the command did not succeed: nothing to verify. */
  verification?: VerificationResult;
  healthy: boolean;
  verdict: DeployVerdict;
  /** The final deployment status written (or that would have been, without a client). */
  state: DeploymentState;
  /** Why it is not healthy; empty when it is. */
  failureReason: string;
  /** The steps of a canary or blue-green deploy. */
  progressive?: ProgressiveOutcome;
}

// Between SIGTERM and SIGKILL for the command's tree: short enough that, on cancellation, the
// error status is written before cancellation.ts gives up waiting (7 s).
const GRACE_MS = 3_000;

export async function deployAndVerify(o: DeployRunOptions): Promise<DeployRunResult> {
  const label = o.label ?? 'the deploy command';
  if (cancelled()) {
    // Cancelled before anything happened: record nothing rather than a deployment that never ran.
    const reason = `cancelled by ${cancelled()} before ${label} started`;
    return {
      sha: o.sha ?? '',
      healthy: false,
      verdict: 'NotVerified',
      state: 'error',
      failureReason: reason,
    };
  }
  const step: DeployStep = { ...o, label, record: await openRecord(o) };
  try {
    return await commandThenHealth(step);
  } catch (err) {
    await markStopped(step, err);
    throw err;
  }
}

/** The deployment this run writes its statuses on (none without a Deployments port). */
interface RunRecord {
  deployment?: Deployment;
  sha: string;
}

/** One deploy in flight: what was asked, how messages name the command, where it is recorded. */
interface DeployStep extends DeployRunOptions {
  label: string;
  record: RunRecord;
}

type Finished = Omit<DeployRunResult, 'deployment' | 'sha'>;

async function openRecord(o: DeployRunOptions): Promise<RunRecord> {
  const deployment = await o.deployments?.create({
    ref: o.ref,
    environment: o.environment,
    description: o.description,
    payload: o.payload,
  });
  const sha = deployment?.sha ?? o.sha ?? '';
  if (deployment)
    infoUntrusted(
      `Deployment ${deployment.id}: ${o.ref}${sha === o.ref ? '' : ` (${sha})`} to ${o.environment}`,
    );
  return { ...(deployment ? { deployment } : {}), sha };
}

async function setStatus(
  s: DeployStep,
  state: DeploymentState,
  description: string,
  url = false,
): Promise<void> {
  if (!s.deployments || !s.record.deployment) return;
  await s.deployments.setStatus(s.record.deployment.id, {
    state,
    description,
    logUrl: s.logUrl,
    ...(url && s.environmentUrl ? { environmentUrl: s.environmentUrl } : {}),
  });
}

/**
 * Writes the one final status and returns the result. The verdict is what happened to users;
 * GitHub refusing to record it (after the client's retries) is a warning, never a reason to
 * lose it: without the outputs the composite could neither roll back a bad deploy nor tell
 * that a good one is good.
 */
async function finish(s: DeployStep, r: Finished, description: string): Promise<DeployRunResult> {
  try {
    await setStatus(s, r.state, description, r.state === 'success');
  } catch (err) {
    core.warning(
      `Could not record the final status (${r.state}) on deployment ${s.record.deployment?.id ?? ''}: ${messageOf(err)}. ` +
        `The verdict stands (${r.verdict}); on GitHub the deployment stays in progress` +
        (r.state === 'success' ? ', so no rollback will pick it as a last good version.' : '.'),
    );
  }
  const { deployment, sha } = s.record;
  return { ...(deployment ? { deployment } : {}), sha, ...r };
}

async function commandThenHealth(s: DeployStep): Promise<DeployRunResult> {
  if (cancelled()) {
    const reason = `cancelled by ${cancelled()} before ${s.label} started`;
    return await finish(
      s,
      { healthy: false, verdict: 'NotVerified', state: 'error', failureReason: reason },
      reason,
    );
  }
  if (s.strategy && s.strategy.kind !== 'direct') return await stepByStep(s, s.strategy);
  await setStatus(s, 'in_progress', `Running ${s.label}`, true);
  const command = await runCommand(s);
  if (command.outcome !== 'succeeded' || cancelled()) return await commandStopped(s, command);
  return await verify(s, command);
}

async function runCommand(
  s: DeployStep,
  command = s.command,
  label = s.label,
  env: Record<string, string> = {},
  title = `Deploy ${s.ref} to ${s.environment}`,
): Promise<CommandResult> {
  const result = await core.group(title, () =>
    runDeployCommand(
      command,
      { ref: s.ref, sha: s.record.sha, version: s.version, environment: s.environment },
      {
        timeoutMs: s.commandTimeoutMs,
        graceMs: GRACE_MS,
        label,
        ...(s.cwd ? { cwd: s.cwd } : {}),
        env: { ...s.commandEnv, ...env },
      },
    ),
  );
  // The reason quotes the command's last line of output: printed, never obeyed.
  infoUntrusted(result.reason);
  return result;
}

/** Canary or blue-green: one deployment, an in_progress status per step, one final status. */
async function stepByStep(
  s: DeployStep,
  strategy: Exclude<StrategyPlan, { kind: 'direct' }>,
): Promise<DeployRunResult> {
  const planned = plannedSteps(strategy, { command: s.command, health: s.health });
  const outcome = await runProgressive(strategy, planned, {
    run: (command, env, label) =>
      runCommand(s, command, label, env, `${label}: ${s.ref} to ${s.environment}`),
    verify: (plan, step) =>
      core.group(`Verify health, ${step.label}: ${describePlan(plan)}`, () =>
        verifyHealth(plan, { signal: cancellationSignal() }),
      ),
    progress: (description) => stepStatus(s, description),
    cancelled: () => cancelled() !== undefined,
  });
  const last = outcome.steps.at(-1);
  // error (a fault, or a command killed or cancelled) as for a direct deploy; failure otherwise.
  const killed =
    outcome.fault !== undefined ||
    cancelled() !== undefined ||
    outcome.steps.some(
      (x) => x.command.outcome === 'timed-out' || x.command.outcome === 'cancelled',
    );
  const state: DeploymentState = outcome.healthy ? 'success' : killed ? 'error' : 'failure';
  const n = planned.length;
  const description = outcome.healthy
    ? `Healthy: all ${n} steps, ${outcome.weight}% on the new version: ${last?.verification?.reason ?? ''}`
    : outcome.failureReason;
  return await finish(
    s,
    {
      ...(last ? { command: last.command } : {}),
      ...(last?.verification ? { verification: last.verification } : {}),
      healthy: outcome.healthy,
      verdict: outcome.verdict,
      state,
      failureReason: outcome.failureReason,
      progressive: outcome,
    },
    description,
  );
}

/**
 * The in_progress status that says which step is live. It is the record's progress note, not
 * what keeps users safe (each step's health window does that, and the final status still
 * records the outcome), so GitHub refusing it is a warning and the rollout goes on: stopping
 * a hotfix half-way for a note would leave traffic split or delay the fix for nothing.
 */
async function stepStatus(s: DeployStep, description: string): Promise<void> {
  try {
    await setStatus(s, 'in_progress', description, true);
  } catch (err) {
    core.warning(
      `Could not record "${description}" on deployment ${s.record.deployment?.id ?? ''}: ${messageOf(err)}; the rollout goes on, each step still judged by its checks`,
    );
  }
}

/** The command failed, timed out or was cancelled (or the job was, right after it): no verification. */
async function commandStopped(s: DeployStep, command: CommandResult): Promise<DeployRunResult> {
  const reason =
    command.outcome === 'succeeded'
      ? `cancelled by ${cancelled()} after ${s.label} succeeded`
      : command.reason;
  // A command that failed leaves a failed deploy; one that was killed leaves an unknown state.
  const state = command.outcome === 'failed' ? 'failure' : 'error';
  return await finish(
    s,
    { command, healthy: false, verdict: 'NotVerified', state, failureReason: reason },
    reason,
  );
}

async function verify(s: DeployStep, command: CommandResult): Promise<DeployRunResult> {
  const verification = await core.group(`Verify health: ${describePlan(s.health)}`, () =>
    verifyHealth(s.health, { signal: cancellationSignal() }),
  );
  const healthy = isHealthy(verification, s.health.inconclusive);
  const state: DeploymentState = verification.cancelled ? 'error' : healthy ? 'success' : 'failure';
  const verdictText =
    verification.verdict === 'Inconclusive' && healthy
      ? `Inconclusive, accepted (inconclusive: pass): ${verification.reason}`
      : verification.reason;
  return await finish(
    s,
    {
      command,
      verification,
      healthy,
      verdict: verification.verdict,
      state,
      failureReason: healthy ? '' : `${verification.verdict}: ${verification.reason}`,
    },
    healthy ? `Healthy: ${verdictText}` : `${verification.verdict}: ${verification.reason}`,
  );
}

/** A fault half-way must not leave the deployment in_progress forever. */
async function markStopped(s: DeployStep, err: unknown): Promise<void> {
  if (!s.deployments || !s.record.deployment) return;
  try {
    await setStatus(s, 'error', `Stopped by an error: ${messageOf(err)}`);
  } catch (inner) {
    core.warning(
      `Could not mark deployment ${s.record.deployment.id} as error: ${messageOf(inner)}`,
    );
  }
}
