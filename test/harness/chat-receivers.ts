// Real HTTP receivers on 127.0.0.1 standing in for Slack (incoming webhook and Web API),
// Teams Workflows webhooks and generic webhooks. They capture every request as it arrived,
// refuse what the real services refuse (Slack's block limits and its undocumented total of
// about 12,000 characters of block text; Teams' 28 KB body counted in bytes and any card the
// official Adaptive Card 1.5 schema rejects; a bad signature), and can be scripted to fail,
// hang or rate-limit, so tests exercise retries and timeouts for real.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { loopbackServer } from './loopback-server.ts';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { cardProblems } from './adaptive-card.ts';

export interface Captured {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The raw body, byte for byte. */
  raw: string;
  /** The body's size in bytes, as a service that limits bytes counts it. */
  bytes: number;
  json: unknown;
  at: number;
}

export interface Scripted {
  status?: number;
  body?: string | object;
  headers?: Record<string, string>;
  /** Never answer (the client's timeout must fire). */
  hang?: boolean;
}

type Handler = (req: Captured) => Scripted;

export class Receiver {
  readonly requests: Captured[] = [];
  private readonly queue = new Map<string, Scripted[]>();
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  private readonly handler: Handler;

  constructor(handler: Handler = () => ({ status: 200, body: 'ok' })) {
    this.handler = handler;
  }

