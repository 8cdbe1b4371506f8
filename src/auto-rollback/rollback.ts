// auto-rollback's core: read the environment's deployment history, decide (decide.ts), then
// restore the last good version with the chosen strategy, inside a new deployment linked to
// the failed one (payload `rollback-of`), verify its health with the shared verification,
// and record the outcome on both deployments. When it cannot restore health, it says so and
// escalates; it never reports a rollback it did not prove.
import { repoOf, type RunContext } from '../shared/runner/context.ts';
import {
  currentState,
  deploymentName,
  displayName,
  lastGood,
  type Deployments,
  type DeploymentWithStatuses,
  type Repo,
} from '../shared/github/deployments.ts';
import type { Pulls } from '../shared/github/pulls.ts';
import {
  deployAndVerify,
  type DeployRunOptions,
  type DeployRunResult,
} from '../shared/deploy/deploy-and-verify.ts';
import * as core from '@actions/core';
import { InputError } from '../shared/runner/errors.ts';
import { infoUntrusted } from '../shared/runner/untrusted.ts';
import { messageOf } from '../shared/runner/errors.ts';
import {
  allowedTarget,
  failedDeployment,
  resolveCommit,
  stableRef,
  type Commits,
} from './lookup.ts';
import {
  decide,
  defaultReason,
  givenTarget,
  previousTarget,
  type Decision,
  type RollbackTarget,
} from './decide.ts';
import type { RollbackRequest } from './inputs.ts';
import type { RevertResult } from './revert.ts';
import { shortSha } from '../shared/git/sha.ts';

/** What a rollback reads and writes in GitHub (adapters.ts builds it from octokit). */
export interface RollbackPorts {
  deployments: Deployments;
  commits: Commits;
  /** Where the revert strategy finds again or opens its PR. */
  pulls: Pulls;
}

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
  github: RollbackPorts,
  /** For git over HTTPS: the revert strategy pushes with it. */
  token: string,
  /** The environment's deployments, newest first (read by the caller while it loads the policy). */
  historyRead: Promise<DeploymentWithStatuses[]> = github.deployments.history(req.environment),
): Promise<RollbackOutcome> {
  const repo = repoOf(ctx);
  const history = await historyRead;
  const failed = await failedDeployment({
    deployments: github.deployments,
    history,
    environment: req.environment,
    id: req.failedDeploymentId,
    targetGiven: req.target.kind !== 'previous',
  });
  const frame: Frame = {
    request: req,
    repo,
    runUrl: ctx.runUrl,
    notes: [],
    ...withDispatch(dispatchWorkflow(ctx.eventName, ctx.workflowRef)),
    rolledBack: false,
    escalate: false,
    failureReason: '',
  };
  if (!failed) return nothingDeployed(frame);
  const reason = req.reason || defaultReason(failed, ctx.actor);
  const target =
    req.target.kind === 'previous'
      ? previousTarget(history, failed)
      : await checkedTarget({ req, github, repo, history, ref: req.target.ref });
  const decision = decide(history, failed, target);
  const known: Known = { ...frame, failed, reason, ...(target ? { target } : {}) };
  if (decision.kind !== 'roll-back') return nothingToDo({ known, decision });
  return await restore(actingOn({ req, ctx, github, token, history, decision, known }));
}

/** A target given by ref: resolved, and refused unless it may be deployed (allowedTarget). */
async function checkedTarget(t: {
  req: RollbackRequest;
  github: RollbackPorts;
  repo: Repo;
  history: DeploymentWithStatuses[];
  ref: string;
}): Promise<RollbackTarget> {
  const sha = await resolveCommit(t.github.commits, t.repo, t.ref);
  const check = {
    deployments: t.github.deployments,
    commits: t.github.commits,
    history: t.history,
    environment: t.req.environment,
    ref: t.ref,
    sha,
  };
  if (!t.req.allowAnyRef && !(await allowedTarget(check)))
    throw new InputError(
      'target',
      t.ref,
      `a commit deployed to ${t.req.environment} and verified healthy before, or a release tag like v1.4.0: ` +
        `${shortSha(sha)} never was (a new version is deployed through the hotfix pipeline, not a rollback; ` +
        'the policy can allow any ref with rollback.allow-any-ref: true)',
    );
  return givenTarget(t.history, t.ref, sha);
}

/** What every outcome carries, known before anything is decided. */
type Frame = Pick<
  RollbackOutcome,
  | 'request'
  | 'repo'
  | 'runUrl'
  | 'notes'
  | 'dispatchWorkflow'
  | 'rolledBack'
  | 'escalate'
  | 'failureReason'
>;

/** The frame, plus the failed deployment, the reason and the target (when there is one). */
type Known = Frame &
  Pick<RollbackOutcome, 'reason' | 'target'> & { failed: DeploymentWithStatuses };

