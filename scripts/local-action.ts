// npm run local -- <action> <dotenv-file>: runs one action from its TypeScript source with
// GitHub's @github/local-action, which stubs @actions/core and @actions/github the way the
// runner behaves: inputs and GITHUB_* come from the dotenv file (INPUT_<NAME>=value), the
// outputs are shown in a table at the end, and values passed to core.setSecret are masked.
// It runs src/<action>/main.ts's run(), so a breakpoint in src/ is hit (CONTRIBUTING.md).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = join(import.meta.dirname, '..');
const [action, dotenv] = process.argv.slice(2);
if (!action || !dotenv || !existsSync(join(root, 'actions', action, 'action.yml'))) {
  console.error('usage: npm run local -- <action> <dotenv-file>   (e.g. classify-severity .env)');
  process.exit(2);
}
if (!existsSync(dotenv)) {
  console.error(`no such dotenv file: ${dotenv}`);
  process.exit(2);
}
// local-action needs Node 22 or newer: the node24 of devDependencies comes first on PATH.
const bin = join(root, 'node_modules', '.bin');
const r = spawnSync(
  join(bin, 'local-action'),
  ['run', join(root, 'actions', action), `../../src/${action}/main.ts`, resolve(dotenv)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } },
);
process.exitCode = r.status ?? 1;
