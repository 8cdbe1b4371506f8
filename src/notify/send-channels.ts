// notify's second step: the one message to every chat channel routing chose, and the sticky
// PR comment, all at once. A channel that fails is a result, never an exception: the others
// still go out.
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
}

export interface Sent {
  results: (ChannelResult & { ts?: string })[];
  /** The Slack thread later steps should reply in. */
  slackTs?: string;
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
  if (r.use('github-comment') && r.pullComments && r.pr !== undefined)
    sends.push(commentOnPull(r.pullComments, r.pr, commentMarkdown(message)));
  const results = await Promise.all(sends);
  // Without a post this run (slack not routed, or failed), the thread given still names the
  // incident's first message: pass it on so later steps keep threading.
  const slackTs = results.find((s) => s.ts)?.ts ?? (input['slack-thread-ts'] || undefined);
  return { results, ...(slackTs ? { slackTs } : {}), warnings };
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
