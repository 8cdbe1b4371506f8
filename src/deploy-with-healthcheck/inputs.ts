// deploy-with-healthcheck's inputs: one zod shape (the verification inputs are shared with
// auto-rollback), the `version` input, and the rules across inputs, all checked before the
// deploy command runs.
import { readInputs, inputs, type InputSource } from '../shared/runner/inputs.ts';
import { InputError } from '../shared/runner/errors.ts';
import { healthInputs, healthPlan } from '../shared/health/settings.ts';
import { STRATEGIES, strategyPlan, type StrategyPlan } from '../shared/deploy/strategy.ts';
import type { Policy } from '../shared/policy/schema.ts';

/** The `version` input: none, auto, or an explicit version (parsed without semver). */
export type VersionInput =
  { kind: 'none' } | { kind: 'auto' } | { kind: 'explicit'; version: string };

export const VERSION_EXPECTED = 'none, auto, or a version like v1.2.3';

export function parseVersionInput(raw: string): VersionInput {
  const v = raw.trim();
  if (v === '' || v === 'none') return { kind: 'none' };
  if (v === 'auto') return { kind: 'auto' };
  const m = /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/.exec(v);
  if (!m) throw new InputError('version', raw, VERSION_EXPECTED);
  return { kind: 'explicit', version: `v${m[1]}` };
}

const shape = {
  'github-token': inputs.text(''),
  environment: inputs.text(),
  command: inputs.text(),
  ref: inputs.text(''),
  'command-timeout': inputs.duration('15m'),
  'command-env': inputs.envLines(),
  'environment-url': inputs.optionalUrl(),
  version: inputs.text('none'),
  'policy-file': inputs.text(''),
  strategy: inputs.oneOf(STRATEGIES, 'direct'),
  steps: inputs.text(''),
  'abort-command': inputs.text(''),
  'promote-command': inputs.text(''),
  'preview-health-urls': inputs.text(''),
  'preview-prometheus-queries': inputs.text(''),
  ...healthInputs,
};

export type DeployInputs = ReturnType<typeof readDeployInputs>;

export function readDeployInputs(source?: InputSource) {
  const raw = readInputs(shape, source);
  const input = { ...raw, version: parseVersionInput(raw.version) };
  if (!input['github-token'] && input.version.kind === 'auto')
    throw new InputError('github-token', '', 'a token with contents: write when version is auto');
  return input;
}

/**
 * The deploy strategy from the inputs; blue-green's preview checks take the window settings
 * of the usual ones. Throws InputError, naming the input, before anything runs.
 */
export function deployStrategy(input: DeployInputs, policy: Policy): StrategyPlan {
  const preview =
    input.strategy === 'blue-green'
      ? healthPlan(
          {
            ...input,
            'health-urls': input['preview-health-urls'],
            'prometheus-queries': input['preview-prometheus-queries'],
            'dry-run': [],
          },
          policy.health,
        )
      : undefined;
  if (input.strategy !== 'blue-green') {
    for (const name of ['preview-health-urls', 'preview-prometheus-queries'] as const)
      if (input[name].trim())
        throw new InputError(
          name,
          input[name],
          `nothing with strategy ${input.strategy}: ${name} is for strategy blue-green`,
        );
  }
  return strategyPlan({ ...input, ...(preview ? { preview } : {}) });
}
