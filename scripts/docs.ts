// Rewrites the generated input/output tables in every action's README.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionFiles, readText, withTables } from './action-docs.ts';

for (const yml of actionFiles()) {
  const readme = join(yml, '..', 'README.md');
  const before = existsSync(readme) ? readText(readme) : '';
  const after = withTables(before, readText(yml));
  if (after !== before) {
    writeFileSync(readme, after);
    console.log(`updated ${readme}`);
  }
}
