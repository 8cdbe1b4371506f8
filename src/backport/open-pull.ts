// The last step of a target: the backport PR from the pushed (or reused) branch, a draft when
// conflicts were committed, then its labels, assignees and auto-merge. What goes wrong after
// the PR exists is a warning on the outcome, not a failure of the target.
//
// GitHub enables auto-merge only on a PR something still holds back (a required check or
// review): one that is mergeable now is refused ("Pull request is in clean status"), and a
// fresh backport into an unprotected branch usually is. That is reported as mergeable now, not
// as a settings problem; with `auto-merge: merge-when-clean` it is merged right away instead.
// GitHub also refuses a PR in "unstable" status: mergeable, but a check that no rule requires
// is failing or still running. Merging that would ship a backport whose CI is red or unknown,
// so it is never merged here: it is reported and left open for a person.
import * as core from '@actions/core';
import { messageOf } from '../shared/runner/errors.ts';
import type { PickJob } from './backport.ts';
import { outcomeBase, type AutoMergeResult, type TargetOutcome } from './outcome.ts';
import type { CreateResult } from './github.ts';
import { fillTemplate, prBody } from './templates.ts';

type Created = Extract<CreateResult, { kind: 'created' }>;

/** The auto-merge input: off, on (`true`), or on and merge now when nothing holds the PR. */
export type AutoMergeMode = 'off' | 'on' | 'merge-when-clean';

/** GitHub's refusal of auto-merge for a PR with nothing left to wait for. */
const MERGEABLE_NOW = /is in (clean|unstable) status/i;
/** The same refusal for a PR whose (not required) checks are failing or pending. */
const CHECKS_NOT_PASSING = /is in unstable status/i;

export async function openPull(
  j: PickJob & { reused: boolean; head: string },
): Promise<TargetOutcome> {
  const conflicts = [...new Set(j.commits.flatMap((c) => c.conflicts))];
  const draft = conflicts.length > 0;
  const created = await j.ports.github.createPull({
    title: titleOf(j),
    body: bodyOf(j),
    head: j.branch,
    base: j.target,
    draft,
  });
  if (created.kind === 'exists') {
    return {
      ...outcomeBase(j),
      status: 'skipped',
      reason: 'pull request exists',
      detail: `#${created.pull.number} was opened meanwhile: nothing new opened`,
      number: created.pull.number,
      url: created.pull.url,
    };
  }
  const { warnings, autoMerge } = await finishPull({ ...j, created, draft });
  for (const w of warnings) core.warning(`${j.target}: ${w}`, { title: 'Backport' });
  return {
    ...outcomeBase(j),
    warnings,
    status: 'created',
    number: created.number,
    url: created.url,
    draft,
    conflicts,
    reused: j.reused,
    autoMerge,
  };
}

function titleOf(j: PickJob): string {
  return fillTemplate(j.s.titleTemplate, j.s.original, j.target);
}

function bodyOf(j: PickJob): string {
  const o = j.s.original;
  return prBody({
    number: o.number,
    url: o.url,
    title: o.title,
    target: j.target,
    branch: j.branch,
    base: o.baseRef,
    severity: j.s.severity,
    plan: j.s.plan,
    commits: j.commits,
    runUrl: j.s.runUrl,
  });
}

/** Labels, assignees and auto-merge of the new PR; what did not work, as warnings. */
async function finishPull(
  j: PickJob & { created: Created; draft: boolean; head: string },
): Promise<{ warnings: string[]; autoMerge: AutoMergeResult }> {
  const { s, ports } = j;
  const warnings: string[] = [];
  await ports.github
    .setLabelsAndAssignees(j.created.number, s.labels, s.assignees)
    .catch((err: unknown) =>
      warnings.push(
        `labels (${s.labels.join(', ') || 'none'}) and assignees (${s.assignees.join(', ') || 'none'}) not set: ${messageOf(err)}`,
      ),
    );
  let autoMerge: AutoMergeResult = 'off';
  if (s.autoMerge !== 'off' && j.draft) {
    warnings.push('auto-merge not enabled: the PR is a draft with conflicts to resolve');
  } else if (s.autoMerge !== 'off') {
    autoMerge = await autoMergeOf(j, warnings);
  }
  return { warnings, autoMerge };
}

async function autoMergeOf(
  j: PickJob & { created: Created; head: string },
  warnings: string[],
): Promise<AutoMergeResult> {
  const { s, ports } = j;
  const n = j.created.number;
  const refusal = await ports.github.enableAutoMerge(j.created.nodeId, s.plan.method);
  if (!refusal) return 'enabled';
  if (!MERGEABLE_NOW.test(refusal)) {
    warnings.push(
      `auto-merge not enabled on #${n}: ${refusal} (turn on "Allow auto-merge" in the repository settings; the token needs contents: write and pull-requests: write)`,
    );
    return 'refused';
  }
  if (CHECKS_NOT_PASSING.test(refusal)) {
    // Asked to merge and did not: a warning. Only asked for auto-merge: a notice is enough.
    // Not in `warnings`: the summary already says it through the auto-merge result.
    const annotate = s.autoMerge === 'merge-when-clean' ? core.warning : core.notice;
    annotate(
      `${j.target}: #${n} is mergeable now, but checks are failing or pending: not merged (left open for a person)`,
      { title: 'Backport' },
    );
    return 'checks-not-passing';
  }
  if (s.autoMerge !== 'merge-when-clean') {
    core.notice(
      `${j.target}: #${n} is mergeable now (no required check or review holds it), so GitHub has no auto-merge to enable; merge it, or set auto-merge: merge-when-clean`,
      { title: 'Backport' },
    );
    return 'mergeable';
  }
  const notMerged = await ports.github.mergePull(n, s.plan.method, j.head);
  if (!notMerged) return 'merged';
  warnings.push(`#${n} is mergeable now but was not merged: ${notMerged}`);
  return 'mergeable';
}
