// The action's inputs as one typed value, checked before anything changes: a bad value
// names the input, the value and what was expected.
import { readInputs, inputs, type InputSource } from '../shared/runner/inputs.ts';
import { InputError } from '../shared/runner/errors.ts';
import { compileLabelPattern } from './trigger.ts';
import { unknownPlaceholders } from './templates.ts';
import type { ConflictMode } from './backport.ts';
import type { AutoMergeMode } from './open-pull.ts';

export interface BackportInputs {
  /** undefined: the policy's backport.targets; []: labels and comments only. */
  targets: string[] | undefined;
  latest: number | undefined;
  labelPattern: RegExp;
  branchTemplate: string;
  titleTemplate: string;
  conflicts: ConflictMode;
  copyLabels: string[];
  copyAssignees: boolean;
  autoMerge: AutoMergeMode;
  gitUser: { name: string; email: string };
  policyFile: string;
  token: string;
}

const shape = {
  'github-token': inputs.text(''),
  targets: inputs.list(),
  latest: inputs.optionalInt(0, 1000),
  'label-pattern': inputs.text(String.raw`^backport (?<target>\S+)$`),
  'branch-template': inputs.text('backport/{target}/pr-{number}'),
  'title-template': inputs.text('[Backport {target}] {title}'),
  conflicts: inputs.oneOf(['comment', 'draft', 'fail'] as const, 'comment'),
  'copy-labels': inputs.list('{severity}, hotfix*'),
  'copy-assignees': inputs.bool(true),
  'auto-merge': inputs.matching(
    'true, false or merge-when-clean',
    (raw): AutoMergeMode | undefined =>
      /^(true|True|TRUE)$/.test(raw)
        ? 'on'
        : /^(false|False|FALSE)$/.test(raw)
          ? 'off'
          : raw === 'merge-when-clean'
            ? 'merge-when-clean'
            : undefined,
    'false',
  ),
  'git-user-name': inputs.text('github-actions[bot]'),
  'git-user-email': inputs.text('41898282+github-actions[bot]@users.noreply.github.com'),
  'policy-file': inputs.text(''),
};

export function readBackportInputs(source?: InputSource): BackportInputs {
  const input = readInputs(shape, source);
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
  return {
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
  };
}
