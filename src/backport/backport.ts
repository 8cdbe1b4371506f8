// The backport of one merged PR to each target, one target after the other in one
// repository: find what an earlier run did (a PR, a branch), pick what the target lacks,
// push a new branch (never forced), open the PR. A target that fails is recorded and the
// next one goes on.
import type { GitHub } from '../shared/github/client.ts';
import { messageOf } from '../shared/runner/errors.ts';
import * as core from '@actions/core';
import { upsertStickyComment } from '../shared/github/sticky-comment.ts';
import type { PickPlan } from './merge-method.ts';
import type { WorkRepository } from '../shared/git/repository.ts';
import { commitsOnTop, subjectOf, targetContains } from './commits.ts';
import type { Repo } from '../shared/github/client.ts';
import {
  createPull,
  enableAutoMerge,
  findPull,
  setLabelsAndAssignees,
  type OriginalPull,
} from './pulls.ts';
import { badBranchName, prBody, render, type PickedCommit } from './templates.ts';
import { conflictComment, conflictKey } from './conflict-help.ts';
import { shortSha } from '../shared/git/sha.ts';

export type ConflictMode = 'comment' | 'draft' | 'fail';

export interface BackportSettings {
  repo: Repo;
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

interface Base {
  target: string;
  source: string;
  branch?: string;
  commits: PickedCommit[];
  /** Things that went wrong without failing the target (a label, auto-merge). */
  warnings: string[];
}
export type TargetOutcome =
  | (Base & {
      status: 'created';
      branch: string;
      number: number;
      url: string;
      draft: boolean;
      conflicts: string[];
      reused: boolean;
      autoMerge: 'enabled' | 'off' | 'refused';
    })
  | (Base & { status: 'skipped'; reason: string; detail: string; number?: number; url?: string })
  | (Base & {
      status: 'failed';
      reason: string;
      detail: string;
      commentUrl?: string;
      /** For a conflict: what to run to finish by hand (markdown), also in the job summary. */
      help?: string;
    });

export interface Ports {
  git: WorkRepository;
  github: GitHub;
}

export async function backportAll(
  s: BackportSettings,
  targets: { branch: string; source: string }[],
  ports: Ports,
): Promise<TargetOutcome[]> {
  const out: TargetOutcome[] = [];
  for (const t of targets) {
    let outcome: TargetOutcome;
    try {
      outcome = await backportOne(s, t.branch, t.source, ports);
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

export function describe(o: TargetOutcome): string {
  if (o.status === 'created')
    return `${o.reused ? 'opened from the existing branch' : 'opened'} #${o.number}${o.draft ? ' (draft, with conflicts)' : ''}`;
  return `${o.status}: ${o.reason}: ${o.detail}`;
}

async function backportOne(
  s: BackportSettings,
  target: string,
  source: string,
  { git, github }: Ports,
): Promise<TargetOutcome> {
  const o = s.original;
  const base = { target, source, commits: [] as PickedCommit[], warnings: [] as string[] };
  const branch = render(s.branchTemplate, {
    target,
    number: String(o.number),
    title: o.title,
    base: o.baseRef,
  });
  const bad = badBranchName(branch);
  if (bad)
    return {
      ...base,
      status: 'failed',
      reason: 'bad branch name',
      detail: `branch-template gives "${branch}", which ${bad}`,
    };
  const withBranch = { ...base, branch };

  const existing = await findPull(github, s.repo, branch, target);
  if (existing) {
    const [reason, detail] =
      existing.state === 'open'
        ? ['pull request exists', `#${existing.number} is open: nothing new opened`]
        : existing.merged
          ? ['already backported', `#${existing.number} was merged`]
          : [
              'pull request closed',
              `#${existing.number} was closed without merging: delete branch ${branch} to backport again`,
            ];
    return {
      ...withBranch,
      status: 'skipped',
      reason,
      detail,
      number: existing.number,
      url: existing.url,
    };
  }

  // What the target lacks, by patch-id.
  const commits: PickedCommit[] = [];
  const todo: string[] = [];
  for (const sha of s.plan.picks) {
    const contained = !s.plan.mainline && (await targetContains(git, target, sha));
    commits.push({ original: sha, subject: await subjectOf(git, sha), conflicts: [], contained });
    if (!contained) todo.push(sha);
  }
  const allContained = {
    ...withBranch,
    commits,
    status: 'skipped' as const,
    reason: 'already contains',
    detail: `${target} already has the change (same patch)`,
  };
  if (!todo.length) return allContained;

  let reused = false;
  if (s.remote.has(branch)) {
    // An earlier run pushed the branch but did not get to open the PR: reuse it when it holds
    // exactly these picks; anything else is someone's work, and it is not ours to overwrite.
    const onTop = await commitsOnTop(git, target, branch);
    const same = onTop.length === todo.length && onTop.every((c, i) => c.pickedFrom === todo[i]);
    if (!same) {
      const foreign = onTop.filter((c, i) => c.pickedFrom !== todo[i]).slice(0, 3);
      return {
        ...withBranch,
        commits,
        status: 'failed',
        reason: 'branch exists with other commits',
        detail:
          `origin already has ${branch} with commits this backport did not make (` +
          (foreign.map((c) => `${shortSha(c.sha)} "${c.subject}"`).join(', ') ||
            `${onTop.length} commits instead of ${todo.length}`) +
          `); nothing was pushed. Delete the branch or change branch-template, then re-run.`,
      };
    }
    for (const c of commits) {
      const mine = onTop[todo.indexOf(c.original)];
      if (mine) c.backported = mine.sha;
    }
    reused = true;
  } else {
    await git.checkout(target);
    for (const c of commits) {
      if (c.contained) continue;
      const r = await git.apply('cherry-pick', c.original, s.plan.mainline);
      if (r.kind === 'applied') c.backported = r.sha;
      else if (r.kind === 'empty') c.contained = true;
      else if (s.conflicts === 'draft') {
        c.conflicts = r.files;
        c.backported = await git.commitConflict('cherry-pick');
      } else {
        await git.abort('cherry-pick');
        const files = r.files;
        const detail = `cherry-picking ${shortSha(c.original)} conflicts in ${files.join(', ')}`;
        const help = conflictComment({
          number: o.number,
          target,
          branch,
          base: o.baseRef,
          plan: s.plan,
          picks: todo,
          conflictAt: c.original,
          files,
          runUrl: s.runUrl,
        });
        if (s.conflicts === 'fail')
          return { ...withBranch, commits, status: 'failed', reason: 'conflict', detail, help };
        const comment = await upsertStickyComment(
          github,
          s.repo,
          o.number,
          conflictKey(target),
          help,
        );
        return {
          ...withBranch,
          commits,
          status: 'failed',
          reason: 'conflict',
          detail: comment
            ? detail
            : `${detail}; the commands to finish by hand are in the job summary`,
          help,
          ...(comment ? { commentUrl: comment.url } : {}),
        };
      }
    }
    if (commits.every((c) => c.contained)) return { ...allContained, commits };
    const pushed = await git.push(branch);
    if (!pushed.ok) {
      return {
        ...withBranch,
        commits,
        status: 'failed',
        reason:
          pushed.reason === 'workflows' ? 'push refused: workflows permission' : 'push failed',
        detail:
          pushed.reason === 'rejected'
            ? `${branch} appeared on origin while the backport ran; nothing was overwritten (re-run to reuse or report it)`
            : pushed.message,
      };
    }
  }

  const conflicts = [...new Set(commits.flatMap((c) => c.conflicts))];
  const draft = conflicts.length > 0;
  const created = await createPull(github, s.repo, {
    title: render(s.titleTemplate, {
      target,
      number: String(o.number),
      title: o.title,
      base: o.baseRef,
    }),
    body: prBody({
      number: o.number,
      url: o.url,
      title: o.title,
      target,
      branch,
      base: o.baseRef,
      severity: s.severity,
      plan: s.plan,
      commits,
      runUrl: s.runUrl,
    }),
    head: branch,
    base: target,
    draft,
  });
  if (created.kind === 'exists') {
    return {
      ...withBranch,
      commits,
      status: 'skipped',
      reason: 'pull request exists',
      detail: `#${created.pull.number} was opened meanwhile: nothing new opened`,
      number: created.pull.number,
      url: created.pull.url,
    };
  }
  const warnings: string[] = [];
  await setLabelsAndAssignees(github, s.repo, created.number, s.labels, s.assignees).catch(
    (err: unknown) =>
      warnings.push(
        `labels (${s.labels.join(', ') || 'none'}) and assignees (${s.assignees.join(', ') || 'none'}) not set: ${messageOf(err)}`,
      ),
  );
  let autoMerge: 'enabled' | 'off' | 'refused' = 'off';
  if (s.autoMerge && draft) {
    warnings.push('auto-merge not enabled: the PR is a draft with conflicts to resolve');
  } else if (s.autoMerge) {
    const refusal = await enableAutoMerge(github, created.nodeId, s.plan.method);
    autoMerge = refusal ? 'refused' : 'enabled';
    if (refusal)
      warnings.push(
        `auto-merge not enabled on #${created.number}: ${refusal} (turn on "Allow auto-merge" in the repository settings; the token needs contents: write and pull-requests: write)`,
      );
  }
  for (const w of warnings) core.warning(`${target}: ${w}`, { title: 'Backport' });
  return {
    ...withBranch,
    commits,
    warnings,
    status: 'created',
    number: created.number,
    url: created.url,
    draft,
    conflicts,
    reused,
    autoMerge,
  };
}
