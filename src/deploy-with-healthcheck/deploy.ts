// deploy-with-healthcheck's core: read the environment's history, settle the version, deploy
// and verify inside a GitHub deployment (src/shared/deploy-run.ts), tag a healthy release,
// and name the last good deployment for a rollback.
import type { RunContext } from '../shared/runner/context.ts';
import type { GitHub } from '../shared/github/client.ts';
import {
  currentState,
  deploymentHistory,
  rollbackTarget,
  setDeploymentStatus,
  type DeploymentWithStatuses,
} from '../shared/github/deployments.ts';
import {
  deployAndVerify,
  type DeployRunResult,
  type DeployVerdict,
} from '../shared/deploy/deploy-and-verify.ts';
import type { HealthPlan } from '../shared/health/settings.ts';
import { git } from '../shared/git/git.ts';
import * as core from '@actions/core';
import { InputError, messageOf } from '../shared/runner/errors.ts';
import { earlierAttempt, isUnfinished } from './history.ts';
import { findHotfixPr, type HotfixPr } from './hotfix-pr.ts';
import type { VersionInput } from './inputs.ts';
import type { TagResult } from './version.ts';
import { isSha, shortSha } from '../shared/git/sha.ts';

export interface DeployRequest {
  environment: string;
  command: string;
  ref: string;
  commandTimeoutMs: number;
  commandEnv: Record<string, string>;
  environmentUrl?: string;
  version: VersionInput;
  health: HealthPlan;
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

export async function deploy(
  req: DeployRequest,
  ctx: RunContext,
  github: GitHub | undefined,
): Promise<DeployOutcome> {
  const repo = { owner: ctx.owner, repo: ctx.repo };
  const history = github ? await deploymentHistory(github, repo, req.environment) : [];

  // A re-run of this workflow run: do not deploy twice what is already proven healthy.
  const earlier = earlierAttempt(history, { runId: ctx.runId, ref: req.ref });
  if (earlier && currentState(earlier.statuses) === 'success') {
    core.notice(
      `Deployment ${earlier.id} of ${req.ref} to ${req.environment} by this workflow run already succeeded and was verified healthy; nothing to do. Start a new run to deploy again.`,
      { title: 'Already deployed' },
    );
    return {
      request: req,
      sha: earlier.sha,
      version: typeof earlier.payload.version === 'string' ? earlier.payload.version : '',
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
  if (github && earlier && isUnfinished(earlier)) {
    // An attempt that died mid-deploy: close its record before starting the new one.
    await setDeploymentStatus(github, repo, earlier.id, {
      state: 'error',
      description: `Abandoned: run attempt ${ctx.runAttempt} deploys again`,
      logUrl: ctx.runUrl,
    });
    core.info(`Marked deployment ${earlier.id}, left unfinished by an earlier attempt, as error.`);
  }

  const { version, versionNote } = await settleVersion(req.version, github, repo);
  const knownSha = isSha(req.ref) ? req.ref : github ? undefined : await localSha(ctx, req.ref);
  const pr = await findHotfixPr(ctx, github, knownSha);
  const shortRef = isSha(req.ref) ? shortSha(req.ref) : req.ref;

  const run = await deployAndVerify({
    ...(github ? { github } : {}),
    repo,
    environment: req.environment,
    ref: req.ref,
    ...(knownSha ? { sha: knownSha } : {}),
    version,
    payload: {
      ...(version ? { version } : {}),
      ...(pr ? { pr: pr.number, ...(pr.severity ? { severity: pr.severity } : {}) } : {}),
      'run-id': ctx.runId,
      'run-attempt': ctx.runAttempt,
      'run-url': ctx.runUrl,
    },
    description: `Deploy ${version || shortRef} to ${req.environment}${pr ? ` (PR #${pr.number})` : ''}`,
    logUrl: ctx.runUrl,
    ...(req.environmentUrl ? { environmentUrl: req.environmentUrl } : {}),
    command: req.command,
    commandTimeoutMs: req.commandTimeoutMs,
    commandEnv: req.commandEnv,
    ...(ctx.workspace ? { cwd: ctx.workspace } : {}),
    health: req.health,
  });

  let tag: TagResult | undefined;
  if (run.healthy && version && github && run.sha) {
    tag = await tagRelease(github, repo, version, run, req.environment, ctx.runUrl);
  }
  return {
    request: req,
    sha: run.sha,
    version,
    versionNote,
    ...(tag ? { tag } : {}),
    ...(pr ? { pr } : {}),
    ...withPrevious(rollbackTarget(history, { sha: run.sha })),
    run,
    recorded: Boolean(github),
    ...(run.deployment ? { deploymentId: run.deployment.id } : {}),
    healthy: run.healthy,
    verdict: run.verdict,
    failureReason: run.failureReason,
  };
}

function withPrevious(d: DeploymentWithStatuses | undefined) {
  return d ? { previous: d } : {};
}

async function settleVersion(
  v: VersionInput,
  github: GitHub | undefined,
  repo: { owner: string; repo: string },
): Promise<{ version: string; versionNote: string }> {
  if (v.kind === 'none') return { version: '', versionNote: 'none' };
  if (v.kind === 'explicit') return { version: v.version, versionNote: 'given' };
  // Only `auto` needs semver and the tag list: loaded on this path alone.
  if (!github) throw new InputError('github-token', '', 'a token when version is auto');
  const { listTags, nextPatch } = await import('./version.ts');
  const next = nextPatch(await listTags(github, repo));
  const note = next.after ? `next patch after ${next.after}` : 'first version: no semver tag yet';
  core.info(`Version ${next.version} (${note}).`);
  return { version: next.version, versionNote: note };
}

async function tagRelease(
  github: GitHub,
  repo: { owner: string; repo: string },
  version: string,
  run: DeployRunResult,
  environment: string,
  runUrl: string,
): Promise<TagResult | undefined> {
  const { createVersionTag } = await import('./version.ts');
  try {
    const tag = await createVersionTag(github, repo, {
      tag: version,
      sha: run.sha,
      message: `${version}: deployed to ${environment} and verified healthy (deployment ${run.deployment?.id ?? '?'}, ${runUrl})`,
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
