// git through @actions/exec, with argument arrays: branch names and commit messages are data,
// never shell. Silent: git's output can quote commit subjects, which are untrusted text, and
// a subject that looks like a workflow command must never reach the log unpaused.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getExecOutput } from '@actions/exec';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class GitError extends Error {
  override name = 'GitError';
  readonly args: string[];
  readonly result: GitResult;
  constructor(args: string[], result: GitResult) {
    super(
      `git ${args.join(' ')} failed (exit ${result.code}): ${lastLines(result.stderr || result.stdout, 5)}`,
    );
    this.args = args;
    this.result = result;
  }
}

export interface GitOptions {
  cwd: string;
  env?: Record<string, string>;
  /** Text written to git's stdin. */
  input?: string;
}

// Never prompt (a prompt would hang the step); parse-stable messages; and a transfer that
// stalls (under 1 kB/s for a minute) is given up by git itself, so a dead connection cannot
// hold the job: git is not a user command to kill with a process tree.
const BASE_ENV = {
  GIT_TERMINAL_PROMPT: '0',
  LC_ALL: 'C',
  GIT_PAGER: 'cat',
  GIT_HTTP_LOW_SPEED_LIMIT: '1000',
  GIT_HTTP_LOW_SPEED_TIME: '60',
};

/** Runs git; the result whatever the exit code. */
export async function gitRun(args: string[], opts: GitOptions): Promise<GitResult> {
  const r = await getExecOutput('git', args, {
    cwd: opts.cwd,
    env: { ...definedOnly(process.env), ...BASE_ENV, ...opts.env },
    silent: true,
    ignoreReturnCode: true,
    ...(opts.input !== undefined ? { input: Buffer.from(opts.input) } : {}),
  });
  return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

/** Runs git and returns its trimmed stdout; throws GitError on a non-zero exit. */
export async function git(args: string[], opts: GitOptions): Promise<string> {
  const result = await gitRun(args, opts);
  if (result.code !== 0) throw new GitError(args, result);
  return result.stdout.trim();
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined),
  );
}

function lastLines(text: string, n: number): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
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
