// Which files the hotfix changes, relative to the repository root: the `changed-files`
// input; else the pull request's files through the API; else, for a push, `git diff` of the
// pushed range in the checkout. Unknown is a valid answer (a manual run): related selection
// then finds nothing and the tagged tests run.
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { isPullRequestEvent, type RunContext } from '../shared/runner/context.ts';
import type { PullFilesReader } from '../shared/github/pull-files.ts';
import { git } from '../shared/git/git.ts';
import { messageOf } from '../shared/runner/errors.ts';
import * as core from '@actions/core';
import { isSha, shortSha } from '../shared/git/sha.ts';

export interface ChangedFiles {
  /** Relative to the repository root; undefined when they could not be known. */
  files: string[] | undefined;
  /** Where they came from, or why they are unknown. */
  source: string;
}

const ZERO_SHA = /^0+$/;

export async function findChangedFiles(opts: {
  input: string[];
  ctx: RunContext;
  /** Reads the PR's files through the API; undefined without a token. */
  pullFiles: PullFilesReader | undefined;
  /** The repository root in the checkout, when there is one. */
  repoRoot: string | undefined;
}): Promise<ChangedFiles> {
  const { ctx, repoRoot } = opts;
  if (opts.input.length) return { files: opts.input, source: 'the changed-files input' };

  const pr = ctx.payload.pull_request;
  if (isPullRequestEvent(ctx.eventName) && pr) {
    if (opts.pullFiles) {
      try {
        const { files, truncated } = await opts.pullFiles(pr.number);
        if (truncated) {
          core.warning(
            `PR #${pr.number} lists ${files.length} files, GitHub's limit: files beyond it are not related to tests`,
          );
        }
        return {
          files: files.map((f) => f.filename),
          source: `the files of PR #${pr.number} (GitHub API)`,
        };
      } catch (err) {
        core.warning(`${messageOf(err)}; trying git diff in the checkout`);
      }
    }
    if (repoRoot) {
      const diff = await gitDiff(repoRoot, pr.base.sha, pr.head.sha);
      if (diff.files) return { files: diff.files, source: `git diff of PR #${pr.number}` };
      return { files: undefined, source: diff.why };
    }
    return { files: undefined, source: `PR #${pr.number}'s files: no token and no checkout` };
  }

  if (ctx.eventName === 'push') {
    const before = typeof ctx.payload.before === 'string' ? ctx.payload.before : '';
    const after = typeof ctx.payload.after === 'string' ? ctx.payload.after : ctx.sha;
    if (!repoRoot) return { files: undefined, source: 'the pushed changes: no checkout to diff' };
    if (before && !ZERO_SHA.test(before)) {
      const diff = await gitDiff(repoRoot, before, after);
      if (diff.files)
        return {
          files: diff.files,
          source: `git diff ${short(before)}..${short(after)} (the push)`,
        };
      return { files: undefined, source: diff.why };
    }
    // A new branch: what it adds to the default branch, if that is fetched; else its head commit.
    const defaultBranch = ctx.payload.repository?.default_branch;
    if (defaultBranch) {
      const diff = await gitDiff(repoRoot, `origin/${defaultBranch}`, after, true);
      if (diff.files) {
        return {
          files: diff.files,
          source: `git diff origin/${defaultBranch}...${short(after)} (a new branch)`,
        };
      }
    }
    const diff = await gitDiff(repoRoot, `${after}^`, after);
    if (diff.files)
      return { files: diff.files, source: `the files of the pushed commit ${short(after)}` };
    return { files: undefined, source: diff.why };
  }

  return {
    files: undefined,
    source: `the ${ctx.eventName || 'unknown'} event has no changes to relate tests to (pass changed-files)`,
  };
}

async function gitDiff(
  cwd: string,
  from: string,
  to: string,
  mergeBase = false,
): Promise<{ files: string[]; why?: never } | { files?: never; why: string }> {
  const range = mergeBase ? `${from}...${to}` : `${from}..${to}`;
  try {
    // -z: names are NUL-separated and never quoted, whatever characters they contain.
    const out = await git(['diff', '--name-only', '-z', '--no-renames', range, '--'], {
      cwd,
    });
    return { files: out.split('\0').filter(Boolean) };
  } catch (err) {
    return {
      why: `git diff ${range} failed (a shallow checkout? use fetch-depth: 0): ${messageOf(err)}`,
    };
  }
}

/** A sha shortened for people; a ref as it is. */
function short(ref: string): string {
  return isSha(ref) ? shortSha(ref) : ref;
}

export interface LocalChanges {
  /** Relative to the working directory, files that exist. */
  files: string[];
  /** Deleted or renamed away: runners cannot follow a file that is gone. */
  missing: number;
  /** Outside the working directory. */
  outside: number;
}

/** Repository-relative paths -> working-directory-relative paths of files that exist. */
export function toWorkingDirectory(
  files: readonly string[],
  repoRoot: string,
  cwd: string,
): LocalChanges {
  const out: LocalChanges = { files: [], missing: 0, outside: 0 };
  for (const f of files) {
    const abs = resolve(repoRoot, f);
    const rel = relative(cwd, abs);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
      out.outside++;
      continue;
    }
    if (!existsSync(join(cwd, rel))) {
      out.missing++;
      continue;
    }
    out.files.push(rel);
  }
  return out;
}
