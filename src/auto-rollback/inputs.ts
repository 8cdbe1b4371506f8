// auto-rollback's inputs as one typed request, checked before anything changes: the
// strategy and revert mode fall back to the policy's `rollback:` section, the verification
// inputs to its `health:` section (src/shared/health/settings.ts), and a bad value names the
// input, the value and what was expected.
import { readInputs, inputs, type InputSource } from '../shared/runner/inputs.ts';
import { InputError } from '../shared/runner/errors.ts';
import { healthInputs, healthPlan, type HealthPlan } from '../shared/health/settings.ts';
import type { Policy } from '../shared/policy/schema.ts';

// verify: traffic is already back on the last good version (an aborted canary or blue-green
// promotion): no command runs; the target's health is verified and recorded as the rollback.
export const STRATEGIES = ['redeploy', 'command', 'revert', 'verify'] as const;
export type Strategy = (typeof STRATEGIES)[number];
export type RevertMode = 'pull-request' | 'push';

/** Where to roll back to: the last good deployment before the failed one, or a ref. */
export type TargetSpec = { kind: 'previous' } | { kind: 'ref'; ref: string };

export const rollbackInputs = {
  'github-token': inputs.text(''),
  environment: inputs.text(),
  strategy: inputs.optionalOneOf(STRATEGIES),
  command: inputs.text(''),
  'command-timeout': inputs.duration('15m'),
  'command-env': inputs.envLines(),
  target: inputs.text('previous'),
  'failed-deployment-id': inputs.optionalInt(1, Number.MAX_SAFE_INTEGER),
  reason: inputs.text(''),
  'revert-mode': inputs.optionalOneOf(['pull-request', 'push'] as const),
  'environment-url': inputs.optionalUrl(),
  'policy-file': inputs.text(''),
  ...healthInputs,
};

export type RollbackInput = ReturnType<typeof readRollbackInputs>;

export function readRollbackInputs(source?: InputSource) {
  const input = readInputs(rollbackInputs, source);
  if (!input['github-token'])
    throw new InputError(
      'github-token',
      '',
      'a token with deployments: write (the environment’s deployment history is where the last good version is found)',
    );
  // Parsed now so a bad target stops the action before the API is called.
  parseTarget(input.target);
  return input;
}

export interface RollbackRequest {
  environment: string;
  strategy: Strategy;
  /** The deploy command (redeploy, revert) or the rollback command (command); may be empty for revert. */
  command: string;
  commandTimeoutMs: number;
  /** More environment for the command: the command-env input (credentials, masked). */
  commandEnv: Record<string, string>;
  target: TargetSpec;
  failedDeploymentId?: number;
  /** Empty: taken from the failed deployment's status. */
  reason: string;
  revertMode: RevertMode;
  productionBranch: string;
  /** policy rollback.allow-any-ref: a manual target may be any ref. */
  allowAnyRef: boolean;
  environmentUrl?: string;
  health: HealthPlan;
}

/** The request from inputs and policy; throws InputError before anything changes. */
export function rollbackRequest(input: RollbackInput, policy: Policy): RollbackRequest {
  const strategy = input.strategy ?? policy.rollback.strategy;
  const command = strategy === 'verify' ? '' : input.command.trim();
  if (!command && strategy !== 'revert' && strategy !== 'verify') {
    throw new InputError(
      'command',
      '',
      strategy === 'redeploy'
        ? 'the deploy command to run for the target (strategy redeploy), e.g. ./scripts/deploy.sh "$DEPLOY_SHA"'
        : 'your rollback command (strategy command), e.g. kubectl rollout undo deployment/api',
    );
  }
  return {
    environment: input.environment,
    strategy,
    command,
    commandTimeoutMs: input['command-timeout'],
    commandEnv: input['command-env'],
    target: parseTarget(input.target),
    ...(input['failed-deployment-id'] ? { failedDeploymentId: input['failed-deployment-id'] } : {}),
    reason: input.reason.trim(),
    revertMode: input['revert-mode'] ?? policy.rollback['revert-mode'],
    productionBranch: policy['production-branch'],
    allowAnyRef: policy.rollback['allow-any-ref'],
    ...(input['environment-url'] ? { environmentUrl: input['environment-url'] } : {}),
    health: healthPlan(input, policy.health),
  };
}

const TARGET_EXPECTED = 'previous, or a branch, tag or commit sha like v1.4.0';

/** `previous` or a ref git would accept (no blanks, `..`, `~^:?*[\`, `@{`, leading dash). */
export function parseTarget(raw: string): TargetSpec {
  const t = raw.trim();
  if (t === '' || t.toLowerCase() === 'previous') return { kind: 'previous' };
  // Printable ASCII only (no control characters): the refs people type during an incident.
  if (/[\s~^:?*[\\]|\.\.|@\{|^[-/.]|[/.]$|\.lock$/.test(t) || !/^[\x20-\x7e]+$/.test(t))
    throw new InputError('target', raw, TARGET_EXPECTED);
  return { kind: 'ref', ref: t };
}
