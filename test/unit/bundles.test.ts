// The bundles as shipped: each one built from the sources here (the global setup rebuilds
// stale ones), and none carrying @actions/core's OIDC client (with undici, ~1 MB of start-up)
// that no action calls: a computed member of @actions/core (core[name]) would bring it back.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, staleBundles } from '../../scripts/bundle-inputs.ts';

const actions = readdirSync(join(ROOT, 'src')).filter((n) =>
  existsSync(join(ROOT, 'src', n, 'index.ts')),
);

describe('bundles', () => {
  it('every action has a bundle built from these sources', () => {
    expect(actions.length).toBeGreaterThanOrEqual(7);
    expect(staleBundles(actions)).toEqual([]);
  });

  it.each(actions)('%s does not load the OIDC client or undici at start-up', (name) => {
    const main = readFileSync(join(ROOT, 'dist', name, 'index.js'), 'utf8');
    expect(main).toContain('@actions/core');
    expect(main).not.toContain('oidc-utils');
    expect(main).not.toMatch(/ProxyAgent/);
  });
});
