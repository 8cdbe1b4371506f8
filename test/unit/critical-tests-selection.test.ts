// The selection flow with a stand-in runner: which runs happen, the fallback from related to
// tagged, merging, and why nothing was selected.
import { describe, expect, it } from 'vitest';
import { runSelection, commandLine, type SelectMode } from '../../src/critical-tests/selection.ts';
import type { Invocation, Runner, StepKind } from '../../src/critical-tests/runners/types.ts';
import type { StepResult } from '../../src/critical-tests/step.ts';
import type { TestCase } from '../../src/critical-tests/test-case.ts';

const t = (id: string, status: TestCase['status'] = 'passed'): TestCase => ({
  id,
  name: id,
  suite: id.split('::')[0]!,
  status,
});

/** A runner whose runs return the given cases; `none` makes a selection find nothing to run. */
function fakeRunner(results: Partial<Record<StepKind, TestCase[] | { none: string }>>) {
  const calls: StepKind[] = [];
  const sel = async (kind: StepKind) => {
    const r = results[kind];
    if (!r) throw new Error(`unexpected ${kind} selection`);
    if (!Array.isArray(r)) return r;
    const inv: Invocation = {
      kind,
      how: `${kind} how`,
      command: 'runner',
      args: [kind],
      read: async () => r,
    };
    return { invocation: inv };
  };
  const runner: Runner = {
    name: 'vitest',
    program: 'runner',
    related: () => sel('related'),
    tagged: () => sel('tagged'),
    all: () => sel('all'),
  };
  const execute = async (inv: Invocation): Promise<StepResult> => {
    calls.push(inv.kind);
    const cases = await inv.read({ code: 0, timedOut: false, stdout: '', stderr: '', lines: [] });
    return { cases, code: 0, timedOut: false, cancelled: false, durationMs: 5 };
  };
  return { runner, execute, calls };
}

const run = (
  select: SelectMode,
  r: ReturnType<typeof fakeRunner>,
  changed: string[] | undefined = ['src/a.ts'],
) =>
  runSelection({
    runner: r.runner,
    select,
    tag: 'critical',
    changed,
    noChanges: 'no changed files known',
    execute: r.execute,
    remainingMs: () => 60_000,
  });

describe('runSelection', () => {
  it('related+tagged runs both and counts a test in both once', async () => {
    const r = fakeRunner({
      related: [t('a::1'), t('a::2')],
      tagged: [t('a::1'), t('b::crit'), t('c::x', 'skipped')],
    });
    const o = await run('related+tagged', r);
    expect(r.calls).toEqual(['related', 'tagged']);
    expect(o.cases.map((c) => c.id)).toEqual(['a::1', 'a::2', 'b::crit', 'c::x']);
    expect(o.empty).toBeUndefined();
    expect(o.fallback).toBeUndefined();
  });

  it('related falls back to tagged when the runner finds no related test', async () => {
    const r = fakeRunner({ related: [t('a::1', 'skipped')], tagged: [t('b::crit')] });
    const o = await run('related', r);
    expect(r.calls).toEqual(['related', 'tagged']);
    expect(o.fallback).toBe('vitest found no test related to the 1 changed file');
    expect(o.cases.filter((c) => c.status === 'passed').map((c) => c.id)).toEqual(['b::crit']);
  });

  it('related falls back to tagged when there are no changed files, without running related', async () => {
    const r = fakeRunner({ tagged: [t('b::crit')] });
    const o = await run('related', r, []);
    expect(r.calls).toEqual(['tagged']);
    expect(o.fallback).toBe('no changed files known');
    expect(o.steps[0]).toMatchObject({ kind: 'related', skipped: 'no changed files known' });
  });

  it('related that finds tests does not run the tagged ones', async () => {
    const r = fakeRunner({ related: [t('a::1')] });
    const o = await run('related', r);
    expect(r.calls).toEqual(['related']);
    expect(o.cases).toHaveLength(1);
  });

  it('says why nothing ran when nothing was selected', async () => {
    const r = fakeRunner({
      related: { none: 'none of the changed files is a Python file' },
      tagged: [t('a::1', 'skipped'), t('a::2', 'skipped')],
    });
    const o = await run('related+tagged', r);
    expect(o.empty).toBe(
      'related: none of the changed files is a Python file; tagged: no test carries the tag "critical" (tagged how; 2 tests skipped)',
    );
  });

  it('all runs everything and nothing else', async () => {
    const r = fakeRunner({ all: [] });
    const o = await run('all', r);
    expect(r.calls).toEqual(['all']);
    expect(o.empty).toBe('all: the project has no tests (all how)');
  });

  it('stops after a run killed at the timeout', async () => {
    const r = fakeRunner({ related: [t('a::1')], tagged: [t('b::1')] });
    const o = await runSelection({
      runner: r.runner,
      select: 'related+tagged',
      tag: 'critical',
      changed: ['src/a.ts'],
      noChanges: '',
      remainingMs: () => 1000,
      execute: async () => ({
        cases: [],
        code: null,
        timedOut: true,
        cancelled: false,
        durationMs: 1000,
      }),
    });
    expect(o.timedOut).toBe(true);
    expect(o.empty).toBeUndefined();
    expect(o.steps.map((s) => s.skipped)).toEqual([
      undefined,
      'not run: the time limit was reached',
    ]);
  });
});

describe('commandLine', () => {
  it('quotes what a shell would split or expand', () => {
    expect(
      commandLine({ command: 'go', args: ['test', '-run', 'Critical([A-Z]|$)', './...'] }),
    ).toBe("go test -run 'Critical([A-Z]|$)' ./...");
    expect(commandLine({ command: 'bash', args: ['-c', `it's "$@"`] })).toBe(
      `bash -c 'it'\\''s "$@"'`,
    );
  });
});
