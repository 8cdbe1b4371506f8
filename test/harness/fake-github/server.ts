// A stateful stand-in for GitHub's REST API on 127.0.0.1: the one part of the world the tests
// cannot run for real. It answers like GitHub (status codes, error bodies, pagination Link
// headers, rate-limit headers) and can inject faults: 5xx, 429, secondary rate limits, slow
// answers. Routes live in routes/*.ts; objects are built from GitHub's published examples.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { loopbackServer } from '../loopback-server.ts';
import type { AddressInfo } from 'node:net';
import { GitHubState } from './state.ts';
import { registerRoutes } from './routes/index.ts';

export interface FakeRequest {
  method: string;
  path: string;
  /** The OpenAPI path template that answered, e.g. /repos/{owner}/{repo}/labels. */
  route?: string;
  query: URLSearchParams;
  body: unknown;
  status: number;
  response: unknown;
  at: number;
}

export interface Fault {
  method?: string;
  /** Matched against the request path (without the query). */
  path: RegExp;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Wait this long before answering (a slow GitHub). */
  delayMs?: number;
  /** Answer only once this settles: a GitHub that answers when the test says so. */
  until?: Promise<unknown>;
  /** Called once the answer is on the socket, to stage what happens next to the client. */
  answered?: () => void;
  /** How many matching requests it affects; Infinity for all. */
  times: number;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  state: GitHubState;
  /** Base URL of this server, for url fields and Link headers. */
  base: string;
  url: URL;
}

export type Handler = (ctx: RouteContext) => Reply | Promise<Reply>;

export class HttpError extends Error {
  readonly status: number;
  readonly extra: Record<string, unknown>;
  constructor(status: number, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.extra = extra;
  }
}

interface Route {
  method: string;
  template: string;
  regex: RegExp;
  keys: string[];
  handler: Handler;
}

export class FakeGitHub {
  readonly token: string;
  /** The login the token belongs to: the author of what the actions create. */
  actor = 'github-actions[bot]';
  readonly state = new GitHubState();
  readonly requests: FakeRequest[] = [];
  private readonly routes: Route[] = [];
  private readonly faults: Fault[] = [];
  private readonly onAnswered = new WeakMap<FakeRequest, () => void>();
  private server: Server | undefined;
  private rateRemaining = 5000;
  url = '';

  /** The API's path on the host: '' like api.github.com, '/api/v3' like GitHub Enterprise Server. */
  private readonly prefix: string;

  constructor(
    token = 'ghs_fakeToken000000000000000000000000001',
    { prefix = '' }: { prefix?: string } = {},
  ) {
    this.token = token;
    this.prefix = prefix;
    registerRoutes(this);
  }

  /** Adds a route; `template` is GitHub's OpenAPI path, e.g. /repos/{owner}/{repo}/labels. */
  route(method: string, template: string, handler: Handler): void {
    // Two handlers for one route: the second would never answer.
    if (this.routes.some((r) => r.method === method && r.template === template)) {
      throw new Error(`fake GitHub: ${method} ${template} is registered twice`);
    }
    const keys: string[] = [];
    const source = template.replace(/[.]/g, '\\.').replace(/\{(\w+)\}/g, (_, k: string) => {
      keys.push(k);
      // {path} of the contents API spans slashes; every other parameter is one segment
      // (octokit encodes a slash inside a label name as %2F).
      return k === 'path' ? '(.+)' : '([^/]+)';
    });
    this.routes.push({ method, template, regex: new RegExp(`^${source}$`), keys, handler });
  }

  /** Makes the next `times` matching requests fail or wait. */
  inject(fault: Omit<Fault, 'times'> & { times?: number }): void {
    this.faults.push({ times: 1, ...fault });
  }