/** What decide() said to do: roll back, to this target. */
type RollBackDecision = Extract<Decision, { kind: 'roll-back' }>;

interface DecidedRollback {
  req: RollbackRequest;
  ctx: RunContext;
  github: RollbackPorts;
  token: string;
  history: DeploymentWithStatuses[];
  decision: RollBackDecision;
  known: Known;
}

/** A rollback under way: the outcome so far (`acting`) and what it acts on. */
interface RollbackJob extends DecidedRollback {
  failed: DeploymentWithStatuses;
  failedName: string;
  target: RollbackTarget;
  acting: Known & { target: RollbackTarget; fallback?: DeploymentWithStatuses };
}

/** What to deploy: the target, or the revert of the failed change. */
interface Deployable {
  ref: string;
  version: string;
  revert?: RevertResult;
}

function nothingDeployed(frame: Frame): RollbackOutcome {
  const { environment } = frame.request;
  const message = `No deployments of ${environment} in ${frame.repo.owner}/${frame.repo.repo}: nothing to roll back.`;
  return {
    ...frame,
    kind: 'impossible',
    reason: frame.request.reason,
    escalate: true,
    failureReason: `${message} Check the environment name, or restore the service by hand.`,
    message,
  };
}

/** Every decision but roll-back: already done, superseded, or impossible. */
function nothingToDo(d: {
  known: Known;
  decision: Exclude<Decision, RollBackDecision>;
}): RollbackOutcome {
  const { known, decision } = d;
  const { failed } = known;
  const env = known.request.environment;
  const failedName = deploymentName(failed);
  switch (decision.kind) {
    case 'already-rolled-back': {
      const r = decision.rollback;
      const message =
        `Deployment ${failed.id} (${failedName}) was already rolled back by deployment ${r.id} (${deploymentName(r)}), verified healthy; nothing to do.` +
        (known.request.failedDeploymentId === undefined
          ? ' To go back further, pass target: the branch, tag or sha of an earlier version.'
          : '');
      core.notice(message, { title: 'Already rolled back' });
      const done = { existing: r, rolledBack: true, healthy: true, message };
      return { ...known, kind: 'already-rolled-back', ...done };
    }
    case 'already-on-target': {
      const c = decision.current;
      const message = `${env} already runs ${displayName(decision.target)} (deployment ${c.id}, verified healthy); nothing to do.`;
      core.notice(message, { title: 'Already on the target' });
      const done = { existing: c, rolledBack: true, healthy: true, message };
      return { ...known, kind: 'already-on-target', ...done };
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
  }
}

/** The job, with the fallback (the good deployment before the target) and the retry noted. */
function actingOn(d: DecidedRollback): RollbackJob {
  const { failed } = d.known;
  const target = d.decision.target;
  const fallback = lastGood(
    d.history.filter((h) => h.sha !== target.sha && h.sha !== failed.sha),
    target.deployment?.id ?? failed.id,
  );
  const acting = { ...d.known, target, ...(fallback ? { fallback } : {}) };
  const retry = d.decision.retryOf;
  if (retry) {
    acting.notes.push(
      `An earlier rollback of deployment ${failed.id}, deployment ${retry.id}, ended ${currentState(retry.statuses)}; this run tries again.`,
    );
  }
  return { ...d, failed, failedName: deploymentName(failed), target, acting };
}

async function restore(j: RollbackJob): Promise<RollbackOutcome> {
  try {
    await closeAbandoned(j);
    await markFailed(j);
    // Names and the reason come from deployment records and a dispatch form: printed, never
    // obeyed as workflow commands.
    infoUntrusted(
      `Rolling back ${j.req.environment} from deployment ${j.failed.id} (${j.failedName}) to ${displayName(j.target)} (${j.target.sha}, ${j.target.how}) with strategy ${j.req.strategy}. Reason: ${j.acting.reason.replace(/\s+/g, ' ')}`,
    );
    const what = j.req.strategy === 'revert' ? await revertFirst(j) : await redeployable(j);
    if ('outcome' in what) return what.outcome;
    const run = await deployAndVerify(rollbackRun({ ...j, ...what }));
    return await verified({ ...j, run, ...(what.revert ? { revert: what.revert } : {}) });
  } catch (err) {
    // A fault half-way (GitHub unreachable, git broken): escalate with what is known.
    const why = messageOf(err);
    return {
      ...j.acting,
      kind: 'failed',
      escalate: true,
      failureReason: `The rollback stopped on an error: ${why}`,
      message: `The rollback of ${j.req.environment} to ${displayName(j.target)} stopped on an error: ${why}`,
    };
  }
}

/** Rollbacks an earlier run left unfinished: closed as error before this one starts. */
async function closeAbandoned(j: RollbackJob): Promise<void> {
  for (const a of j.decision.abandoned) {
    await j.github.deployments.setStatus(a.id, {
      state: 'error',
      description: `Abandoned: run ${j.ctx.runId} attempt ${j.ctx.runAttempt} rolls back again`,
      logUrl: j.ctx.runUrl,
    });
    j.acting.notes.push(
      `Rollback deployment ${a.id}, left unfinished by an earlier run, was marked error.`,
    );
  }
}

async function markFailed(j: RollbackJob): Promise<void> {
  if (currentState(j.failed.statuses) === 'failure') return;
  await j.github.deployments.setStatus(j.failed.id, {
    state: 'failure',
    description: `Rolling back to ${displayName(j.target)}: ${j.acting.reason}`,
    logUrl: j.ctx.runUrl,
  });
}

/** redeploy and command: the target, under a ref that still names its commit. */
async function redeployable(j: RollbackJob): Promise<Deployable> {
  return { ref: await stableRef(j.github.commits, j.target), version: j.target.version };
}

/**
 * The revert strategy: revert the failed change first. Without a command that is all this run
 * does; with one, the revert itself is deployed: the last good code, plus whatever landed
 * after the change.
 */
async function revertFirst(j: RollbackJob): Promise<Deployable | { outcome: RollbackOutcome }> {
  const { req, ctx, failed, failedName } = j;
  const { revertChange } = await import('./revert.ts');
  const revert = await revertChange({
    pulls: j.github.pulls,
    repo: j.acting.repo,
    token: j.token,
    serverUrl: ctx.serverUrl,
    workspace: ctx.workspace,
    tempDir: ctx.tempDir,
    runUrl: ctx.runUrl,
    environment: req.environment,
    failed,
    target: j.target,
    productionBranch: req.productionBranch,
    mode: req.revertMode,
    reason: j.acting.reason,
  });
  if (revert.kind === 'failed') {
    const message = `The revert of deployment ${failed.id} (${failedName}) failed: ${revert.message}`;
    const escalation = { escalate: true, failureReason: revert.message, message };
    return { outcome: { ...j.acting, kind: 'failed', revert, ...escalation } };
  }
  if (!req.command) {
    const where = revert.pull
      ? `PR #${revert.pull.number} (${revert.pull.url})`
      : revert.closedPull
        ? `the branch ${revert.branch} (its PR #${revert.closedPull.number} was closed)`
        : `${revert.branch} (${shortSha(revert.head)})`;
    const message = `The change of deployment ${failed.id} (${failedName}) is reverted in ${where}; ${req.environment} still runs it until the revert is deployed (no command given).`;
    core.notice(message, { title: 'Revert ready' });
    return { outcome: { ...j.acting, kind: 'revert-prepared', revert, message } };
  }
  return { ref: revert.head, version: '', revert };
}

/** The rollback deployment, linked to the failed one by its payload's `rollback-of`. */
function rollbackRun(r: RollbackJob & Deployable): DeployRunOptions {
  const { req, ctx, failed, ref, version, revert } = r;
  const reason = r.acting.reason;
  return {
    deployments: r.github.deployments,
    environment: req.environment,
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
    description: `Roll back ${req.environment} to ${revert ? `the revert of ${r.failedName}` : displayName(r.target)} (from deployment ${failed.id})`,
    logUrl: ctx.runUrl,
    ...(req.environmentUrl ? { environmentUrl: req.environmentUrl } : {}),
    // verify: the abort already moved traffic back; `true` only marks the step, changing nothing.
    command: req.strategy === 'verify' ? 'true' : req.command,
    commandTimeoutMs: req.commandTimeoutMs,
    commandEnv: req.commandEnv,
    ...(ctx.workspace ? { cwd: ctx.workspace } : {}),
    health: req.health,
    label:
      req.strategy === 'command'
        ? 'the rollback command'
        : req.strategy === 'verify'
          ? 'no command (verify only: the abort already restored traffic)'
          : 'the rollback deploy command',
  };
}

/** The rollback deployment's verdict: restored (the failed one marked inactive) or escalate. */
async function verified(
  v: RollbackJob & { run: DeployRunResult; revert?: RevertResult },
): Promise<RollbackOutcome> {
  const { run, revert, failed } = v;
  const env = v.req.environment;
  const withRun = { ...v.acting, run, ...(revert ? { revert } : {}) };
  const rolledTo = revert ? `the revert ${shortSha(run.sha)}` : displayName(v.target);
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
    await v.github.deployments.setStatus(failed.id, {
      state: 'inactive',
      description: `Replaced by rollback deployment ${run.deployment?.id ?? '?'} (${rolledTo})`,
      logUrl: v.ctx.runUrl,
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
    message: `Rolled back ${env} from ${v.failedName} to ${rolledTo} (deployment ${run.deployment?.id ?? '?'}), verified healthy.`,
  };
}

function withDispatch(file: string | undefined): { dispatchWorkflow?: string } {
  return file ? { dispatchWorkflow: file } : {};
}
