// critical-tests' inputs: one zod shape, and the checks across inputs (and against the
// checkout) that one field cannot make, all before any test runs.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { readInputs, inputs, type InputSource } from '../shared/runner/inputs.ts';
import { InputError } from '../shared/runner/errors.ts';
import { RUNNERS } from './runners/types.ts';
import { SELECT_MODES } from './selection.ts';
import { isValidTag, TAG_EXPECTED } from './tag.ts';

const shape = {
  runner: inputs.oneOf(['auto', ...RUNNERS], 'auto'),
  select: inputs.oneOf(SELECT_MODES, 'related+tagged'),
  tag: inputs.text('critical'),
  'changed-files': inputs.list(),
  command: inputs.text(''),
  'working-directory': inputs.text('.'),
  timeout: inputs.duration('10m'),
  'allow-empty': inputs.bool(false),
  audit: inputs.oneOf(['none', 'npm'], 'none'),
  'github-token': inputs.text(''),
};

export type CriticalTestsInputs = ReturnType<typeof readCriticalTestsInputs>;

export function readCriticalTestsInputs(source?: InputSource) {
  const input = readInputs(shape, source);
  if (!isValidTag(input.tag)) throw new InputError('tag', input.tag, TAG_EXPECTED);
  if (input.runner === 'command' && !input.command)
    throw new InputError('command', '', 'the test command to run when runner is command');
  return input;
}

/** The working-directory input inside the checkout, resolved to a real directory. */
export function workingDirectory(
  input: CriticalTestsInputs,
  workspace: string | undefined,
): string {
  const dir = resolve(workspace ?? process.cwd(), input['working-directory']);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new InputError(
      'working-directory',
      input['working-directory'],
      'an existing directory of the checkout',
    );
  return realpathSync(dir);
}
