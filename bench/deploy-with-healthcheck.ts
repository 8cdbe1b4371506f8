// Detection latency of deploy-with-healthcheck: how long after production turns unhealthy
// the bundled action reaches its verdict, at interval 1s. Ten deploys against the fake GitHub
// and a real service on 127.0.0.1; after two healthy measurements the service turns 503.
// The promised bound is (failure-limit + 1) intervals + one probe timeout.
import { FakeGitHub } from '../test/harness/fake-github/server.ts';
import { startAction } from '../test/harness/run-action.ts';
import { startServiceProcess } from '../test/harness/service.ts';

const RUNS = 10;
const INTERVAL_MS = 1_000;
const PROBE_TIMEOUT_MS = 1_000;
const FAILURE_LIMIT = 0;
const BOUND_MS = (FAILURE_LIMIT + 1) * INTERVAL_MS + PROBE_TIMEOUT_MS;

const fake = new FakeGitHub();
await fake.start();
const verdict: number[] = [];
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
} finally {
  await fake.stop();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const max = (xs: number[]) => Math.max(...xs);
console.log(
  `\nDetection latency at interval 1s, failure-limit ${FAILURE_LIMIT}, probe-timeout 1s (bound ${BOUND_MS} ms):`,
);
console.log(`  to the verdict:   median ${median(verdict)} ms, max ${max(verdict)} ms`);
console.log(
  `  to the exit:      median ${median(exit)} ms, max ${max(exit)} ms (adds the failure status and summary)`,
);
const within = max(verdict) <= BOUND_MS;
console.log(within ? '  within the bound' : `  OVER the bound of ${BOUND_MS} ms`);
process.exitCode = within ? 0 : 1;
