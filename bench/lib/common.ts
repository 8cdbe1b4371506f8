// What the benches share: the median they report, and the peer's bundle they compare with.
import { cpSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// korthout/backport-action: its dist/index.js, a clone or a bare repository of it.
const PEER_SOURCES = [
  process.env.BENCH_PEER_BACKPORT,
  '/work/.mirror/korthout+backport-action/repo',
].filter((p): p is string => !!p);

/**
 * The peer's bundle and action.yml, written into `dir` beside a package.json that makes it
 * ESM, as in its repository; undefined when no source of it is here.
 */
export function peerBundle(dir: string): { main: string; actionYml: string } | undefined {
  for (const source of PEER_SOURCES) {
    if (!existsSync(source)) continue;
    const out = join(dir, 'peer');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'package.json'), '{"type":"module"}');
    const show = (gitDir: string, path: string) =>
      execFileSync('git', ['--git-dir', gitDir, 'show', `HEAD:${path}`], {
        maxBuffer: 64 * 1024 * 1024,
      });
    if (statSync(source).isFile()) {
      cpSync(source, join(out, 'index.js'));
      cpSync(join(source, '..', '..', 'action.yml'), join(out, 'action.yml'));
    } else {
      const gitDir = existsSync(join(source, '.git')) ? join(source, '.git') : source;
      writeFileSync(join(out, 'index.js'), show(gitDir, 'dist/index.js'));
      writeFileSync(join(out, 'action.yml'), show(gitDir, 'action.yml'));
    }
    return { main: join(out, 'index.js'), actionYml: join(out, 'action.yml') };
  }
  return undefined;
}
