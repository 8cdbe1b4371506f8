// auto-rollback: when a deploy leaves production unhealthy, restore the last good version,
// prove it healthy, and when that fails too, escalate with the exact manual steps.
import { runAction, setOutputs } from '../shared/action.ts';
import { appendSummary, setFailed } from '../shared/runner.ts';
import { readContext } from '../shared/context.ts';
import { createGitHub } from '../shared/github.ts';
import { loadPolicy } from '../shared/policy-loader.ts';
import { cancellationSignal } from '../shared/cancellation.ts';
import { deploymentHistory } from '../shared/deployments.ts';
import { readRollbackInputs, rollbackRequest } from './settings.ts';
import { rollBack } from './rollback.ts';
import { outputsOf, summaryOf } from './report.ts';

// Listen for the runner's SIGINT/SIGTERM from the start: a cancelled rollback is recorded.
cancellationSignal();

await runAction(async () => {
  const input = readRollbackInputs();
  const ctx = readContext();
  const github = await createGitHub(input['github-token']);
  // The history is read while the policy loads: one round trip less before the rollback starts.
  const history = deploymentHistory(
    github,
    { owner: ctx.owner, repo: ctx.repo },
    input.environment,
  );
  history.catch(() => undefined); // awaited, and its error reported, in rollBack
  const { policy } = await loadPolicy({
    ctx,
    path: input['policy-file'],
    github: async () => github,
  });
  const request = rollbackRequest(input, policy);
  const outcome = await rollBack(request, ctx, github, input['github-token'], history);
  setOutputs(outputsOf(outcome));
  appendSummary(summaryOf(outcome));
  if (outcome.escalate) setFailed(outcome.failureReason || outcome.message);
});
