// Real HTTP receivers on 127.0.0.1 standing in for Slack (incoming webhook and Web API),
// Teams Workflows webhooks and generic webhooks. They capture every request as it arrived,
// refuse what the real services refuse (Slack's block limits, a bad signature), and can be
// scripted to fail, hang or rate-limit, so tests exercise retries and timeouts for real.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { loopbackServer } from './loopback-server.ts';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

export interface Captured {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The raw body, byte for byte. */
  raw: string;
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
    const raw = Buffer.concat(chunks).toString('utf8');
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

/** What Slack refuses with `invalid_blocks`: its documented Block Kit limits. */
export function slackBlockProblems(payload: unknown): string[] {
  const p = payload as { text?: unknown; blocks?: unknown[] };
  const problems: string[] = [];
  if (typeof p.text !== 'string' || !p.text) problems.push('no text fallback');
  const blocks = (p.blocks ?? []) as {
    type: string;
    text?: { type: string; text: string };
    fields?: { text: string }[];
    elements?: { text: string }[];
  }[];
  if (blocks.length > 50) problems.push(`${blocks.length} blocks (max 50)`);
  for (const b of blocks) {
    if (b.type === 'header' && (b.text?.type !== 'plain_text' || b.text.text.length > 150))
      problems.push('header: plain_text of at most 150 characters');
    if (b.type === 'section') {
      if (!b.text && !b.fields) problems.push('section without text or fields');
      if (b.text && (b.text.text.length > 3000 || b.text.text.length === 0))
        problems.push(`section text of ${b.text.text.length} characters (1..3000)`);
      if (b.fields && (b.fields.length > 10 || b.fields.some((f) => f.text.length > 2000)))
        problems.push('section fields: at most 10 of 2000 characters');
    }
    if (b.type === 'context' && (!b.elements || b.elements.length > 10))
      problems.push('context: 1..10 elements');
  }
  return problems;
}

/** A Slack incoming webhook: `ok`, or Slack's 400 `invalid_blocks` for what Slack would refuse. */
export function slackWebhookReceiver(): Receiver {
  return new Receiver((req) =>
    slackBlockProblems(req.json).length
      ? { status: 400, body: 'invalid_blocks' }
      : { status: 200, body: 'ok' },
  );
}

export interface SlackPost {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks: unknown[];
}

/**
 * Slack's Web API, chat.postMessage and chat.update, as it behaves: HTTP 200 with
 * {"ok": false, "error": ...} for errors, channel names resolved to IDs, and only messages
 * the bot posted can be updated.
 */
export class SlackApi {
  readonly receiver: Receiver;
  readonly messages: SlackPost[] = [];
  private seq = 0;
  readonly token: string;
  /** Channel names the workspace knows, and their IDs. */
  readonly channels: Record<string, string>;

  constructor(token: string, channels: Record<string, string> = { '#incidents': 'C0INCIDENTS' }) {
    this.token = token;
    this.channels = channels;
    this.receiver = new Receiver((req) => this.answer(req));
  }

  get url(): string {
    return this.receiver.url('/api');
  }

  private answer(req: Captured): Scripted {
    const fail = (error: string) => ({ status: 200, body: { ok: false, error } });
    if (req.headers.authorization !== `Bearer ${this.token}`) return fail('invalid_auth');
    const p = req.json as Record<string, unknown> | undefined;
    if (!p) return fail('invalid_json');
    const ids = new Set(Object.values(this.channels));
    const channel = ids.has(String(p.channel))
      ? String(p.channel)
      : this.channels[String(p.channel)];
    if (slackBlockProblems(p).length) return fail('invalid_blocks');
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

/** A Teams Workflows webhook: 202 for an Adaptive Card message envelope, 400 otherwise. */
export function teamsReceiver(): Receiver {
  return new Receiver((req) => {
    const p = req.json as {
      type?: string;
      attachments?: { contentType?: string; content?: { type?: string; body?: unknown[] } }[];
    };
    const card = p?.attachments?.[0];
    const ok =
      p?.type === 'message' &&
      card?.contentType === 'application/vnd.microsoft.card.adaptive' &&
      card.content?.type === 'AdaptiveCard' &&
      Array.isArray(card.content.body) &&
      req.raw.length < 28_000;
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
