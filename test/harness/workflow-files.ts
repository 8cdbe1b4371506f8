// The checks every workflow of ours (and the composite deploy) must pass, shared by the
// tests of each: actionlint cannot see inside our own actions, so a misspelt input or a
// caller granting less than a nested job asks would only show on GitHub, in an incident.
import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import { truthy } from '@actions/expressions/result';

const root = join(import.meta.dirname, '..', '..');
export const readRepoFile = (path: string) => readFileSync(join(root, path), 'utf8');

export interface Step {
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  'continue-on-error'?: unknown;
}
export interface Job {
  needs?: string | string[];
  if?: string;
  uses?: string;
  environment?: unknown;
  name?: string;
  'runs-on'?: unknown;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  outputs?: Record<string, string>;
  'timeout-minutes'?: unknown;
  steps?: Step[];
  with?: Record<string, unknown>;
  secrets?: Record<string, string> | 'inherit';
}
export interface WorkflowInput {
  required?: boolean;
  type?: string;
  default?: unknown;
  options?: string[];
}
export interface Workflow {
  on: Record<
    string,
    {
      inputs?: Record<string, WorkflowInput>;
      secrets?: Record<string, unknown>;
      outputs?: Record<string, { value: string }>;
    }
  >;
  permissions?: unknown;
  jobs: Record<string, Job>;
}

/**
 * Every step that uses one of our actions (or the composite deploy) names it as a reusable
 * workflow must and passes only inputs it declares. Returns how many such steps there are.
 */
export function checkOurSteps(steps: Step[]): number {
  const ours = steps.filter((s) => s.uses?.startsWith('acme/hotfix-actions/'));
  for (const s of ours) {
    const m = /^acme\/hotfix-actions\/(actions\/[\w-]+|deploy)@v1$/.exec(s.uses!);
    expect(m, s.uses).not.toBeNull();
    const meta = parse(readRepoFile(`${m![1]}/action.yml`)) as { inputs: object };
    const declared = Object.keys(meta.inputs);
    for (const key of Object.keys(s.with ?? {}))
      expect(declared, `${s.uses}: ${key}`).toContain(key);
  }
  return ours.length;
}

/** Every `inputs.x` in a file names an input it declares. */
export function checkInputRefs(file: string, declared: string[]): void {
  for (const m of readRepoFile(file).matchAll(/\binputs\.([\w-]+)/g))
    expect(declared, `${file}: ${m[0]}`).toContain(m[1]);
}

/**
 * A caller's job passes only inputs and secrets the reusable workflow declares, and grants
 * at least what each nested job asks: GitHub refuses to start the run otherwise.
 */
export function checkCall(job: Job, called: Workflow): void {
  const call = called.on.workflow_call!;
  for (const key of Object.keys(job.with ?? {})) expect(Object.keys(call.inputs!)).toContain(key);
  // inherit would pass every secret unchecked (and the audit refuses it): a failure, not a skip.
  expect(job.secrets, 'secrets: inherit; pass each secret by name').not.toBe('inherit');
  for (const key of Object.keys(job.secrets ?? {}))
    expect(Object.keys(call.secrets ?? {})).toContain(key);
  const rank: Record<string, number> = { none: 0, read: 1, write: 2 };
  for (const nested of Object.values(called.jobs))
    for (const [scope, level] of Object.entries(nested.permissions ?? {}))
      expect(rank[job.permissions?.[scope] ?? 'none'], scope).toBeGreaterThanOrEqual(rank[level]!);
}

/** The contexts a job's `if:` and outputs read: github, inputs, needs, steps. */
export type Contexts = Record<string, unknown>;

/**
 * A job's `if:` as GitHub evaluates it, with GitHub's own expression library: `success()` is
 * implied unless the expression calls a status function; `status` is what the needed jobs
 * amounted to (success when all succeeded).
 */
export function jobRuns(condition: string | undefined, ctx: Contexts, status = 'success'): boolean {
  if (!condition) return status === 'success';
  const expr = condition.replace(/^\$\{\{([\s\S]*)\}\}$/, '$1').trim();
  const guarded = /\b(always|success|failure|cancelled)\s*\(/.test(expr)
    ? expr
    : `success() && (${expr})`;
  return truthy(evaluate(guarded, ctx, status));
}

/** A `${{ }}` template (a job output, a `with:` value) evaluated to its string. */
export function template(value: string, ctx: Contexts): string {
  return value.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => {
    const r = evaluate(expr.trim(), ctx);
    return r.kind === data.Kind.Null ? '' : toText(r);
  });
}

function toText(d: data.ExpressionData): string {
  if (d.kind === data.Kind.Boolean) return String(d.value);
  if (d.kind === data.Kind.Number) return String(d.value);
  if (d.kind === data.Kind.String) return d.value;
  return JSON.stringify(d);
}

function evaluate(expr: string, ctx: Contexts, status = 'success'): data.ExpressionData {
  const functions = ['always', 'success', 'failure', 'cancelled'].map((name) => ({
    name,
    minArgs: 0,
    maxArgs: 0,
    call: () => new data.BooleanData(name === 'always' || status === name),
  }));
  const tree = new Parser(new Lexer(expr).lex().tokens, Object.keys(ctx), functions).parse();
  const context = JSON.parse(JSON.stringify(ctx), data.reviver) as data.Dictionary;
  return new Evaluator(tree, context, new Map(functions.map((f) => [f.name, f]))).evaluate();
}
