// What a backport takes from the event and the original PR: the targets asked for (and by
// whom), the labels and assignees the backport PRs copy, and the severity line of their body.
import picomatch from 'picomatch';
import type { Policy } from '../shared/policy/schema.ts';
import { classify } from '../shared/severity/classifier.ts';
import { parseSeverity } from '../shared/severity/severity.ts';
import type { OriginalPull } from './github.ts';
import type { BackportInputs } from './inputs.ts';
import type { TargetRequest } from './targets.ts';
import { targetOfLabel, type Trigger } from './trigger.ts';

export function targetRequests(
  trigger: Exclude<Trigger, { kind: 'ignore' }>,
  input: BackportInputs,
  policyTargets: string[],
  original: OriginalPull,
): TargetRequest[] {
  if (trigger.kind === 'labeled')
    return [
      {
        // readTrigger only makes `labeled` of a label that names a target.
        pattern: targetOfLabel(trigger.label, input.labelPattern) ?? trigger.label,
        source: `label "${trigger.label}"`,
      },
    ];
  if (trigger.kind === 'command' && trigger.targets.length)
    return trigger.targets.map((pattern) => ({
      pattern,
      source: `/backport by @${trigger.commenter}`,
    }));
  const configured = input.targets
    ? input.targets.map((pattern) => ({ pattern, source: 'targets input' }))
    : policyTargets.map((pattern) => ({ pattern, source: 'policy backport.targets' }));
  const fromLabels = original.labels.flatMap((l) => {
    const t = targetOfLabel(l, input.labelPattern);
    return t ? [{ pattern: t, source: `label "${l}"` }] : [];
  });
  return [...configured, ...fromLabels];
}

/** The labels to copy: those matching copy-labels globs; `{severity}` stands for any severity label. */
export function labelsToCopy(
  labels: string[],
  patterns: string[],
  backportLabel: RegExp,
): string[] {
  const globs = patterns.filter((p) => p !== '{severity}');
  const severity = patterns.includes('{severity}');
  return labels.filter(
    (l) =>
      !backportLabel.test(l) &&
      ((severity && parseSeverity(l) !== undefined) ||
        (globs.length > 0 && picomatch.isMatch(l, globs, { nocase: true, dot: true }))),
  );
}

export function assigneesOf(o: OriginalPull): string[] {
  if (o.assignees.length) return o.assignees;
  return o.author && !o.author.endsWith('[bot]') ? [o.author] : [];
}

export function severityText(o: OriginalPull, policy: Policy): string {
  const d = classify({
    subject: {
      kind: 'pull_request',
      number: o.number,
      title: o.title,
      body: o.body,
      labels: o.labels,
      branch: o.headRef,
      baseBranch: o.baseRef,
      origin: 'the original PR',
    },
    policy,
  });
  const by = d.signals[0];
  return `${d.severity} (${d.source === 'default' ? 'policy default: no signal' : (by?.detail ?? d.source)})`;
}
