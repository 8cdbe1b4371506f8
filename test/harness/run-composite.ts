// Runs a composite action (deploy/action.yml) the way the runner does, so its wiring is tested
// and not only read: each step's `if:` (with `success() &&` implied unless it names a status
// function), its `with:` and `env:` evaluated by GitHub's own expression library, our actions
// run from their bundles through run-action.ts, `run:` steps with bash -eo pipefail,
// continue-on-error, and the action's outputs evaluated once the steps are done.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import { truthy } from '@actions/expressions/result';
import {
  ROOT,
  parseOutputs,
  readLog,
  startAction,
  type ActionResult,
  type RunOptions,
} from './run-action.ts';

interface CompositeYml {
  inputs?: Record<string, { default?: string }>;
  outputs?: Record<string, { value: string }>;
  runs: { using: string; steps: StepYml[] };
}
interface StepYml {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  'continue-on-error'?: boolean | string;
}

export type Outcome = 'success' | 'failure' | 'skipped';

export interface CompositeStep {
  /** The step's id, or `run` / the action's name when it has none. */
  id: string;
  /** Our action's name for a `uses:` step; undefined for `run:`. */
  action?: string;
  /** The `with:` inputs it was given, evaluated; empty for `run:` and skipped steps. */
  inputs: Record<string, string>;
  outcome: Outcome;
  conclusion: Outcome;
  outputs: Record<string, string>;
  /** How the step's process ended; undefined when it was skipped. */
  result?: ActionResult;
}

export interface CompositeResult {
  /** 0 when every step concluded success or skipped, as the runner marks the step. */
  code: number;
  outputs: Record<string, string>;
  steps: CompositeStep[];
  durationMs: number;
}

const OUR_ACTION = /^acme\/hotfix-actions\/actions\/([\w-]+)@v1$/;
const STATUS_FUNCTION = /\b(always|success|failure|cancelled)\s*\(/;

/**
 * Runs `<dir>/action.yml` (relative to the repository root) with `opts.inputs` over its defaults. `onStep` sees each step as it
 * ends (the drill prints them).
 */
export async function runComposite(
  dir: string,
  opts: RunOptions & { onStep?: (step: CompositeStep, ms: number) => void } = {},
): Promise<CompositeResult> {
  const started = Date.now();
  const yml = parseYaml(readFileSync(resolve(ROOT, dir, 'action.yml'), 'utf8')) as CompositeYml;
  if (yml.runs.using !== 'composite') throw new Error(`${dir}/action.yml is not a composite`);
  const declared = yml.inputs ?? {};
  for (const key of Object.keys(opts.inputs ?? {}))
    if (!(key in declared)) throw new Error(`${dir}/action.yml declares no input "${key}"`);

  const github = {
    token: opts.token ?? '',
    repository: opts.repository ?? 'acme/shop',
    event_name: opts.event?.name ?? 'workflow_dispatch',
    sha: opts.sha ?? '',
    ref: opts.ref ?? '',
  };
  const inputs: Record<string, string> = {};
  for (const [key, spec] of Object.entries(declared))
    inputs[key] = opts.inputs?.[key] ?? template(String(spec.default ?? ''), { github });

  const steps: Record<
    string,
    { outputs: Record<string, string>; outcome: Outcome; conclusion: Outcome }
  > = {};
  const done: CompositeStep[] = [];
  let status: 'success' | 'failure' = 'success';
  for (const [i, s] of yml.runs.steps.entries()) {
    const t = Date.now();
    const ctx = { github, inputs, steps };
    const action = s.uses ? OUR_ACTION.exec(s.uses)?.[1] : undefined;
    if (s.uses && !action)
      throw new Error(`the harness runs only this suite's actions, not ${s.uses}`);
    const id = s.id ?? action ?? `run-${i}`;
    const condition = stripBraces(s.if ?? 'success()');
    const guarded = STATUS_FUNCTION.test(condition) ? condition : `success() && (${condition})`;
    let step: CompositeStep;
    if (!truthy(evaluate(guarded, ctx, status))) {
      step = { id, action, inputs: {}, outcome: 'skipped', conclusion: 'skipped', outputs: {} };
    } else {
      const given = action ? evaluateMap(s.with, ctx, status) : {};
      const result = action
        ? await startAction(action, { ...opts, inputs: given }).result
        : await runBash(s.run ?? '', { ...opts.env, ...evaluateMap(s.env, ctx, status) }, opts);
      const outcome: Outcome = result.code === 0 ? 'success' : 'failure';
      const tolerated = String(s['continue-on-error'] ?? false) === 'true';
      const conclusion = outcome === 'failure' && tolerated ? 'success' : outcome;
      if (conclusion === 'failure') status = 'failure';
      step = { id, action, inputs: given, outcome, conclusion, outputs: result.outputs, result };
    }
    steps[id] = { outputs: step.outputs, outcome: step.outcome, conclusion: step.conclusion };
    done.push(step);
    opts.onStep?.(step, Date.now() - t);
  }
  const outputs: Record<string, string> = {};
  for (const [key, spec] of Object.entries(yml.outputs ?? {}))
    outputs[key] = template(spec.value, { github, inputs, steps });
  return {
    code: status === 'success' ? 0 : 1,
    outputs,
    steps: done,
    durationMs: Date.now() - started,
  };
}

/** A `run:` step as `shell: bash` runs it, with the GITHUB_OUTPUT file of a step. */
async function runBash(
  script: string,
  stepEnv: Record<string, string>,
  opts: RunOptions,
): Promise<ActionResult> {
  const dir = mkdtempSync(join(tmpdir(), 'composite-run-'));
  const file = join(dir, 'step.sh');
  const output = join(dir, 'output');
  writeFileSync(file, script);
  writeFileSync(output, '');
  const started = Date.now();
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], {
    cwd: opts.workspace ?? dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', GITHUB_OUTPUT: output, ...stepEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
    (resolve, reject) => {
      child.on('error', reject);
      child.on('close', (c, s) => resolve([c, s]));
    },
  );
  const outputs = parseOutputs(readFileSync(output, 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  return {
    code,
    signal,
    outputs,
    summary: '',
    ...readLog(stdout),
    stdout,
    stderr,
    durationMs: Date.now() - started,
  };
}

type Contexts = Record<string, unknown>;

function evaluate(expr: string, ctx: Contexts, status = 'success'): data.ExpressionData {
  const is = (want: string) => ({
    name: want,
    minArgs: 0,
    maxArgs: 0,
    call: () => new data.BooleanData(want === 'always' || status === want),
  });
  const functions = ['always', 'success', 'failure', 'cancelled'].map(is);
  const tokens = new Lexer(expr).lex().tokens;
  const tree = new Parser(tokens, Object.keys(ctx), functions).parse();
  const context = JSON.parse(JSON.stringify(ctx), data.reviver) as data.Dictionary;
  return new Evaluator(tree, context, new Map(functions.map((f) => [f.name, f]))).evaluate();
}

/** A value with `${{ }}` templates, each replaced by its expression's string. */
function template(value: string, ctx: Contexts, status?: string): string {
  return value.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) =>
    evaluate(expr.trim(), ctx, status).coerceString(),
  );
}

function evaluateMap(
  map: Record<string, string> | undefined,
  ctx: Contexts,
  status: string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(map ?? {}).map(([k, v]) => [k, template(String(v), ctx, status)]),
  );
}

function stripBraces(condition: string): string {
  const m = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(condition);
  return (m ? m[1]! : condition).trim();
}
