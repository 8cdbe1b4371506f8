// runner: auto — which test runner a project uses, from the files that configure it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunnerName } from './runners/types.ts';

export interface Detection {
  runner: RunnerName | undefined;
  /** Every runner found, with the file that gave it away, in order of preference. */
  found: { runner: RunnerName; evidence: string }[];
}

const CONFIG_EXT = ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'];

export function detectRunner(dir: string): Detection {
  const found: Detection['found'] = [];
  const has = (f: string) => existsSync(join(dir, f));
  const read = (f: string) => (has(f) ? readFileSync(join(dir, f), 'utf8') : '');

  let pkg: {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    jest?: unknown;
  } = {};
  try {
    pkg = has('package.json') ? (JSON.parse(read('package.json')) as typeof pkg) : {};
  } catch {
    // A broken package.json is for npm to report; detection just finds no JavaScript runner.
  }
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  const config = (name: string) => CONFIG_EXT.map((e) => `${name}.config.${e}`).find(has);

  const vitestConfig = config('vitest');
  if (vitestConfig) found.push({ runner: 'vitest', evidence: vitestConfig });
  else if (deps.vitest) found.push({ runner: 'vitest', evidence: 'vitest in package.json' });

  const jestConfig = config('jest') ?? (has('jest.config.json') ? 'jest.config.json' : undefined);
  if (jestConfig) found.push({ runner: 'jest', evidence: jestConfig });
  else if (pkg.jest) found.push({ runner: 'jest', evidence: 'the "jest" key of package.json' });
  else if (deps.jest) found.push({ runner: 'jest', evidence: 'jest in package.json' });

  const pytest =
    ['pytest.ini', 'conftest.py'].find(has) ??
    (/^\[tool\.pytest\.ini_options\]/m.test(read('pyproject.toml'))
      ? 'pyproject.toml'
      : undefined) ??
    (/^\[tool:pytest\]/m.test(read('setup.cfg')) ? 'setup.cfg' : undefined) ??
    (/^\[pytest\]/m.test(read('tox.ini')) ? 'tox.ini' : undefined);
  if (pytest) found.push({ runner: 'pytest', evidence: pytest });

  if (has('go.mod')) found.push({ runner: 'go', evidence: 'go.mod' });

  return { runner: found[0]?.runner, found };
}
