// Bundles every action (src/<name>/main.ts) into dist/<name>/ with ncc. The output is
// committed and must be byte-for-byte reproducible: CI rebuilds and diffs it.
import { spawn } from 'node:child_process';
import { readdirSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const only = process.argv.slice(2);
const actions = readdirSync(join(root, 'src'))
  .filter((name) => existsSync(join(root, 'src', name, 'main.ts')))
  .filter((name) => only.length === 0 || only.includes(name));

function build(name: string): Promise<void> {
  const out = join(root, 'dist', name);
  rmSync(out, { recursive: true, force: true });
  const ncc = join(root, 'node_modules', '.bin', 'ncc');
  const args = [
    'build',
    `src/${name}/main.ts`,
    '-o',
    `dist/${name}`,
    '--license',
    'licenses.txt',
    '-q',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(ncc, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`ncc failed for ${name} (exit ${code})`)),
    );
  });
}

// Two at a time: each ncc run type-checks and uses about one core.
const queue = [...actions];
const started = Date.now();
await Promise.all(
  [0, 1].map(async () => {
    for (let name = queue.shift(); name; name = queue.shift()) {
      const t = Date.now();
      await build(name);
      console.log(`built dist/${name} in ${((Date.now() - t) / 1000).toFixed(1)}s`);
    }
  }),
);
console.log(`${actions.length} actions built in ${((Date.now() - started) / 1000).toFixed(1)}s`);
