// notify: tell the right people, on every channel they use, what stage the incident is at,
// with the timeline GitHub recorded. A chat service being down never fails the job (unless
// fail-on-error), and never goes unnoticed.
import * as core from '@actions/core';
import { runAction, setOutputs, writeSummary } from '../shared/runner/action.ts';
import { infoUntrusted } from '../shared/runner/untrusted.ts';
import { readContext, repoOf, type RunContext } from '../shared/runner/context.ts';
import { UserError } from '../shared/runner/errors.ts';
import { deadlineAfter, lazyGitHub, type GitHub } from '../shared/github/client.ts';
import { loadPolicy, PolicyReadError, type LoadedPolicy } from '../shared/policy/loader.ts';
import { defaultPolicy } from '../shared/policy/policy.ts';
import { formatDuration } from '../shared/text/duration.ts';
import { readNotifyInputs, type NotifyInputs } from './inputs.ts';
import { gatherFacts } from './facts.ts';
import { gitHubNotify } from './github.ts';
import { decidePostmortem } from './postmortem.ts';
import { notify, type Outcome } from './notify.ts';
import { failedChannels, logLines, outputsOf, summaryOf, warningsOf } from './report.ts';
import { headline } from './message.ts';

export async function run(): Promise<void> {
  await runAction(async () => {
    const input = readNotifyInputs();
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
    const records = token ? lazyGitHub(token, { deadline: beforeChat }) : undefined;
    const github = records ? gitHubNotify(repoOf(ctx), records, lazyGitHub(token)) : undefined;

    const { policy, source } = await policyOf(ctx, input, records);
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
      ...{ input, ctx, policy, policySource: source, facts, now },
      ...(github ? { github } : {}),
      githubDeadline: beforeChat,
    });
    await report(outcome, input);
  });
}

/** The policy; one GitHub did not hand over is replaced by the built-in defaults. */
async function policyOf(
  ctx: RunContext,
  input: NotifyInputs,
  github: (() => Promise<GitHub>) | undefined,
): Promise<LoadedPolicy> {
  return loadPolicy({ ctx, path: input['policy-file'], ...(github ? { github } : {}) }).catch(
    (err: unknown) => {
      // A policy GitHub did not hand over must not silence the chat: the built-in defaults
      // route this message instead, and a warning says so. A policy that is wrong still fails.
      if (!(err instanceof PolicyReadError)) throw err;
      core.warning(`notify: ${err.message}; routed by the built-in defaults`, { title: 'notify' });
      return {
        policy: defaultPolicy(),
        source: 'built-in defaults (the policy file could not be read)',
      };
    },
  );
}

async function report(outcome: Outcome, input: NotifyInputs): Promise<void> {
  infoUntrusted(headline(outcome.message));
  for (const line of logLines(outcome)) core.info(line);
  for (const w of warningsOf(outcome)) core.warning(w, { title: 'notify' });
  setOutputs(outputsOf(outcome));
  await writeSummary(summaryOf(outcome));
  const failed = failedChannels(outcome);
  if (failed.length && input['fail-on-error'])
    throw new UserError(
      `notify: ${failed.join(', ')} failed and fail-on-error is true (see the warnings above)`,
    );
}
