// A weighted router on 127.0.0.1, standing in for a load balancer, an ingress or a service
// mesh: each request goes to the stable or the canary service by the weight the deploy
// command sets through the admin endpoint, and a load generator sends steady user traffic
// through it, so a real Prometheus scraping both services sees the error rate users see.
//
//   POST /admin/weight?weight=25   sets the canary's share (0..100); GET reads it
//   GET  /admin/log                every weight change, in order
//   anything else                  forwarded to stable or canary (deterministic by weight)
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WeightedProxy {
  url: string;
  /** What the deploy command calls: `curl -fsS -X POST "$URL?weight=$DEPLOY_WEIGHT"`. */
  adminUrl: string;
  weight(): number;
  /** Every weight set, in order. */
  changes: number[];
  /** Requests forwarded to each side. */
  sent: { stable: number; canary: number };
  /** Sends user traffic to `path` every `everyMs` until stopped. */
  load(path?: string, everyMs?: number): () => Promise<void>;
  stop(): Promise<void>;
}

export async function startWeightedProxy(backends: {
  stable: string;
  canary: string;
}): Promise<WeightedProxy> {
  let weight = 0;
  let share = 0;
  const changes: number[] = [];
  const sent = { stable: 0, canary: 0 };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/admin/weight') {
      const w = Number(url.searchParams.get('weight'));
      if (req.method === 'POST') {
        if (!Number.isFinite(w) || w < 0 || w > 100) {
          res.writeHead(400);
          return res.end(`bad weight ${url.searchParams.get('weight')}\n`);
        }
        weight = w;
        changes.push(w);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ weight }));
    }
    if (url.pathname === '/admin/log') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(changes));
    }
    // Deterministic split: the canary's share accumulates; a whole request goes its way.
    share += weight / 100;
    const toCanary = share >= 1 - 1e-9;
    if (toCanary) share -= 1;
    sent[toCanary ? 'canary' : 'stable']++;
    const target = new URL(req.url ?? '/', toCanary ? backends.canary : backends.stable);
    const upstream = request(target, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    adminUrl: `${url}/admin/weight`,
    weight: () => weight,
    changes,
    sent,
    load(path = '/api', everyMs = 10) {
      let running = true;
      const loop = (async () => {
        while (running) {
          try {
            const r = await fetch(`${url}${path}`);
            await r.arrayBuffer();
          } catch {
            // the proxy is stopping
          }
          await new Promise((r) => setTimeout(r, everyMs));
        }
      })();
      return async () => {
        running = false;
        await loop;
      };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
