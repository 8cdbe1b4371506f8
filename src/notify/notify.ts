// The core of notify: from the facts, the inputs and the policy, decide the channels, build
// the one message, write the GitHub records (post-mortem, incident issue) so their links are
// in the message, then send to every other channel at once. A channel that fails is a
// result, never an exception: the others still go out. The records get only what is left
// of the caller's deadline for GitHub (its client gives up past it): a slow GitHub may
// delay the chat, never hold it.
import { randomUUID } from 'node:crypto';
import type { GitHub } from '../shared/github/client.ts';
import type { RunContext } from '../shared/runner/context.ts';
import type { Channel, Policy } from '../shared/policy/schema.ts';
import { severityLabel } from '../shared/severity/severity.ts';
import { messageOf } from '../shared/runner/errors.ts';

import { DEFAULT_RETRY, type RetryPolicy } from './http-post.ts';
import type { NotifyInputs } from './inputs.ts';
import type { Facts } from './facts.ts';
import { prSections } from './facts.ts';
import { route, type Route } from './routing.ts';
import type { Link, NotifyMessage } from './message.ts';
import { composeMessage } from './compose.ts';
import {
  decidePostmortem,
  dueDate,
  postmortemBody,
  postmortemTitle,
  type PostmortemDecision,
} from './postmortem.ts';
import { incidentBody, incidentTitle, INCIDENT_LABEL, POSTMORTEM_LABEL } from './incident.ts';
import { commentMarkdown } from './render-markdown.ts';
import { renderSlack, renderSlackReply } from './render-slack.ts';
import { renderTeams } from './render-teams.ts';
import { renderWebhook } from './render-webhook.ts';
import { commentOnPull, openPostmortem, syncIncidentIssue } from './records.ts';
import { sendSlackApi, sendSlackWebhook, sendTeams, sendWebhook, type Post } from './send-http.ts';
import type { ChannelResult } from './result.ts';

export interface Outcome {
  message: NotifyMessage;
  routes: Route[];
  postmortem: PostmortemDecision;
  results: ChannelResult[];
  slackTs?: string;
  incidentIssue?: { number: number; url: string };
  postmortemIssue?: { number: number; url: string; due?: string };
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
  /** For the reads and the records before the chat; bound by githubDeadline. */
  github?: GitHub;
  /** For the PR comment, a channel sent with the chat: not bound by githubDeadline. */
  commentGitHub?: GitHub;
  /** Aborted when the chat stopped waiting for GitHub (the github-timeout input). */
  githubDeadline?: AbortSignal;
  now: Date;
  post?: Post;
}

