// Sends to the chat services and the webhook: each channel retried with backoff and a time
// limit per attempt (src/shared/http-post.ts), each result said in words that never contain
// a URL or a token.
import {
  postWithRetry,
  statusJudge,
  type Judge,
  type PostResult,
  type RetryPolicy,
} from './http-post.ts';
import type { ChannelResult } from './result.ts';
import type { SlackMessage } from './render-slack.ts';
import type { TeamsEnvelope } from './render-teams.ts';
import type { WebhookRequest } from './render-webhook.ts';

export type Post = typeof postWithRetry;

function outcome(channel: string, r: PostResult, sentAs: string): ChannelResult {
  const attempts = r.attempts.length;
  const tries = attempts === 1 ? '' : ` (after ${attempts} attempts)`;
  if (r.ok) return { channel, result: 'sent', detail: `${sentAs}${tries}`, attempts };
  return {
    channel,
    result: 'failed',
    detail: `${r.error ?? 'failed'}${attempts > 1 ? `, ${attempts} attempts` : ''}`,
    attempts,
  };
}

// Slack's incoming webhooks answer `ok` with 200, and errors as text with 4xx: the status says it.
export async function sendSlackWebhook(
  url: string,
  message: SlackMessage,
  policy: RetryPolicy,
  post: Post = postWithRetry,
): Promise<ChannelResult> {
  const r = await post({ url, body: JSON.stringify(message) }, statusJudge, policy);
  return outcome('slack', r, 'posted through the incoming webhook');
}

// The Workflows webhook answers 202. The retired Office 365 connectors answered 200 with an
// error in the text; a body that says so is a failure, not a success.
const teamsJudge: Judge = (res) => {
  const v = statusJudge(res);
  if (v.ok && /\b(error|failed|throttled)\b/i.test(res.body))
    return {
      ok: false,
      reason: `HTTP ${res.status} but the answer reports an error`,
      retry: false,
    };
  return v;
};

export async function sendTeams(
  url: string,
  envelope: TeamsEnvelope,
  policy: RetryPolicy,
  post: Post = postWithRetry,
): Promise<ChannelResult> {
  const r = await post({ url, body: JSON.stringify(envelope) }, teamsJudge, policy);
  return outcome('teams', r, 'Adaptive Card posted to the Workflows webhook');
}

export async function sendWebhook(
  url: string,
  request: WebhookRequest,
  policy: RetryPolicy,
  post: Post = postWithRetry,
): Promise<ChannelResult> {
  const r = await post({ url, body: request.body, headers: request.headers }, statusJudge, policy);
  const signed = request.headers['x-hotfix-signature'] ? 'signed' : 'UNSIGNED (no webhook-secret)';
  return outcome('webhook', r, `JSON posted, ${signed}`);
}

// Slack's Web API answers 200 with {"ok": false, "error": ...} on errors. A few errors are
// passing trouble on Slack's side and worth another try; the rest (invalid_auth,
// channel_not_found, not_in_channel) will not change by trying again.
const TRANSIENT_SLACK_ERRORS = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

export const slackApiJudge: Judge = (res) => {
  const v = statusJudge(res);
  if (!v.ok) return v;
  let data: { ok?: unknown; error?: unknown; needed?: unknown };
  try {
    data = JSON.parse(res.body) as typeof data;
  } catch {
    return { ok: false, reason: `HTTP ${res.status} with an answer that is not JSON`, retry: true };
  }
  if (data.ok === true) return { ok: true };
  const error = typeof data.error === 'string' ? data.error : 'unknown_error';
  const needed = typeof data.needed === 'string' ? ` (needed: ${data.needed.slice(0, 80)})` : '';
  return {
    ok: false,
    reason: `Slack said ${error}${needed}${slackHint(error)}`,
    retry: TRANSIENT_SLACK_ERRORS.has(error),
  };
};

function slackHint(error: string): string {
  const hints: Record<string, string> = {
    not_in_channel: ': invite the app to the channel (/invite @app)',
    channel_not_found: ': use the channel ID (C0123ABCDEF), and invite the app to private channels',
    invalid_auth: ': check slack-bot-token',
    not_authed: ': check slack-bot-token',
    cant_update_message: ': only messages this bot posted can be updated',
    message_not_found: ': slack-thread-ts does not name a message in this channel',
    invalid_blocks: ': a block was refused (please report this as a bug)',
    msg_blocks_too_long: ': the message was too long for Slack (please report this as a bug)',
    missing_scope:
      ': the bot token needs chat:write, and channels:history (groups:history in a private channel) to update the first message',
  };
  return hints[error] ?? '';
}

