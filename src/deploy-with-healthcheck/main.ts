// deploy-with-healthcheck: run the deploy command inside a GitHub deployment, then judge the
// environment's health over a window; healthy or not, say so with evidence.
import * as core from '@actions/core';
import { runAction, setOutputs, writeSummary } from '../shared/runner/action.ts';
import { readContext, repoOf } from '../shared/runner/context.ts';
import { cancellationSignal } from '../shared/runner/cancellation.ts';
import { InputError } from '../shared/runner/errors.ts';
import { createGitHub } from '../shared/github/client.ts';
import { loadPolicy } from '../shared/policy/loader.ts';
import { healthPlan } from '../shared/health/settings.ts';
import { deployStrategy, readDeployInputs } from './inputs.ts';
import { deploy } from './deploy.ts';
import { outputsOf, summaryOf } from './report.ts';
import { gitHubDeployPorts } from './adapters.ts';

export async function run(): Promise<void> {
  // Listen for the runner's SIGINT/SIGTERM from the start: a cancelled deploy is recorded.
  cancellationSignal();
  await runAction(async () => {
    const input = readDeployInputs();
    const ctx = readContext();
    const ref = input.ref || ctx.sha;
    if (!ref) throw new InputError('ref', '', 'the ref or sha to deploy (GITHUB_SHA is not set)');
    const token = input['github-token'];
    const github = token ? await createGitHub(token) : undefined;
    if (!github)
      core.warning(
        'No github-token: the deploy is not recorded as a GitHub deployment and no rollback target is looked up.',
      );
    const { policy } = await loadPolicy({
      ctx,
      path: input['policy-file'],
      ...(github ? { github: async () => github } : {}),
    });
    // Both checked before anything runs: a bad strategy input names itself.
    const health = healthPlan(input, policy.health);
    const strategy = deployStrategy(input, policy);
    const outcome = await deploy(
      {
        environment: input.environment,
        command: input.command,
        ref,
        commandTimeoutMs: input['command-timeout'],
        commandEnv: input['command-env'],
        ...(input['environment-url'] ? { environmentUrl: input['environment-url'] } : {}),
        version: input.version,
        health,
        strategy,
      },
      ctx,
      github ? gitHubDeployPorts(github, repoOf(ctx)) : undefined,
    );
    setOutputs(outputsOf(outcome));
    await writeSummary(summaryOf(outcome));
    if (!outcome.healthy) core.setFailed(outcome.failureReason);
  });
}
