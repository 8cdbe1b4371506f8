// The core flows of deploy-with-healthcheck and auto-rollback reach GitHub only through their
// ports; octokit (`GitHub`) belongs to the adapters that main.ts builds. A quick guard, so
// the in-process tests in this folder keep working without a network.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const CORE = [
  'src/deploy-with-healthcheck/deploy.ts',
  'src/deploy-with-healthcheck/version.ts',
  'src/deploy-with-healthcheck/hotfix-pr.ts',
  'src/deploy-with-healthcheck/history.ts',
  'src/auto-rollback/rollback.ts',
  'src/auto-rollback/lookup.ts',
  'src/auto-rollback/revert.ts',
  'src/auto-rollback/decide.ts',
  'src/shared/deploy/deploy-and-verify.ts',
  'src/shared/github/deployments.ts',
];

describe('core flows', () => {
  it.each(CORE)('%s imports no octokit client', (file) => {
    const imports = readFileSync(file, 'utf8').match(/^import[^;]*;/gms) ?? [];
    expect(imports.filter((i) => /\bGitHub\b|createGitHub|@actions\/github/.test(i))).toEqual([]);
  });
});
