// backport: cherry-pick a merged fix onto the other release lines and open a PR for each.
import { readInputs, inputs } from '../shared/inputs.ts';
import { runAction, setOutputs } from '../shared/action.ts';
import { appendSummary, setFailed } from '../shared/runner.ts';
import { readContext } from '../shared/context.ts';
import { createGitHub, type GitHub } from '../shared/github.ts';
import { InputError } from '../shared/errors.ts';
import { compileLabelPattern } from './trigger.ts';
import { unknownPlaceholders } from './templates.ts';
import { runBackport } from './run-backport.ts';
import { anyFailed, outputsOf, summaryOf } from './report.ts';

await runAction(async () => {
  const input = readInputs({
    'github-token': inputs.text(''),
    targets: inputs.list(),
    latest: inputs.int(0, 1000).optional(),
    'label-pattern': inputs.text(String.raw`^backport (?<target>\S+)$`),
    'branch-template': inputs.text('backport/{target}/pr-{number}'),
    'title-template': inputs.text('[Backport {target}] {title}'),
    conflicts: inputs.oneOf(['comment', 'draft', 'fail'] as const, 'comment'),
    'copy-labels': inputs.list('{severity}, hotfix*'),
    'copy-assignees': inputs.bool(true),
    'auto-merge': inputs.bool(false),
    'git-user-name': inputs.text('github-actions[bot]'),
    'git-user-email': inputs.text('41898282+github-actions[bot]@users.noreply.github.com'),
    'policy-file': inputs.text(''),
  });
  const labelPattern = compileLabelPattern(input['label-pattern']);
  if (typeof labelPattern === 'string')
    throw new InputError('label-pattern', input['label-pattern'], labelPattern);
  for (const name of ['branch-template', 'title-template'] as const) {
    const unknown = unknownPlaceholders(input[name]);
    if (unknown.length)
      throw new InputError(
        name,
        input[name],
        'a template using only {target}, {number}, {title} and {base}',
      );
  }
  const ctx = readContext();
  let client: Promise<GitHub> | undefined;
  const github = () => (client ??= createGitHub(input['github-token']));
  const report = await runBackport(
    {
      // Empty: the policy's backport.targets; `none`: labels and comments only.
      targets: input.targets.length
        ? input.targets.filter((t) => t.toLowerCase() !== 'none')
        : undefined,
      latest: input.latest,
      labelPattern,
      branchTemplate: input['branch-template'],
      titleTemplate: input['title-template'],
      conflicts: input.conflicts,
      copyLabels: input['copy-labels'].filter((l) => l.toLowerCase() !== 'none'),
      copyAssignees: input['copy-assignees'],
      autoMerge: input['auto-merge'],
      gitUser: { name: input['git-user-name'], email: input['git-user-email'] },
      policyFile: input['policy-file'],
      token: input['github-token'],
    },
    ctx,
    github,
  );
  const outputs = outputsOf(report);
  setOutputs(outputs);
  appendSummary(summaryOf(report));
  if (anyFailed(report)) {
    const failed = JSON.parse(outputs.failed ?? '[]') as { target: string; reason: string }[];
    setFailed(
      `Backport failed for ${failed.map((f) => `${f.target} (${f.reason})`).join(', ')}: see the job summary.`,
    );
  }
});
