// The selection flow: which runs happen, in which order, and what "nothing selected" means.
//
//   related         tests related to the changed files; if that finds nothing, the tagged tests
//   tagged          tests carrying the tag
//   related+tagged  both (a test in both runs counts once)
//   all             every test
//
// Zero tests that ran is never a pass: the outcome says why nothing was selected, and the
// action fails unless allow-empty.
import { mergeCases, ranCount, type TestCase } from './test-case.ts';
import type { StepResult } from './step.ts';
import type { Invocation, Runner, Selection, StepKind } from './runners/types.ts';
import { plural } from './runners/common.ts';
import { shellQuote } from '../shared/text/shell-quote.ts';

export const SELECT_MODES = ['related', 'tagged', 'related+tagged', 'all'] as const;
export type SelectMode = (typeof SELECT_MODES)[number];

export interface StepReport {
  kind: StepKind;
  /** How it selects; empty when it never got as far as a command. */
  how: string;
  /** The command line, for the summary. */
  command?: string;
  /** Why it did not run. */
  skipped?: string;
  result?: StepResult;
}

export interface SelectionOutcome {
  steps: StepReport[];
  /** Every test of every run, each once. */
  cases: TestCase[];
  /** Why the tagged tests ran in place of related ones (select: related). */
  fallback?: string;
  /** Why no test ran, when none did. */
  empty?: string;
  timedOut: boolean;
  cancelled: boolean;
}

export interface SelectionInput {
  runner: Runner;
  select: SelectMode;
  tag: string;
  /** Changed files relative to the working directory, existing ones only; undefined when unknown. */
  changed: readonly string[] | undefined;
  /** Why there are no changed files to relate to, when there are none. */
  noChanges: string;
  execute: (inv: Invocation) => Promise<StepResult>;
  remainingMs: () => number;
}

export async function runSelection(input: SelectionInput): Promise<SelectionOutcome> {
  const { runner, select, tag } = input;
  const steps: StepReport[] = [];
  let stopped: 'timedOut' | 'cancelled' | undefined;

  const step = async (kind: StepKind, choose: () => Promise<Selection>): Promise<StepReport> => {
    let report: StepReport;
    if (stopped || input.remainingMs() <= 0) {
      report = { kind, how: '', skipped: 'not run: the time limit was reached' };
    } else {
      const sel = await choose();
      if ('none' in sel) report = { kind, how: '', skipped: sel.none };
      else {
        const inv = sel.invocation;
        const result = await input.execute(inv);
        report = { kind, how: inv.how, command: commandLine(inv), result };
        if (result.timedOut) stopped = 'timedOut';
        else if (result.cancelled) stopped = 'cancelled';
      }
    }
    steps.push(report);
    return report;
  };

  let fallback: string | undefined;
  if (select === 'all') {
    await step('all', () => runner.all());
  } else {
    let relatedFoundNothing: string | undefined;
    if (select === 'related' || select === 'related+tagged') {
      if (!input.changed || input.changed.length === 0) {
        steps.push({ kind: 'related', how: '', skipped: input.noChanges });
        relatedFoundNothing = input.noChanges;
      } else {
        const changed = input.changed;
        const r = await step('related', () => runner.related(changed));
        if (r.skipped) relatedFoundNothing = r.skipped;
        else if (r.result && !stopped && ranCount(r.result.cases) === 0) {
          relatedFoundNothing = `${runner.name} found no test related to the ${plural(changed.length, 'changed file')}`;
        }
      }
    }
    const fallBack = select === 'related' && relatedFoundNothing !== undefined;
    if (select === 'tagged' || select === 'related+tagged' || fallBack) {
      if (fallBack) fallback = relatedFoundNothing;
      await step('tagged', () => runner.tagged(tag));
    }
  }

  const cases = mergeCases(steps.map((s) => s.result?.cases ?? []));
  const empty = ranCount(cases) === 0 && !stopped ? whyEmpty(steps, tag) : undefined;
  return {
    steps,
    cases,
    ...(fallback ? { fallback } : {}),
    ...(empty ? { empty } : {}),
    timedOut: stopped === 'timedOut',
    cancelled: stopped === 'cancelled',
  };
}

function whyEmpty(steps: readonly StepReport[], tag: string): string {
  const parts = steps.map((s) => {
    if (s.skipped) return `${s.kind}: ${s.skipped}`;
    const cases = s.result?.cases ?? [];
    const skipped = cases.filter((c) => c.status === 'skipped').length;
    const what =
      s.kind === 'tagged'
        ? `no test carries the tag "${tag}"`
        : s.kind === 'related'
          ? 'no related test'
          : 'the project has no tests';
    return `${s.kind}: ${what} (${s.how}${skipped ? `; ${plural(skipped, 'test')} skipped` : ''})`;
  });
  return parts.join('; ');
}

/** The command as a person would type it, for the summary (quoted where needed). */
export function commandLine(inv: Pick<Invocation, 'command' | 'args'>): string {
  return [inv.command, ...inv.args].map(shellQuote).join(' ');
}
