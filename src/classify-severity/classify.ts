// classify-severity's core flow: the decision (shared classifier), what to say about signals
// that disagree, the one severity label to keep, and when the response is due.
import * as core from '@actions/core';
import { infoUntrusted } from '../shared/runner/untrusted.ts';
import { classify } from '../shared/severity/classifier.ts';
import { parseDuration } from '../shared/text/duration.ts';
import type { Policy } from '../shared/policy/schema.ts';
import type { Subject } from '../shared/github/subject.ts';
import type { ClassifyInputs } from './inputs.ts';
import { planLabels, type LabelPort } from './label-sync.ts';
import type { Outcome } from './report.ts';

export interface ClassifyRequest {
  input: ClassifyInputs;
  subject: Subject;
  policy: Policy;
  policySource: string;
  /** Absent without a token: nothing is labelled. */
  labels?: LabelPort;
  now?: Date;
}

export async function classifySeverity(r: ClassifyRequest): Promise<Outcome> {
  const { input, subject, policy } = r;
  const decision = classify({
    subject,
    policy,
    text: input.text,
    ...(input.severity ? { explicit: input.severity } : {}),
    ...(input['default-severity'] ? { defaultSeverity: input['default-severity'] } : {}),
  });
  for (const c of decision.conflicts) {
    core.warning(
      `${c.detail} says ${c.severity}, but the ${decision.signals[0]?.detail} decides ${decision.severity}`,
      { title: 'Severity signals disagree' },
    );
  }
  // The reason quotes labels and the title: printed, never obeyed.
  infoUntrusted(`${decision.severity}: ${decision.reason}`);

  let labels: Outcome['labels'] = 'off';
  if (input.label === 'hotfix' && !decision.isHotfix) {
    labels = 'not a hotfix';
  } else if (input.label !== 'false' && r.labels && subject.number !== undefined) {
    labels = planLabels(subject.labels, decision.severity);
    if (labels.add || labels.remove.length)
      await r.labels.apply(subject.number, labels, decision.severity);
  } else if (input.label !== 'false') {
    labels = 'nothing to label';
    core.notice(`No PR or issue to label (${subject.origin}).`);
  }

  const requirements = policy.levels[decision.severity];
  const since = subject.createdAt ? Date.parse(subject.createdAt) : (r.now ?? new Date()).getTime();
  const respondBy = new Date(since + (parseDuration(requirements['respond-within']) ?? 0));
  return {
    decision,
    subject,
    requirements,
    respondBy: respondBy.toISOString(),
    policySource: r.policySource,
    labels,
  };
}
