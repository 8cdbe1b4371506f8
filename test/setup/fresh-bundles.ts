// vitest global setup: the action tests run the committed bundles (dist/), which is what a
// user gets. A bundle older than its sources would test old code and pass silently, so the
// stale ones are rebuilt first, by name; when that fails, the run stops and names them.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, staleBundles } from '../../scripts/bundle-inputs.ts';
import { NODE24 } from '../harness/run-action.ts';

export default function setup(): void {
  const actions = readdirSync(join(ROOT, 'src')).filter((n) =>
    existsSync(join(ROOT, 'src', n, 'index.ts')),
  );
  const stale = staleBundles(actions);
  if (!stale.length) return;
  console.log(`Bundles older than their sources, rebuilding: ${stale.join(', ')}`);
  const r = spawnSync(NODE24, [join(ROOT, 'scripts', 'build.ts'), ...stale], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const still = r.status === 0 ? staleBundles(stale) : stale;
  if (still.length)
    throw new Error(
      `dist/ is stale for ${still.join(', ')} and the rebuild failed: run npm run build and read its errors`,
    );
}
