// The revert strategy: `git revert` of exactly the failed change's commits (the first-parent
// commits between the last good deployment and the failed one) on the production branch,
// then a pull request (revert-mode pull-request) or a fast-forward push (revert-mode push).
// Never forced. A re-run finds its branch, its PR, or the reverts already on the production
// branch, and does not revert twice. Loaded only when the strategy is revert.
import {
  deploymentName,
  displayName,
  type DeploymentWithStatuses,
  type Repo,
} from '../shared/github/deployments.ts';
import type { PullRef, Pulls } from '../shared/github/pulls.ts';
import { md, table } from '../shared/text/markdown.ts';
import * as core from '@actions/core';
import { messageOf } from '../shared/runner/errors.ts';
import { WorkRepository } from '../shared/git/repository.ts';
import { changeBetween, revertsOn, type ChangeCommit } from './change.ts';
import type { RollbackTarget } from './decide.ts';
import type { RevertMode } from './inputs.ts';
import { shortSha } from '../shared/git/sha.ts';

export interface RevertRequest {
  /** Where the revert PR is found again or opened. */
  pulls: Pulls;
  repo: Repo;
  token: string;
  serverUrl: string;
  workspace: string | undefined;
  tempDir: string;
  runUrl: string;
  environment: string;
  failed: DeploymentWithStatuses;
  target: RollbackTarget;
  productionBranch: string;
  mode: RevertMode;
  reason: string;
}

export interface RevertedCommit extends ChangeCommit {
  /** The commit that reverts it; empty when the change was already undone on the line. */
  revertedBy: string;
}

interface RevertBase {
  /** The failed change, oldest first. */
  change: ChangeCommit[];
  productionBranch: string;
  /** The branch that carries the reverts: the revert branch, or the production branch. */
  branch: string;
}

export type RevertResult =
  | (RevertBase & {
      kind: 'done';
      /** How: a new or reused PR, a push, or reverts already on the production branch. */
      how: 'pull-request' | 'reused-pull-request' | 'pushed' | 'already-on-branch';
      /** The commit that carries the whole revert: deploy it to roll back. */
      head: string;
      reverted: RevertedCommit[];
      pull?: PullRef;
      /** A closed, unmerged PR for this revert exists: not reopened, not duplicated. */
      closedPull?: PullRef;
    })
  | (RevertBase & {
      kind: 'failed';
      message: string;
      conflict?: { commit: ChangeCommit; files: string[] };
    });

const IDENTITY = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
};

/** The revert branch of a failed deployment: one per deployment, so a re-run finds it. */
export function revertBranch(environment: string, failedId: number): string {
  const env = environment
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return `rollback/${env || 'environment'}/deployment-${failedId}`;
}

export async function revertChange(r: RevertRequest): Promise<RevertResult> {
  const prod = r.productionBranch;
  const branch = r.mode === 'push' ? prod : revertBranch(r.environment, r.failed.id);
  const base: RevertBase = { change: [], productionBranch: prod, branch };
  const git = await WorkRepository.open({
    workspace: r.workspace,
    serverUrl: r.serverUrl,
    owner: r.repo.owner,
    repo: r.repo.repo,
    token: r.token,
    tempDir: r.tempDir,
    identity: IDENTITY,
    purpose: 'revert',
  });
  try {
    core.info(`Reverting in ${git.description}.`);
    return await revertOn({ ...r, git, base });
  } catch (err) {
    return failed(base, `The revert stopped on an error: ${messageOf(err)}`);
  } finally {
    await git.close();
  }
}

/** A revert under way: the request, the repository it works in, what it found so far. */
interface RevertJob extends RevertRequest {
  git: WorkRepository;
  /** `change` is filled in once the failed change is known. */
  base: RevertBase;
}

/** The reverts already on the production branch: reverted sha -> the reverting commit. */
type Reverts = Map<string, string>;

function failed(
  base: RevertBase,
  message: string,
  conflict?: { commit: ChangeCommit; files: string[] },
): RevertResult {
  return { ...base, kind: 'failed', message, ...(conflict ? { conflict } : {}) };
}

