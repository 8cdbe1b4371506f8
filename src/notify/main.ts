// notify: tell the right people, on every channel they use, what stage the incident is at,
// with the timeline GitHub recorded. A chat service being down never fails the job (unless
// fail-on-error), and never goes unnoticed.
import { readInputs } from '../shared/inputs.ts';
import { runAction, setOutputs } from '../shared/action.ts';
import { appendSummary, info, infoUntrusted, warning } from '../shared/runner.ts';
import { readContext } from '../shared/context.ts';
import { lazyGitHub } from '../shared/github.ts';
import { loadPolicy } from '../shared/policy-loader.ts';
import { UserError } from '../shared/errors.ts';
import { checkCombinations, maskSecretInputs, NOTIFY_INPUTS } from './inputs.ts';
import { gatherFacts } from './facts.ts';
import { decidePostmortem } from './postmortem.ts';
import { notify } from './notify.ts';
import { failedChannels, logLines, outputsOf, summaryOf, warningsOf } from './report.ts';
import { headline } from './message.ts';

await runAction(async () => {
  maskSecretInputs();
  const input = readInputs(NOTIFY_INPUTS);
  checkCombinations(input);
  const ctx = readContext();
  const token = input['github-token'];
  const github = token ? lazyGitHub(token) : undefined;

  const { policy, source } = await loadPolicy({
    ctx,
    path: input['policy-file'],
    ...(github ? { github } : {}),
  });
  const now = new Date();
  const facts = await gatherFacts({
    ctx,
    input,
    policy,
    ...(github ? { github } : {}),
    wantPostmortem: (s) =>
      decidePostmortem(input.postmortem, input.event, s, policy.levels[s]).open,
    now,
  });
  const outcome = await notify({
    input,
    ctx,
    policy,
    policySource: source,
    facts,
    ...(github ? { github: await github() } : {}),
    now,
  });

  infoUntrusted(headline(outcome.message));
  for (const line of logLines(outcome)) info(line);
  for (const w of warningsOf(outcome)) warning(w, { title: 'notify' });
  setOutputs(outputsOf(outcome));
  appendSummary(summaryOf(outcome));
  const failed = failedChannels(outcome);
  if (failed.length && input['fail-on-error'])
    throw new UserError(
      `notify: ${failed.join(', ')} failed and fail-on-error is true (see the warnings above)`,
    );
});
