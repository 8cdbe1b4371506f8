// Bundles every action (src/<name>/index.ts, which calls main.ts's run()) into dist/<name>/
// with ncc. The output is committed and must be byte-for-byte reproducible: CI rebuilds and
// diffs it.
import { spawn } from 'node:child_process';
import { readdirSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleInputsHash, HASH_FILE } from './bundle-inputs.ts';

const root = join(import.meta.dirname, '..');
const only = process.argv.slice(2);
const actions = readdirSync(join(root, 'src'))
  .filter((name) => existsSync(join(root, 'src', name, 'index.ts')))
  .filter((name) => only.length === 0 || only.includes(name));

async function build(name: string): Promise<void> {
  const out = join(root, 'dist', name);
  rmSync(out, { recursive: true, force: true });
  const ncc = join(root, 'node_modules', '.bin', 'ncc');
  const args = [
    'build',
    `src/${name}/index.ts`,
    '-o',
    `dist/${name}`,
    '--license',
    'licenses.txt',
    '-q',
  ];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(ncc, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`ncc failed for ${name} (exit ${code})`)),
    );
  });
  writeFileSync(join(out, HASH_FILE), `${bundleInputsHash(name)}\n`);
}

/**
 * Packages whose modules do nothing when imported but define functions and classes, marked
 * so for the bundler (package.json `sideEffects: false`) while it runs. @actions/core imports
 * its OIDC client, and with it @actions/http-client and undici (about 1 MB), for
 * core.getIDToken alone; no action here calls it. Marked, webpack drops what is never used,
 * and every action starts in about half the time. ncc takes no webpack configuration, so
 * the flag goes into the package's own package.json and comes out again after the build.
 */
const SIDE_EFFECT_FREE = ['@actions/core'];

function markSideEffectFree(): () => void {
  const restore: (() => void)[] = [];
  for (const pkg of SIDE_EFFECT_FREE) {
    const file = join(root, 'node_modules', pkg, 'package.json');
    const original = readFileSync(file, 'utf8');
    const json = JSON.parse(original) as { sideEffects?: unknown };
    if (json.sideEffects !== undefined) continue;
    writeFileSync(file, JSON.stringify({ ...json, sideEffects: false }, null, 2));
    restore.push(() => writeFileSync(file, original));
  }
  return () => restore.forEach((r) => r());
}

// Two at a time: each ncc run type-checks and uses about one core.
const queue = [...actions];
const started = Date.now();
const unmark = markSideEffectFree();
try {
  await Promise.all(
    [0, 1].map(async () => {
      for (let name = queue.shift(); name; name = queue.shift()) {
        const t = Date.now();
        await build(name);
        console.log(`built dist/${name} in ${((Date.now() - t) / 1000).toFixed(1)}s`);
      }
    }),
  );
} finally {
  unmark();
}
console.log(`${actions.length} actions built in ${((Date.now() - started) / 1000).toFixed(1)}s`);
