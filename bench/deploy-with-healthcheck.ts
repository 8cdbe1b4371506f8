// Detection latency of deploy-with-healthcheck: how long after production turns unhealthy
// the bundled action reaches its verdict, at interval 1s. Ten deploys against the fake GitHub
// and a real service on 127.0.0.1; after two healthy measurements the service turns 503.
// The promised bound is (failure-limit + 1) intervals + one probe timeout.
//
// Then "data disappears": ten deploys judged by a Prometheus query API on 127.0.0.1 that
// answers a healthy value, then, as a dead service's metrics do, empty results. The verdict
// (Inconclusive, inconclusive-limit 0) is due at the next measurement: one interval + one
// probe timeout at most.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGitHub } from '../test/harness/fake-github/server.ts';
import { startAction } from '../test/harness/run-action.ts';
import { startServiceProcess } from '../test/harness/service.ts';
import { median } from './lib/common.ts';

const RUNS = 10;
const INTERVAL_MS = 1_000;
const PROBE_TIMEOUT_MS = 1_000;
const FAILURE_LIMIT = 0;
const BOUND_MS = (FAILURE_LIMIT + 1) * INTERVAL_MS + PROBE_TIMEOUT_MS;

const fake = new FakeGitHub();
await fake.start();
const verdict: number[] = [];
const disappeared: number[] = [];
const exit: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const repo = fake.state.addRepo(`acme/bench-${i}`);
    const svc = await startServiceProcess();
    const running = startAction('deploy-with-healthcheck', {
      repository: `acme/${repo.name}`,
      apiUrl: fake.url,
      token: fake.token,
      inputs: {
        environment: 'production',
        command: 'true',
        'health-urls': `${svc.url}/health`,
        interval: '1s',
        'probe-timeout': '1s',
        'failure-limit': String(FAILURE_LIMIT),
        duration: '2m',
      },
      timeoutMs: 150_000,
    });
    await svc.waitForHits('/health', 2, 60_000);
    await svc.set({ health: 503 });
    const brokeAt = Date.now();
    const res = await running.result;
    const exitedAt = Date.now();
    await svc.stop();
    if (res.outputs.verdict !== 'Failed') {
      throw new Error(`run ${i + 1}: verdict ${res.outputs.verdict}\n${res.stdout}`);
    }
    const m = JSON.parse(res.outputs.measurements ?? '{}') as { decidedAt: string };
    verdict.push(Date.parse(m.decidedAt) - brokeAt);
    exit.push(exitedAt - brokeAt);
    console.log(
      `run ${String(i + 1).padStart(2)}: verdict ${verdict.at(-1)} ms after the service turned 503, action exited after ${exit.at(-1)} ms`,
    );
  }

  for (let i = 0; i < RUNS; i++) {
    const repo = fake.state.addRepo(`acme/bench-gone-${i}`);
    let gone = false;
    let queries = 0;
    const api = createServer((_req, res) => {
      queries++;
      const result = gone ? [] : [{ metric: {}, value: [Date.now() / 1000, '0.001'] }];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }));
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    const running = startAction('deploy-with-healthcheck', {
      repository: `acme/${repo.name}`,
      apiUrl: fake.url,
      token: fake.token,
      inputs: {
        environment: 'production',
        command: 'true',
        'prometheus-url': url,
        'prometheus-queries': 'error-rate: sum(rate(http_requests_total{code=~"5.."}[1m])) < 0.01',
        interval: '1s',
        'probe-timeout': '1s',
        duration: '2m',
      },
      timeoutMs: 150_000,
    });
    while (queries < 2) await new Promise((r) => setTimeout(r, 10));
    gone = true;
    const goneAt = Date.now();
    const res = await running.result;
    api.close();
    if (res.outputs.verdict !== 'Inconclusive' || res.outputs.healthy !== 'false') {
      throw new Error(`gone run ${i + 1}: verdict ${res.outputs.verdict}\n${res.stdout}`);
    }
    const m = JSON.parse(res.outputs.measurements ?? '{}') as { decidedAt: string };
    disappeared.push(Date.parse(m.decidedAt) - goneAt);
    console.log(
      `gone ${String(i + 1).padStart(2)}: Inconclusive ${disappeared.at(-1)} ms after the query went empty`,
    );
  }
} finally {
  await fake.stop();
}

const max = (xs: number[]) => Math.max(...xs);
console.log(
  `\nDetection latency at interval 1s, failure-limit ${FAILURE_LIMIT}, probe-timeout 1s (bound ${BOUND_MS} ms):`,
);
console.log(`  to the verdict:   median ${median(verdict)} ms, max ${max(verdict)} ms`);
console.log(
  `  to the exit:      median ${median(exit)} ms, max ${max(exit)} ms (adds the failure status and summary)`,
);
const GONE_BOUND_MS = INTERVAL_MS + PROBE_TIMEOUT_MS;
console.log(
  `\nData disappears (a value, then empty results) at interval 1s (bound ${GONE_BOUND_MS} ms):`,
);
console.log(`  to the verdict:   median ${median(disappeared)} ms, max ${max(disappeared)} ms`);
const within = max(verdict) <= BOUND_MS && max(disappeared) <= GONE_BOUND_MS;
console.log(within ? '  both within their bounds' : '  OVER a bound');
process.exitCode = within ? 0 : 1;
