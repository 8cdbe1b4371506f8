// validate-hotfix-pr's core flow: the PR's severity, every check the policy turns on for it
// (validate.ts), the verdict, and the one sticky comment that reports it. The GitHub reads
// and the comment come in through ports, so this runs against anything.
import * as core from '@actions/core';
import { infoUntrusted } from '../shared/runner/untrusted.ts';
import { UserError } from '../shared/runner/errors.ts';
import { classify } from '../shared/severity/classifier.ts';
import { formatDuration } from '../shared/text/duration.ts';
import type { Policy } from '../shared/policy/schema.ts';
import type { Subject } from '../shared/github/subject.ts';
import type { CommentPort } from '../shared/github/sticky-comment.ts';
import type { PullFacts } from './checks.ts';
import type { ValidateInputs } from './inputs.ts';
import { validate, type PullData } from './validate.ts';
import { annotationsOf, reportOf, verdictOf, type Outcome } from './report.ts';

export const COMMENT_KEY = 'validate-hotfix-pr';

// Named, not core[level]: a computed member of @actions/core keeps all of it in the bundle.
const ANNOTATE = { error: core.error, warning: core.warning, notice: core.notice };

export type PullRequest = PullFacts & {
  number: number;
  author?: string | undefined;
  headSha?: string | undefined;
};

export interface GateRequest {
  input: ValidateInputs;
  subject: Subject;
  policy: Policy;
  data: PullData;
  /** Absent with comment: false. */
  comments?: CommentPort;
  runUrl: string;
  signal?: AbortSignal;
}

export interface GateResult {
  outcome: Outcome;
  /** The markdown report, for the comment, the summary and the `report` output. */
  text: string;
  /** What became of the PR comment, for the summary. */
  comment: string;
}

export async function runGate(r: GateRequest): Promise<GateResult> {
  const pr = pullRequestOf(r.subject);
  const { severity, signals } = classify({
    subject: r.subject,
    policy: r.policy,
    ...(r.input.severity ? { explicit: r.input.severity } : {}),
  });
  const severityFrom = signals[0]?.detail ?? `default severity ${severity}`;
  infoUntrusted(`PR #${pr.number}: ${pr.title} (${pr.branch} -> ${pr.baseBranch})`);
  infoUntrusted(`Severity ${severity} from the ${severityFrom}`);

  const validation = await core.group('Checks', async () => {
    const v = await validate({
      ...{ pr, policy: r.policy, severity, severityFrom },
      approvalTimeoutMs: r.input['approval-timeout'],
      data: r.data,
      ...(r.signal ? { signal: r.signal } : {}),
      onWait: (t, left, wanted) =>
        core.info(
          `Approvals: ${t.approvers.length} of ${wanted} so far, ${formatDuration(left)} left`,
        ),
    });
    // Messages quote the PR's title and branch: printed, never obeyed as workflow commands.
    infoUntrusted(v.results.map((c) => `${c.status.padEnd(6)} ${c.id}: ${c.message}`).join('\n'));
    for (const a of annotationsOf(v.results)) ANNOTATE[a.level](a.message, a.props);
    return v;
  });
  const failOn = r.input['fail-on'];
  const outcome: Outcome = {
    number: pr.number,
    title: pr.title,
    severity,
    severityFrom,
    validation,
    verdict: verdictOf(validation.results, failOn),
    failOn,
  };
  const text = reportOf(outcome);
  return { outcome, text, comment: await postComment(r, pr.number, text) };
}

/** Posts or updates the report comment; says what happened, for the summary. */
async function postComment(r: GateRequest, number: number, text: string): Promise<string> {
  if (!r.comments) return 'not posted (comment: false)';
  const body = `${text}\n\n<sub>validate-hotfix-pr · [run log](${r.runUrl})</sub>`;
  const posted = await r.comments.upsert(number, COMMENT_KEY, body);
  return posted
    ? `${posted.action}: ${posted.url}`
    : 'not posted: the token may not comment (a pull request from a fork?)';
}

export function pullRequestOf(subject: Subject): PullRequest {
  if (subject.kind !== 'pull_request' || subject.number === undefined)
    throw new UserError(
      `validate-hotfix-pr judges a pull request, and this run has none (${subject.origin}): ` +
        'run it on pull_request (and pull_request_review), or on a push to a branch with an open pull request',
    );
  return {
    number: subject.number,
    title: subject.title,
    body: subject.body,
    branch: subject.branch ?? '',
    baseBranch: subject.baseBranch ?? '',
    labels: subject.labels,
    author: subject.author,
    headSha: subject.headSha,
  };
}
