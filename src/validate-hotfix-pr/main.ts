// validate-hotfix-pr: the hotfix PR gate. Checks naming, description, size, tests,
// dependencies and approvals against the policy for the PR's severity, and explains each.
import { readInputs, inputs } from '../shared/inputs.ts';
import { runAction, setOutputs } from '../shared/action.ts';
import {
  appendSummary,
  getInput,
  group,
  info,
  infoUntrusted,
  setFailed,
} from '../shared/runner.ts';
import { readContext } from '../shared/context.ts';
import { lazyGitHub } from '../shared/github.ts';
import { loadPolicy } from '../shared/policy-loader.ts';
import { resolveSubject } from '../shared/subject.ts';
import { classify } from '../shared/classifier.ts';
import { cancellationSignal } from '../shared/cancellation.ts';
import { formatDuration } from '../shared/duration.ts';
import { validate } from './validate.ts';
import { gitHubPullData } from './pull-data.ts';
import { checkTimeout, pullRequestOf, requireToken } from './preconditions.ts';
import { announce, postComment } from './publish.ts';
import * as report from './report.ts';

await runAction(async () => {
  const input = readInputs({
    'github-token': inputs.text(''),
    'policy-file': inputs.text(''),
    severity: inputs.optionalSeverity(),
    'approval-timeout': inputs.duration('0s'),
    comment: inputs.bool(true),
    'fail-on': inputs.oneOf(report.FAIL_ON, 'error'),
  });
  const token = requireToken(input['github-token']);
  const timeoutMs = checkTimeout(input['approval-timeout']);
  const failOn = input['fail-on'];
  const ctx = readContext();
  // Only these two: octokit sends every other field of an object it is given as a parameter.
  const repo = { owner: ctx.owner, repo: ctx.repo };
  const github = lazyGitHub(token);

  const subject = await resolveSubject(ctx, github);
  const pr = pullRequestOf(subject);
  const { policy, source } = await loadPolicy({ ctx, path: input['policy-file'], github });
  const explicit = input.severity && { severity: input.severity, raw: getInput('severity') };
  const { severity, signals } = classify({
    subject,
    policy,
    ...(explicit ? { explicit } : {}),
  });
  const severityFrom = signals[0]?.detail ?? `default severity ${severity}`;
  infoUntrusted(`PR #${pr.number}: ${pr.title} (${pr.branch} -> ${pr.baseBranch})`);
  info(`Severity ${severity} from the ${severityFrom}; policy: ${source}`);

  const validation = await group('Checks', async () => {
    const v = await validate({
      ...{ pr, policy, severity, severityFrom, approvalTimeoutMs: timeoutMs },
      data: gitHubPullData(await github(), repo, pr.number),
      signal: cancellationSignal(),
      onWait: (t, left, wanted) =>
        info(`Approvals: ${t.approvers.length} of ${wanted} so far, ${formatDuration(left)} left`),
    });
    announce(v.results);
    return v;
  });
  const verdict = report.verdictOf(validation.results, failOn);
  const outcome = {
    number: pr.number,
    title: pr.title,
    severity,
    severityFrom,
    validation,
    verdict,
    failOn,
  };
  const text = report.reportOf(outcome);
  const comment = input.comment
    ? await postComment(await github(), repo, pr.number, text, ctx.runUrl)
    : 'not posted (comment: false)';
  setOutputs(report.outputsOf(outcome, text));
  appendSummary(report.summaryOf(outcome, text, { policySource: source, comment }));
  if (verdict.failStep)
    setFailed(
      `Hotfix gate failed for PR #${pr.number} (${severity}): ${verdict.failed.join(', ')}. The job summary and the PR comment say how to fix each.`,
    );
});
