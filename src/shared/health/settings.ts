// The verification inputs every action that judges health shares (deploy-with-healthcheck,
// auto-rollback): one zod shape to spread into an action's inputs, and the plan built from
// them. An input overrides the policy file's `health:` section, which overrides the
// built-in defaults (every 10s for 2m, probe timeout 5s, failure-limit 0,
// consecutive-error-limit 4, inconclusive-limit 0, no consecutive-success-limit, inconclusive
// fails).
import { inputs, type InputsOf } from '../runner/inputs.ts';
import { InputError } from '../runner/errors.ts';
import { formatDuration, parseDuration } from '../text/duration.ts';
import type { Policy } from '../policy/schema.ts';
import * as core from '@actions/core';
import { parseHealthUrls, parsePrometheusQueries, type CheckSpec } from './checks.ts';
import { warmUpHttp } from './http-probe.ts';
import {
  probesFor,
  runVerification,
  type VerificationResult,
  type WindowSettings,
} from './monitor.ts';

export const healthInputs = {
  'health-urls': inputs.text(''),
  'probe-timeout': inputs.optionalDuration(),
  interval: inputs.optionalDuration(),
  'initial-delay': inputs.optionalDuration(),
  duration: inputs.optionalDuration(),
  'failure-limit': inputs.optionalInt(0, 1_000_000),
  'consecutive-error-limit': inputs.optionalInt(0, 1_000_000),
  'inconclusive-limit': inputs.optionalInt(0, 1_000_000),
  'consecutive-success-limit': inputs.optionalInt(0, 1_000_000),
  'dry-run': inputs.list(),
  'max-latency': inputs.optionalDuration(),
  'prometheus-url': inputs.optionalUrl(),
  'prometheus-queries': inputs.text(''),
  inconclusive: inputs.optionalOneOf(['fail', 'pass'] as const),
};

export type HealthInput = InputsOf<typeof healthInputs>;

export interface HealthPlan {
  specs: CheckSpec[];
  window: WindowSettings;
  prometheusUrl?: string;
  /** What a verdict of Inconclusive (no data) means for `healthy`. */
  inconclusive: 'fail' | 'pass';
}

type HealthPolicy = Policy['health'];

/** Validates and combines inputs with the policy; throws InputError before anything changes. */
export function healthPlan(input: HealthInput, policy: HealthPolicy): HealthPlan {
  const fromPolicy = (key: keyof HealthPolicy & string): number =>
    parseDuration(String(policy[key])) ?? 0;
  const window: WindowSettings = {
    intervalMs: input.interval ?? fromPolicy('interval'),
    durationMs: input.duration ?? fromPolicy('duration'),
    initialDelayMs: input['initial-delay'] ?? fromPolicy('initial-delay'),
    probeTimeoutMs: input['probe-timeout'] ?? fromPolicy('probe-timeout'),
    failureLimit: input['failure-limit'] ?? policy['failure-limit'],
    consecutiveErrorLimit: input['consecutive-error-limit'] ?? policy['consecutive-error-limit'],
    inconclusiveLimit: input['inconclusive-limit'] ?? policy['inconclusive-limit'],
    consecutiveSuccessLimit:
      input['consecutive-success-limit'] ?? policy['consecutive-success-limit'],
    inconclusive: input.inconclusive ?? policy.inconclusive,
  };
  if (window.intervalMs <= 0)
    throw new InputError(
      'interval',
      formatDuration(window.intervalMs),
      'a duration above 0, like 10s',
    );
  if (window.probeTimeoutMs <= 0)
    throw new InputError(
      'probe-timeout',
      formatDuration(window.probeTimeoutMs),
      'a duration above 0, like 5s',
    );
  const http = parseHealthUrls(input['health-urls'], input['max-latency']);
  const queries = parsePrometheusQueries(input['prometheus-queries']);
  const prometheusUrl = input['prometheus-url'];
  if (queries.length && !prometheusUrl) {
    throw new InputError(
      'prometheus-url',
      '',
      'the Prometheus server to run prometheus-queries against, like http://prometheus:9090',
    );
  }
  const specs: CheckSpec[] = [...http, ...queries];
  const names = new Set<string>();
  for (const s of specs) {
    if (names.has(s.name))
      throw new InputError(
        'prometheus-queries',
        s.name,
        'a name no health URL uses (add name=<name> to the URL)',
      );
    names.add(s.name);
  }
  for (const name of input['dry-run']) {
    if (!names.has(name))
      throw new InputError(
        'dry-run',
        name,
        `the name of a check in health-urls or prometheus-queries (${[...names].join(', ') || 'there are none'})`,
      );
  }
  const trial = new Set(input['dry-run']);
  return {
    specs: specs.map((s) => (trial.has(s.name) ? { ...s, dryRun: true } : s)),
    window,
    ...(prometheusUrl ? { prometheusUrl } : {}),
    inconclusive: window.inconclusive ?? 'fail',
  };
}

/** Runs the plan's window, logging each round; resolves with the verdict and every measurement. */
export async function verifyHealth(
  plan: HealthPlan,
  opts: { signal?: AbortSignal } = {},
): Promise<VerificationResult> {
  if (plan.specs.length) await warmUpHttp();
  const probes = probesFor(plan.specs, {
    probeTimeoutMs: plan.window.probeTimeoutMs,
    ...(plan.prometheusUrl ? { prometheusUrl: plan.prometheusUrl } : {}),
  });
  let startedAt: number | undefined;
  return runVerification(probes, plan.window, {
    ...(opts.signal ? { signal: opts.signal } : {}),
    onRound: (at, round) => {
      startedAt ??= at;
      const cells = round.map(
        ({ spec, m }) =>
          `${spec.name}${spec.dryRun ? ' (dry run)' : ''} ${m.phase === 'Successful' ? 'ok' : m.phase}: ${m.detail}`,
      );
      const t = `+${((at - startedAt) / 1000).toFixed(1)}s`;
      // One line per round; text from the service is flattened so it cannot start a line.
      core.info(`${t.padEnd(8)} ${cells.join(' | ').replace(/\s+/g, ' ')}`);
    },
  });
}

/**
 * healthy: Successful; or, with `inconclusive: pass`, Inconclusive because checks had no
 * data at all (no success, no failure, no error) or there were none. Data that disappeared
 * is never healthy.
 */
export function isHealthy(
  r: VerificationResult,
  inconclusive: HealthPlan['inconclusive'],
): boolean {
  if (r.cancelled) return false;
  if (r.verdict === 'Successful') return true;
  if (r.verdict !== 'Inconclusive' || inconclusive !== 'pass') return false;
  return r.checks.every(
    (c) => c.spec.dryRun || c.verdict.verdict === 'Successful' || c.verdict.noData,
  );
}

/** One line for logs and deployment statuses. */
export function describePlan(plan: HealthPlan): string {
  const w = plan.window;
  return (
    `${plan.specs.length} check${plan.specs.length === 1 ? '' : 's'} every ${formatDuration(w.intervalMs)} ` +
    `for ${formatDuration(w.durationMs)}${w.initialDelayMs ? ` after ${formatDuration(w.initialDelayMs)}` : ''}` +
    (plan.specs.some((s) => s.dryRun)
      ? ` (dry run: ${plan.specs
          .filter((s) => s.dryRun)
          .map((s) => s.name)
          .join(', ')})`
      : '')
  );
}
