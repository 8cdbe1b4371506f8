// "Related" for `runner: command`, where the runner is unknown: the changed files that are
// tests, and the tests named after a changed file by the common conventions
// (pricing.ts -> pricing.test.ts, pricing.spec.js, test_pricing.py, pricing_test.py,
// pricing_test.go), wherever they are in the working directory.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const TEST_NAME = /(\.(test|spec)\.[cm]?[jt]sx?|_test\.(py|go)|^test_.*\.py)$/;
const SKIP_DIRS = new Set(['node_modules', 'vendor', '__pycache__', 'dist', 'coverage']);

export function isTestFile(file: string): boolean {
  return TEST_NAME.test(basename(file));
}

/** The stem people name tests after: pricing for pricing.ts, pricing.test.ts, test_pricing.py. */
export function stemOf(file: string): string {
  const name = basename(file)
    .replace(/\.(test|spec)(?=\.[^.]+$)/, '')
    .replace(/_test(?=\.[^.]+$)/, '')
    .replace(/^test_(?=.*\.py$)/, '');
  return name.replace(/\.[^.]+$/, '');
}

/** Test files related to the changed files by name; `all` lists the working directory's files. */
export function conventionalTests(changed: readonly string[], all: readonly string[]): string[] {
  const out = new Set<string>();
  const stems = new Set<string>();
  for (const f of changed) {
    if (isTestFile(f)) out.add(f);
    else stems.add(stemOf(f));
  }
  for (const f of all) if (isTestFile(f) && stems.has(stemOf(f))) out.add(f);
  return [...out].sort();
}

/** Files under `root`, relative, skipping dependency and hidden directories. */
export function listFiles(root: string, limit = 200_000): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    let entries;
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= limit) return;
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIP_DIRS.has(e.name)) walk(path);
      } else if (e.isFile()) out.push(path);
    }
  };
  walk('');
  return out;
}
