// The composite runner that tests deploy/action.yml must itself follow the runner's rules, or
// the composite's tests would prove the wrong thing: implied success(), status functions,
// continue-on-error (outcome vs conclusion), step outputs and the action's outputs.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runComposite } from '../harness/run-composite.ts';

const dir = mkdtempSync(join(tmpdir(), 'composite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

writeFileSync(
  join(dir, 'action.yml'),
  `name: t
description: t
inputs:
  flag:
    description: f
    default: no
outputs:
  seen:
    description: s
    value: \${{ steps.b.outputs.saw }}
  late:
    description: l
    value: \${{ steps.f.outcome }}
runs:
  using: composite
  steps:
    - id: a
      continue-on-error: true
      shell: bash
      run: |
        echo "x=1" >>"$GITHUB_OUTPUT"
        exit 3
    - id: b
      if: steps.a.outcome == 'failure' && steps.a.conclusion == 'success'
      shell: bash
      run: echo "saw=$X" >>"$GITHUB_OUTPUT"
      env:
        X: \${{ steps.a.outputs.x }}
    - id: c
      shell: bash
      run: exit 1
    - id: d
      shell: bash
      run: echo never
    - id: e
      if: \${{ always() }}
      shell: bash
      run: echo always
    - id: f
      if: failure() && inputs.flag == 'yes'
      shell: bash
      run: echo failed
`,
);

describe('runComposite', () => {
  it('follows the runner: implied success(), status functions, continue-on-error', async () => {
    const r = await runComposite(dir, { inputs: { flag: 'yes' } });
    expect(r.steps.map((s) => [s.id, s.outcome, s.conclusion])).toEqual([
      ['a', 'failure', 'success'],
      ['b', 'success', 'success'],
      ['c', 'failure', 'failure'],
      ['d', 'skipped', 'skipped'],
      ['e', 'success', 'success'],
      ['f', 'success', 'success'],
    ]);
    expect(r.outputs).toEqual({ seen: '1', late: 'success' });
    expect(r.code).toBe(1);
  });

  it('uses input defaults and refuses an input the action does not declare', async () => {
    const r = await runComposite(dir);
    expect(r.steps.find((s) => s.id === 'f')!.outcome).toBe('skipped');
    await expect(runComposite(dir, { inputs: { flg: 'yes' } })).rejects.toThrow(
      'declares no input "flg"',
    );
  });
});
