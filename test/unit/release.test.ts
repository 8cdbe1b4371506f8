// npm run release, in a temporary clone of this repository whose origin is a local bare
// repository named like a fork (octo-org/hotfix-actions): the tags, the CHANGELOG entry, no
// placeholder owner left, every internal `uses:` pinned to a commit whose own references are
// pinned (followed recursively from the release tag), dist/ the release's in each, and the
// refusals (a lower version, a dirty tree, a stale dist/, a bad owner). Then the pin plan on a
// made-up repository, and the release workflow's token handling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { NODE24, ROOT } from '../harness/run-action.ts';
import { ownerOf, pushCommandsFor } from '../../scripts/release.ts';
import { pin, planPins } from '../../scripts/release-pins.ts';

const work = mkdtempSync(join(tmpdir(), 'release-test-'));
const origin = join(work, 'octo-org', 'hotfix-actions.git');
const clone = join(work, 'clone');
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  }).trim();

// A reference to one of our own actions or workflows, under any owner and ref.
const OURS = /\buses:\s*['"]?([\w.-]+)\/hotfix-actions(?:\/([^\s@'"`]+))?@([^\s'"`#]+)/g;
const SHA = /^[0-9a-f]{40}$/;

/**
 * Follows every `uses:` of our own actions from the files at `tag` (the workflows, the
 * composite, the examples, the docs) to the file GitHub would read at the sha it names, and on
 * from there. Returns what is wrong (a placeholder or floating reference in a reachable file, a
 * ref that is not a sha of this repository, a missing target), the longest chain of references
 * and how many (commit, file) pairs were read.
 */
function followPins(repo: string, tag: string, owner: string) {
  const tagSha = git(repo, 'rev-parse', `${tag}^{commit}`);
  const exists = (spec: string) =>
    spawnSync('git', ['cat-file', '-e', spec], { cwd: repo }).status === 0;
  const problems: string[] = [];
  // The longest chain from each (commit, file) read; the graph has no cycles (shas cannot).
  const longest = new Map<string, string[]>();

  const visit = (sha: string, file: string): string[] => {
    const key = `${sha}:${file}`;
    const known = longest.get(key);
    if (known) return known;
    const at = `${sha.slice(0, 8)}:${file}`;
    longest.set(key, [at]);
    const text = git(repo, 'show', key);
    if (text.includes('acme/hotfix-actions')) problems.push(`${at} names acme/hotfix-actions`);
    // Outside uses: lines, the docs may name the release tag itself; nothing else floats.
    for (const m of text.matchAll(/hotfix-actions[^\s@'"`]*@(v\d[^\s'"`)]*)/g))
      if (!file.endsWith('.md') || m[1] !== tag) problems.push(`${at} floats: ${m[0]}`);
    let deepest: string[] = [];
    for (const m of text.matchAll(OURS)) {
      const [, who, path = '', ref = ''] = m;
      if (who !== owner) problems.push(`${at} uses ${who}/hotfix-actions`);
      // Prose in the docs (`uses: <owner>/hotfix-actions/deploy@vX.Y.Z`) may name the tag.
      if (file.endsWith('.md') && ref === tag) continue;
      if (!SHA.test(ref)) {
        problems.push(`${at} uses ${path}@${ref}, not a sha`);
        continue;
      }
      if (!exists(`${ref}^{commit}`)) {
        problems.push(`${at} uses ${path}@${ref}, which does not exist`);
        continue;
      }
      if (
        spawnSync('git', ['merge-base', '--is-ancestor', ref, tagSha], {
          cwd: repo,
        }).status
      )
        problems.push(`${at} uses ${ref}, not a commit of the release`);
      if (git(repo, 'diff', '--stat', ref, tagSha, '--', 'dist'))
        problems.push(`${at} uses ${ref}, whose dist/ is not the release's`);
      const target = (
        /\.ya?ml$/.test(path)
          ? [path]
          : ['action.yml', 'action.yaml'].map((f) => (path ? `${path}/${f}` : f))
      ).find((f) => exists(`${ref}:${f}`));
      if (!target) {
        problems.push(`${at} uses ${path}@${ref}, which has no action or workflow there`);
        continue;
      }
      const below = visit(ref, target);
      if (below.length > deepest.length) deepest = below;
    }
    const chain = [at, ...deepest];
    longest.set(key, chain);
    return chain;
  };

  let deepest: string[] = [];
  for (const file of git(repo, 'ls-tree', '-r', '--name-only', tagSha).split('\n')) {
    if (!/^(deploy\/|\.github\/workflows\/|examples\/|actions\/|docs\/|[^/]+\.md$)/.test(file))
      continue;
    if (!/\.(ya?ml|md)$/.test(file)) continue;
    const chain = visit(tagSha, file);
    if (chain.length > deepest.length) deepest = chain;
  }
  return { problems, deepest, followed: longest.size };
}

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

  it('with --push: tags vX.Y.Z and vX, and every reference followed from the tag is pinned, recursively', () => {
    appendFileSync(join(clone, 'CONTRIBUTING.md'), '\nA line for the changelog.\n');
    git(clone, 'commit', '-qam', 'docs: a line for the changelog');
    const r = release('v1.0.0', '--push');
    expect(r.status, r.stderr).toBe(0);
    const tag = git(origin, 'rev-parse', 'v1.0.0^{commit}');
    expect(git(origin, 'rev-parse', 'v1^{commit}')).toBe(tag);
    expect(git(origin, 'rev-parse', 'refs/heads/release/v1.0.0')).toBe(tag);

    const { problems, deepest, followed } = followPins(origin, 'v1.0.0', 'octo-org');
    expect(problems).toEqual([]);
    // examples/hotfix.yml -> hotfix.yml -> deploy/action.yml -> a node action: each hop a
    // commit of its own, the chain only as long as the references are deep.
    expect(deepest.length, deepest.join(' -> ')).toBeGreaterThanOrEqual(4);
    expect(followed).toBeGreaterThan(20);
    const chain = git(origin, 'log', '--format=%s', `${tag}~4..${tag}`).split('\n');
    expect(chain).toEqual([
      'Release v1.0.0: pin the examples and docs to octo-org/hotfix-actions',
      'Release v1.0.0: pin layer 2 (.github/workflows/hotfix.yml)',
      'Release v1.0.0: pin layer 1 (.github/workflows/rollback.yml, deploy/action.yml)',
      'Release v1.0.0: build',
    ]);
    // The checker is not vacuous: from the build commit, the floating references show.
    const fromBuild = followPins(origin, `${tag}~3`, 'octo-org').problems;
    expect(fromBuild.join('\n')).toMatch(/deploy\/action\.yml names acme\/hotfix-actions/);
    expect(fromBuild.join('\n')).toMatch(/hotfix\.yml floats: hotfix-actions\/deploy@v1/);

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

  it('refuses a stale dist/, committing and tagging nothing', () => {
    const before = git(clone, 'rev-parse', 'HEAD');
    appendFileSync(
      join(clone, 'src', 'classify-severity', 'main.ts'),
      '\n// changed after the build\n',
    );
    git(clone, 'commit', '-qam', 'classify-severity: a change without its bundle');
    const r = release('v2.0.0');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'dist/ is stale for classify-severity: run npm run build and commit it',
    );
    expect(git(clone, 'tag', '--list', 'v2*')).toBe('');
    expect(git(clone, 'branch', '--list', 'release/v2.0.0')).toBe('');
    git(clone, 'reset', '-q', '--hard', before);
  });

  it('--owner names the owner in every reference, whatever origin says; a bad name is refused', () => {
    const bad = release('v2.0.0', '--owner', 'not/an-owner');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('"not/an-owner" is not a GitHub owner name');

    const r = release('v2.0.0', '--owner', 'other-org');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('not pushed (no --push)');
    const { problems, deepest } = followPins(clone, 'v2.0.0', 'other-org');
    expect(problems).toEqual([]);
    expect(deepest.length).toBeGreaterThanOrEqual(4);
    expect(git(clone, 'show', 'v2.0.0:examples/hotfix.yml')).toMatch(
      /uses: other-org\/hotfix-actions\/\.github\/workflows\/hotfix\.yml@[0-9a-f]{40} # v2\.0\.0/,
    );
    expect(git(origin, 'tag', '--list', 'v2*')).toBe('');
  });
});

