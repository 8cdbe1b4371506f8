// auto-rollback: when a deploy leaves production unhealthy, restore the last good version,
// prove it healthy, and when that fails too, escalate with the exact manual steps.
import * as core from '@actions/core';
import { runAction, setOutputs, writeSummary } from '../shared/runner/action.ts';
import { readContext, repoOf } from '../shared/runner/context.ts';
import { cancellationSignal } from '../shared/runner/cancellation.ts';
import { createGitHub } from '../shared/github/client.ts';
import { loadPolicy } from '../shared/policy/loader.ts';
import { readRollbackInputs, rollbackRequest } from './inputs.ts';
import { rollBack } from './rollback.ts';
import { outputsOf, summaryOf } from './report.ts';
import { gitHubRollbackPorts } from './adapters.ts';

export async function run(): Promise<void> {
  // Listen for the runner's SIGINT/SIGTERM from the start: a cancelled rollback is recorded.
  cancellationSignal();
  await runAction(async () => {
    const input = readRollbackInputs();
    const ctx = readContext();
    const github = await createGitHub(input['github-token']);
    // The history is read while the policy loads: one round trip less before the rollback starts.
    const ports = gitHubRollbackPorts(github, repoOf(ctx));
    const history = ports.deployments.history(input.environment);
    history.catch(() => undefined); // awaited, and its error reported, in rollBack
    const { policy } = await loadPolicy({
      ctx,
      path: input['policy-file'],
      github: async () => github,
    });
    const request = rollbackRequest(input, policy);
    const outcome = await rollBack(request, ctx, ports, input['github-token'], history);
    setOutputs(outputsOf(outcome));
    await writeSummary(summaryOf(outcome));
    if (outcome.escalate) core.setFailed(outcome.failureReason || outcome.message);
  });
}
