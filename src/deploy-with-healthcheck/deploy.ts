// deploy-with-healthcheck's core: read the environment's history, settle the version, deploy
// and verify inside a GitHub deployment (src/shared/deploy/deploy-and-verify.ts), tag a
// healthy release, and name the last good deployment for a rollback. GitHub comes in through
// DeployPorts, so this runs against anything that keeps the record.
import type { RunContext } from '../shared/runner/context.ts';
import {
  currentState,
  rollbackTarget,
  versionOf,
  type Deployments,
  type DeploymentWithStatuses,
} from '../shared/github/deployments.ts';
import {
  deployAndVerify,
  type DeployRunOptions,
  type DeployRunResult,
  type DeployVerdict,
} from '../shared/deploy/deploy-and-verify.ts';
import type { HealthPlan } from '../shared/health/settings.ts';
import type { StrategyPlan } from '../shared/deploy/strategy.ts';
import { git } from '../shared/git/git.ts';
import * as core from '@actions/core';
import { InputError, messageOf } from '../shared/runner/errors.ts';
import { earlierAttempt, isUnfinished } from './history.ts';
import { findHotfixPr, type CommitPulls, type HotfixPr } from './hotfix-pr.ts';
import type { VersionInput } from './inputs.ts';
import type { TagResult, Tags } from './version.ts';
import { isSha, shortSha } from '../shared/git/sha.ts';

/** What a deploy reads and writes in GitHub (adapters.ts builds it from octokit). */
export interface DeployPorts {
  deployments: Deployments;
  tags: Tags;
  pulls: CommitPulls;
}

export interface DeployRequest {
  environment: string;
  command: string;
  ref: string;
  commandTimeoutMs: number;
  commandEnv: Record<string, string>;
  environmentUrl?: string;
  version: VersionInput;
  health: HealthPlan;
  /** Direct when not given. */
  strategy?: StrategyPlan;
}

export interface DeployOutcome {
  request: DeployRequest;
  sha: string;
  version: string;
  /** How the version was chosen, e.g. `next patch after v1.10.0`. */
  versionNote: string;
  tag?: TagResult;
  pr?: HotfixPr;
  /** The last good deployment before this one: where a rollback goes. */
  previous?: DeploymentWithStatuses;
  /** Undefined when an earlier attempt of this run already deployed and verified. */
  run?: DeployRunResult;
  /** The earlier attempt's deployment, when this run did nothing. */
  alreadyDone?: DeploymentWithStatuses;
  /** False without a token: nothing was recorded in GitHub. */
  recorded: boolean;
  deploymentId?: number;
  healthy: boolean;
  verdict: DeployVerdict;
  failureReason: string;
}

/** Without `github` (no token) nothing is recorded and no rollback target is looked up. */
export async function deploy(
  req: DeployRequest,
  ctx: RunContext,
  github: DeployPorts | undefined,
): Promise<DeployOutcome> {
  const history = github ? await github.deployments.history(req.environment) : [];
  const job: DeployJob = { req, ctx, github, history };

  // A re-run of this workflow run: do not deploy twice what is already proven healthy.
  const earlier = earlierAttempt(history, { runId: ctx.runId, ref: req.ref });
  if (earlier && currentState(earlier.statuses) === 'success')
    return alreadyDone({ ...job, earlier });
  if (github && earlier && isUnfinished(earlier))
    await closeAbandoned({ deployments: github.deployments, earlier, ctx });

  const plan = await planDeploy(job);
  const run = await deployAndVerify(runOptions({ ...job, plan }));
  const tag =
    run.healthy && plan.version && github && run.sha
      ? await tagRelease({ tags: github.tags, version: plan.version, run, req, ctx })
      : undefined;
  return {
    request: req,
    sha: run.sha,
    version: plan.version,
    versionNote: plan.versionNote,
    ...(tag ? { tag } : {}),
    ...(plan.pr ? { pr: plan.pr } : {}),
    ...withPrevious(rollbackTarget(history, { sha: run.sha })),
    run,
    recorded: Boolean(github),
    ...(run.deployment ? { deploymentId: run.deployment.id } : {}),
    healthy: run.healthy,
    verdict: run.verdict,
    failureReason: run.failureReason,
  };
}

/** One deploy under way: what was asked, the run, and the environment's history before it. */
interface DeployJob {
  req: DeployRequest;
  ctx: RunContext;
  github: DeployPorts | undefined;
  /** Newest first; empty without a token. */
  history: DeploymentWithStatuses[];
}

/** What this deploy ships, settled before anything changes. */
interface DeployPlan {
  version: string;
  versionNote: string;
  /** The sha when it is known before GitHub resolves the ref. */
  knownSha?: string;
  pr?: HotfixPr;
}

function alreadyDone(job: DeployJob & { earlier: DeploymentWithStatuses }): DeployOutcome {
  const { req, earlier, history } = job;
  core.notice(
    `Deployment ${earlier.id} of ${req.ref} to ${req.environment} by this workflow run already succeeded and was verified healthy; nothing to do. Start a new run to deploy again.`,
    { title: 'Already deployed' },
  );
  return {
    request: req,
    sha: earlier.sha,
    version: versionOf(earlier),
    versionNote: 'from the earlier attempt',
    ...withPrevious(rollbackTarget(history, { sha: earlier.sha, before: earlier.id })),
    alreadyDone: earlier,
    recorded: true,
    deploymentId: earlier.id,
    healthy: true,
    verdict: 'Successful',
    failureReason: '',
  };
}

