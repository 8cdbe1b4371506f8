// The backport of one merged PR to each target, one target after the other in one
// repository: find what an earlier run did (a PR, a branch), pick what the target lacks,
// push a new branch (never forced), open the PR. A target that fails is recorded and the
// next one goes on.
import { messageOf } from '../shared/runner/errors.ts';
import * as core from '@actions/core';
import type { PickPlan } from './merge-method.ts';
import type { WorkRepository } from '../shared/git/repository.ts';
import { commitsOnTop, subjectOf, targetContains } from './commits.ts';
import type { BackportGitHub, OriginalPull } from './github.ts';
import { badBranchName, render, type PickedCommit } from './templates.ts';
import { conflictComment, conflictKey } from './conflict-help.ts';
import { pickCommits } from './pick.ts';
import { openPull } from './open-pull.ts';
import { describe, outcomeBase, type TargetOutcome } from './outcome.ts';
import { shortSha } from '../shared/git/sha.ts';

export type ConflictMode = 'comment' | 'draft' | 'fail';

export interface BackportSettings {
  runUrl: string;
  original: OriginalPull;
  plan: PickPlan;
  severity: string;
  branchTemplate: string;
  titleTemplate: string;
  conflicts: ConflictMode;
  labels: string[];
  assignees: string[];
  autoMerge: boolean;
  /** Branches of origin, by name. */
  remote: Map<string, string>;
}

export interface Ports {
  git: WorkRepository;
  github: BackportGitHub;
}

/** One target to backport to, and where it was asked for. */
export interface TargetTask {
  s: BackportSettings;
  ports: Ports;
  target: string;
  source: string;
}

/** A target with its backport branch's name. */
export interface TargetJob extends TargetTask {
  branch: string;
}

/** A target once it is known which of the plan's picks it lacks. */
export interface PickJob extends TargetJob {
  /** Every pick of the plan, in order, each marked contained or not. */
  commits: PickedCommit[];
  /** The originals still to pick, in order. */
  todo: string[];
}

export interface BackportAllRequest {
  s: BackportSettings;
  targets: { branch: string; source: string }[];
  ports: Ports;
}

export async function backportAll({
  s,
  targets,
  ports,
}: BackportAllRequest): Promise<TargetOutcome[]> {
  const out: TargetOutcome[] = [];
  for (const t of targets) {
    let outcome: TargetOutcome;
    try {
      outcome = await backportOne({ s, ports, target: t.branch, source: t.source });
    } catch (err) {
      outcome = {
        target: t.branch,
        source: t.source,
        status: 'failed',
        reason: 'error',
        detail: messageOf(err),
        commits: [],
        warnings: [],
      };
    }
    core.info(`${t.branch}: ${describe(outcome)}`);
    out.push(outcome);
  }
  return out;
}

/** The backport branch for `target`: branch-template filled in. */
export function branchName(template: string, o: OriginalPull, target: string): string {
  return render(template, { target, number: String(o.number), title: o.title, base: o.baseRef });
}

async function backportOne(r: TargetTask): Promise<TargetOutcome> {
  const branch = branchName(r.s.branchTemplate, r.s.original, r.target);
  const bad = badBranchName(branch);
  if (bad)
    return {
      target: r.target,
      source: r.source,
      commits: [],
      warnings: [],
      status: 'failed',
      reason: 'bad branch name',
      detail: `branch-template gives "${branch}", which ${bad}`,
    };
  const job: TargetJob = { ...r, branch };
  const earlier = await earlierPull(job);
  if (earlier) return earlier;
  const picks: PickJob = { ...job, ...(await whatTargetLacks(job)) };
  if (!picks.todo.length) return alreadyContained(picks);
  // The branch is on origin: an earlier run's that did not get to open the PR, or someone's.
  const reused = r.s.remote.has(branch);
  const stopped = reused ? await reuseBranch(picks) : await pickAndPush(picks);
  return stopped ?? openPull({ ...picks, reused });
}

/** The PR an earlier run (or a person) opened from the branch: open, merged or closed. */
async function earlierPull(j: TargetJob): Promise<TargetOutcome | undefined> {
  const existing = await j.ports.github.findPull(j.branch, j.target);
  if (!existing) return undefined;
  const [reason, detail] =
    existing.state === 'open'
      ? ['pull request exists', `#${existing.number} is open: nothing new opened`]
      : existing.merged
        ? ['already backported', `#${existing.number} was merged`]
        : [
            'pull request closed',
            `#${existing.number} was closed without merging: delete branch ${j.branch} to backport again`,
          ];
  return {
    ...outcomeBase(j),
    status: 'skipped',
    reason,
    detail,
    number: existing.number,
    url: existing.url,
  };
}