export async function notify(r: NotifyRequest): Promise<Outcome> {
  const { input, ctx, policy, facts, github } = r;
  const repo = { owner: ctx.owner, repo: ctx.repo };
  const level = policy.levels[facts.severity];
  const incident = facts.incidentIssue;
  const routes = route({
    severity: facts.severity,
    routed: level.notify,
    requested: input.channels,
    configured: configured(input, !!github, facts.pr?.number ?? prOnly(facts)),
    ...(incident && input['incident-issue'] !== 'open' && input['incident-issue'] !== 'none'
      ? { existingIncident: incident.number }
      : {}),
  });
  const use = (c: Channel) => routes.find((x) => x.channel === c)?.use === true;
  const pm = decidePostmortem(input.postmortem, input.event, facts.severity, level);

  const message = composeMessage({ input, ctx, level, facts, now: r.now });
  const timeline = message.timeline;
  const addLink = (l: Link) => {
    if (!message.links.some((x) => x.url === l.url))
      message.links.splice(message.links.length - 1, 0, l);
  };

  const results: ChannelResult[] = [];
  const warnings = [...facts.warnings];
  let postmortemIssue: Outcome['postmortemIssue'];
  let incidentIssue: Outcome['incidentIssue'] = incident
    ? { number: incident.number, url: incident.url }
    : undefined;

  // The records first, one after the other: the post-mortem links the incident issue, the
  // incident issue links the post-mortem, and every message links both.
  if (pm.open) {
    const resolved = timeline.entries.find(
      (e) => e.kind === 'resolved' || e.kind === 'rolled-back',
    );
    const due = dueDate(level, resolved ? new Date(resolved.at) : r.now);
    const dueText = `${due.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    if (!github) {
      results.push({
        channel: 'postmortem-issue',
        result: 'failed',
        detail: 'no github-token to open it with',
      });
    } else {
      const res = await openPostmortem(github, repo, {
        ...(facts.postmortemIssue ? { existing: facts.postmortemIssue } : {}),
        label: POSTMORTEM_LABEL,
        marker: facts.postmortemMarker,
        title: postmortemTitle(message),
        body: postmortemBody({
          message,
          marker: facts.postmortemMarker,
          due,
          dueAfter: level['postmortem-due'],
          ...(incident ? { incidentIssue: { number: incident.number, url: incident.url } } : {}),
          ...(facts.pr
            ? { pr: { number: facts.pr.number, url: facts.pr.url, ...prSections(facts.pr) } }
            : {}),
        }),
        labels: [POSTMORTEM_LABEL, severityLabel(facts.severity)],
        due: dueText,
      });
      results.push(res);
      if (res.issue) {
        postmortemIssue = {
          number: res.issue.number,
          url: res.issue.url,
          ...(res.result === 'sent' ? { due: dueText } : {}),
        };
        addLink({ label: `Post-mortem #${res.issue.number}`, url: res.issue.url });
      }
    }
  } else if (facts.postmortemIssue) {
    postmortemIssue = { number: facts.postmortemIssue.number, url: facts.postmortemIssue.url };
  }

  if (use('incident-issue') && github && input['incident-issue'] !== 'none') {
    const res = await syncIncidentIssue(github, repo, {
      mode: input['incident-issue'],
      ...(incident ? { existing: incident } : {}),
      key: facts.incidentKey,
      label: INCIDENT_LABEL,
      marker: facts.incidentMarker,
      title: incidentTitle(message),
      body: incidentBody(message, facts.incidentMarker, postmortemIssue),
      labels: [INCIDENT_LABEL, severityLabel(facts.severity)],
    });
    results.push(res);
    if (res.issue) {
      incidentIssue = { number: res.issue.number, url: res.issue.url };
      addLink({ label: `Incident issue #${res.issue.number}`, url: res.issue.url });
    }
  }

  // Say once, plainly, why the message may lack parts: each gap has its own warning too.
  if (r.githubDeadline?.aborted)
    warnings.push(
      `GitHub was too slow (${messageOf(r.githubDeadline.reason)}): the chat went out with ` +
        'what was known by then; the timeline and links may be incomplete',
    );

  const policyRetry: RetryPolicy = {
    ...DEFAULT_RETRY,
    retries: input.retries,
    timeoutMs: input.timeout,
  };
  const post = r.post;
  const sends: Promise<ChannelResult & { ts?: string }>[] = [];
  if (use('slack')) {
    if (input['slack-bot-token']) {
      sends.push(
        sendSlackApi(
          {
            apiUrl: input['slack-api-url'],
            token: input['slack-bot-token'],
            channel: input['slack-channel'],
            ...(input['slack-thread-ts'] ? { threadTs: input['slack-thread-ts'] } : {}),
          },
          renderSlack(message),
          renderSlackReply(message),
          policyRetry,
          post,
        ),
      );
      if (input['slack-webhook-url'])
        warnings.push(
          'slack-webhook-url is not used: slack-bot-token posts instead (it can thread and update)',
        );
    } else if (input['slack-webhook-url']) {
      sends.push(
        sendSlackWebhook(input['slack-webhook-url'], renderSlack(message), policyRetry, post),
      );
    }
  }
  if (use('teams') && input['teams-webhook-url'])
    sends.push(sendTeams(input['teams-webhook-url'], renderTeams(message), policyRetry, post));
  if (use('webhook') && input['webhook-url']) {
    const delivery = randomUUID();
    sends.push(
      sendWebhook(
        input['webhook-url'],
        renderWebhook(message, delivery, input['webhook-secret']),
        policyRetry,
        post,
      ),
    );
  }
  const pr = facts.pr?.number ?? prOnly(facts);
  if (use('github-comment') && github && pr !== undefined)
    sends.push(commentOnPull(r.commentGitHub ?? github, repo, pr, commentMarkdown(message)));
  const sent = await Promise.all(sends);
  results.push(...sent);
  // Without a post this run (slack not routed, or failed), the thread given still names the
  // incident's first message: pass it on so later steps keep threading.
  const slackTs = sent.find((s) => s.ts)?.ts ?? (input['slack-thread-ts'] || undefined);

  if (use('summary')) results.push({ channel: 'summary', result: 'sent', detail: 'below' });
  for (const rt of routes) {
    const done = results.find((x) => x.channel === rt.channel);
    if (done) done.why = rt.why;
    else results.push({ channel: rt.channel, result: 'skipped', detail: '', why: rt.why });
  }
  const pmResult = results.find((x) => x.channel === 'postmortem-issue');
  if (pmResult) pmResult.why = pm.why;
  else
    results.push({
      channel: 'postmortem-issue',
      result: 'skipped',
      detail: postmortemIssue ? `#${postmortemIssue.number} is open` : '',
      why: pm.why,
    });

  return {
    message,
    routes,
    postmortem: pm,
    results,
    ...(slackTs ? { slackTs } : {}),
    ...(incidentIssue ? { incidentIssue } : {}),
    ...(postmortemIssue ? { postmortemIssue } : {}),
    severityReason: facts.severityReason,
    policySource: r.policySource,
    warnings,
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
  };
}
