import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The action tests run dist/: rebuild any bundle older than its sources first.
    globalSetup: ['test/setup/fresh-bundles.ts'],
    // GitHub's workflow parser imports its JSON schema without an import attribute, which
    // Node refuses; inlined, vite loads it.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
    // Harness tests start real processes and servers; give them room on a 2-core machine
    // that other work shares (a test that passes in 3 s idle can take 30 s there). A limit
    // only: a passing run is no slower for it.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Most test time is spent waiting on child processes, servers and timers, not computing:
    // three files at a time on two cores keeps npm test well under three minutes.
    maxWorkers: 3,
  },
});
