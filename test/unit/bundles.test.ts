// The bundles as shipped: each one built from the sources here (the global setup rebuilds
// stale ones), and none carrying @actions/core's OIDC client (with undici, ~1 MB of start-up)
// that no action calls: a computed member of @actions/core (core[name]) would bring it back.
import { describe, expect, it } from 'vitest';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleInputsHash, HASH_FILE, ROOT, staleBundles } from '../../scripts/bundle-inputs.ts';

const actions = readdirSync(join(ROOT, 'src')).filter((n) =>
  existsSync(join(ROOT, 'src', n, 'index.ts')),
);

describe('bundles', () => {
  it('every action has a bundle built from these sources', () => {
    expect(actions.length).toBeGreaterThanOrEqual(7);
    expect(staleBundles(actions)).toEqual([]);
  });

  it('an edit to any file the entry reaches makes its bundle stale, and only its own', () => {
    // A root of its own: an entry importing a shared file, statically and dynamically.
    const root = mkdtempSync(join(tmpdir(), 'bundles-'));
    const write = (file: string, text: string) => {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), text);
    };
    for (const file of ['package-lock.json', 'tsconfig.json', 'scripts/build.ts'])
      write(file, '{}');
    write('src/shared/util.ts', 'export const a = 1;\n');
    write('src/shared/late.ts', 'export const b = 2;\n');
    write('src/x/index.ts', "import { a } from '../shared/util.ts';\nawait import('./main.ts');\n");
    write('src/x/main.ts', "export const m = await import('../shared/late.ts');\n");
    write('src/y/index.ts', 'export {};\n');
    for (const name of ['x', 'y']) write(`dist/${name}/${HASH_FILE}`, bundleInputsHash(name, root));
    expect(staleBundles(['x', 'y'], root)).toEqual([]);
    write('src/shared/late.ts', 'export const b = 3;\n');
    expect(staleBundles(['x', 'y'], root)).toEqual(['x']);
    write(`dist/x/${HASH_FILE}`, bundleInputsHash('x', root));
    write('package-lock.json', '{"lockfileVersion":3}');
    expect(staleBundles(['x', 'y'], root)).toEqual(['x', 'y']);
  });

  it.each(actions)('%s does not load the OIDC client or undici at start-up', (name) => {
    const main = readFileSync(join(ROOT, 'dist', name, 'index.js'), 'utf8');
    expect(main).toContain('@actions/core');
    expect(main).not.toContain('oidc-utils');
    expect(main).not.toMatch(/ProxyAgent/);
  });
});
