// classify-severity's inputs: one zod shape, and the rule across inputs that one field cannot
// make, checked before anything is read or labelled.
import { readInputs, inputs, type InputSource } from '../shared/runner/inputs.ts';
import { InputError } from '../shared/runner/errors.ts';

const shape = {
  'github-token': inputs.secret(),
  severity: inputs.explicitSeverity(),
  text: inputs.text(''),
  // hotfix: label only hotfixes, for a workflow that sees every PR to the production branch.
  label: inputs.oneOf(['true', 'false', 'hotfix'], 'true'),
  'policy-file': inputs.text(''),
  'default-severity': inputs.optionalSeverity(),
};

export type ClassifyInputs = ReturnType<typeof readClassifyInputs>;

export function readClassifyInputs(source?: InputSource) {
  const input = readInputs(shape, source);
  if (input.label !== 'false' && !input['github-token'])
    throw new InputError(
      'github-token',
      '',
      'a token when label is true (pass ${{ github.token }} with pull-requests: write, or set label: false)',
    );
  return input;
}
