// npm run release, in a temporary clone of this repository whose origin is a local bare
// repository named like a fork (octo-org/hotfix-actions): the tags, the CHANGELOG entry, no
// placeholder owner left, every internal `uses:` pinned to the build commit whose dist/ is the
// release's, and a lower version refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE24, ROOT } from '../harness/run-action.ts';
import { ownerOf, pin } from '../../scripts/release.ts';

const work = mkdtempSync(join(tmpdir(), 'release-test-'));
const origin = join(work, 'octo-org', 'hotfix-actions.git');
const clone = join(work, 'clone');
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 }).trim();

function release(...args: string[]) {
  // The script of this work tree, run in the clone: what is tested is what is being changed.
  return spawnSync(NODE24, [join(ROOT, 'scripts', 'release.ts'), ...args], {
    cwd: clone,
    encoding: 'utf8',
  });
}

beforeAll(() => {
  mkdirSync(join(work, 'octo-org'));
  git(work, 'init', '-q', '--bare', origin);
  git(work, 'clone', '-q', '--no-local', ROOT, clone);
  git(clone, 'remote', 'set-url', 'origin', origin);
  git(clone, 'config', 'user.name', 'Release Bot');
  git(clone, 'config', 'user.email', 'release@example.com');
  // The scripts need the dependencies; the link is not part of the work tree.
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
  appendFileSync(join(clone, '.git', 'info', 'exclude'), 'node_modules\n');
  git(clone, 'push', '-q', 'origin', 'HEAD:refs/heads/main');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm run release', () => {
  it('without --push: commits and tags locally, prints what it would push, pushes nothing', () => {
    const r = release('v0.1.0');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('not pushed (no --push)');
    expect(r.stdout).toContain('git push --force origin refs/tags/v0');
    expect(git(clone, 'tag', '--list')).toContain('v0.1.0');
    expect(git(origin, 'tag', '--list')).toBe('');
    expect(git(clone, 'status', '--porcelain')).toBe('');
  });

  it('with --push: build and release commits, tags vX.Y.Z and vX, every internal uses: pinned to the build commit', () => {
    appendFileSync(join(clone, 'CONTRIBUTING.md'), '\nA line for the changelog.\n');
    git(clone, 'commit', '-qam', 'docs: a line for the changelog');
    const r = release('v1.0.0', '--push');
    expect(r.status, r.stderr).toBe(0);
    const tag = git(origin, 'rev-parse', 'v1.0.0^{commit}');
    expect(git(origin, 'rev-parse', 'v1^{commit}')).toBe(tag);
    expect(git(origin, 'rev-parse', 'refs/heads/release/v1.0.0')).toBe(tag);
    const build = git(origin, 'rev-parse', `${tag}^`);
    // dist/ of the pinned commit is the release's, byte for byte.
    expect(git(origin, 'diff', '--stat', build, tag, '--', 'dist')).toBe('');

    const files = git(origin, 'ls-tree', '-r', '--name-only', tag)
      .split('\n')
      .filter((f) =>
        /^(deploy\/|\.github\/workflows\/|examples\/|actions\/|docs\/|README\.md)/.test(f),
      )
      .filter((f) => /\.(ya?ml|md)$/.test(f));
    let pins = 0;
    for (const f of files) {
      const text = git(origin, 'show', `${tag}:${f}`);
      expect(text, f).not.toContain('acme/hotfix-actions');
      if (!/\.ya?ml$/.test(f)) continue;
      for (const m of text.matchAll(/uses:\s*(\S*hotfix-actions\S*)/g)) {
        expect(m[1], f).toMatch(new RegExp(`^octo-org/hotfix-actions/.+@${build}$`));
        pins++;
      }
    }
    expect(pins).toBeGreaterThan(10);

    const changelog = git(origin, 'show', `${tag}:CHANGELOG.md`);
    expect(changelog).toMatch(/^# Changelog/);
    expect(changelog).toMatch(
      /## v1\.0\.0 \(\d{4}-\d\d-\d\d\)\n\n- docs: a line for the changelog\n/,
    );
    expect(changelog).toContain('## v0.1.0'); // the earlier entry kept below
    expect(JSON.parse(git(origin, 'show', `${tag}:package.json`)).version).toBe('1.0.0');
  });

  it('refuses a version not greater than the last, and a release moves the major tag', () => {
    const lower = release('v0.9.0', '--push');
    expect(lower.status).toBe(1);
    expect(lower.stderr).toContain('v0.9.0 is not greater than the last release, v1.0.0');
    expect(release('v1.0.0').status).toBe(1);
    expect(release('1.2').stderr).toContain('"1.2" is not a version like v1.4.0');

    const next = release('v1.1.0', '--push');
    expect(next.status, next.stderr).toBe(0);
    expect(git(origin, 'rev-parse', 'v1^{commit}')).toBe(
      git(origin, 'rev-parse', 'v1.1.0^{commit}'),
    );
    expect(git(origin, 'show', 'v1.1.0:CHANGELOG.md')).toMatch(
      /## v1\.1\.0 [^\n]*\n\n- No commits since v1\.0\.0\.\n[\s\S]*## v1\.0\.0/,
    );
  });

  it('refuses a dirty work tree', () => {
    appendFileSync(join(clone, 'README.md'), '\nlocal edit\n');
    const r = release('v2.0.0');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('the work tree is not clean');
    git(clone, 'checkout', '--', 'README.md');
  });
});

describe('release helpers', () => {
  it('reads the owner from the remote URL forms GitHub gives', () => {
    expect(ownerOf('https://github.com/octo-org/hotfix-actions.git')).toBe('octo-org');
    expect(ownerOf('git@github.com:octo-org/hotfix-actions.git')).toBe('octo-org');
    expect(ownerOf('/srv/git/octo-org/hotfix-actions.git')).toBe('octo-org');
  });

  it('pins uses: lines to the sha and names the owner and release tag elsewhere', () => {
    const sha = 'a'.repeat(40);
    expect(pin('      - uses: acme/hotfix-actions/actions/notify@v1', 'octo', sha, 'v1.2.0')).toBe(
      `      - uses: octo/hotfix-actions/actions/notify@${sha} # v1.2.0`,
    );
    expect(pin('see `acme/hotfix-actions/deploy@v1`', 'octo', sha, 'v1.2.0')).toBe(
      'see `octo/hotfix-actions/deploy@v1.2.0`',
    );
    expect(pin('uses: actions/checkout@v4', 'octo', sha, 'v1.2.0')).toBe(
      'uses: actions/checkout@v4',
    );
  });
});
