// The backport of one merged PR to each target, in one repository, in four passes so the
// work shared by targets is done once: what the picks are and which targets already carry
// them (one git call each), then per target what an earlier run did (a PR, a branch) and the
// picks (no checkout: see pick.ts), then one push for every new branch (never forced), then
// the PRs. A target that fails is recorded and the others go on.
import { messageOf } from '../shared/runner/errors.ts';
import * as core from '@actions/core';
import type { PickPlan } from './merge-method.ts';
import type { PushResult, WorkRepository } from '../shared/git/repository.ts';
import {
  commitsOnTop,
  handBackports,
  readCommits,
  targetContains,
  type CommitRecord,
  type HandBackport,
} from './commits.ts';
import type { BackportGitHub, OriginalPull } from './github.ts';
import { badBranchName, fillTemplate, type PickedCommit } from './templates.ts';
import { conflictComment, conflictKey } from './conflict-help.ts';
import { describeConflict, type FileConflict } from './conflicts.ts';
import { pickCommits } from './pick.ts';
import { stripSpace } from './pick-message.ts';
import { openPull, type AutoMergeMode } from './open-pull.ts';
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
  autoMerge: AutoMergeMode;
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

/** A target whose branch is ready: `head` to push, or already on origin (`reused`). */
interface ReadyJob extends PickJob {
  head: string;
  reused: boolean;
}

/** What every target shares: the picks' commits and the targets' tips, read once. */
interface Shared {
  records: Map<string, CommitRecord>;
  tips: Map<string, { sha: string; tree: string }>;
  hand: Map<string, HandBackport[]>;
}

export interface BackportAllRequest {
  s: BackportSettings;
  /** Each target with its branch and what an earlier run left (lookUpEarlier). */
  earlier: Earlier[];
  ports: Ports;
  /** Commits the plan already read (the merge commit's first-parent history). */
  known?: Map<string, CommitRecord>;
}

/** A target, its backport branch, and the outcome when it is already settled. */
export interface Earlier {
  target: string;
  source: string;
  branch: string;
  /** A PR from the branch exists (open, merged or closed), or the branch name is bad. */
  outcome?: TargetOutcome;
}

/**
 * The backport branch of every target and the PR an earlier run (or a person) opened from
 * it, looked up for all targets at once: these are reads (not throttled like writes), and
 * they need nothing from git, so they run while the repository is fetched.
 */
export function lookUpEarlier(r: {
  github: BackportGitHub;
  branchTemplate: string;
  original: OriginalPull;
  targets: { branch: string; source: string }[];
}): Promise<Earlier[]> {
  return Promise.all(
    r.targets.map(async ({ branch: target, source }): Promise<Earlier> => {
      const branch = fillTemplate(r.branchTemplate, r.original, target);
      const bad = badBranchName(branch);
      if (bad)
        return {
          target,
          source,
          branch,
          outcome: {
            target,
            source,
            commits: [],
            warnings: [],
            status: 'failed',
            reason: 'bad branch name',
            detail: `branch-template gives "${branch}", which ${bad}`,
          },
        };
      try {
        const outcome = await earlierPull(r.github, { target, source, branch });
        return { target, source, branch, ...(outcome ? { outcome } : {}) };
      } catch (err) {
        return { target, source, branch, outcome: errorOutcome({ target, source }, err) };
      }
    }),
  );
}

/** Where a target stands between the passes. */
type Slot =
  | { kind: 'done'; outcome: TargetOutcome }
  | { kind: 'job'; job: TargetJob }
  | { kind: 'ready'; job: ReadyJob };

const slotOf = (x: TargetOutcome | ReadyJob): Slot =>
  'status' in x ? { kind: 'done', outcome: x } : { kind: 'ready', job: x };

