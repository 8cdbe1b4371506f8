// critical-tests: run only the tests that matter for this hotfix, with the runner's own
// selection, say exactly what ran, and never call zero tests a pass.
import * as core from '@actions/core';
import { runAction, setOutputs, writeSummary } from '../shared/runner/action.ts';
import { readContext, repoOf } from '../shared/runner/context.ts';
import { UserError } from '../shared/runner/errors.ts';
import { lazyGitHub } from '../shared/github/client.ts';
import { gitHubPullFiles } from '../shared/github/pull-files.ts';
import { readCriticalTestsInputs, workingDirectory } from './inputs.ts';
import { criticalTests } from './critical-tests.ts';
import { annotationsOf, outputsOf, summaryOf, verdict } from './report.ts';

export async function run(): Promise<void> {
  await runAction(async () => {
    const input = readCriticalTestsInputs();
    const ctx = readContext();
    const token = input['github-token'];
    const outcome = await criticalTests({
      runner: input.runner,
      select: input.select,
      tag: input.tag,
      changedFiles: input['changed-files'],
      command: input.command,
      cwd: workingDirectory(input, ctx.workspace),
      timeoutMs: input.timeout,
      allowEmpty: input['allow-empty'],
      audit: input.audit,
      ctx,
      pullFiles: token ? gitHubPullFiles(lazyGitHub(token), repoOf(ctx)) : undefined,
    });
    setOutputs(outputsOf(outcome));
    for (const a of annotationsOf(outcome)) {
      core.error(a.message, {
        title: a.title,
        ...(a.file ? { file: a.file } : {}),
        ...(a.line ? { startLine: a.line } : {}),
      });
    }
    await writeSummary(summaryOf(outcome));
    const failure = verdict(outcome);
    if (failure) throw new UserError(failure);
  });
}
