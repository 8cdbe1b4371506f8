// A service and a Prometheus HTTP API on 127.0.0.1 that answer from a script, one entry per
// request, so a test decides exactly what each measurement sees (the last entry repeats):
//
//   GET /health          200 | 503 | any status, 'drop' (the connection is cut), 'slow'
//                        (no answer for 10 s), or { redirect: '<url>' }
//   GET /api/v1/query    a number (a one-series vector), 'empty' (no series), 'NaN',
//                        or 'error' (Prometheus' own error answer)
//
// The action's probes reach it through real sockets, as they reach production.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type HttpStep = number | 'drop' | 'slow' | { redirect: string };
export type QueryStep = number | 'empty' | 'NaN' | 'error';

export interface ScriptedService {
  url: string;
  /** The Prometheus base URL (the same server). */
  prometheusUrl: string;
  /** Requests answered so far, per path. */
  count(path: '/health' | '/api/v1/query'): number;
  stop(): Promise<void>;
}

export async function startScripted(script: {
  http?: HttpStep[];
  query?: QueryStep[];
}): Promise<ScriptedService> {
  const seen = { '/health': 0, '/api/v1/query': 0 };
  const next = <T>(steps: T[] | undefined, n: number, fallback: T): T =>
    steps?.length ? (steps[Math.min(n, steps.length - 1)] as T) : fallback;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/health') {
      const step = next(script.http, seen['/health']++, 200 as HttpStep);
      if (step === 'drop') return req.socket.destroy();
      if (step === 'slow') return void setTimeout(() => res.destroyed || res.end('late'), 10_000);
      if (typeof step === 'object') {
        res.writeHead(302, { location: step.redirect });
        return res.end();
      }
      res.writeHead(step, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ status: step < 300 ? 'ok' : 'down' }));
    }
    if (path === '/api/v1/query') {
      const step = next(script.query, seen['/api/v1/query']++, 0 as QueryStep);
      const now = Date.now() / 1000;
      const answer =
        step === 'error'
          ? {
              status: 'error',
              errorType: 'execution',
              error: 'query timed out in expression evaluation',
            }
          : {
              status: 'success',
              data: {
                resultType: 'vector',
                result:
                  step === 'empty' ? [] : [{ metric: { job: 'api' }, value: [now, String(step)] }],
              },
            };
      res.writeHead(step === 'error' ? 503 : 200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(answer));
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    prometheusUrl: url,
    count: (path) => seen[path],
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