  /** Requests that changed something (not GET). */
  writes(): FakeRequest[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  async start(): Promise<string> {
    this.server = loopbackServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}${this.prefix}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    // Behind a prefix, a path outside it is not the API (a client that dropped /api/v3).
    const outside = !url.pathname.startsWith(`${this.prefix}/`);
    url.pathname = outside ? '/outside-the-api-prefix' : url.pathname.slice(this.prefix.length);
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    let body: unknown = undefined;
    const record: FakeRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      body,
      status: 0,
      response: undefined,
      at: Date.now(),
    };
    this.requests.push(record);
    let reply: Reply;
    try {
      body = raw ? JSON.parse(raw) : {};
      record.body = body;
      reply = await this.dispatch(req, method, url, body as Record<string, unknown>, record);
    } catch (err) {
      reply = errorReply(err);
    }
    record.status = reply.status ?? 200;
    record.response = reply.body;
    this.rateRemaining = Math.max(0, this.rateRemaining - 1);
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(this.rateRemaining),
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-used': String(5000 - this.rateRemaining),
      'x-ratelimit-resource': 'core',
      ...reply.headers,
    };
    res.writeHead(record.status, headers);
    res.end(
      reply.body === undefined || record.status === 204 ? undefined : JSON.stringify(reply.body),
    );
    this.onAnswered.get(record)?.();
  }

  private async dispatch(
    req: IncomingMessage,
    method: string,
    url: URL,
    body: Record<string, unknown>,
    record: FakeRequest,
  ): Promise<Reply> {
    const fault = this.faults.find(
      (f) => f.times > 0 && (!f.method || f.method === method) && f.path.test(url.pathname),
    );
    if (fault) {
      fault.times--;
      if (fault.answered) this.onAnswered.set(record, fault.answered);
      // Unreferenced: a stall longer than the test (a GitHub that hangs) does not hold the
      // test process open after stop() closed its connection.
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs).unref());
      if (fault.until) await fault.until;
      if (fault.status)
        return {
          status: fault.status,
          body: fault.body ?? { message: 'Server Error' },
          ...(fault.headers ? { headers: fault.headers } : {}),
        };
    }
    const auth = req.headers.authorization ?? '';
    if (auth !== `token ${this.token}` && auth !== `Bearer ${this.token}`) {
      throw new HttpError(401, 'Bad credentials');
    }
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.regex.exec(url.pathname);
      if (!m) continue;
      record.route = route.template;
      const params = Object.fromEntries(
        route.keys.map((k, i) => [k, decodeURIComponent(m[i + 1] ?? '')]),
      );
      return await route.handler({
        params,
        query: url.searchParams,
        body,
        state: this.state,
        base: this.url,
        url,
      });
    }
    throw new HttpError(404, 'Not Found');
  }
}

function errorReply(err: unknown): Reply {
  if (err instanceof HttpError) {
    return {
      status: err.status,
      body: {
        message: err.message,
        documentation_url: 'https://docs.github.com/rest',
        status: String(err.status),
        ...err.extra,
      },
    };
  }
  return { status: 500, body: { message: `fake GitHub bug: ${String(err)}` } };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * GitHub's pagination: per_page (max 100) and page, with a Link header. `toJson`, when given,
 * turns only the page's records into GitHub's JSON (a long history is not rendered whole).
 */
export function paginate<T>(
  items: T[],
  ctx: RouteContext,
  toJson: (item: T) => unknown = (item) => item,
): Reply {
  const perPage = Math.min(100, Math.max(1, Number(ctx.query.get('per_page') ?? 30)));
  const page = Math.max(1, Number(ctx.query.get('page') ?? 1));
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number, rel: string) => {
    const u = new URL(ctx.url.toString());
    u.searchParams.set('page', String(p));
    u.searchParams.set('per_page', String(perPage));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  const links = [
    ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
    ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : []),
  ];
  return {
    body: items.slice((page - 1) * perPage, page * perPage).map(toJson),
    ...(links.length ? { headers: { link: links.join(', ') } } : {}),
  };
}
