// classify-severity's core flow in process: classifySeverity with an in-memory LabelPort.
import { describe, expect, it } from 'vitest';
import { classifySeverity } from '../../src/classify-severity/classify.ts';
import { readClassifyInputs } from '../../src/classify-severity/inputs.ts';
import type { LabelPlan, LabelPort } from '../../src/classify-severity/label-sync.ts';
import type { Subject } from '../../src/shared/github/subject.ts';
import type { Severity } from '../../src/shared/severity/severity.ts';
import { defaultPolicy } from '../../src/shared/policy/policy.ts';
import { inputsFrom } from '../../src/shared/runner/inputs.ts';

function subject(over: Partial<Subject> = {}): Subject {
  return {
    kind: 'pull_request',
    number: 12,
    title: '[HOTFIX] ENG-1234: reject expired tokens',
    body: '',
    labels: ['severity:P1', 'bug'],
    branch: 'hotfix/ENG-1234-expired-tokens',
    baseBranch: 'main',
    createdAt: '2026-11-24T10:00:00Z',
    origin: 'pull_request event',
    ...over,
  };
}

/** A PR's labels in memory: what apply() was asked, and what the PR carries after. */
function labelsOf(current: string[]): LabelPort & { applied: LabelPlan[]; now: string[] } {
  const port = {
    applied: [] as LabelPlan[],
    now: [...current],
    async apply(_n: number, plan: LabelPlan, _s: Severity) {
      port.applied.push(plan);
      port.now = port.now.filter((l) => !plan.remove.includes(l));
      if (plan.add) port.now.push(plan.add);
    },
  };
  return port;
}

function classifyWith(s: Subject, labels: LabelPort | undefined, env: Record<string, string> = {}) {
  return classifySeverity({
    input: readClassifyInputs(inputsFrom({ 'INPUT_GITHUB-TOKEN': 'ghs_test', ...env })),
    subject: s,
    policy: defaultPolicy(),
    policySource: 'built-in defaults',
    ...(labels ? { labels } : {}),
  });
}

describe('classifySeverity', () => {
  it('keeps the one decided label; a re-run with the new labels changes nothing', async () => {
    const port = labelsOf(['severity:P1', 'sev-3', 'bug']);
    const first = await classifyWith(subject({ labels: port.now }), port);
    expect(first.decision.severity).toBe('P1');
    expect(first.labels).toEqual({ remove: ['sev-3'] });
    expect(port.now).toEqual(['severity:P1', 'bug']);
    expect(first.respondBy).toBe('2026-11-24T14:00:00.000Z');

    const again = await classifyWith(subject({ labels: port.now }), port);
    expect(again.labels).toEqual({ remove: [] });
    expect(port.applied).toHaveLength(1);
  });

  it('an explicit severity adds its label and removes the other severity', async () => {
    const port = labelsOf(['severity:P1']);
    const r = await classifyWith(subject({ labels: port.now }), port, { INPUT_SEVERITY: 'SEV0' });
    expect(r.decision.severity).toBe('P0');
    expect(port.applied).toEqual([{ add: 'severity:P0', remove: ['severity:P1'] }]);
  });

  it('label: hotfix leaves a PR that is no hotfix alone', async () => {
    const port = labelsOf([]);
    const r = await classifyWith(
      subject({ title: 'Tidy the README', branch: 'docs/readme', labels: [] }),
      port,
      { INPUT_LABEL: 'hotfix' },
    );
    expect(r.labels).toBe('not a hotfix');
    expect(port.applied).toEqual([]);
  });

  it('without a port or a number there is nothing to label', async () => {
    const r = await classifyWith(
      subject({ kind: 'none', number: undefined, labels: [] }),
      labelsOf([]),
    );
    expect(r.labels).toBe('nothing to label');
    const off = await classifyWith(subject(), undefined, { INPUT_LABEL: 'false' });
    expect(off.labels).toBe('off');
  });
});
