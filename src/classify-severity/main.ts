// classify-severity: decide P0..P3 for a hotfix PR, push or incident issue, say why, label it.
import { readInputs, inputs } from '../shared/inputs.ts';
import { runAction, setOutputs } from '../shared/action.ts';
import { appendSummary, getInput, info, notice, warning } from '../shared/runner.ts';
import { readContext } from '../shared/context.ts';
import { lazyGitHub } from '../shared/github.ts';
import { loadPolicy } from '../shared/policy-loader.ts';
import { resolveSubject } from '../shared/subject.ts';
import { classify } from '../shared/classifier.ts';
import { parseDuration } from '../shared/duration.ts';
import { InputError } from '../shared/errors.ts';
import { applyLabels, planLabels } from './label-sync.ts';
import { outputsOf, summaryOf, type Outcome } from './report.ts';

await runAction(async () => {
  const input = readInputs({
    'github-token': inputs.text(''),
    severity: inputs.optionalSeverity(),
    text: inputs.text(''),
    // hotfix: label only hotfixes, for a workflow that sees every PR to the production branch.
    label: inputs.oneOf(['true', 'false', 'hotfix'], 'true'),
    'policy-file': inputs.text(''),
    'default-severity': inputs.optionalSeverity(),
  });
  const token = input['github-token'];
  if (input.label !== 'false' && !token) {
    throw new InputError(
      'github-token',
      '',
      'a token when label is true (pass ${{ github.token }} with pull-requests: write, or set label: false)',
    );
  }
  const ctx = readContext();
  const github = token ? lazyGitHub(token) : undefined;

  const { policy, source } = await loadPolicy({
    ctx,
    path: input['policy-file'],
    ...(github ? { github } : {}),
  });
  const subject = await resolveSubject(ctx, github);
  const decision = classify({
    subject,
    policy,
    text: input.text,
    ...(input.severity
      ? { explicit: { severity: input.severity, raw: getInput('severity') } }
      : {}),
    ...(input['default-severity'] ? { defaultSeverity: input['default-severity'] } : {}),
  });
  for (const c of decision.conflicts) {
    warning(
      `${c.detail} says ${c.severity}, but the ${decision.signals[0]?.detail} decides ${decision.severity}`,
      { title: 'Severity signals disagree' },
    );
  }
  info(`${decision.severity}: ${decision.reason}`);

  let labels: Outcome['labels'] = 'off';
  if (input.label === 'hotfix' && !decision.isHotfix) {
    labels = 'not a hotfix';
  } else if (input.label !== 'false' && github && subject.number !== undefined) {
    labels = planLabels(subject.labels, decision.severity);
    if (labels.add || labels.remove.length) {
      await applyLabels(
        await github(),
        { owner: ctx.owner, repo: ctx.repo },
        subject.number,
        labels,
        decision.severity,
      );
    }
  } else if (input.label !== 'false') {
    labels = 'nothing to label';
    notice(`No PR or issue to label (${subject.origin}).`);
  }

  const requirements = policy.levels[decision.severity];
  const since = subject.createdAt ? Date.parse(subject.createdAt) : Date.now();
  const respondBy = new Date(
    since + (parseDuration(requirements['respond-within']) ?? 0),
  ).toISOString();
  const outcome: Outcome = {
    decision,
    subject,
    requirements,
    respondBy,
    policySource: source,
    labels,
  };
  setOutputs(outputsOf(outcome));
  appendSummary(summaryOf(outcome));
});
