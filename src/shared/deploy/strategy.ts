// How a deploy reaches its users: direct (the command, then the checks), canary (the command
// once per weight, each step judged by its own window, aborted at the first bad one) or
// blue-green (the command deploys the idle colour, preview checks judge it before any user
// traffic, promote-command switches traffic, the usual checks judge production). Parsed from
// the inputs before anything runs: a bad value names its input.
import { InputError } from '../runner/errors.ts';
import { DURATION_EXPECTED, parseDuration } from '../text/duration.ts';
import type { HealthPlan } from '../health/settings.ts';

export const STRATEGIES = ['direct', 'canary', 'blue-green'] as const;
export type StrategyKind = (typeof STRATEGIES)[number];

export interface CanaryStep {
  /** Percent of traffic on the new version, 1..100. */
  weight: number;
  /** This step's analysis window; the `duration` input otherwise. */
  windowMs?: number;
}

export type StrategyPlan =
  | { kind: 'direct' }
  | { kind: 'canary'; steps: CanaryStep[]; abortCommand: string }
  | {
      kind: 'blue-green';
      promoteCommand: string;
      /** Switches traffic back after a bad promotion; without it a rollback must. */
      abortCommand: string;
      /** Judges the idle colour before any user traffic; no checks: not judged. */
      preview: HealthPlan;
    };

export const STEPS_EXPECTED =
  'rising weights up to 100 like `10%, 25%, 50%, 100%`, or one step per line like `weight=10 pause=5m`';

/** `10%, 25%, 50%, 100%` or lines `weight=10 pause=5m`. */
export function parseSteps(text: string, input = 'steps'): CanaryStep[] {
  const items = text
    .split(/\r?\n/)
    .flatMap((line) => (/weight=/.test(line) ? [line] : line.split(',')))
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'));
  if (items.length === 0) throw new InputError(input, text, STEPS_EXPECTED);
  const steps = items.map((item): CanaryStep => {
    const plain = /^(\d+(?:\.\d+)?)\s*%?$/.exec(item);
    if (plain) return { weight: Number(plain[1]) };
    const fields = Object.fromEntries(
      item.split(/\s+/).map((f) => {
        const eq = f.indexOf('=');
        return eq > 0 ? [f.slice(0, eq), f.slice(eq + 1)] : [f, ''];
      }),
    );
    const unknown = Object.keys(fields).filter((k) => k !== 'weight' && k !== 'pause');
    const weight = /^\d+(?:\.\d+)?%?$/.test(fields.weight ?? '')
      ? Number(String(fields.weight).replace('%', ''))
      : NaN;
    if (unknown.length || Number.isNaN(weight))
      throw new InputError(
        input,
        item,
        `${STEPS_EXPECTED} (a step is weight=<percent> [pause=<duration>])`,
      );
    if (fields.pause === undefined) return { weight };
    const windowMs = parseDuration(fields.pause);
    if (windowMs === undefined)
      throw new InputError(input, item, `pause= takes ${DURATION_EXPECTED}`);
    return { weight, windowMs };
  });
  steps.forEach((s, i) => {
    if (s.weight <= 0 || s.weight > 100)
      throw new InputError(
        input,
        text,
        `${STEPS_EXPECTED}: step ${i + 1} sends ${s.weight}%, not 1 to 100`,
      );
    const before = steps[i - 1];
    if (before && s.weight <= before.weight)
      throw new InputError(
        input,
        text,
        `${STEPS_EXPECTED}: step ${i + 1} (${s.weight}%) does not rise above step ${i} (${before.weight}%)`,
      );
  });
  return steps;
}

/** What the strategy inputs say, as read by an action's zod shape. */
export interface StrategyInput {
  strategy: StrategyKind;
  steps: string;
  'abort-command': string;
  'promote-command': string;
  /** The preview plan of blue-green, built by the caller from preview-health-urls and -queries. */
  preview?: HealthPlan;
}

/** The plan from the inputs; throws InputError, naming the input, before anything runs. */
export function strategyPlan(input: StrategyInput): StrategyPlan {
  const abortCommand = input['abort-command'].trim();
  const promoteCommand = input['promote-command'].trim();
  const only = (name: string, kind: StrategyKind) =>
    new InputError(
      name,
      '',
      `nothing with strategy ${input.strategy}: ${name} is for strategy ${kind}`,
    );
  if (input.strategy === 'direct') {
    if (input.steps.trim()) throw only('steps', 'canary');
    if (promoteCommand) throw only('promote-command', 'blue-green');
    return { kind: 'direct' };
  }
  if (input.strategy === 'canary') {
    if (promoteCommand) throw only('promote-command', 'blue-green');
    const steps = parseSteps(input.steps);
    if (!abortCommand)
      throw new InputError(
        'abort-command',
        '',
        'the command that sends all traffic back to the stable version when a canary step is not healthy (strategy canary), e.g. kubectl apply -f stable.yaml',
      );
    return { kind: 'canary', steps, abortCommand };
  }
  if (input.steps.trim()) throw only('steps', 'canary');
  if (!promoteCommand)
    throw new InputError(
      'promote-command',
      '',
      'the command that switches traffic to the colour just deployed (strategy blue-green), e.g. ./switch.sh green',
    );
  if (!input.preview) throw new Error('strategyPlan: blue-green needs the preview plan');
  return { kind: 'blue-green', promoteCommand, abortCommand, preview: input.preview };
}
