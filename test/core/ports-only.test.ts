// The core flows reach GitHub only through their ports; octokit (`GitHub`, createGitHub,
// lazyGitHub, @actions/github) belongs to the adapters that main.ts builds, and to main.ts.
// A guard, so the in-process tests in this folder keep working without a network and the
// full client is not passed around again.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../harness/run-action.ts';

/** The adapters: each implements a port (or the client itself) over octokit. */
const ADAPTERS = [
  'src/shared/github/client.ts',
  'src/shared/github/deployments-adapter.ts',
  'src/shared/github/pull-files.ts',
  'src/shared/github/pulls.ts',
  'src/shared/github/sticky-comment.ts',
  'src/shared/github/subject.ts',
  'src/shared/policy/loader.ts',
  'src/auto-rollback/adapters.ts',
  'src/deploy-with-healthcheck/adapters.ts',
  'src/backport/github.ts',
  'src/backport/pulls.ts',
  'src/classify-severity/github-labels.ts',
  'src/hotfix-report/github.ts',
  'src/notify/github.ts',
  'src/validate-hotfix-pr/pull-data.ts',
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function importsOctokit(file: string): boolean {
  const imports = readFileSync(file, 'utf8').match(/^import[\s\S]*?;$/gm) ?? [];
  return imports.some(
    (i) =>
      /@actions\/github'/.test(i) ||
      (/(\.\/|github\/)client\.ts'/.test(i) && /\b(GitHub|createGitHub|lazyGitHub)\b/.test(i)),
  );
}

describe('core flows', () => {
  it('only main.ts and the adapters hold octokit', () => {
    const holders = sources(join(ROOT, 'src'))
      .filter(importsOctokit)
      .map((f) => relative(ROOT, f))
      .filter((f) => !f.endsWith('/main.ts'));
    expect(holders.sort()).toEqual([...ADAPTERS].sort());
  });
});
