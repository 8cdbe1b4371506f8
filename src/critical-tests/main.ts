// critical-tests: run only the tests that matter for this hotfix, with the runner's own
// selection, say exactly what ran, and never call zero tests a pass.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { readInputs, inputs } from '../shared/inputs.ts';
import { runAction, setOutputs } from '../shared/action.ts';
import { appendSummary, error } from '../shared/runner.ts';
import { readContext } from '../shared/context.ts';
import { lazyGitHub } from '../shared/github.ts';
import { InputError, UserError } from '../shared/errors.ts';
import { RUNNERS } from './runners/types.ts';
import { SELECT_MODES } from './selection.ts';
import { isValidTag, TAG_EXPECTED } from './tag.ts';
import { criticalTests } from './critical-tests.ts';
import { annotationsOf, outputsOf, summaryOf, verdict } from './report.ts';

await runAction(async () => {
  const input = readInputs({
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
  });
  if (!isValidTag(input.tag)) throw new InputError('tag', input.tag, TAG_EXPECTED);
  if (input.runner === 'command' && !input.command)
    throw new InputError('command', '', 'the test command to run when runner is command');
  const ctx = readContext();
  const dir = resolve(ctx.workspace ?? process.cwd(), input['working-directory']);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new InputError(
      'working-directory',
      input['working-directory'],
      'an existing directory of the checkout',
    );
  const token = input['github-token'];

  const outcome = await criticalTests({
    runner: input.runner,
    select: input.select,
    tag: input.tag,
    changedFiles: input['changed-files'],
    command: input.command,
    cwd: realpathSync(dir),
    timeoutMs: input.timeout,
    allowEmpty: input['allow-empty'],
    audit: input.audit,
    ctx,
    github: token ? lazyGitHub(token) : undefined,
    tempDir: process.env.RUNNER_TEMP,
  });
  setOutputs(outputsOf(outcome));
  for (const a of annotationsOf(outcome)) {
    error(a.message, {
      title: a.title,
      ...(a.file ? { file: a.file } : {}),
      ...(a.line ? { line: a.line } : {}),
    });
  }
  appendSummary(summaryOf(outcome));
  const failure = verdict(outcome);
  if (failure) throw new UserError(failure);
});
