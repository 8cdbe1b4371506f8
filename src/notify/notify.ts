// The core of notify: from the facts, the inputs and the policy, decide the channels and
// build the one message; then three steps: write the GitHub records (post-mortem, incident
// issue) so their links are in the message, send to every other channel at once, and make
// the result rows. A channel that fails is a result, never an exception: the others still go
// out. The records get only what is left of the caller's deadline for GitHub (its client
// gives up past it): a slow GitHub may delay the chat, never hold it.
import type { RunContext } from '../shared/runner/context.ts';
import type { Channel, LevelPolicy, Policy } from '../shared/policy/schema.ts';
import { messageOf } from '../shared/runner/errors.ts';
import type { NotifyInputs } from './inputs.ts';
import type { Facts } from './facts.ts';
import type { NotifyGitHub } from './github.ts';
import { route, type Route } from './routing.ts';
import type { NotifyMessage } from './message.ts';
import { composeMessage } from './compose.ts';
import { decidePostmortem, type PostmortemDecision } from './postmortem.ts';
import { decideFollowUp, type FollowUpDecision } from './follow-up.ts';
import { writeRecords, type Records } from './write-records.ts';
import { sendChannels } from './send-channels.ts';
import { resultRows } from './result-rows.ts';
import type { Post } from './send-http.ts';
import type { ChannelResult } from './result.ts';
import type { SendMail } from './email.ts';
import { dedupKey } from './pagerduty.ts';
import { stateMarker, type DeliveryState } from './state.ts';
import { incidentBody } from './incident.ts';
import { INCIDENT_COMMENT_KEY } from './records.ts';

export interface Outcome {
  message: NotifyMessage;
  routes: Route[];
  postmortem: PostmortemDecision;
  followUp: FollowUpDecision;
  results: ChannelResult[];
  slackTs?: string;
  incidentIssue?: Records['incidentIssue'];
  postmortemIssue?: Records['postmortemIssue'];
  followUpIssue?: Records['followUpIssue'];
  severityReason: string;
  policySource: string;
  warnings: string[];
}

export interface NotifyRequest {
  input: NotifyInputs;
  ctx: RunContext;
  policy: Policy;
  policySource: string;
  facts: Facts;
  /**
   * Absent without a token. Its reads and records are bound by githubDeadline; its PR
   * comment, a channel sent with the chat, is not.
   */
  github?: NotifyGitHub;
  /** Aborted when the chat stopped waiting for GitHub (the github-timeout input). */
  githubDeadline?: AbortSignal;
  now: Date;
  post?: Post;
  /** The SMTP sender; nodemailer over smtp-url by default. */
  sendMail?: SendMail;
}

export async function notify(r: NotifyRequest): Promise<Outcome> {
  const { input, facts, github } = r;
  const plan = planNotice(r);
  const records = await writeRecords({
    ...(github ? { github } : {}),
    input,
    facts,
    level: plan.level,
    message: plan.message,
    postmortem: plan.postmortem,
    followUp: plan.followUp,
    incidentRouted: plan.use('incident-issue'),
    now: r.now,
  });
  const warnings = [...facts.warnings];
  // Say once, plainly, why the message may lack parts: each gap has its own warning too.
  if (r.githubDeadline?.aborted)
    warnings.push(
      `GitHub was too slow (${messageOf(r.githubDeadline.reason)}): the chat went out with ` +
        'what was known by then; the timeline and links may be incomplete',
    );
  const pr = facts.pr?.number ?? prOnly(facts);
  const sent = await sendChannels({
    input,
    message: plan.message,
    use: plan.use,
    ...(github ? { pullComments: github.pullComments } : {}),
    ...(pr !== undefined ? { pr } : {}),
    ...(r.post ? { post: r.post } : {}),
    incident: {
      incidentKey: facts.incidentKey,
      // The key the incident first paged under, whatever is known now: a later run that
      // finds the incident issue (or the PR) must not page again under a new key.
      dedupKey:
        facts.state.paged?.[0] ??
        dedupKey({
          repository: plan.message.repository,
          ...(pr !== undefined ? { pr } : {}),
          ...(records.incidentIssue ? { incidentIssue: records.incidentIssue.number } : {}),
          incidentKey: facts.incidentKey,
        }),
      state: facts.state,
      wording: r.policy.statuspage,
      ...(r.sendMail ? { sendMail: r.sendMail } : {}),
    },
  });
  warnings.push(...sent.warnings);
  // The incident issue keeps what this run did too (the PR comment already has it), so a
  // re-run finds it there and rewrites nothing.
  if (stateMarker(sent.state) !== stateMarker(facts.state)) {
    const kept = await keepState({ ...r, plan, records, state: sent.state });
    if (kept) warnings.push(kept);
  }
  const results = resultRows({
    done: [...records.results, ...sent.results],
    routes: plan.routes,
    postmortem: plan.postmortem,
    ...(records.postmortemIssue ? { postmortemIssue: records.postmortemIssue } : {}),
    followUp: plan.followUp,
    summary: plan.use('summary'),
  });
  return {
    message: plan.message,
    routes: plan.routes,
    postmortem: plan.postmortem,
    followUp: plan.followUp,
    results,
    ...(sent.slackTs ? { slackTs: sent.slackTs } : {}),
    ...(records.incidentIssue ? { incidentIssue: records.incidentIssue } : {}),
    ...(records.postmortemIssue ? { postmortemIssue: records.postmortemIssue } : {}),
    ...(records.followUpIssue ? { followUpIssue: records.followUpIssue } : {}),
    severityReason: facts.severityReason,
    policySource: r.policySource,
    warnings,
  };
}

