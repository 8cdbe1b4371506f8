// A real Prometheus (Debian package `prometheus`, 2.42) for tests: started on a free loopback
// port with a temporary TSDB, scraping the given targets every second, and ready only when
// every target has been scraped (the first series appear 5-6 s after start: service
// discovery refreshes about every 5 s). Start one per test file: it takes seconds.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { readQueryResult, type Sample } from '../../src/shared/health/prometheus.ts';

/** The binary: PROMETHEUS_BIN, else `prometheus` on PATH (Debian: /usr/bin/prometheus). */
export function prometheusBinary(): string | undefined {
  const given = process.env.PROMETHEUS_BIN;
  if (given) return existsSync(given) ? given : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const file = join(dir, 'prometheus');
    if (dir && existsSync(file)) return file;
  }
  return existsSync('/usr/bin/prometheus') ? '/usr/bin/prometheus' : undefined;
}

/**
 * Why the Prometheus tests cannot run here, or undefined when they can. On CI (CI set) a
 * missing binary is not a reason to skip: the caller must fail instead (.ci/run installs it).
 */
export function prometheusSkipReason(): string | undefined {
  if (prometheusBinary()) return undefined;
  const reason = 'prometheus is not installed (apt-get install prometheus, or set PROMETHEUS_BIN)';
  if (process.env.CI) throw new Error(`CI must run the Prometheus tests, but ${reason}`);
  return reason;
}

export interface RunningPrometheus {
  url: string;
  /** An instant query's samples; throws on an API error. */
  query(promql: string): Promise<Sample[]>;
  /** Polls a query until `accept` holds for its samples. */
  waitFor(promql: string, accept: (s: Sample[]) => boolean, timeoutMs?: number): Promise<Sample[]>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function startPrometheus(opts: {
  /** `host:port` of each service to scrape (TestService.instance). */
  targets: string[];
  scrapeInterval?: string;
  readyTimeoutMs?: number;
}): Promise<RunningPrometheus> {
  const bin = prometheusBinary();
  if (!bin) throw new Error('prometheus is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'prometheus-'));
  const interval = opts.scrapeInterval ?? '1s';
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global:',
      `  scrape_interval: ${interval}`,
      `  scrape_timeout: ${interval}`,
      `  evaluation_interval: ${interval}`,
      'scrape_configs:',
      '  - job_name: service',
      '    static_configs:',
      `      - targets: [${opts.targets.map((t) => `'${t}'`).join(', ')}]`,
      '',
    ].join('\n'),
  );

  let child: ChildProcess | undefined;
  let url = '';
  let log = '';
  // The free port can be taken between our probe and Prometheus binding it: try again.
  for (let attempt = 0; attempt < 3 && !child; attempt++) {
    const port = await freePort();
    const c = spawn(
      bin,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    c.stdout!.on('data', (b: Buffer) => (log += b.toString()));
    c.stderr!.on('data', (b: Buffer) => (log += b.toString()));
    const u = `http://127.0.0.1:${port}`;
    if (await ready(u, c, 20_000)) {
      child = c;
      url = u;
    } else {
      c.kill('SIGKILL');
    }
  }
  if (!child) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`prometheus did not start:\n${log.slice(-2000)}`);
  }
  // Never outlive the test process, even when it dies without running afterAll.
  const proc = child;
  const killOnExit = () => proc.kill('SIGKILL');
  process.once('exit', killOnExit);

  const query = async (promql: string): Promise<Sample[]> => {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const r = readQueryResult(res.status, await res.json());
    if (!r.ok) throw new Error(`${promql}: ${r.error}`);
    return r.samples;
  };
  const waitFor = async (
    promql: string,
    accept: (s: Sample[]) => boolean,
    timeoutMs = 30_000,
  ): Promise<Sample[]> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const samples = await query(promql);
      if (accept(samples)) return samples;
      if (Date.now() > until)
        throw new Error(`${promql} did not reach the expected value: ${JSON.stringify(samples)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    // Ready only when every target has been scraped: `up` is the first series of a target.
    await waitFor(
      'count(up == 1)',
      (s) => (s[0]?.value ?? 0) >= opts.targets.length,
      opts.readyTimeoutMs ?? 30_000,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, query, waitFor, stop };
}

async function ready(url: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    try {
      const res = await fetch(`${url}/-/ready`);
      // Another process may hold the port (then ours exits): the answer must be our server's.
      if (res.ok && (await res.text()).includes('Prometheus')) {
        await new Promise((r) => setTimeout(r, 200));
        return child.exitCode === null && child.signalCode === null;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