/** What the target lacks, by patch-id (a mainline pick is never compared). */
async function whatTargetLacks(j: TargetJob): Promise<Pick<PickJob, 'commits' | 'todo'>> {
  const { git } = j.ports;
  const commits: PickedCommit[] = [];
  const todo: string[] = [];
  for (const sha of j.s.plan.picks) {
    const contained = !j.s.plan.mainline && (await targetContains(git, j.target, sha));
    commits.push({ original: sha, subject: await subjectOf(git, sha), conflicts: [], contained });
    if (!contained) todo.push(sha);
  }
  return { commits, todo };
}

function alreadyContained(j: PickJob): TargetOutcome {
  return {
    ...outcomeBase(j),
    status: 'skipped',
    reason: 'already contains',
    detail: `${j.target} already has the change (same patch)`,
  };
}

/**
 * Reuses the branch on origin when it holds exactly these picks; anything else is someone's
 * work, and it is not ours to overwrite. Undefined when reused (the picks then name its commits).
 */
async function reuseBranch(j: PickJob): Promise<TargetOutcome | undefined> {
  const onTop = await commitsOnTop(j.ports.git, j.target, j.branch);
  const same = onTop.length === j.todo.length && onTop.every((c, i) => c.pickedFrom === j.todo[i]);
  if (!same) {
    const foreign = onTop.filter((c, i) => c.pickedFrom !== j.todo[i]).slice(0, 3);
    return {
      ...outcomeBase(j),
      status: 'failed',
      reason: 'branch exists with other commits',
      detail:
        `origin already has ${j.branch} with commits this backport did not make (` +
        (foreign.map((c) => `${shortSha(c.sha)} "${c.subject}"`).join(', ') ||
          `${onTop.length} commits instead of ${j.todo.length}`) +
        `); nothing was pushed. Delete the branch or change branch-template, then re-run.`,
    };
  }
  for (const c of j.commits) {
    const mine = onTop[j.todo.indexOf(c.original)];
    if (mine) c.backported = mine.sha;
  }
  return undefined;
}

/** Picks onto the target and pushes the branch; undefined when the branch is on origin. */
async function pickAndPush(j: PickJob): Promise<TargetOutcome | undefined> {
  const picked = await pickCommits({
    git: j.ports.git,
    target: j.target,
    commits: j.commits,
    mainline: j.s.plan.mainline,
    conflicts: j.s.conflicts,
  });
  if (picked.kind === 'conflict') return conflicted({ ...j, at: picked.at, files: picked.files });
  if (j.commits.every((c) => c.contained)) return alreadyContained(j);
  return pushBranch(j);
}

/** conflicts: fail or comment. The commands to finish by hand go in the outcome either way. */
async function conflicted(j: PickJob & { at: string; files: string[] }): Promise<TargetOutcome> {
  const o = j.s.original;
  const detail = `cherry-picking ${shortSha(j.at)} conflicts in ${j.files.join(', ')}`;
  const help = conflictComment({
    number: o.number,
    target: j.target,
    branch: j.branch,
    base: o.baseRef,
    plan: j.s.plan,
    picks: j.todo,
    conflictAt: j.at,
    files: j.files,
    runUrl: j.s.runUrl,
  });
  const failed = { ...outcomeBase(j), status: 'failed' as const, reason: 'conflict', help };
  if (j.s.conflicts === 'fail') return { ...failed, detail };
  const comment = await j.ports.github.comments.upsert(o.number, conflictKey(j.target), help);
  if (!comment)
    return {
      ...failed,
      detail: `${detail}; the commands to finish by hand are in the job summary`,
    };
  return { ...failed, detail, commentUrl: comment.url };
}

/** Pushes the worktree's HEAD as the new branch, never forced; undefined when pushed. */
async function pushBranch(j: PickJob): Promise<TargetOutcome | undefined> {
  const pushed = await j.ports.git.push(j.branch);
  if (pushed.ok) return undefined;
  return {
    ...outcomeBase(j),
    status: 'failed',
    reason: pushed.reason === 'workflows' ? 'push refused: workflows permission' : 'push failed',
    detail:
      pushed.reason === 'rejected'
        ? `${j.branch} appeared on origin while the backport ran; nothing was overwritten (re-run to reuse or report it)`
        : pushed.message,
  };
}
