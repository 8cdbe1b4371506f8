// git through argument arrays: branch names and commit messages are data, never shell.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { run, tail, type RunResult } from './process.ts';

export class GitError extends Error {
  override name = 'GitError';
  readonly args: string[];
  readonly result: RunResult;
  constructor(args: string[], result: RunResult) {
    super(
      `git ${args.join(' ')} failed (exit ${result.code ?? result.signal}): ${tail(result.stderr || result.stdout, 5)}`,
    );
    this.args = args;
    this.result = result;
  }
}

export interface GitOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

// Never prompt (a prompt would hang the step), and parse-stable messages.
const BASE_ENV = { GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', GIT_PAGER: 'cat' };

/** Runs git; the result whatever the exit code. */
export function gitRun(args: string[], opts: GitOptions): Promise<RunResult> {
  return run('git', args, {
    cwd: opts.cwd,
    env: { ...BASE_ENV, ...opts.env },
    timeoutMs: opts.timeoutMs ?? 10 * 60_000,
  });
}

/** Runs git and returns its trimmed stdout; throws GitError on a non-zero exit. */
export async function git(args: string[], opts: GitOptions): Promise<string> {
  const result = await gitRun(args, opts);
  if (result.code !== 0) throw new GitError(args, result);
  return result.stdout.trim();
}

/**
 * Environment that makes git authenticate to GitHub over HTTPS with a token, the way
 * actions/checkout does (an http.extraheader), without writing it to .git/config or
 * putting it on a command line where `ps` would show it.
 *
 * The first entry is empty on purpose: git reads an empty extraheader as "forget the headers
 * configured so far", so the credentials actions/checkout persisted in .git/config (usually
 * GITHUB_TOKEN) are replaced by this token instead of being sent as a second Authorization
 * header, which GitHub rejects.
 */
export function tokenEnv(token: string, serverUrl = 'https://github.com'): Record<string, string> {
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  const key = `http.${serverUrl.replace(/\/$/, '')}/.extraheader`;
  return {
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: key,
    GIT_CONFIG_VALUE_0: '',
    GIT_CONFIG_KEY_1: key,
    GIT_CONFIG_VALUE_1: `AUTHORIZATION: basic ${basic}`,
  };
}

/** GITHUB_WORKSPACE is a checkout of owner/repo when its origin points at it (any URL form). */
export async function isCheckoutOf(dir: string, owner: string, repo: string): Promise<boolean> {
  if (!existsSync(join(dir, '.git'))) return false;
  const r = await gitRun(['remote', 'get-url', 'origin'], { cwd: dir });
  if (r.code !== 0) return false;
  const url = r.stdout
    .trim()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .toLowerCase();
  const suffix = `${owner}/${repo}`.toLowerCase();
  return url.endsWith(`/${suffix}`) || url.endsWith(`:${suffix}`);
}
