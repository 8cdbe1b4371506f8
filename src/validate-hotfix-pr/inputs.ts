// validate-hotfix-pr's inputs: one zod shape, plus what must hold before any check runs (a
// token, a sane wait), each failure saying what to change in the workflow.
import { actionInputs, readInputs, inputs, type InputSource } from '../shared/runner/inputs.ts';
import { InputError } from '../shared/runner/errors.ts';
import { FAIL_ON } from './report.ts';

/** A job runs for 6 hours at most; a longer wait is a typo. */
export const MAX_APPROVAL_TIMEOUT_MS = 6 * 3_600_000;

const shape = {
  'github-token': inputs.text(''),
  'policy-file': inputs.text(''),
  severity: inputs.explicitSeverity(),
  'approval-timeout': inputs.duration('0s'),
  comment: inputs.bool(true),
  'fail-on': inputs.oneOf(FAIL_ON, 'error'),
};

export type ValidateInputs = ReturnType<typeof readValidateInputs>;

export function readValidateInputs(source: InputSource = actionInputs) {
  const input = readInputs(shape, source);
  if (!input['github-token'])
    throw new InputError(
      'github-token',
      '',
      'a token that can read the pull request and its reviews: pass ${{ github.token }} with permissions pull-requests: write (read when comment is false) and contents: read',
    );
  if (input['approval-timeout'] > MAX_APPROVAL_TIMEOUT_MS)
    throw new InputError('approval-timeout', source('approval-timeout'), 'a duration up to 6h');
  return input;
}
