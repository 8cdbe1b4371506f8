// auto-rollback's core: read the environment's deployment history, decide (decide.ts), then
// restore the last good version with the chosen strategy, inside a new deployment linked to
// the failed one (payload `rollback-of`), verify its health with the shared verification,
// and record the outcome on both deployments. When it cannot restore health, it says so and
// escalates; it never reports a rollback it did not prove.
import type { RunContext } from '../shared/runner/context.ts';
import type { GitHub } from '../shared/github/client.ts';
import {
  currentState,
  deploymentName,
  displayName,
  lastGood,
  setDeploymentStatus,
  type DeploymentWithStatuses,
  type Repo,
} from '../shared/github/deployments.ts';
import { deployAndVerify, type DeployRunResult } from '../shared/deploy/deploy-and-verify.ts';
import * as core from '@actions/core';
import { messageOf } from '../shared/runner/errors.ts';
import { failedDeployment, resolveCommit, stableRef } from './lookup.ts';
import {
  decide,
  defaultReason,
  givenTarget,
  previousTarget,
  type RollbackTarget,
} from './decide.ts';
import type { RollbackRequest } from './inputs.ts';
import type { RevertResult } from './revert.ts';
import { shortSha } from '../shared/git/sha.ts';

export type OutcomeKind =
  /** This run restored the target and verified it healthy. */
  | 'rolled-back'
  /** An earlier run did (a good rollback of the failed deployment exists). */
  | 'already-rolled-back'
  /** The environment already runs the target, verified healthy. */
  | 'already-on-target'
  /** A newer deployment replaced the failed one: it is not live any more. */
  | 'superseded'
  /** revert without a command: the revert is proposed or pushed; your pipeline deploys it. */
  | 'revert-prepared'
  /** The rollback was tried and did not restore health: escalate. */
  | 'failed'
  /** Nothing could be tried (no deployment, no last good version): escalate. */
  | 'impossible';

export interface RollbackOutcome {
  request: RollbackRequest;
  kind: OutcomeKind;
  repo: Repo;
  runUrl: string;
  failed?: DeploymentWithStatuses;
  target?: RollbackTarget;
  /** The rollback deployment this run made and what happened to it. */
  run?: DeployRunResult;
  revert?: RevertResult;
  /** The earlier deployment that makes this run a no-op. */
  existing?: DeploymentWithStatuses;
  /** The good deployment before the target: where to go if the target is bad too. */
  fallback?: DeploymentWithStatuses;
  reason: string;
  rolledBack: boolean;
  /** Undefined when this run neither verified nor found a verified rollback. */
  healthy?: boolean;
  escalate: boolean;
  /** What went wrong, one sentence; empty when nothing did. */
  failureReason: string;
  /** What happened, one sentence (for notify and the log). */
  message: string;
  /** Things a person should know that did not change the outcome. */
  notes: string[];
  /** The workflow file a person dispatched this run from, to suggest running it again. */
  dispatchWorkflow?: string;
}

/** `rollback-dispatch.yml` from GITHUB_WORKFLOW_REF, when a person started this run from a form. */
export function dispatchWorkflow(
  eventName: string,
  workflowRef: string | undefined,
): string | undefined {
  if (eventName !== 'workflow_dispatch' || !workflowRef) return undefined;
  const file = /\/\.github\/workflows\/([^/@]+\.ya?ml)@/.exec(workflowRef)?.[1];
  return file;
}

