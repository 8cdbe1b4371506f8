// The last step of a target: the backport PR from the pushed (or reused) branch, a draft when
// conflicts were committed, then its labels, assignees and auto-merge. What goes wrong after
// the PR exists is a warning on the outcome, not a failure of the target.
import * as core from '@actions/core';
import { messageOf } from '../shared/runner/errors.ts';
import type { PickJob } from './backport.ts';
import { outcomeBase, type TargetOutcome } from './outcome.ts';
import type { CreateResult } from './github.ts';
import { prBody, render } from './templates.ts';

type Created = Extract<CreateResult, { kind: 'created' }>;
type AutoMerge = 'enabled' | 'off' | 'refused';

export async function openPull(j: PickJob & { reused: boolean }): Promise<TargetOutcome> {
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
  const o = j.s.original;
  return render(j.s.titleTemplate, {
    target: j.target,
    number: String(o.number),
    title: o.title,
    base: o.baseRef,
  });
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
  j: PickJob & { created: Created; draft: boolean },
): Promise<{ warnings: string[]; autoMerge: AutoMerge }> {
  const { s, ports } = j;
  const warnings: string[] = [];
  await ports.github
    .setLabelsAndAssignees(j.created.number, s.labels, s.assignees)
    .catch((err: unknown) =>
      warnings.push(
        `labels (${s.labels.join(', ') || 'none'}) and assignees (${s.assignees.join(', ') || 'none'}) not set: ${messageOf(err)}`,
      ),
    );
  let autoMerge: AutoMerge = 'off';
  if (s.autoMerge && j.draft) {
    warnings.push('auto-merge not enabled: the PR is a draft with conflicts to resolve');
  } else if (s.autoMerge) {
    const refusal = await ports.github.enableAutoMerge(j.created.nodeId, s.plan.method);
    autoMerge = refusal ? 'refused' : 'enabled';
    if (refusal)
      warnings.push(
        `auto-merge not enabled on #${j.created.number}: ${refusal} (turn on "Allow auto-merge" in the repository settings; the token needs contents: write and pull-requests: write)`,
      );
  }
  return { warnings, autoMerge };
}