export async function backportAll({
  s,
  earlier,
  ports,
  known,
}: BackportAllRequest): Promise<TargetOutcome[]> {
  const { git } = ports;
  const slots: Slot[] = earlier.map((e) =>
    e.outcome
      ? { kind: 'done', outcome: e.outcome }
      : { kind: 'job', job: { s, ports, target: e.target, source: e.source, branch: e.branch } },
  );
  const open = slots.flatMap((x) => (x.kind === 'job' ? [x.job] : []));
  if (open.length) {
    const [records, tips, hand] = await Promise.all([
      readCommits(git, s.plan.picks, known),
      git.remoteTips(),
      handBackports(
        git,
        open.map((j) => j.target),
        s.plan.picks,
        s.original.mergeCommitSha ?? s.plan.picks.at(-1) ?? '',
      ),
    ]);
    const shared: Shared = { records, tips, hand };
    for (const [i, x] of slots.entries())
      if (x.kind === 'job') slots[i] = slotOf(await guarded(x.job, () => prepare(x.job, shared)));
  }
  // One push for every new branch; each still gets its own result.
  const toPush = slots.flatMap((x) => (x.kind === 'ready' && !x.job.reused ? [x.job] : []));
  const pushed = await git.pushCommits(toPush.map((j) => ({ branch: j.branch, sha: j.head })));
  const refused = new Map(
    toPush.flatMap((j, i) => (pushed[i]?.ok === false ? [[j, pushed[i]]] : [])),
  );
  const out: TargetOutcome[] = [];
  for (const x of slots) {
    let outcome: TargetOutcome;
    if (x.kind === 'done') outcome = x.outcome;
    else if (x.kind === 'job') throw new Error(`${x.job.target} was never prepared`);
    else {
      const failure = refused.get(x.job);
      outcome = failure ? pushFailure(x.job, failure) : await guarded(x.job, () => openPull(x.job));
    }
    core.info(`${outcome.target}: ${describe(outcome)}`);
    out.push(outcome);
  }
  return out;
}

/** Runs one target's step; an error fails that target only. */
async function guarded<T>(t: TargetTask, step: () => Promise<T>): Promise<T | TargetOutcome> {
  try {
    return await step();
  } catch (err) {
    return errorOutcome(t, err);
  }
}

function errorOutcome(t: { target: string; source: string }, err: unknown): TargetOutcome {
  return {
    target: t.target,
    source: t.source,
    status: 'failed',
    reason: 'error',
    detail: messageOf(err),
    commits: [],
    warnings: [],
  };
}

/** What the target lacks, then the branch on origin reused or the picks made. */
async function prepare(job: TargetJob, shared: Shared): Promise<TargetOutcome | ReadyJob> {
  const picks: PickJob = { ...job, ...whatTargetLacks(job, shared) };
  if (!picks.todo.length) return alreadyThere(picks);
  // The branch is on origin: an earlier run's that did not get to open the PR, or someone's.
  if (job.s.remote.has(job.branch)) {
    const refused = await reuseBranch(picks, shared);
    return refused ?? { ...picks, head: job.s.remote.get(job.branch) ?? '', reused: true };
  }
  return pick(picks, shared);
}

