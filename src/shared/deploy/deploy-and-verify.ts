// One deploy, start to verdict, recorded in a GitHub deployment: create it, mark it
// in_progress with the run's log, run the command, verify health, and leave exactly one
// final status: success (verified healthy), failure (the command failed or health did not
// hold) or error (timed out, cancelled, or a fault: the environment's state is unknown).
// deploy-with-healthcheck deploys with it; auto-rollback's redeploy runs the same code.
import type { GitHub } from '../github/client.ts';
import {
  createDeployment,
  setDeploymentStatus,
  type Deployment,
  type DeploymentPayload,
  type DeploymentState,
  type Repo,
} from '../github/deployments.ts';
import { runDeployCommand, type CommandResult } from './command.ts';
import { describePlan, isHealthy, verifyHealth, type HealthPlan } from '../health/settings.ts';
import type { VerificationResult } from '../health/monitor.ts';
import { cancellationSignal, cancelled } from '../runner/cancellation.ts';
import * as core from '@actions/core';
import { messageOf } from '../runner/errors.ts';

export interface DeployRunOptions {
  /** Without a client nothing is recorded in GitHub (no deployment, no statuses). */
  github?: GitHub;
  repo: Repo;
  environment: string;
  ref: string;
  /** The sha when there is no client to resolve the ref; GitHub's answer wins otherwise. */
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
  const deployment = o.github
    ? await createDeployment(o.github, o.repo, {
        ref: o.ref,
        environment: o.environment,
        description: o.description,
        payload: o.payload,
      })
    : undefined;
  const sha = deployment?.sha ?? o.sha ?? '';
  if (deployment)
    core.info(
      `Deployment ${deployment.id}: ${o.ref}${sha === o.ref ? '' : ` (${sha})`} to ${o.environment}`,
    );
  const status = async (state: DeploymentState, description: string, url = false) => {
    if (!o.github || !deployment) return;
    await setDeploymentStatus(o.github, o.repo, deployment.id, {
      state,
      description,
      logUrl: o.logUrl,
      ...(url && o.environmentUrl ? { environmentUrl: o.environmentUrl } : {}),
    });
  };
  const finish = async (
    r: Omit<DeployRunResult, 'deployment' | 'sha'>,
    description: string,
  ): Promise<DeployRunResult> => {
    await status(r.state, description, r.state === 'success');
    return { ...(deployment ? { deployment } : {}), sha, ...r };
  };

  try {
    if (cancelled()) {
      const reason = `cancelled by ${cancelled()} before ${label} started`;
      return await finish(
        { healthy: false, verdict: 'NotVerified', state: 'error', failureReason: reason },
        reason,
      );
    }
    await status('in_progress', `Running ${label}`, true);
    const command = await core.group(`Deploy ${o.ref} to ${o.environment}`, () =>
      runDeployCommand(
        o.command,
        { ref: o.ref, sha, version: o.version, environment: o.environment },
        {
          timeoutMs: o.commandTimeoutMs,
          graceMs: GRACE_MS,
          label,
          ...(o.cwd ? { cwd: o.cwd } : {}),
          ...(o.commandEnv ? { env: o.commandEnv } : {}),
        },
      ),
    );
    core.info(command.reason);
    if (command.outcome !== 'succeeded' || cancelled()) {
      const reason =
        command.outcome === 'succeeded'
          ? `cancelled by ${cancelled()} after ${label} succeeded`
          : command.reason;
      // A command that failed leaves a failed deploy; one that was killed leaves an unknown state.
      const state = command.outcome === 'failed' ? 'failure' : 'error';
      return await finish(
        { command, healthy: false, verdict: 'NotVerified', state, failureReason: reason },
        reason,
      );
    }

    const verification = await core.group(`Verify health: ${describePlan(o.health)}`, () =>
      verifyHealth(o.health, { signal: cancellationSignal() }),
    );
    const healthy = isHealthy(verification, o.health.inconclusive);
    const state: DeploymentState = verification.cancelled
      ? 'error'
      : healthy
        ? 'success'
        : 'failure';
    const verdictText =
      verification.verdict === 'Inconclusive' && healthy
        ? `Inconclusive, accepted (inconclusive: pass): ${verification.reason}`
        : verification.reason;
    return await finish(
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
  } catch (err) {
    // A fault half-way must not leave the deployment in_progress forever.
    if (o.github && deployment) {
      try {
        await status('error', `Stopped by an error: ${messageOf(err)}`);
      } catch (inner) {
        core.warning(`Could not mark deployment ${deployment.id} as error: ${messageOf(inner)}`);
      }
    }
    throw err;
  }
}
