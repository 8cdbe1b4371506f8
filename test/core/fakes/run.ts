// What a core flow needs besides its ports, for in-process tests: the run's context, a health
// plan (none, or one local HTTP endpoint that can turn unhealthy) and the log it writes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { vi } from 'vitest';
import type { RunContext } from '../../../src/shared/runner/context.ts';
import type { HealthPlan } from '../../../src/shared/health/settings.ts';
import { parseHealthUrls } from '../../../src/shared/health/checks.ts';

export function runContext(over: Partial<RunContext> = {}): RunContext {
  return {
    eventName: 'push',
    payload: {},
    owner: 'acme',
    repo: 'shop',
    sha: '',
    ref: 'refs/heads/main',
    actor: 'octocat',
    runId: '4242',
    runAttempt: '1',
    serverUrl: 'https://github.com',
    apiUrl: 'https://api.github.com',
    workspace: undefined,
    runUrl: 'https://github.com/acme/shop/actions/runs/4242',
    tempDir: tmpdir(),
    workflowRef: '',
    ...over,
  };
}

const WINDOW = {
  intervalMs: 1_000,
  // One round: the verdict comes from the first measurement.
  durationMs: 0,
  initialDelayMs: 0,
  probeTimeoutMs: 2_000,
  failureLimit: 0,
  consecutiveErrorLimit: 0,
};

/** No health checks: the verdict is Inconclusive, which passes only with `inconclusive: pass`. */
export function noChecks(inconclusive: HealthPlan['inconclusive'] = 'pass'): HealthPlan {
  return { specs: [], window: WINDOW, inconclusive };
}

/** A health endpoint on 127.0.0.1 answering `status` (200 until told otherwise). */
export interface HealthEndpoint {
  plan: HealthPlan;
  status: number;
  close(): Promise<void>;
}

export async function healthEndpoint(): Promise<HealthEndpoint> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(endpoint.status, { 'content-type': 'text/plain' });
    res.end(endpoint.status === 200 ? 'ok' : 'unavailable');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint: HealthEndpoint = {
    plan: {
      specs: parseHealthUrls(`http://127.0.0.1:${port}/health`),
      window: WINDOW,
      inconclusive: 'fail',
    },
    status: 200,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return endpoint;
}

/**
 * The log the flow writes (@actions/core and the command's streamed output go to stdout),
 * kept out of the test report and returned for assertions.
 */
export function captureLog(): { text(): string; restore(): void } {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
    return true;
  });
  return { text: () => chunks.join(''), restore: () => spy.mockRestore() };
}