describe('release helpers', () => {
  it('reads the owner from the remote URL forms GitHub gives', () => {
    expect(ownerOf('https://github.com/octo-org/hotfix-actions.git')).toBe('octo-org');
    expect(ownerOf('git@github.com:octo-org/hotfix-actions.git')).toBe('octo-org');
    expect(ownerOf('/srv/git/octo-org/hotfix-actions.git')).toBe('octo-org');
  });

  it('pins uses: lines to the sha of their path and names the owner and release tag elsewhere', () => {
    const shaOf = (path: string) => (path === 'deploy' ? 'd' : 'a').repeat(40);
    expect(
      pin('      - uses: acme/hotfix-actions/actions/notify@v1', 'octo', shaOf, 'v1.2.0'),
    ).toBe(`      - uses: octo/hotfix-actions/actions/notify@${'a'.repeat(40)} # v1.2.0`);
    expect(pin('    uses: acme/hotfix-actions/deploy@v1 # one step', 'octo', shaOf, 'v1.2.0')).toBe(
      `    uses: octo/hotfix-actions/deploy@${'d'.repeat(40)} # v1.2.0`,
    );
    expect(pin('see `acme/hotfix-actions/deploy@v1`', 'octo', shaOf, 'v1.2.0')).toBe(
      'see `octo/hotfix-actions/deploy@v1.2.0`',
    );
    expect(pin('uses: actions/checkout@v4', 'octo', shaOf, 'v1.2.0')).toBe(
      'uses: actions/checkout@v4',
    );
  });
});

