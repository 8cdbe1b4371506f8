// notify: tell the right people, on every channel they use, what stage the incident is at,
// with the timeline GitHub recorded. A chat service being down never fails the job (unless
// fail-on-error), and never goes unnoticed.
import { readInputs } from '../shared/inputs.ts';
import { runAction, setOutputs } from '../shared/action.ts';
import { appendSummary, info, infoUntrusted, warning } from '../shared/runner.ts';
import { readContext } from '../shared/context.ts';
import { deadlineAfter, lazyGitHub } from '../shared/github.ts';
import { loadPolicy, PolicyReadError } from '../shared/policy-loader.ts';
import { defaultPolicy } from '../shared/policy.ts';
import { formatDuration } from '../shared/duration.ts';
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
  // Chat must not wait behind a slow GitHub. The reads and the incident and post-mortem
  // issues get github-timeout between them; then what is still out is given up (each gap a
  // warning, as when the token cannot read something) and the chat goes out with what is
  // known. The PR comment is a channel like Slack: it gets its own client, without that limit.
  const beforeChat = deadlineAfter(
    input['github-timeout'],
    `the github-timeout of ${formatDuration(input['github-timeout'])} before the chat messages ran out`,
  );
  const github = token ? lazyGitHub(token, { deadline: beforeChat }) : undefined;
  const commentGitHub = token ? lazyGitHub(token) : undefined;

  const { policy, source } = await loadPolicy({
    ctx,
    path: input['policy-file'],
    ...(github ? { github } : {}),
  }).catch((err: unknown) => {
    // A policy GitHub did not hand over must not silence the chat: the built-in defaults
    // route this message instead, and a warning says so. A policy that is wrong still fails.
    if (!(err instanceof PolicyReadError)) throw err;
    warning(`notify: ${err.message}; routed by the built-in defaults`, { title: 'notify' });
    return {
      policy: defaultPolicy(),
      source: 'built-in defaults (the policy file could not be read)',
    };
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
    ...(github && commentGitHub
      ? { github: await github(), commentGitHub: await commentGitHub() }
      : {}),
    githubDeadline: beforeChat,
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
