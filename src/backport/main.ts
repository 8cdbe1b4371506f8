// backport: cherry-pick a merged fix onto the other release lines and open a PR for each.
import { runAction, setOutputs } from '../shared/action.ts';
import { appendSummary, notice, setFailed } from '../shared/runner.ts';
import { readContext } from '../shared/context.ts';
import { lazyGitHub } from '../shared/github.ts';
import { readBackportInputs } from './settings.ts';
import { readTrigger } from './trigger.ts';
import { anyFailed, failedTargets, outputsOf, summaryOf, type Report } from './report.ts';

await runAction(async () => {
  const input = readBackportInputs();
  const ctx = readContext();
  const trigger = readTrigger(ctx.eventName, ctx.payload, input.labelPattern);
  const github = lazyGitHub(input.token);
  let report: Report;
  if (trigger.kind === 'ignore') {
    // Nothing asked: no token, no git, and the backport machinery is not even loaded.
    notice(`Nothing to backport: ${trigger.reason}.`);
    report = { outcomes: [], unresolved: [], excluded: [], notes: [] };
    report.nothing = `Nothing to backport: ${trigger.reason}.`;
  } else {
    const { runBackport } = await import('./run-backport.ts');
    report = await runBackport(input, ctx, trigger, github);
  }
  setOutputs(outputsOf(report));
  appendSummary(summaryOf(report));
  if (anyFailed(report))
    setFailed(`Backport failed for ${failedTargets(report)}: see the job summary.`);
});