export interface SlackApiTarget {
  apiUrl: string;
  token: string;
  channel: string;
  threadTs?: string;
}

export interface SlackApiResult extends ChannelResult {
  /** The ts of the incident's first message: posted now, or the thread given. */
  ts?: string;
}

/** The first message's blocks with this event's status line, or undefined when it has none. */
export type Restatus = (blocks: readonly unknown[]) => unknown[] | undefined;

/**
 * chat.postMessage; with a thread, a reply in it (`thread_ts`), and then the thread's first
 * message brought up to date: read back (conversations.history), its status line swapped for
 * this event's, the rest kept as it was posted (chat.update replaces a message whole).
 */
export async function sendSlackApi(
  target: SlackApiTarget,
  full: SlackMessage,
  reply: SlackMessage,
  restatus: Restatus,
  policy: RetryPolicy,
  post: Post = postWithRetry,
): Promise<SlackApiResult> {
  const base = target.apiUrl.replace(/\/+$/, '');
  const auth = { authorization: `Bearer ${target.token}` };
  const call = (method: string, body: Record<string, unknown>) =>
    post(
      { url: `${base}/${method}`, body: JSON.stringify(body), headers: auth },
      slackApiJudge,
      policy,
    );
  const common = { unfurl_links: false, unfurl_media: false };

  if (!target.threadTs) {
    const r = await call('chat.postMessage', { channel: target.channel, ...full, ...common });
    const result = outcome('slack', r, 'posted with chat.postMessage');
    const ts = r.ok ? answer(r).ts : undefined;
    return { ...result, ...(typeof ts === 'string' ? { ts } : {}) };
  }
  const r = await call('chat.postMessage', {
    channel: target.channel,
    thread_ts: target.threadTs,
    ...reply,
    ...common,
  });
  if (!r.ok) return { ...outcome('slack', r, ''), ts: target.threadTs };
  // The channel's ID: chat.update and conversations.history need it, and the reply's answer
  // carries it even when the input named the channel.
  const id = answer(r).channel;
  const channel = typeof id === 'string' ? id : target.channel;
  const sent = outcome('slack', r, 'replied in the thread');
  const updated = await updateFirst(
    { ...target, channel, threadTs: target.threadTs },
    restatus,
    policy,
    post,
  );
  return 'done' in updated
    ? { ...sent, detail: `${sent.detail}, ${updated.done}`, ts: target.threadTs }
    : {
        ...sent,
        detail: `${sent.detail}; the first message's status was NOT updated: ${updated.failed}`,
        warning: `slack: replied in the thread, but updating its first message's status failed: ${updated.failed}`,
        ts: target.threadTs,
      };
}

/** Reads the thread's first message, swaps its status line, writes it back. */
async function updateFirst(
  target: SlackApiTarget & { threadTs: string },
  restatus: Restatus,
  policy: RetryPolicy,
  post: Post,
): Promise<{ done: string } | { failed: string }> {
  const base = target.apiUrl.replace(/\/+$/, '');
  const auth = { authorization: `Bearer ${target.token}` };
  const ts = target.threadTs;
  // A read method: Slack takes its arguments as a form, not as JSON.
  const form = new URLSearchParams({
    channel: target.channel,
    latest: ts,
    inclusive: 'true',
    limit: '1',
  });
  const h = await post(
    {
      url: `${base}/conversations.history`,
      body: form.toString(),
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
    },
    slackApiJudge,
    policy,
  );
  if (!h.ok) return { failed: h.error ?? 'reading it failed' };
  const messages = answer(h).messages;
  const first = Array.isArray(messages)
    ? (messages as { ts?: unknown; text?: unknown; blocks?: unknown }[]).find((x) => x.ts === ts)
    : undefined;
  if (!first) return { failed: 'Slack did not return it (conversations.history)' };
  const blocks = restatus(Array.isArray(first.blocks) ? first.blocks : []);
  if (!blocks) return { done: 'the first message has no status line to update (kept as it is)' };
  const u = await post(
    {
      url: `${base}/chat.update`,
      body: JSON.stringify({
        channel: target.channel,
        ts,
        ...(typeof first.text === 'string' ? { text: first.text } : {}),
        blocks,
      }),
      headers: auth,
    },
    slackApiJudge,
    policy,
  );
  return u.ok ? { done: "first message's status updated" } : { failed: u.error ?? 'failed' };
}

function answer(r: PostResult): Record<string, unknown> {
  try {
    return JSON.parse(r.response?.body ?? '{}') as Record<string, unknown>;
  } catch {
    return {};
  }
}