  /** The next answers for requests to `path`, before the handler's. */
  script(path: string, ...answers: Scripted[]): void {
    this.queue.set(path, [...(this.queue.get(path) ?? []), ...answers]);
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  to(path: string): Captured[] {
    return this.requests.filter((r) => r.path === path);
  }

  async start(): Promise<this> {
    this.server = loopbackServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (!this.server) return;
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const received = Buffer.concat(chunks);
    const raw = received.toString('utf8');
    let json: unknown;
    try {
      json = raw ? JSON.parse(raw) : undefined;
    } catch {
      json = undefined;
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const captured: Captured = {
      method: req.method ?? '',
      path,
      headers: req.headers,
      raw,
      bytes: received.length,
      json,
      at: Date.now(),
    };
    this.requests.push(captured);
    const scripted = this.queue.get(path)?.shift();
    const answer = scripted ?? this.handler(captured);
    if (answer.hang) return;
    const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
    res.writeHead(answer.status ?? 200, {
      'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json',
      ...answer.headers,
    });
    res.end(body);
  }
}

/** Slack's undocumented limit on all the text of a message's blocks (bolt-js 2509, 2867). */
export const SLACK_TOTAL_TEXT = 12_000;

interface SlackTextObject {
  type?: string;
  text?: string;
}
interface SlackBlockShape {
  type: string;
  block_id?: string;
  text?: SlackTextObject;
  fields?: SlackTextObject[];
  elements?: SlackTextObject[];
}

/** Characters as Slack counts them: code points, not UTF-16 units. */
const chars = (s: string) => [...s].length;

/** The characters of text all the blocks carry, as Slack adds them up. */
export function slackBlocksText(blocks: unknown[]): number {
  let n = 0;
  for (const b of blocks as SlackBlockShape[]) {
    n += chars(b.text?.text ?? '');
    for (const f of b.fields ?? []) n += chars(f.text ?? '');
    for (const e of b.elements ?? []) n += chars(e.text ?? '');
  }
  return n;
}

/** What Slack refuses with `invalid_blocks`: its documented Block Kit limits. */
export function slackBlockProblems(payload: unknown): string[] {
  const p = payload as { text?: unknown; blocks?: unknown[] };
  const problems: string[] = [];
  if (typeof p.text !== 'string' || !p.text) problems.push('no text fallback');
  const blocks = (p.blocks ?? []) as SlackBlockShape[];
  if (blocks.length > 50) problems.push(`${blocks.length} blocks (max 50)`);
  const ids = blocks.map((b) => b.block_id).filter((id) => id !== undefined);
  if (new Set(ids).size !== ids.length) problems.push('block_id repeated');
  const textType = (t: SlackTextObject | undefined) =>
    t?.type === 'mrkdwn' || t?.type === 'plain_text';
  for (const b of blocks) {
    if (b.block_id !== undefined && (b.block_id.length === 0 || b.block_id.length > 255))
      problems.push('block_id of 1..255 characters');
    if (b.type === 'header' && (b.text?.type !== 'plain_text' || chars(b.text.text ?? '') > 150))
      problems.push('header: plain_text of at most 150 characters');
    if (b.type === 'section') {
      if (!b.text && !b.fields) problems.push('section without text or fields');
      if (b.text && !textType(b.text)) problems.push('section text: mrkdwn or plain_text');
      const n = chars(b.text?.text ?? '');
      if (b.text && (n > 3000 || n === 0))
        problems.push(`section text of ${n} characters (1..3000)`);
      if (b.fields && (b.fields.length > 10 || b.fields.some((f) => chars(f.text ?? '') > 2000)))
        problems.push('section fields: at most 10 of 2000 characters');
    }
    if (b.type === 'context' && (!b.elements || b.elements.length === 0 || b.elements.length > 10))
      problems.push('context: 1..10 elements');
    if (!['header', 'section', 'context', 'divider'].includes(b.type))
      problems.push(`a block of type ${b.type} (not used by notify)`);
  }
  return problems;
}

/** Slack's error for a payload: invalid_blocks, msg_blocks_too_long, or none. */
export function slackError(payload: unknown): string | undefined {
  if (slackBlockProblems(payload).length) return 'invalid_blocks';
  const blocks = (payload as { blocks?: unknown[] }).blocks ?? [];
  if (slackBlocksText(blocks) > SLACK_TOTAL_TEXT) return 'msg_blocks_too_long';
  return undefined;
}

/** A Slack incoming webhook: `ok`, or Slack's 400 with the error for what Slack would refuse. */
export function slackWebhookReceiver(): Receiver {
  return new Receiver((req) => {
    const error = slackError(req.json);
    return error ? { status: 400, body: error } : { status: 200, body: 'ok' };
  });
}

export interface SlackPost {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks: unknown[];
}

/**
 * Slack's Web API, chat.postMessage, chat.update and conversations.history, as it behaves:
 * HTTP 200 with {"ok": false, "error": ...} for errors, channel names resolved to IDs, only
 * messages the bot posted can be updated, and a method the token lacks the scope for is
 * `missing_scope`. A read method takes a form, as on Slack.
 */
export class SlackApi {
  readonly receiver: Receiver;
  readonly messages: SlackPost[] = [];
  private seq = 0;
  readonly token: string;
  /** Channel names the workspace knows, and their IDs. */
  readonly channels: Record<string, string>;
  /** The bot token's scopes. */
  readonly scopes: Set<string>;

  constructor(
    token: string,
    channels: Record<string, string> = { '#incidents': 'C0INCIDENTS' },
    scopes: string[] = ['chat:write', 'channels:history'],
  ) {
    this.token = token;
    this.channels = channels;
    this.scopes = new Set(scopes);
    this.receiver = new Receiver((req) => this.answer(req));
  }

  get url(): string {
    return this.receiver.url('/api');
  }

  private answer(req: Captured): Scripted {
    const fail = (error: string) => ({ status: 200, body: { ok: false, error } });
    if (req.headers.authorization !== `Bearer ${this.token}`) return fail('invalid_auth');
    const form = String(req.headers['content-type']).startsWith(
      'application/x-www-form-urlencoded',
    );
    const p = form
      ? Object.fromEntries(new URLSearchParams(req.raw))
      : (req.json as Record<string, unknown> | undefined);
    if (!p) return fail('invalid_json');
    const ids = new Set(Object.values(this.channels));
    const channel = ids.has(String(p.channel))
      ? String(p.channel)
      : this.channels[String(p.channel)];
    if (req.path === '/api/conversations.history') {
      if (!this.scopes.has('channels:history'))
        return {
          status: 200,
          body: { ok: false, error: 'missing_scope', needed: 'channels:history' },
        };
      if (!channel) return fail('channel_not_found');
      const latest = Number(p.latest ?? Infinity);
      const inclusive = p.inclusive === 'true' || p.inclusive === true;
      const messages = this.messages
        .filter(
          (m) =>
            m.channel === channel && (inclusive ? Number(m.ts) <= latest : Number(m.ts) < latest),
        )
        .sort((a, b) => Number(b.ts) - Number(a.ts))
        .slice(0, Number(p.limit ?? 100))
        .map((m) => ({
          type: 'message',
          ts: m.ts,
          text: m.text,
          blocks: m.blocks,
          ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
        }));
      return { status: 200, body: { ok: true, messages, has_more: false } };
    }
    if (form) return fail('invalid_arguments');
    const error = slackError(p);
    if (error) return fail(error);
    if (req.path === '/api/chat.postMessage') {
      if (!channel) return fail('channel_not_found');
      if (p.thread_ts && !this.messages.some((m) => m.ts === p.thread_ts && m.channel === channel))
        return fail('thread_not_found');
      const ts = `1712345678.${String(++this.seq).padStart(6, '0')}`;
      this.messages.push({
        channel,
        ts,
        ...(p.thread_ts ? { thread_ts: String(p.thread_ts) } : {}),
        text: String(p.text),
        blocks: p.blocks as unknown[],
      });
      return { status: 200, body: { ok: true, channel, ts, message: { text: p.text } } };
    }
    if (req.path === '/api/chat.update') {
      // chat.update wants the ID: a name is channel_not_found, as on Slack.
      if (!ids.has(String(p.channel))) return fail('channel_not_found');
      const m = this.messages.find((x) => x.ts === p.ts && x.channel === p.channel);
      if (!m) return fail('message_not_found');
      m.text = String(p.text);
      m.blocks = p.blocks as unknown[];
      return { status: 200, body: { ok: true, channel: p.channel, ts: p.ts, text: p.text } };
    }
    return fail('unknown_method');
  }
}

/** What Teams accepts in a request body: about 28 KB, counted in bytes. */
export const TEAMS_BODY_BYTES = 28_000;

/**
 * A Teams Workflows webhook: 202 for a message envelope carrying an Adaptive Card the
 * official 1.5 schema accepts; 413 for a body over 28 KB in bytes; 400 otherwise.
 */
export function teamsReceiver(): Receiver {
  return new Receiver((req) => {
    if (req.bytes > TEAMS_BODY_BYTES)
      return { status: 413, body: { error: { code: 'RequestEntityTooLarge' } } };
    const p = req.json as {
      type?: string;
      attachments?: { contentType?: string; content?: unknown }[];
    };
    const card = p?.attachments?.[0];
    const ok =
      p?.type === 'message' &&
      card?.contentType === 'application/vnd.microsoft.card.adaptive' &&
      cardProblems(card.content).length === 0;
    return ok ? { status: 202, body: '' } : { status: 400, body: { error: 'bad card' } };
  });
}

/** A webhook receiver that checks X-Hotfix-Signature the way the README tells users to. */
export function signedWebhookReceiver(secret: string): Receiver {
  return new Receiver((req) =>
    verifySignature(req.raw, String(req.headers['x-hotfix-signature'] ?? ''), secret)
      ? { status: 204, body: '' }
      : { status: 401, body: { error: 'bad signature' } },
  );
}

export function verifySignature(raw: string, header: string, secret: string): boolean {
  const expected = `sha256=${createHmac('sha256', secret).update(raw, 'utf8').digest('hex')}`;
  const a = Buffer.from(expected);
  const b = Buffer.from(header);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** An HTTP proxy that tunnels CONNECT requests to a local receiver and records the targets. */
export class ConnectProxy {
  readonly targets: string[] = [];
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  /** The local port every tunnel ends at. */
  private readonly to: () => number;

  constructor(to: () => number) {
    this.to = to;
  }

  async start(): Promise<this> {
    const { connect } = await import('node:net');
    this.server = loopbackServer((_req, res) => {
      res.writeHead(405);
      res.end();
    });
    this.server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
      this.targets.push(req.url ?? '');
      this.sockets.add(client);
      const upstream = connect(this.to(), '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      client.on('close', () => this.sockets.delete(client));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (!this.server) return;
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