describe('the pin plan', () => {
  // A made-up repository: a node action, a composite outside the usual folders that uses it, a
  // workflow that uses both, an example that calls the workflow, a README.
  const uses = (path: string) => `    - uses: acme/hotfix-actions/${path}@v1\n`;
  function repo(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'release-plan-'));
    for (const [f, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      writeFileSync(join(dir, f), text);
    }
    return dir;
  }
  const layered = {
    'actions/a/action.yml': 'runs:\n  using: node24\n  main: ../../dist/a/index.js\n',
    'tools/wrap/action.yml': `runs:\n  using: composite\n  steps:\n${uses('actions/a')}`,
    '.github/workflows/w.yml': `jobs:\n  j:\n    steps:\n${uses('tools/wrap')}${uses('actions/a')}`,
    'examples/e.yml': `jobs:\n  e:\n${uses('.github/workflows/w.yml')}`,
    'README.md': `\`\`\`yaml\n${uses('actions/a')}\`\`\`\n`,
  };

  it('layers the files by what they use, wherever they are, and leaves the rest for the release commit', () => {
    const dir = repo(layered);
    try {
      // tools/ is not among the folders the release scans: reached through a reference, it is
      // pinned all the same.
      const scanned = ['.github/workflows/w.yml', 'examples/e.yml', 'README.md'];
      const plan = planPins(
        dir,
        scanned.map((f) => join(dir, f)),
      );
      expect(plan.layers).toEqual([['tools/wrap/action.yml'], ['.github/workflows/w.yml']]);
      expect(plan.rest).toEqual(['README.md', 'examples/e.yml']);
      expect(plan.levelOf('actions/a')).toBe(0);
      expect(plan.levelOf('tools/wrap')).toBe(1);
      expect(plan.levelOf('.github/workflows/w.yml')).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a cycle and a reference to nothing', () => {
    const cycle = repo({
      'x/action.yml': `runs:\n  steps:\n${uses('y')}`,
      'y/action.yml': `runs:\n  steps:\n${uses('x')}`,
    });
    const missing = repo({ 'examples/e.yml': uses('actions/gone') });
    try {
      expect(() => planPins(cycle, [join(cycle, 'x/action.yml')])).toThrow(
        'a cycle of references cannot be pinned: x/action.yml -> y/action.yml -> x/action.yml',
      );
      expect(() => planPins(missing, [join(missing, 'examples/e.yml')])).toThrow(
        'examples/e.yml uses acme/hotfix-actions/actions/gone, which is neither an action nor a workflow here',
      );
    } finally {
      rmSync(cycle, { recursive: true, force: true });
      rmSync(missing, { recursive: true, force: true });
    }
  });
});

