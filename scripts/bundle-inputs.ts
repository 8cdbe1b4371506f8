// What a bundle is built from, as one hash: every source file the action's entry reaches
// through relative imports (static or dynamic), plus the build's own inputs. The build writes
// it beside the bundle (dist/<name>/sources.sha256); the test setup compares, so a test never
// runs a bundle older than its sources.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');
export const HASH_FILE = 'sources.sha256';

// A change to these changes every bundle: the dependencies, the compiler settings, the build.
const BUILD_INPUTS = ['package-lock.json', 'tsconfig.json', 'scripts/build.ts'];

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

/** The source files the action's entry reaches, relative to the repository, sorted. */
export function bundleSources(name: string, root = ROOT): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT))
      visit(resolve(dirname(file), m[1]!));
  };
  visit(join(root, 'src', name, 'index.ts'));
  return [...seen].map((f) => relative(root, f)).sort();
}

export function bundleInputsHash(name: string, root = ROOT): string {
  const hash = createHash('sha256');
  for (const file of [...BUILD_INPUTS, ...bundleSources(name, root)]) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The actions whose committed bundle was built from other sources than the ones here. */
export function staleBundles(names: string[], root = ROOT): string[] {
  return names.filter((name) => {
    const file = join(root, 'dist', name, HASH_FILE);
    return !existsSync(file) || readFileSync(file, 'utf8').trim() !== bundleInputsHash(name, root);
  });
}
