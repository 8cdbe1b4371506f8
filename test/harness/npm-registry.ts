// A stand-in for the npm registry's security endpoints on 127.0.0.1, so the real `npm audit`
// runs offline: the bulk advisory endpoint npm 7+ posts the lockfile's packages to, and the
// packuments npm then reads to say which version fixes a finding.
import type { Server } from 'node:http';
import { loopbackServer } from './loopback-server.ts';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface Advisory {
  id: number;
  url: string;
  title: string;
  severity: 'info' | 'low' | 'moderate' | 'high' | 'critical';
  vulnerable_versions: string;
  cwe?: string[];
  cvss?: { score: number; vectorString: string | null };
}

export class FakeNpmRegistry {
  /** Advisories by package name, as the bulk endpoint answers them. */
  readonly advisories = new Map<string, Advisory[]>();
  /** Published versions by package name (the packuments). */
  readonly versions = new Map<string, string[]>();
  /** What npm asked for the bulk endpoint: package name -> versions. */
  readonly audited: Record<string, string[]>[] = [];
  /** Every request as it came: what npm put in the URL and the headers is what it sent. */
  readonly requests: { method: string; url: string; headers: Record<string, unknown> }[] = [];
  url = '';
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = loopbackServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests.push({
          method: req.method ?? '',
          url: req.url ?? '',
          headers: { ...req.headers },
        });
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        const url = new URL(req.url ?? '/', 'http://registry');
        const send = (status: number, json: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(json));
        };
        if (req.method === 'POST' && url.pathname === '/-/npm/v1/security/advisories/bulk') {
          const asked = JSON.parse(body.toString('utf8') || '{}') as Record<string, string[]>;
          this.audited.push(asked);
          const answer = Object.fromEntries(
            Object.keys(asked)
              .filter((name) => this.advisories.has(name))
              .map((name) => [name, this.advisories.get(name)]),
          );
          return send(200, answer);
        }
        const name = decodeURIComponent(url.pathname.slice(1));
        const versions = req.method === 'GET' ? this.versions.get(name) : undefined;
        if (!versions) return send(404, { error: 'Not found' });
        return send(200, {
          name,
          'dist-tags': { latest: versions[versions.length - 1] },
          versions: Object.fromEntries(
            versions.map((v) => [
              v,
              { name, version: v, dist: { tarball: `${this.url}${name}/-/${name}-${v}.tgz` } },
            ]),
          ),
        });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