export async function rollBack(
  req: RollbackRequest,
  ctx: RunContext,
  github: GitHub,
  token: string,
  /** The environment's deployments, newest first (read by the caller while it loads the policy). */
  historyRead: Promise<DeploymentWithStatuses[]>,
): Promise<RollbackOutcome> {
  const repo = { owner: ctx.owner, repo: ctx.repo };
  const env = req.environment;
  const history = await historyRead;
  const failed = await failedDeployment(
    github,
    repo,
    history,
    env,
    req.failedDeploymentId,
    req.target.kind !== 'previous',
  );
  const base = {
    request: req,
    repo,
    runUrl: ctx.runUrl,
    notes: [] as string[],
    ...withDispatch(dispatchWorkflow(ctx.eventName, ctx.workflowRef)),
    rolledBack: false,
    escalate: false,
    failureReason: '',
  };
  if (!failed) {
    const message = `No deployments of ${env} in ${repo.owner}/${repo.repo}: nothing to roll back.`;
    return {
      ...base,
      kind: 'impossible',
      reason: req.reason,
      escalate: true,
      failureReason: `${message} Check the environment name, or restore the service by hand.`,
      message,
    };
  }
  const reason = req.reason || defaultReason(failed, ctx.actor);
  const failedName = deploymentName(failed);
  const target =
    req.target.kind === 'previous'
      ? previousTarget(history, failed)
      : givenTarget(history, req.target.ref, await resolveCommit(github, repo, req.target.ref));
  const decision = decide(history, failed, target);
  const known = { ...base, failed, reason, ...(target ? { target } : {}) };

  switch (decision.kind) {
    case 'already-rolled-back': {
      const r = decision.rollback;
      const message =
        `Deployment ${failed.id} (${failedName}) was already rolled back by deployment ${r.id} (${deploymentName(r)}), verified healthy; nothing to do.` +
        (req.failedDeploymentId === undefined
          ? ' To go back further, pass target: the branch, tag or sha of an earlier version.'
          : '');
      core.notice(message, { title: 'Already rolled back' });
      return {
        ...known,
        kind: 'already-rolled-back',
        existing: r,
        rolledBack: true,
        healthy: true,
        message,
      };
    }
    case 'already-on-target': {
      const c = decision.current;
      const message = `${env} already runs ${displayName(decision.target)} (deployment ${c.id}, verified healthy); nothing to do.`;
      core.notice(message, { title: 'Already on the target' });
      return {
        ...known,
        kind: 'already-on-target',
        existing: c,
        rolledBack: true,
        healthy: true,
        message,
      };
    }
    case 'superseded': {
      const n = decision.newer;
      const message = `Deployment ${failed.id} (${failedName}) is not what ${env} runs: deployment ${n.id} (${deploymentName(n)}, ${currentState(n.statuses) ?? 'no status'}) came after it. Nothing was rolled back; to roll back the newer one, run without failed-deployment-id.`;
      core.warning(message, { title: 'Nothing to roll back' });
      return { ...known, kind: 'superseded', existing: n, message };
    }
    case 'impossible':
      return {
        ...known,
        kind: 'impossible',
        escalate: true,
        failureReason: `${decision.message} ${decision.hint}`,
        message: decision.message,
      };
    case 'roll-back':
      break;
  }

  const tgt = decision.target;
  const fallback = lastGood(
    history.filter((d) => d.sha !== tgt.sha && d.sha !== failed.sha),
    tgt.deployment?.id ?? failed.id,
  );
  const acting = { ...known, target: tgt, ...(fallback ? { fallback } : {}) };
  if (decision.retryOf) {
    acting.notes.push(
      `An earlier rollback of deployment ${failed.id}, deployment ${decision.retryOf.id}, ended ${currentState(decision.retryOf.statuses)}; this run tries again.`,
    );
  }
  try {
    for (const a of decision.abandoned) {
      await setDeploymentStatus(github, repo, a.id, {
        state: 'error',
        description: `Abandoned: run ${ctx.runId} attempt ${ctx.runAttempt} rolls back again`,
        logUrl: ctx.runUrl,
      });
      acting.notes.push(
        `Rollback deployment ${a.id}, left unfinished by an earlier run, was marked error.`,
      );
    }
    if (currentState(failed.statuses) !== 'failure') {
      await setDeploymentStatus(github, repo, failed.id, {
        state: 'failure',
        description: `Rolling back to ${displayName(tgt)}: ${reason}`,
        logUrl: ctx.runUrl,
      });
    }
    core.info(
      `Rolling back ${env} from deployment ${failed.id} (${failedName}) to ${displayName(tgt)} (${tgt.sha}, ${tgt.how}) with strategy ${req.strategy}. Reason: ${reason.replace(/\s+/g, ' ')}`,
    );

    let ref = tgt.sha;
    let version = tgt.version;
    let revert: RevertResult | undefined;
    if (req.strategy === 'revert') {
      const { revertChange } = await import('./revert.ts');
      revert = await revertChange({
        github,
        repo,
        token,
        serverUrl: ctx.serverUrl,
        workspace: ctx.workspace,
        tempDir: ctx.tempDir,
        runUrl: ctx.runUrl,
        environment: env,
        failed,
        target: tgt,
        productionBranch: req.productionBranch,
        mode: req.revertMode,
        reason,
      });
      if (revert.kind === 'failed') {
        return {
          ...acting,
          kind: 'failed',
          revert,
          escalate: true,
          failureReason: revert.message,
          message: `The revert of deployment ${failed.id} (${failedName}) failed: ${revert.message}`,
        };
      }
      if (!req.command) {
        const where = revert.pull
          ? `PR #${revert.pull.number} (${revert.pull.url})`
          : revert.closedPull
            ? `the branch ${revert.branch} (its PR #${revert.closedPull.number} was closed)`
            : `${revert.branch} (${shortSha(revert.head)})`;
        const message = `The change of deployment ${failed.id} (${failedName}) is reverted in ${where}; ${env} still runs it until the revert is deployed (no command given).`;
        core.notice(message, { title: 'Revert ready' });
        return { ...acting, kind: 'revert-prepared', revert, message };
      }
      // Deploy the revert itself: the last good code, plus whatever landed after the change.
      ref = revert.head;
      version = '';
    } else {
      ref = await stableRef(github, repo, tgt);
    }

    const label =
      req.strategy === 'command' ? 'the rollback command' : 'the rollback deploy command';
    const run = await deployAndVerify({
      github,
      repo,
      environment: env,
      ref,
      version,
      payload: {
        'rollback-of': failed.id,
        ...(version ? { version } : {}),
        strategy: req.strategy,
        reason: reason.slice(0, 500),
        'run-id': ctx.runId,
        'run-attempt': ctx.runAttempt,
        'run-url': ctx.runUrl,
      },
      description: `Roll back ${env} to ${revert ? `the revert of ${failedName}` : displayName(tgt)} (from deployment ${failed.id})`,
      logUrl: ctx.runUrl,
      ...(req.environmentUrl ? { environmentUrl: req.environmentUrl } : {}),
      command: req.command,
      commandTimeoutMs: req.commandTimeoutMs,
      commandEnv: req.commandEnv,
      ...(ctx.workspace ? { cwd: ctx.workspace } : {}),
      health: req.health,
      label,
    });
    const withRun = { ...acting, run, ...(revert ? { revert } : {}) };
    const rolledTo = revert ? `the revert ${shortSha(run.sha)}` : displayName(tgt);
    if (!run.healthy) {
      return {
        ...withRun,
        kind: 'failed',
        healthy: false,
        escalate: true,
        failureReason: run.failureReason,
        message: `The rollback of ${env} to ${rolledTo} did not restore health: ${run.failureReason}`,
      };
    }
    try {
      await setDeploymentStatus(github, repo, failed.id, {
        state: 'inactive',
        description: `Replaced by rollback deployment ${run.deployment?.id ?? '?'} (${rolledTo})`,
        logUrl: ctx.runUrl,
      });
    } catch (err) {
      // The environment is restored and proven healthy: a bookkeeping write must not undo that.
      const note = `Deployment ${failed.id} could not be marked inactive: ${messageOf(err)}`;
      core.warning(note);
      withRun.notes.push(note);
    }
    return {
      ...withRun,
      kind: 'rolled-back',
      rolledBack: true,
      healthy: true,
      message: `Rolled back ${env} from ${failedName} to ${rolledTo} (deployment ${run.deployment?.id ?? '?'}), verified healthy.`,
    };
  } catch (err) {
    // A fault half-way (GitHub unreachable, git broken): escalate with what is known.
    const why = messageOf(err);
    return {
      ...acting,
      kind: 'failed',
      escalate: true,
      failureReason: `The rollback stopped on an error: ${why}`,
      message: `The rollback of ${env} to ${displayName(tgt)} stopped on an error: ${why}`,
    };
  }
}

function withDispatch(file: string | undefined): { dispatchWorkflow?: string } {
  return file ? { dispatchWorkflow: file } : {};
}