describe('the release workflow', () => {
  interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
  }
  interface Job {
    if?: string;
    permissions?: Record<string, string>;
    steps: Step[];
  }
  const text = readFileSync(join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8');
  const job = (parse(text) as { jobs: { release: Job } }).jobs.release;
  const push = job.steps.find((s) => s.env?.RELEASE_TOKEN !== undefined);

  it('runs only on main, keeps no credentials on disk and gives the write token to the push step alone', () => {
    expect(job.if).toBe("github.ref == 'refs/heads/main'");
    expect(job.permissions).toEqual({ contents: 'read' });
    const checkout = job.steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with?.['persist-credentials']).toBe(false);
    expect(push?.env?.RELEASE_TOKEN).toBe('${{ secrets.RELEASE_TOKEN }}');
    // The secret is named once, in that step's env; no step interpolates into its shell.
    expect(text.match(/secrets\./g)).toHaveLength(1);
    for (const step of job.steps) expect(step.run ?? '', step.run).not.toContain('${{');
    // Dependency install scripts run with nothing to steal; the push comes after everything.
    const install = job.steps.find((s) => s.run?.includes('npm ci'));
    expect(install).toBeDefined();
    expect(install?.env).toBeUndefined();
    expect(job.steps.indexOf(push!)).toBe(job.steps.length - 1);
  });

  it("pushes what npm run release -- --push would, with the token in git's environment only", () => {
    // The push step's script, run by bash against a git that records what it is asked.
    const dir = mkdtempSync(join(tmpdir(), 'release-push-'));
    try {
      const fake = join(dir, 'git');
      writeFileSync(
        fake,
        '#!/bin/sh\nprintf "%s\\n" "git $* | $GIT_CONFIG_COUNT $GIT_CONFIG_KEY_0 $GIT_CONFIG_VALUE_0" >> "$LOG"\n',
      );
      chmodSync(fake, 0o755);
      const log = join(dir, 'log');
      for (const version of ['v1.4.0', 'v2.0.0-rc.1']) {
        rmSync(log, { force: true });
        const r = spawnSync('bash', ['-e', '-c', push!.run!], {
          cwd: dir,
          encoding: 'utf8',
          env: {
            PATH: `${dir}:${process.env.PATH ?? ''}`,
            LOG: log,
            VERSION: version,
            RELEASE_TOKEN: 'tok',
          },
        });
        expect(r.status, r.stderr).toBe(0);
        const header = `AUTHORIZATION: basic ${Buffer.from('x-access-token:tok').toString('base64')}`;
        expect(r.stdout).toContain(`::add-mask::${header.slice('AUTHORIZATION: basic '.length)}`);
        expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(
          pushCommandsFor(version).map(
            (c) => `${c.join(' ')} | 1 http.https://github.com/.extraheader ${header}`,
          ),
        );
      }
      const unset = spawnSync('bash', ['-e', '-c', push!.run!], {
        cwd: dir,
        encoding: 'utf8',
        env: {
          PATH: `${dir}:${process.env.PATH ?? ''}`,
          LOG: log,
          VERSION: 'v1.4.0',
        },
      });
      expect(unset.status).toBe(1);
      expect(unset.stdout).toContain('::error::the RELEASE_TOKEN secret is not set');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