async function revertOn(j: RevertJob): Promise<RevertResult> {
  const { git, base } = j;
  const prod = j.productionBranch;
  const remote = await git.remoteBranches();
  if (!remote.has(prod))
    return failed(
      base,
      `The production branch ${prod} (policy production-branch) is not on origin: nothing to revert on.`,
    );
  const revertBranchExists = j.mode === 'pull-request' && remote.has(base.branch);
  await git.fetch(revertBranchExists ? [prod, base.branch] : [prod]);

  const unfit = await whyNotRevertible(j);
  if (unfit) return failed(base, unfit);
  base.change = await changeBetween(git, j.target.sha, j.failed.sha);
  if (!base.change.length)
    return failed(base, 'There are no commits between the target and the failed deployment.');
  core.info(
    `The failed change: ${base.change.length} commit${base.change.length === 1 ? '' : 's'} on ${prod} (${base.change.map((c) => shortSha(c.sha)).join(', ')}).`,
  );

  // Already reverted on the production branch (a merged revert PR, a push, a person)?
  const onProd = await revertsOn(git, j.failed.sha, prod);
  if (base.change.every((c) => onProd.has(c.sha))) return await alreadyOnProd({ ...j, onProd });
  if (revertBranchExists) return await reuseBranch(j);
  return await revertAndPush({ ...j, onProd });
}

/** Why the change cannot be reverted on the production branch; undefined when it can. */
async function whyNotRevertible(j: RevertJob): Promise<string | undefined> {
  const { git } = j;
  const prod = j.productionBranch;
  const failedSha = j.failed.sha;
  const targetSha = j.target.sha;
  for (const [sha, what] of [
    [failedSha, `the failed deployment's commit`],
    [targetSha, 'the last good commit'],
  ] as const) {
    if (!(await git.hasCommit(sha)) || !(await git.isAncestor(sha, `origin/${prod}`)))
      return `${what} ${shortSha(sha)} is not on ${prod}: the revert strategy undoes a change on the production branch; use strategy redeploy to deploy the last good version instead.`;
  }
  if (!(await git.isAncestor(targetSha, failedSha)))
    return `${displayName(j.target)} (${shortSha(targetSha)}) is not an ancestor of the failed ${shortSha(failedSha)}: there is no single change between them to revert.`;
  return undefined;
}

async function alreadyOnProd(j: RevertJob & { onProd: Reverts }): Promise<RevertResult> {
  const prod = j.productionBranch;
  const reverted = j.base.change.map((c) => ({ ...c, revertedBy: j.onProd.get(c.sha) ?? '' }));
  core.info(`${prod} already reverts every commit of the change; nothing to push.`);
  return {
    ...j.base,
    branch: prod,
    kind: 'done',
    how: 'already-on-branch',
    head: await newestOf(j.git, reverted, prod),
    reverted,
  };
}

/** The revert branch exists (an earlier run): reuse it when it reverts the whole change. */
async function reuseBranch(j: RevertJob): Promise<RevertResult> {
  const { git, base } = j;
  const branch = base.branch;
  const onBranch = await revertsOn(git, j.failed.sha, branch);
  if (!base.change.every((c) => onBranch.has(c.sha)))
    return failed(
      base,
      `The branch ${branch} exists on origin but does not revert the whole change; it was left as it is (never overwritten). Delete it, or finish it by hand, and run again.`,
    );
  core.info(`${branch} already carries the reverts (an earlier run); reusing it.`);
  const reverted = base.change.map((c) => ({ ...c, revertedBy: onBranch.get(c.sha) ?? '' }));
  const head = await git.tip(branch);
  return await withPull(j, { ...base, kind: 'done', how: 'reused-pull-request', head, reverted });
}

/**
 * Reverts newest first on the production branch's tip and pushes; in push mode, once more on
 * a newer tip when someone pushed meanwhile.
 */
async function revertAndPush(j: RevertJob & { onProd: Reverts }): Promise<RevertResult> {
  const { git, base } = j;
  const prod = j.productionBranch;
  for (let attempt = 1; ; attempt++) {
    await git.checkout(prod);
    const reverted = await revertEach(j);
    if (!Array.isArray(reverted)) return reverted;
    const head = await git.head();
    const pushed = await git.push(base.branch);
    if (pushed.ok) {
      core.info(`Pushed ${head} to ${base.branch}.`);
      if (j.mode === 'push') return { ...base, kind: 'done', how: 'pushed', head, reverted };
      return await withPull(j, { ...base, kind: 'done', how: 'pull-request', head, reverted });
    }
    if (pushed.reason !== 'rejected' || attempt >= 2 || j.mode !== 'push')
      return failed(base, pushed.message);
    core.warning(`${prod} moved while reverting; reverting again on its new tip.`);
    await git.fetch([prod]);
  }
}

