// A real HTTP service on 127.0.0.1 standing in for "production": tests (and the local drill)
// switch its health and its error rate, and the health checks see it through real sockets.
//
//   GET  /health    200 {"status":"ok","version":...} or the status set (503 {"status":"down"})
//   GET  /metrics   Prometheus text: http_requests_total{code="200"|"500"}, a counter that
//                   grows at `rps` per second with `errorRate` of it 500s, plus a version gauge
//   GET  /version   the version "deployed"
//   GET  /api       a real request of users: answers 503 for `errorRate` of them (every n-th,
//                   deterministic) and counts into http_requests_total; with rps 0 the
//                   metrics hold real traffic only (test/harness/weighted-proxy.ts sends it)
//   GET  /control   the current settings and request counts per path;
//   POST /control   {"health":503,"errorRate":0.2,"latencyMs":0,"version":"v2"} changes them
//
// Standalone, for the drill or by hand:
//   node test/harness/service.ts [--port 8080]   prints `listening http://127.0.0.1:<port>`
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { loopbackServer } from './loopback-server.ts';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { NODE24 } from './run-action.ts';

export interface ServiceSettings {
  /** Status of GET /health. */
  health: number;
  /** Fraction (0..1) of the simulated traffic that fails with 500. */
  errorRate: number;
  /** Simulated requests per second, counted into http_requests_total. */
  rps: number;
  /** Delay before /health answers (a slow or hanging service). */
  latencyMs: number;
  version: string;
}

export interface Hit {
  path: string;
  at: number;
  status: number;
}

export class TestService {
  readonly settings: ServiceSettings;
  /** Every request, oldest first. */
  readonly hits: Hit[] = [];
  url = '';
  private server: Server | undefined;
  private counts = { ok: 0, error: 0 };
  /** Accumulated error share of /api requests: one 503 each time it reaches 1. */
  private errorDebt = 0;
  private lastTick = Date.now();

  constructor(settings: Partial<ServiceSettings> = {}) {
    this.settings = {
      health: 200,
      errorRate: 0,
      rps: 100,
      latencyMs: 0,
      version: 'v0',
      ...settings,
    };
  }

  /** `host:port`, as Prometheus labels the target's `instance`. */
  get instance(): string {
    return new URL(this.url).host;
  }

  async start(port = 0): Promise<string> {
    this.server = loopbackServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', resolve);
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.lastTick = Date.now();
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  /** Changes the settings; the traffic so far is counted at the old error rate first. */
  set(changes: Partial<ServiceSettings>): void {
    this.tick();
    Object.assign(this.settings, changes);
  }

  healthy(): void {
    this.set({ health: 200, errorRate: 0, latencyMs: 0 });
  }

  /** Requests to a path so far. */
  count(path: string): number {
    return this.hits.filter((h) => h.path === path).length;
  }

  /** Resolves once `path` has been requested `n` times (polls; never sleeps blindly). */
  async waitForHits(path: string, n: number, timeoutMs = 20_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.count(path) < n) {
      if (Date.now() > until) throw new Error(`${path} got ${this.count(path)} of ${n} requests`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Advances the simulated traffic counters to now. */
  private tick(): void {
    const now = Date.now();
    const requests = (this.settings.rps * (now - this.lastTick)) / 1000;
    this.lastTick = now;
    const errors = requests * this.settings.errorRate;
    this.counts.error += errors;
    this.counts.ok += requests - errors;
  }

  private metrics(): string {
    this.tick();
    const n = (x: number) => x.toFixed(3);
    return [
      '# HELP http_requests_total Requests served, by status code.',
      '# TYPE http_requests_total counter',
      `http_requests_total{code="200"} ${n(this.counts.ok)}`,
      `http_requests_total{code="500"} ${n(this.counts.error)}`,
      '# HELP service_version_info The version deployed.',
      '# TYPE service_version_info gauge',
      `service_version_info{version="${this.settings.version.replace(/["\\\n]/g, '_')}"} 1`,
      '',
    ].join('\n');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const reply = (status: number, body: string, type = 'application/json') => {
      this.hits.push({ path, at: Date.now(), status });
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (path === '/health') {
      const { health, latencyMs, version } = this.settings;
      // Unreferenced: a service slower than the test does not hold the process after stop().
      if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs).unref());
      if (res.destroyed) return;
      const ok = health >= 200 && health < 300;
      return reply(health, JSON.stringify({ status: ok ? 'ok' : 'down', version }));
    }
    if (path === '/metrics')
      return reply(200, this.metrics(), 'text/plain; version=0.0.4; charset=utf-8');
    if (path === '/version') return reply(200, JSON.stringify({ version: this.settings.version }));
    if (path === '/api') {
      this.tick();
      this.errorDebt += this.settings.errorRate;
      const fail = this.errorDebt >= 1 - 1e-9;
      if (fail) this.errorDebt -= 1;
      if (fail) this.counts.error++;
      else this.counts.ok++;
      return reply(fail ? 503 : 200, JSON.stringify({ version: this.settings.version }));
    }
    if (path === '/control') {
      if (req.method === 'POST') {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        try {
          this.set(
            JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Partial<ServiceSettings>,
          );
        } catch (err) {
          return reply(400, JSON.stringify({ error: String(err) }));
        }
      }
      const hits: Record<string, number> = {};
      for (const h of this.hits) hits[h.path] = (hits[h.path] ?? 0) + 1;
      return reply(200, JSON.stringify({ ...this.settings, hits }));
    }
    return reply(404, JSON.stringify({ error: 'not found' }));
  }
}

/** Starts a service; stop it in afterAll/afterEach. */
export async function startService(settings: Partial<ServiceSettings> = {}): Promise<TestService> {
  const s = new TestService(settings);
  await s.start();
  return s;
}

/**
 * The service in a process of its own, controlled over HTTP: for tests whose timing must not
 * depend on the test worker's event loop (which runs the fake GitHub and other tests).
 */
export interface ServiceProcess {
  url: string;
  instance: string;
  /** Changes the settings; resolves to the requests per path answered before the change. */
  set(changes: Partial<ServiceSettings>): Promise<Record<string, number>>;
  count(path: string): Promise<number>;
  waitForHits(path: string, n: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startServiceProcess(
  settings: Partial<ServiceSettings> = {},
): Promise<ServiceProcess> {
  const child = spawn(NODE24, [fileURLToPath(import.meta.url)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`the service exited (${code}) before listening`)),
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^listening (http:\/\/\S+)$/.exec(line);
      if (m?.[1]) resolve(m[1]);
    });
  });
  const control = async (body?: Partial<ServiceSettings>) => {
    const res = await fetch(`${url}/control`, {
      method: body ? 'POST' : 'GET',
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return (await res.json()) as ServiceSettings & { hits: Record<string, number> };
  };
  if (Object.keys(settings).length) await control(settings);
  const count = async (path: string) => (await control()).hits[path] ?? 0;
  return {
    url,
    instance: new URL(url).host,
    set: async (changes) => (await control(changes)).hits,
    count,
    waitForHits: async (path, n, timeoutMs = 20_000) => {
      const until = Date.now() + timeoutMs;
      while ((await count(path)) < n) {
        if (Date.now() > until) throw new Error(`${path} got fewer than ${n} requests`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--port');
  const service = new TestService();
  await service.start(i > 0 ? Number(process.argv[i + 1]) : 0);
  console.log(`listening ${service.url}`);
  const stop = () => void service.stop().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
