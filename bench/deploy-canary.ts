// Canary abort latency: how long after the error rate crosses the threshold the abort
// command starts, at interval 1s. Ten canary deploys (steps 10%, 100%) against the fake
// GitHub and a Prometheus query API on 127.0.0.1 that answers a healthy error rate, then,
// at a moment this bench records, one over the threshold. The abort command writes the time
// it started. The bound is one interval (the next measurement) + one probe timeout + the
// time to start bash.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub } from '../test/harness/fake-github/server.ts';
import { startAction } from '../test/harness/run-action.ts';
import { median } from './lib/common.ts';

const RUNS = 10;
const INTERVAL_MS = 1_000;
const PROBE_TIMEOUT_MS = 1_000;
const BOUND_MS = INTERVAL_MS + PROBE_TIMEOUT_MS + 500;

const fake = new FakeGitHub();
await fake.start();
const dir = mkdtempSync(join(tmpdir(), 'bench-canary-'));
const toAbort: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const repo = fake.state.addRepo(`acme/bench-canary-${i}`);
    let crossed = false;
    let queries = 0;
    const api = createServer((_req, res) => {
      queries++;
      const value = crossed ? '0.2' : '0.001';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          status: 'success',
          data: {
            resultType: 'vector',
            result: [{ metric: {}, value: [Date.now() / 1000, value] }],
          },
        }),
      );
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    const stamp = join(dir, `abort-${i}`);
    const running = startAction('deploy-with-healthcheck', {
      repository: `acme/${repo.name}`,
      apiUrl: fake.url,
      token: fake.token,
      inputs: {
        environment: 'production',
        strategy: 'canary',
        steps: '10%, 100%',
        command: 'true',
        'abort-command': `node -e "require('fs').writeFileSync('${stamp}', String(Date.now()))"`,
        'prometheus-url': url,
        'prometheus-queries': 'error-rate: sum(rate(http_requests_total{code=~"5.."}[1m])) < 0.01',
        interval: '1s',
        'probe-timeout': '1s',
        duration: '2m',
      },
      timeoutMs: 150_000,
    });
    while (queries < 2) await new Promise((r) => setTimeout(r, 10));
    crossed = true;
    const crossedAt = Date.now();
    const res = await running.result;
    api.close();
    if (res.outputs['failed-step'] !== '1' || res.outputs.aborted !== 'true')
      throw new Error(`run ${i + 1}: failed-step ${res.outputs['failed-step']}\n${res.stdout}`);
    // The stamp is taken by node inside bash: it includes starting both.
    toAbort.push(Number(readFileSync(stamp, 'utf8')) - crossedAt);
    console.log(
      `run ${String(i + 1).padStart(2)}: abort command running ${toAbort.at(-1)} ms after the error rate crossed the threshold`,
    );
  }
} finally {
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
}

console.log(
  `\nCanary abort latency at interval 1s, probe-timeout 1s (bound ${BOUND_MS} ms, node's start-up included):`,
);
console.log(`  median ${median(toAbort)} ms, max ${Math.max(...toAbort)} ms`);
const within = Math.max(...toAbort) <= BOUND_MS;
console.log(within ? '  within the bound' : `  OVER the bound of ${BOUND_MS} ms`);
process.exitCode = within ? 0 : 1;