/** One pass of `git revert` over the change, newest first; a conflict is aborted and reported. */
async function revertEach(
  j: RevertJob & { onProd: Reverts },
): Promise<RevertedCommit[] | RevertResult> {
  const reverted: RevertedCommit[] = [];
  for (const c of [...j.base.change].reverse()) {
    if (j.onProd.has(c.sha)) {
      reverted.push({ ...c, revertedBy: j.onProd.get(c.sha) ?? '' });
      continue;
    }
    const step = await j.git.apply('revert', c.sha, c.merge);
    if (step.kind === 'conflict') {
      await j.git.abort('revert');
      return failed(
        j.base,
        `Reverting ${shortSha(c.sha)} (${c.subject}) conflicts with what ${j.productionBranch} has now, in ${step.files.join(', ')}.`,
        { commit: c, files: step.files },
      );
    }
    reverted.push({ ...c, revertedBy: step.kind === 'applied' ? step.sha : '' });
  }
  return reverted.reverse();
}

/** The newest of the reverting commits (all on `branch`): deploying it deploys every revert. */
async function newestOf(
  git: WorkRepository,
  reverted: RevertedCommit[],
  branch: string,
): Promise<string> {
  const shas = [...new Set(reverted.map((c) => c.revertedBy).filter(Boolean))];
  let newest = shas[0];
  if (!newest) return git.tip(branch);
  for (const sha of shas.slice(1)) if (await git.isAncestor(newest, sha)) newest = sha;
  return newest;
}

/** Finds the revert PR (a re-run reuses it) or opens it. */
async function withPull(
  r: RevertRequest,
  done: Extract<RevertResult, { kind: 'done' }>,
): Promise<RevertResult> {
  try {
    const existing = await r.pulls.find(done.branch, done.productionBranch);
    if (existing?.state === 'open' || existing?.merged) {
      core.info(`PR #${existing.number} already proposes this revert.`);
      return { ...done, how: 'reused-pull-request', pull: existing };
    }
    if (existing) {
      core.warning(
        `PR #${existing.number} for this revert was closed without merging; it is not reopened and no second PR is opened. Reopen it to go on.`,
      );
      return { ...done, closedPull: existing };
    }
    const created = await r.pulls.create({
      title: revertTitle(r),
      body: revertBody(r, done),
      head: done.branch,
      base: done.productionBranch,
      draft: false,
    });
    const pull: PullRef =
      created.kind === 'exists'
        ? created.pull
        : { number: created.number, url: created.url, state: 'open', merged: false, draft: false };
    core.info(`${created.kind === 'exists' ? 'Found' : 'Opened'} PR #${pull.number}: ${pull.url}`);
    return { ...done, pull };
  } catch (err) {
    return {
      change: done.change,
      productionBranch: done.productionBranch,
      branch: done.branch,
      kind: 'failed',
      message: `The reverts are pushed to ${done.branch}, but the PR could not be opened: ${messageOf(err)}`,
    };
  }
}

export function revertTitle(r: Pick<RevertRequest, 'failed' | 'environment'>): string {
  const what = deploymentName(r.failed);
  return `Revert ${what}: roll back ${r.environment} (deployment ${r.failed.id})`;
}

export function revertBody(
  r: Pick<RevertRequest, 'failed' | 'target' | 'environment' | 'reason' | 'runUrl'>,
  done: Pick<Extract<RevertResult, { kind: 'done' }>, 'reverted' | 'productionBranch'>,
): string {
  const failedName = deploymentName(r.failed);
  return [
    `Rolls back **${md(r.environment)}**: deployment ${r.failed.id} of ${md(failedName)} (\`${r.failed.sha}\`) is not healthy.`,
    `**Reason:** ${md(r.reason)}`,
    `This reverts exactly the change deployed since the last good version, ${md(displayName(r.target))} (\`${r.target.sha}\`), newest first:`,
    table(
      ['Commit', 'Subject', 'Reverted by'],
      [...done.reverted]
        .reverse()
        .map((c) => [
          `\`${shortSha(c.sha)}\`${c.merge ? ' (merge, -m 1)' : ''}`,
          md(c.subject),
          c.revertedBy ? `\`${shortSha(c.revertedBy)}\`` : 'already undone',
        ]),
    ),
    `<sub>Opened by hotfix-actions/auto-rollback in [this run](${r.runUrl}). Running it again reuses this PR.</sub>`,
  ].join('\n\n');
}
