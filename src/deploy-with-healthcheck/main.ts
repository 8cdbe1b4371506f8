// deploy-with-healthcheck: run the deploy command inside a GitHub deployment, then judge the
// environment's health over a window; healthy or not, say so with evidence.
import { readInputs, inputs } from '../shared/inputs.ts';
import { runAction, setOutputs } from '../shared/action.ts';
import { appendSummary, setFailed, warning } from '../shared/runner.ts';
import { readContext } from '../shared/context.ts';
import { createGitHub } from '../shared/github.ts';
import { loadPolicy } from '../shared/policy-loader.ts';
import { cancellationSignal } from '../shared/cancellation.ts';
import { InputError } from '../shared/errors.ts';
import { healthInputs, healthPlan } from '../shared/health/settings.ts';
import { parseVersionInput } from './version-input.ts';
import { deploy } from './deploy.ts';
import { outputsOf, summaryOf } from './report.ts';

// Listen for the runner's SIGINT/SIGTERM from the start: a cancelled deploy is recorded.
cancellationSignal();

await runAction(async () => {
  const input = readInputs({
    'github-token': inputs.text(''),
    environment: inputs.text(),
    command: inputs.text(),
    ref: inputs.text(''),
    'command-timeout': inputs.duration('15m'),
    'command-env': inputs.envLines(),
    'environment-url': inputs.optionalUrl(),
    version: inputs.text('none'),
    'policy-file': inputs.text(''),
    ...healthInputs,
  });
  const version = parseVersionInput(input.version);
  const token = input['github-token'];
  if (!token && version.kind === 'auto')
    throw new InputError('github-token', '', 'a token with contents: write when version is auto');
  const ctx = readContext();
  const ref = input.ref || ctx.sha;
  if (!ref) throw new InputError('ref', '', 'the ref or sha to deploy (GITHUB_SHA is not set)');
  const github = token ? await createGitHub(token) : undefined;
  if (!github)
    warning(
      'No github-token: the deploy is not recorded as a GitHub deployment and no rollback target is looked up.',
    );
  const { policy } = await loadPolicy({
    ctx,
    path: input['policy-file'],
    ...(github ? { github: async () => github } : {}),
  });
  const health = healthPlan(input, policy.health);
  const outcome = await deploy(
    {
      environment: input.environment,
      command: input.command,
      ref,
      commandTimeoutMs: input['command-timeout'],
      commandEnv: input['command-env'],
      ...(input['environment-url'] ? { environmentUrl: input['environment-url'] } : {}),
      version,
      health,
    },
    ctx,
    github,
  );
  setOutputs(outputsOf(outcome));
  appendSummary(summaryOf(outcome));
  if (!outcome.healthy) setFailed(outcome.failureReason);
});
