// notify's second step: the one message to every channel routing chose (chat, the webhook,
// the status page, the pager, email), all at once; then the sticky PR comment, which keeps
// what they did for the next run (the status page incident, what was paged and emailed). A
// channel that fails is a result, never an exception: the others still go out.
import { randomUUID } from 'node:crypto';
import type { Channel } from '../shared/policy/schema.ts';
import type { CommentPort } from '../shared/github/sticky-comment.ts';
import { DEFAULT_RETRY, type RetryPolicy } from './http-post.ts';
import type { NotifyInputs } from './inputs.ts';
import type { NotifyMessage } from './message.ts';
import { commentMarkdown } from './render-markdown.ts';
import { renderSlack, renderSlackReply, withStatus } from './render-slack.ts';
import { renderTeams } from './render-teams.ts';
import { renderWebhook } from './render-webhook.ts';
import { commentOnPull } from './records.ts';
import { sendSlackApi, sendSlackWebhook, sendTeams, sendWebhook, type Post } from './send-http.ts';
import type { ChannelResult } from './result.ts';
import type { Policy } from '../shared/policy/schema.ts';
import { syncStatuspage } from './statuspage.ts';
import { sendPagerDuty } from './pagerduty.ts';
import { composeEmail, sendEmail, type SendMail } from './email.ts';
import { smtpSender } from './smtp.ts';
import type { DeliveryState } from './state.ts';

/** What the incident channels need beyond the message. */
export interface IncidentContext {
  /** The incident's id (incident-id, ticket, PR or title): the status page keeps it. */
  incidentKey: string;
  /** The PagerDuty dedup_key of this incident. */
  dedupKey: string;
  /** What earlier runs recorded. */
  state: DeliveryState;
  /** The policy's customer-facing wording. */
  wording: Policy['statuspage'];
  /** The SMTP sender; nodemailer over smtp-url by default. */
  sendMail?: SendMail;
}

export interface SendRequest {
  input: NotifyInputs;
  message: NotifyMessage;
  /** Whether routing chose the channel. */
  use: (channel: Channel) => boolean;
  /** Absent without a token. */
  pullComments?: CommentPort;
  /** The PR to comment on, when there is one. */
  pr?: number;
  /** The HTTP sender; the real one by default. */
  post?: Post;
  incident: IncidentContext;
}

export interface Sent {
  results: (ChannelResult & { ts?: string })[];
  /** The Slack thread later steps should reply in. */
  slackTs?: string;
  /** The state to record: the earlier one with what this run did. */
  state: DeliveryState;
  warnings: string[];
}

export async function sendChannels(r: SendRequest): Promise<Sent> {
  const { input, message, post } = r;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, retries: input.retries, timeoutMs: input.timeout };
  const warnings: string[] = [];
  const sends: Promise<ChannelResult & { ts?: string }>[] = [];
  if (r.use('slack')) {
    const slack = slackSend(r, retry);
    if (slack) sends.push(slack);
    if (input['slack-bot-token'] && input['slack-webhook-url'])
      warnings.push(
        'slack-webhook-url is not used: slack-bot-token posts instead (it can thread and update)',
      );
  }
  if (r.use('teams') && input['teams-webhook-url'])
    sends.push(sendTeams(input['teams-webhook-url'], renderTeams(message), retry, post));
  if (r.use('webhook') && input['webhook-url']) {
    const delivery = randomUUID();
    sends.push(
      sendWebhook(
        input['webhook-url'],
        renderWebhook(message, delivery, input['webhook-secret']),
        retry,
        post,
      ),
    );
  }
  const incident = incidentSends(r, retry);
  const results = await Promise.all([...sends, ...incident.sends]);
  const state = incident.state(results);
  // The PR comment last: it records the state for the next run.
  if (r.use('github-comment') && r.pullComments && r.pr !== undefined)
    results.push(await commentOnPull(r.pullComments, r.pr, commentMarkdown(message, state)));
  // Without a post this run (slack not routed, or failed), the thread given still names the
  // incident's first message: pass it on so later steps keep threading.
  const slackTs = results.find((s) => s.ts)?.ts ?? (input['slack-thread-ts'] || undefined);
  return { results, ...(slackTs ? { slackTs } : {}), state, warnings };
}

type Done = ChannelResult & { ts?: string; sent?: string; incidentId?: string; paged?: string };

/** The status page, the pager and email; and the state they leave for the next run. */
function incidentSends(
  r: SendRequest,
  retry: RetryPolicy,
): { sends: Promise<Done>[]; state: (results: Done[]) => DeliveryState } {
  const { input, message, post, incident } = r;
  const sends: Promise<Done>[] = [];
  if (r.use('statuspage'))
    sends.push(
      syncStatuspage({
        target: {
          apiUrl: input['statuspage-api-url'],
          apiKey: input['statuspage-api-key'],
          pageId: input['statuspage-page-id'],
          components: input['statuspage-components'],
        },
        event: message.event,
        severity: message.severity,
        wording: incident.wording,
        key: `${message.repository}#${incident.incidentKey}`,
        ...(incident.state.statuspage ? { knownId: incident.state.statuspage } : {}),
        retry,
        ...(post ? { post } : {}),
      }),
    );
  if (r.use('pagerduty'))
    sends.push(
      sendPagerDuty({
        apiUrl: input['pagerduty-api-url'],
        routingKey: input['pagerduty-routing-key'],
        message,
        dedupKey: incident.dedupKey,
        sent: incident.state.sent,
        ...(incident.state.paged ? { paged: incident.state.paged } : {}),
        retry,
        ...(post ? { post } : {}),
      }),
    );
  if (r.use('email'))
    sends.push(
      sendEmail({
        mail: composeEmail(message, {
          from: input['email-from'],
          to: input['email-to'],
          incidentKey: incident.incidentKey,
        }),
        send: incident.sendMail ?? smtpSender(input['smtp-url'], input.timeout),
        sent: incident.state.sent,
        retry,
      }),
    );
  return {
    sends,
    state: (results) => {
      const statuspage = results.find((x) => x.incidentId)?.incidentId ?? incident.state.statuspage;
      const paged = [...(incident.state.paged ?? [])];
      for (const x of results) if (x.paged && !paged.includes(x.paged)) paged.push(x.paged);
      return {
        ...(statuspage ? { statuspage } : {}),
        ...(paged.length ? { paged } : {}),
        sent: [
          ...incident.state.sent,
          ...results.flatMap((x) =>
            x.sent && !incident.state.sent.includes(x.sent) ? [x.sent] : [],
          ),
        ],
      };
    },
  };
}

/** The bot token posts (it can thread and update); else the incoming webhook. */
function slackSend(
  r: SendRequest,
  retry: RetryPolicy,
): Promise<ChannelResult & { ts?: string }> | undefined {
  const { input, message, post } = r;
  if (input['slack-bot-token'])
    return sendSlackApi(
      {
        apiUrl: input['slack-api-url'],
        token: input['slack-bot-token'],
        channel: input['slack-channel'],
        ...(input['slack-thread-ts'] ? { threadTs: input['slack-thread-ts'] } : {}),
      },
      renderSlack(message),
      renderSlackReply(message),
      (blocks) => withStatus(blocks, message),
      retry,
      post,
    );
  if (input['slack-webhook-url'])
    return sendSlackWebhook(input['slack-webhook-url'], renderSlack(message), retry, post);
  return undefined;
}
