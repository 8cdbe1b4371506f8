import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git, GitError, tokenEnv } from '../../src/shared/git/git.ts';

describe('git adapter', () => {
  it('runs git with argument arrays and returns trimmed stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'git-'));
    await git(['init', '-q', '-b', 'main'], { cwd: dir });
    const branch = 'hotfix/ENG-1-$(touch${IFS}pwned)';
    await git(['checkout', '-q', '-b', branch], { cwd: dir });
    expect(await git(['symbolic-ref', '--short', 'HEAD'], { cwd: dir })).toBe(branch);
  });

  it("a failure is a GitError naming the command and git's message", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'git-'));
    await git(['init', '-q'], { cwd: dir });
    await expect(git(['checkout', 'no-such-branch'], { cwd: dir })).rejects.toThrow(GitError);
    await expect(git(['checkout', 'no-such-branch'], { cwd: dir })).rejects.toThrow(
      /git checkout no-such-branch failed \(exit 1\): error: pathspec 'no-such-branch'/,
    );
  });

  it('tokenEnv gives git an auth header through the environment, not the config file or argv', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'git-'));
    await git(['init', '-q'], { cwd: dir });
    const header = await git(['config', '--get', 'http.https://github.com/.extraheader'], {
      cwd: dir,
      env: tokenEnv('t0k3n'),
    });
    expect(header).toBe(
      `AUTHORIZATION: basic ${Buffer.from('x-access-token:t0k3n').toString('base64')}`,
    );
    await expect(
      git(['config', '--local', '--get', 'http.https://github.com/.extraheader'], { cwd: dir }),
    ).rejects.toThrow(GitError);
  });

  it('tokenEnv replaces the credentials actions/checkout persisted instead of adding a second header', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'git-'));
    await git(['init', '-q'], { cwd: dir });
    const key = 'http.https://github.com/.extraheader';
    await git(['config', key, 'AUTHORIZATION: basic persisted'], { cwd: dir });
    const all = await git(['config', '--get-all', key], { cwd: dir, env: tokenEnv('t0k3n') });
    // git sends the headers after the last empty value: only ours.
    const lines = all.split('\n');
    expect(lines.slice(lines.lastIndexOf('') + 1)).toEqual([
      `AUTHORIZATION: basic ${Buffer.from('x-access-token:t0k3n').toString('base64')}`,
    ]);
  });
});
