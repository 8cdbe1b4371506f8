// Where the changed files come from on a push (real git), how they map into the working
// directory, and how the runner is detected.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChangedFiles, toWorkingDirectory } from '../../src/critical-tests/changed-files.ts';
import { detectRunner } from '../../src/critical-tests/detect.ts';
import type { RunContext } from '../../src/shared/runner/context.ts';

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'T',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 'T',
  GIT_COMMITTER_EMAIL: 't@example.com',
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8' }).trim();

function commit(dir: string, files: Record<string, string>, message: string): string {
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', message);
  return git(dir, 'rev-parse', 'HEAD');
}

function push(payload: Record<string, unknown>): RunContext {
  return {
    eventName: 'push',
    payload,
    owner: 'acme',
    repo: 'shop',
    sha: String(payload.after),
    ref: 'refs/heads/hotfix/x',
    actor: 'octocat',
    tempDir: tmpdir(),
    workflowRef: '',
    runId: '1',
    runAttempt: '1',
    serverUrl: 'https://github.com',
    apiUrl: 'http://127.0.0.1:9',
    workspace: undefined,
    runUrl: '',
  };
}

/** origin (bare) with main; a clone with a hotfix branch of two commits on top. */
function repos() {
  const origin = mkdtempSync(join(tmpdir(), 'changes-origin-'));
  git(origin, 'init', '-q', '--bare', '-b', 'main');
  const seed = mkdtempSync(join(tmpdir(), 'changes-seed-'));
  git(seed, 'init', '-q', '-b', 'main');
  const base = commit(seed, { 'src/a.ts': 'a', 'src/b.ts': 'b' }, 'base');
  git(seed, 'push', '-q', origin, 'main');
  const clone = mkdtempSync(join(tmpdir(), 'changes-clone-'));
  git(clone, 'clone', '-q', origin, '.');
  git(clone, 'checkout', '-q', '-b', 'hotfix/x');
  const first = commit(clone, { 'src/a.ts': 'a2', 'with space/ünïcode.ts': 'x' }, 'one');
  const second = commit(clone, { 'src/b.ts': 'b2' }, 'two');
  return { clone, base, first, second };
}

describe('findChangedFiles on a push', () => {
  it('diffs before..after of the push', async () => {
    const { clone, first, second } = repos();
    const r = await findChangedFiles({
      input: [],
      ctx: push({ before: first, after: second }),
      pullFiles: undefined,
      repoRoot: clone,
    });
    expect(r).toEqual({
      files: ['src/b.ts'],
      source: `git diff ${first.slice(0, 12)}..${second.slice(0, 12)} (the push)`,
    });
  });

  it('a new branch (before is zeros): what it adds to the default branch, names kept exactly', async () => {
    const { clone, second } = repos();
    const r = await findChangedFiles({
      input: [],
      ctx: push({ before: '0'.repeat(40), after: second, repository: { default_branch: 'main' } }),
      pullFiles: undefined,
      repoRoot: clone,
    });
    expect(r.files?.sort()).toEqual(['src/a.ts', 'src/b.ts', 'with space/ünïcode.ts']);
    expect(r.source).toBe(`git diff origin/main...${second.slice(0, 12)} (a new branch)`);
  });

  it('a shallow checkout without the before commit: unknown, saying why', async () => {
    const { clone, second } = repos();
    const r = await findChangedFiles({
      input: [],
      ctx: push({ before: 'f'.repeat(40), after: second }),
      pullFiles: undefined,
      repoRoot: clone,
    });
    expect(r.files).toBeUndefined();
    expect(r.source).toMatch(
      /^git diff f{40}\.\.[0-9a-f]{40} failed \(a shallow checkout\? use fetch-depth: 0\)/,
    );
  });

  it('the input wins over everything', async () => {
    const r = await findChangedFiles({
      input: ['x.ts'],
      ctx: push({ before: 'a', after: 'b' }),
      pullFiles: undefined,
      repoRoot: undefined,
    });
    expect(r).toEqual({ files: ['x.ts'], source: 'the changed-files input' });
  });
});

describe('findChangedFiles on a pull request', () => {
  const pull = (base: string, head: string): RunContext => ({
    ...push({ after: head }),
    eventName: 'pull_request',
    payload: {
      pull_request: {
        number: 7,
        title: 't',
        body: null,
        head: { ref: 'hotfix/x', sha: head },
        base: { ref: 'main', sha: base },
      },
    },
  });

  it("reads the PR's files through the port, by the PR's number", async () => {
    const asked: number[] = [];
    const r = await findChangedFiles({
      input: [],
      ctx: pull('a'.repeat(40), 'b'.repeat(40)),
      pullFiles: async (n) => {
        asked.push(n);
        return {
          files: [{ filename: 'src/a.ts', status: 'modified', additions: 1, deletions: 1 }],
          truncated: false,
        };
      },
      repoRoot: undefined,
    });
    expect(asked).toEqual([7]);
    expect(r).toEqual({ files: ['src/a.ts'], source: 'the files of PR #7 (GitHub API)' });
  });

  it('a port that fails falls back to git diff of the PR in the checkout', async () => {
    const { clone, base, second } = repos();
    const r = await findChangedFiles({
      input: [],
      ctx: pull(base, second),
      pullFiles: async () => {
        throw new Error('listing the files of PR #7 failed (403 Forbidden)');
      },
      repoRoot: clone,
    });
    expect(r.source).toBe('git diff of PR #7');
    expect(r.files?.sort()).toEqual(['src/a.ts', 'src/b.ts', 'with space/ünïcode.ts']);
  });
});

describe('toWorkingDirectory', () => {
  it('keeps existing files inside the working directory, relative to it', () => {
    const root = mkdtempSync(join(tmpdir(), 'wd-'));
    mkdirSync(join(root, 'svc', 'src'), { recursive: true });
    writeFileSync(join(root, 'svc', 'src', 'a.ts'), '');
    expect(
      toWorkingDirectory(
        ['svc/src/a.ts', 'svc/src/gone.ts', 'web/b.ts', '../escape.ts'],
        root,
        join(root, 'svc'),
      ),
    ).toEqual({ files: ['src/a.ts'], missing: 1, outside: 2 });
  });
});

describe('detectRunner', () => {
  it('finds each runner by its configuration, in order of preference', () => {
    const dir = mkdtempSync(join(tmpdir(), 'detect-'));
    expect(detectRunner(dir)).toEqual({ runner: undefined, found: [] });
    writeFileSync(join(dir, 'go.mod'), 'module x\n');
    writeFileSync(
      join(dir, 'pyproject.toml'),
      '[project]\nname = "x"\n\n[tool.pytest.ini_options]\nmarkers = []\n',
    );
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ devDependencies: { jest: '30' } }));
    expect(detectRunner(dir)).toEqual({
      runner: 'jest',
      found: [
        { runner: 'jest', evidence: 'jest in package.json' },
        { runner: 'pytest', evidence: 'pyproject.toml' },
        { runner: 'go', evidence: 'go.mod' },
      ],
    });
    writeFileSync(join(dir, 'vitest.config.mts'), 'export default {}\n');
    expect(detectRunner(dir).runner).toBe('vitest');
  });
});
