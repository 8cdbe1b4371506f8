// validate-hotfix-pr: the hotfix PR gate. Checks naming, description, size, tests,
// dependencies and approvals against the policy for the PR's severity, and explains each.
import * as core from '@actions/core';
import { runAction, setOutputs, writeSummary } from '../shared/runner/action.ts';
import { readContext, repoOf } from '../shared/runner/context.ts';
import { cancellationSignal } from '../shared/runner/cancellation.ts';
import { lazyGitHub } from '../shared/github/client.ts';
import { gitHubComments } from '../shared/github/sticky-comment.ts';
import { loadPolicy } from '../shared/policy/loader.ts';
import { resolveSubject } from '../shared/github/subject.ts';
import { readValidateInputs } from './inputs.ts';
import { gitHubPullData } from './pull-data.ts';
import { runGate } from './gate.ts';
import { outputsOf, summaryOf } from './report.ts';

export async function run(): Promise<void> {
  await runAction(async () => {
    const input = readValidateInputs();
    const ctx = readContext();
    const repo = repoOf(ctx);
    const github = lazyGitHub(input['github-token']);
    const subject = await resolveSubject(ctx, github);
    const { policy, source } = await loadPolicy({ ctx, path: input['policy-file'], github });
    core.info(`Policy: ${source}`);
    const { outcome, text, comment } = await runGate({
      input,
      subject,
      policy,
      data: gitHubPullData(github, repo, subject.number ?? 0),
      ...(input.comment ? { comments: gitHubComments(github, repo) } : {}),
      runUrl: ctx.runUrl,
      signal: cancellationSignal(),
    });
    setOutputs(outputsOf(outcome, text));
    await writeSummary(summaryOf(outcome, text, { policySource: source, comment }));
    const v = outcome.verdict;
    if (v.failStep)
      core.setFailed(
        `Hotfix gate failed for PR #${outcome.number} (${outcome.severity}): ${v.failed.join(', ')}. The job summary and the PR comment say how to fix each.`,
      );
  });
}