/** The PR an earlier run (or a person) opened from the branch: open, merged or closed. */
async function earlierPull(
  github: BackportGitHub,
  j: { target: string; source: string; branch: string },
): Promise<TargetOutcome | undefined> {
  const existing = await github.findPull(j.branch, j.target);
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

/** The picks a commit of the target already names in `(cherry picked from commit …)`. */
function whatTargetLacks(j: TargetJob, shared: Shared): Pick<PickJob, 'commits' | 'todo'> {
  const hand = shared.hand.get(j.target) ?? [];
  const commits = j.s.plan.picks.map((sha): PickedCommit => {
    const by = hand.find((h) => h.originals.includes(sha));
    return {
      original: sha,
      subject: shared.records.get(sha)?.subject ?? '',
      conflicts: [],
      contained: Boolean(by),
      ...(by ? { backportedIn: by.sha } : {}),
    };
  });
  return { commits, todo: commits.filter((c) => !c.contained).map((c) => c.original) };
}

/** Every pick is on the target already: by hand (the -x trailer), same patch or an empty pick. */
async function alreadyThere(j: PickJob, samePatch?: boolean): Promise<TargetOutcome> {
  const by = [...new Set(j.commits.flatMap((c) => (c.backportedIn ? [c.backportedIn] : [])))];
  if (by.length)
    return {
      ...outcomeBase(j),
      status: 'skipped',
      reason: 'already backported',
      detail: `already backported in ${by.map(shortSha).join(', ')} (its message names the original: cherry picked from commit …)`,
    };
  return {
    ...outcomeBase(j),
    status: 'skipped',
    reason: 'already contains',
    detail: `${j.target} already has the change (${samePatch === false ? 'the cherry-pick changes nothing' : 'same patch'})`,
  };
}

/**
 * Reuses the branch on origin when it holds these picks (an earlier run's picks, less those
 * that were already on the target); anything else is someone's work, and it is not ours to
 * overwrite. Undefined when reused (the picks then name its commits).
 */
async function reuseBranch(j: PickJob, shared: Shared): Promise<TargetOutcome | undefined> {
  const { git } = j.ports;
  const onTop = await commitsOnTop(git, j.target, j.branch);
  const from = onTop.map((c) => c.pickedFrom);
  // Ours when every commit names one of the picks, in order; a pick it lacks must then have
  // been contained by the target (an empty pick), which git cherry confirms.
  let ok = onTop.length > 0 && from.every((f) => f !== undefined);
  let at = 0;
  const missing: string[] = [];
  for (const sha of j.todo) {
    if (ok && from[at] === sha) at++;
    else missing.push(sha);
  }
  ok &&= at === from.length;
  for (const sha of ok ? missing : []) {
    const record = shared.records.get(sha);
    if (!record || !(await targetContains(git, j.target, record))) ok = false;
  }
  if (!ok) {
    const foreign = onTop.filter((c) => !c.pickedFrom || !j.todo.includes(c.pickedFrom));
    return {
      ...outcomeBase(j),
      status: 'failed',
      reason: 'branch exists with other commits',
      detail:
        `origin already has ${j.branch} with commits this backport did not make (` +
        (foreign
          .slice(0, 3)
          .map((c) => `${shortSha(c.sha)} "${c.subject}"`)
          .join(', ') || `${onTop.length} commits instead of ${j.todo.length}`) +
        `); nothing was pushed. Delete the branch or change branch-template, then re-run.`,
    };
  }
  for (const c of j.commits) {
    const mine = onTop.find((o) => o.pickedFrom === c.original);
    if (mine) c.backported = mine.sha;
    else if (missing.includes(c.original)) c.contained = true;
  }
  return undefined;
}

function tipOf(shared: Shared, target: string): { sha: string; tree: string } {
  const tip = shared.tips.get(target);
  if (!tip) throw new Error(`origin/${target} was not fetched`);
  return tip;
}

/** Picks onto the target; the commit to push, or why not. */
async function pick(j: PickJob, shared: Shared): Promise<TargetOutcome | ReadyJob> {
  const o = j.s.original;
  const picked = await pickCommits({
    git: j.ports.git,
    target: j.target,
    tip: tipOf(shared, j.target),
    records: shared.records,
    commits: j.commits,
    mainline: j.s.plan.mainline,
    // A merge commit's own message is "Merge pull request #N from …": the backport says what
    // the PR did instead, and keeps the trail to the commit it replays.
    mainlineMessage: (sha) =>
      stripSpace(`${o.title} (#${o.number})\n\n(cherry picked from commit ${sha})\n`),
    conflicts: j.s.conflicts,
  });
  if (picked.kind === 'conflict')
    return conflicted({ ...j, at: picked.at, conflicts: picked.conflicts });
  if (j.commits.every((c) => c.contained)) {
    const samePatch = await Promise.all(
      j.commits
        .filter((c) => !c.backportedIn)
        .map((c) => {
          const record = shared.records.get(c.original);
          return record && !j.s.plan.mainline
            ? targetContains(j.ports.git, j.target, record)
            : false;
        }),
    );
    return alreadyThere(j, samePatch.every(Boolean));
  }
  return { ...j, head: picked.head, reused: false };
}

/**
 * A conflict fails the target (conflicts: fail or comment): the commands to finish by hand go
 * in the outcome, and in a comment on the original PR unless conflicts is fail. In draft mode
 * a conflict without markers (a binary file, a file deleted or moved on one side) lands here
 * too: committing it would look resolved and lose the fix, so it gets the comment instead.
 */
async function conflicted(
  j: PickJob & { at: string; conflicts: FileConflict[] },
): Promise<TargetOutcome> {
  const o = j.s.original;
  const files = j.conflicts.map((c) => describeConflict(c, j.target)).join(', ');
  const detail =
    `cherry-picking ${shortSha(j.at)} conflicts in ${files}` +
    (j.s.conflicts === 'draft'
      ? '; no conflict markers to commit for a draft PR, so the commands to finish by hand are posted instead (conflicts: comment)'
      : '');
  const help = conflictComment({
    number: o.number,
    target: j.target,
    branch: j.branch,
    base: o.baseRef,
    plan: j.s.plan,
    picks: j.todo.filter((sha) => !j.commits.find((c) => c.original === sha)?.contained),
    conflictAt: j.at,
    conflicts: j.conflicts,
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

/** A push that did not go through, as the target's outcome. */
function pushFailure(j: PickJob, pushed: PushResult & { ok: false }): TargetOutcome {
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
