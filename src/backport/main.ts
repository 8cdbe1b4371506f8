// backport: cherry-pick a merged fix onto the other release lines and open a PR for each.
import * as core from '@actions/core';
import { runAction, setOutputs, writeSummary } from '../shared/runner/action.ts';
import { readContext, repoOf } from '../shared/runner/context.ts';
import { lazyGitHub } from '../shared/github/client.ts';
import { readBackportInputs } from './inputs.ts';
import { readTrigger } from './trigger.ts';
import { anyFailed, failedTargets, outputsOf, summaryOf, type Report } from './report.ts';

export async function run(): Promise<void> {
  await runAction(async () => {
    const input = readBackportInputs();
    const ctx = readContext();
    const trigger = readTrigger(ctx.eventName, ctx.payload, input.labelPattern);
    let report: Report;
    if (trigger.kind === 'ignore') {
      // Nothing asked: no token, no git, and the backport machinery is not even loaded.
      core.notice(`Nothing to backport: ${trigger.reason}.`);
      report = { outcomes: [], unresolved: [], excluded: [], notes: [] };
      report.nothing = `Nothing to backport: ${trigger.reason}.`;
    } else {
      const github = lazyGitHub(input.token);
      // The API client's modules load while the backport's do (a missing token still fails
      // at the first call, with its message).
      github().catch(() => undefined);
      const [{ runBackport }, { gitHubBackport }, { loadPolicy }] = await Promise.all([
        import('./run-backport.ts'),
        import('./github.ts'),
        import('../shared/policy/loader.ts'),
      ]);
      report = await runBackport({
        input,
        ctx,
        trigger,
        github: gitHubBackport(github, repoOf(ctx)),
        loadPolicy: () => loadPolicy({ ctx, path: input.policyFile, github }),
      });
    }
    setOutputs(outputsOf(report));
    await writeSummary(summaryOf(report));
    if (anyFailed(report))
      core.setFailed(`Backport failed for ${failedTargets(report)}: see the job summary.`);
  });
}