/** An attempt that died mid-deploy: close its record before starting the new one. */
async function closeAbandoned(a: {
  deployments: Deployments;
  earlier: DeploymentWithStatuses;
  ctx: RunContext;
}): Promise<void> {
  await a.deployments.setStatus(a.earlier.id, {
    state: 'error',
    description: `Abandoned: run attempt ${a.ctx.runAttempt} deploys again`,
    logUrl: a.ctx.runUrl,
  });
  core.info(`Marked deployment ${a.earlier.id}, left unfinished by an earlier attempt, as error.`);
}

async function planDeploy(job: DeployJob): Promise<DeployPlan> {
  const { req, ctx, github } = job;
  const { version, versionNote } = await settleVersion({
    version: req.version,
    tags: github?.tags,
  });
  const knownSha = isSha(req.ref) ? req.ref : github ? undefined : await localSha(ctx, req.ref);
  const pr = await findHotfixPr(ctx, github?.pulls, knownSha);
  return { version, versionNote, ...(knownSha ? { knownSha } : {}), ...(pr ? { pr } : {}) };
}

/** The deployment's payload and description, and how to run and verify it. */
function runOptions(job: DeployJob & { plan: DeployPlan }): DeployRunOptions {
  const { req, ctx, github, plan } = job;
  const { version, pr } = plan;
  const shortRef = isSha(req.ref) ? shortSha(req.ref) : req.ref;
  return {
    ...(github ? { deployments: github.deployments } : {}),
    environment: req.environment,
    ref: req.ref,
    ...(plan.knownSha ? { sha: plan.knownSha } : {}),
    version,
    payload: {
      ...(version ? { version } : {}),
      ...(pr ? { pr: pr.number, ...(pr.severity ? { severity: pr.severity } : {}) } : {}),
      'run-id': ctx.runId,
      'run-attempt': ctx.runAttempt,
      'run-url': ctx.runUrl,
      ...(req.strategy && req.strategy.kind !== 'direct' ? { strategy: req.strategy.kind } : {}),
    },
    description: `Deploy ${version || shortRef} to ${req.environment}${pr ? ` (PR #${pr.number})` : ''}${req.strategy && req.strategy.kind !== 'direct' ? ` (${req.strategy.kind})` : ''}`,
    logUrl: ctx.runUrl,
    ...(req.environmentUrl ? { environmentUrl: req.environmentUrl } : {}),
    command: req.command,
    commandTimeoutMs: req.commandTimeoutMs,
    commandEnv: req.commandEnv,
    ...(ctx.workspace ? { cwd: ctx.workspace } : {}),
    health: req.health,
    ...(req.strategy ? { strategy: req.strategy } : {}),
  };
}

function withPrevious(d: DeploymentWithStatuses | undefined) {
  return d ? { previous: d } : {};
}

async function settleVersion(s: {
  version: VersionInput;
  tags: Tags | undefined;
}): Promise<{ version: string; versionNote: string }> {
  const v = s.version;
  if (v.kind === 'none') return { version: '', versionNote: 'none' };
  if (v.kind === 'explicit') return { version: v.version, versionNote: 'given' };
  // Only `auto` needs semver and the tag list: loaded on this path alone.
  if (!s.tags) throw new InputError('github-token', '', 'a token when version is auto');
  const { nextPatch } = await import('./version.ts');
  const next = nextPatch(await s.tags.names());
  const note = next.after ? `next patch after ${next.after}` : 'first version: no semver tag yet';
  core.info(`Version ${next.version} (${note}).`);
  return { version: next.version, versionNote: note };
}

async function tagRelease(t: {
  tags: Tags;
  version: string;
  run: DeployRunResult;
  req: DeployRequest;
  ctx: RunContext;
}): Promise<TagResult | undefined> {
  const { version, run } = t;
  const { createVersionTag } = await import('./version.ts');
  try {
    const tag = await createVersionTag(t.tags, {
      tag: version,
      sha: run.sha,
      message: `${version}: deployed to ${t.req.environment} and verified healthy (deployment ${run.deployment?.id ?? '?'}, ${t.ctx.runUrl})`,
    });
    if (tag.status === 'conflict') {
      core.warning(
        `Tag ${version} already points at ${shortSha(tag.sha)}, not at the deployed ${shortSha(run.sha)}; it was left as it is. The deploy itself is healthy.`,
        { title: 'Version tag not created' },
      );
    } else
      core.info(
        `Tag ${version} ${tag.status === 'created' ? 'created' : 'already there'} on ${run.sha}.`,
      );
    return tag;
  } catch (err) {
    // The deploy is healthy: a tag that could not be written must not turn it into a failure
    // (and trigger a rollback); it is reported loudly instead.
    core.warning(`${messageOf(err)}. The deploy itself is healthy.`, {
      title: 'Version tag not created',
    });
    return undefined;
  }
}

/** Without a token, the sha of a ref from the checkout, when there is one. */
async function localSha(ctx: RunContext, ref: string): Promise<string | undefined> {
  if (!ctx.workspace) return undefined;
  try {
    return await git(['rev-parse', '--verify', '--end-of-options', `${ref}^{commit}`], {
      cwd: ctx.workspace,
    });
  } catch {
    return undefined;
  }
}