/**
 * Writes the new state into the incident issue this run wrote (its body when ours, else our
 * status comment on it); a warning when it cannot, since a re-run may then repeat a page.
 */
async function keepState(
  r: NotifyRequest & { plan: NoticePlan; records: Records; state: DeliveryState },
): Promise<string | undefined> {
  const issue = r.facts.incidentIssue ?? undefined;
  const number = r.records.incidentIssue?.number;
  if (!r.github || number === undefined || !r.plan.use('incident-issue')) return undefined;
  const body = incidentBody(
    r.plan.message,
    r.facts.incidentMarker,
    r.records.postmortemIssue,
    r.state,
  );
  try {
    if (issue && !issue.owned && issue.number === number)
      await r.github.issueComments.upsert(number, INCIDENT_COMMENT_KEY, body);
    else await r.github.updateIssue(number, { body });
    return undefined;
  } catch (err) {
    return `what this run sent could not be recorded on #${number} (${messageOf(err)}): a re-run may repeat it`;
  }
}

export interface NoticePlan {
  level: LevelPolicy;
  routes: Route[];
  use: (channel: Channel) => boolean;
  postmortem: PostmortemDecision;
  followUp: FollowUpDecision;
  message: NotifyMessage;
}

/** Which channels, whether a post-mortem and a follow-up, and the one message: pure. */
export function planNotice(
  r: Pick<NotifyRequest, 'input' | 'ctx' | 'policy' | 'facts' | 'github' | 'now'>,
): NoticePlan {
  const { input, facts } = r;
  const level = r.policy.levels[facts.severity];
  const incident = facts.incidentIssue;
  const routes = route({
    severity: facts.severity,
    routed: level.notify,
    requested: input.channels,
    ...(input.event === 'rollback-failed' ? { escalation: level.escalation } : {}),
    configured: configured(input, !!r.github, facts.pr?.number ?? prOnly(facts)),
    ...(incident && input['incident-issue'] !== 'open' && input['incident-issue'] !== 'none'
      ? { existingIncident: incident.number }
      : {}),
  });
  return {
    level,
    routes,
    use: (c) => routes.find((x) => x.channel === c)?.use === true,
    postmortem: decidePostmortem(input.postmortem, input.event, facts.severity, level),
    followUp: decideFollowUp(
      input['follow-up-issue'],
      input.event,
      facts.pr && { number: facts.pr.number, labels: facts.subject.labels, body: facts.pr.body },
    ),
    message: composeMessage({ input, ctx: r.ctx, level, facts, now: r.now }),
  };
}

/** A PR number known only from the `pr` input (no token to read it). */
function prOnly(facts: Facts): number | undefined {
  return facts.subject.kind === 'pull_request' ? facts.subject.number : undefined;
}

/** Which channels have what they need; for the others, what is missing. */
export function configured(
  input: NotifyInputs,
  hasGitHub: boolean,
  pr: number | undefined,
): Record<Channel, true | string> {
  return {
    slack:
      !!input['slack-webhook-url'] || (!!input['slack-bot-token'] && !!input['slack-channel'])
        ? true
        : 'no slack-webhook-url, or slack-bot-token with slack-channel',
    teams: input['teams-webhook-url'] ? true : 'no teams-webhook-url',
    webhook: input['webhook-url'] ? true : 'no webhook-url',
    'github-comment': !input['github-comment']
      ? 'github-comment is false'
      : !hasGitHub
        ? 'no github-token'
        : pr === undefined
          ? 'no pull request (set the pr input)'
          : true,
    'incident-issue':
      input['incident-issue'] === 'none'
        ? 'incident-issue is none'
        : !hasGitHub
          ? 'no github-token'
          : true,
    summary: input.summary ? true : 'summary is false',
    statuspage:
      input['statuspage-api-key'] && input['statuspage-page-id']
        ? true
        : 'no statuspage-api-key and statuspage-page-id',
    pagerduty: input['pagerduty-routing-key'] ? true : 'no pagerduty-routing-key',
    email:
      input['smtp-url'] && input['email-from'] && input['email-to'].length
        ? true
        : 'no smtp-url, email-from and email-to',
  };
}
