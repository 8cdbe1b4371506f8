// Where the policy comes from. For pull requests it is read at the base branch through the
// API, never from the PR's own checkout: a PR must not be able to relax the rules it is
// judged by. For a push it is read as it was before the push, for the same reason: the push
// of a merge is judged again (a PR merged while its gate was red), and its own commits must
// not set the rules it is judged by. Otherwise the checked-out file, else the file at the
// event's commit.
import { existsSync, readFileSync } from 'node:fs';
import { join, isAbsolute, normalize } from 'node:path';
import { DEFAULT_POLICY_PATH, defaultPolicy, parsePolicy, PolicyError } from './policy.ts';
import type { Policy } from './schema.ts';
import { isPullRequestEvent, type RunContext } from '../runner/context.ts';
import { describeApiError, statusOf, type GitHub } from '../github/client.ts';
import { InputError } from '../runner/errors.ts';
import { shortSha } from '../git/sha.ts';

/**
 * GitHub did not give us the file (an error, no answer in time), as opposed to a file that
 * is wrong: an action that must run anyway (notify) may fall back to the defaults.
 */
export class PolicyReadError extends PolicyError {
  override name = 'PolicyReadError';
}

export interface LoadedPolicy {
  policy: Policy;
  /** Where it came from, for the log and the summary. */
  source: string;
}

export async function loadPolicy(opts: {
  ctx: RunContext;
  /** The `policy-file` input; empty for the default path. */
  path: string;
  /** Present when a token is available. */
  github?: () => Promise<GitHub>;
}): Promise<LoadedPolicy> {
  const { ctx } = opts;
  const explicit = opts.path !== '' && opts.path !== DEFAULT_POLICY_PATH;
  const path = normalize(opts.path || DEFAULT_POLICY_PATH);
  if (isAbsolute(path) || path.startsWith('..')) {
    throw new InputError(
      'policy-file',
      opts.path,
      'a path inside the repository, like .github/hotfix.yml',
    );
  }

  const pr = ctx.payload.pull_request;
  if (pr && isPullRequestEvent(ctx.eventName)) {
    // The checkout of a PR event holds the PR's own code: never the place to read its rules.
    if (!opts.github) {
      if (explicit)
        throw new InputError(
          'policy-file',
          opts.path,
          "readable at the PR's base branch: pass github-token (the PR's checkout is never read)",
        );
      return {
        policy: defaultPolicy(),
        source:
          "built-in defaults (no token to read the policy at the PR's base branch; the PR's checkout is never read)",
      };
    }
    const text = await fetchFile(await opts.github(), ctx, path, pr.base.sha);
    const where = `${path} at ${pr.base.ref} (base of PR #${pr.number})`;
    return finish(text, path, where, explicit);
  }
  const before = pushedOnto(ctx);
  if (before && opts.github) {
    const text = await fetchFile(await opts.github(), ctx, path, before.ref);
    return finish(text, path, `${path} at ${before.name} (before this push)`, explicit);
  }
  if (ctx.workspace && existsSync(join(ctx.workspace, '.git'))) {
    const file = join(ctx.workspace, path);
    const text = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    return finish(text, path, `${path} in the checkout`, explicit);
  }
  if (opts.github) {
    const ref = ctx.sha || ctx.ref;
    const text = await fetchFile(await opts.github(), ctx, path, ref);
    return finish(text, path, `${path} at ${shortSha(ref)}`, explicit);
  }
  if (explicit) {
    throw new InputError(
      'policy-file',
      opts.path,
      'readable: check out the repository or pass github-token',
    );
  }
  return {
    policy: defaultPolicy(),
    source: 'built-in defaults (repository not checked out, no token)',
  };
}

const NO_COMMIT = /^0+$/;

/**
 * What a push was made onto: the commit before it, or the default branch for a new branch
 * (whose "before" is all zeros). Undefined for other events.
 */
function pushedOnto(ctx: RunContext): { ref: string; name: string } | undefined {
  if (ctx.eventName !== 'push') return undefined;
  const before = typeof ctx.payload.before === 'string' ? ctx.payload.before : '';
  if (before && !NO_COMMIT.test(before)) return { ref: before, name: shortSha(before) };
  const base = ctx.payload.repository?.default_branch;
  return base ? { ref: base, name: base } : undefined;
}

async function finish(
  text: string | undefined,
  path: string,
  where: string,
  explicit: boolean,
): Promise<LoadedPolicy> {
  if (text === undefined) {
    if (explicit)
      throw new InputError('policy-file', path, `an existing file: there is no ${where}`);
    return { policy: defaultPolicy(), source: `built-in defaults (no ${where})` };
  }
  return { policy: await parsePolicy(text, path), source: where };
}

async function fetchFile(
  github: GitHub,
  ctx: RunContext,
  path: string,
  ref: string,
): Promise<string | undefined> {
  try {
    const { data } = await github.rest.repos.getContent({
      owner: ctx.owner,
      repo: ctx.repo,
      path,
      ref,
    });
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) {
      throw new PolicyError(`${path} at ${ref} is not a file`);
    }
    return Buffer.from(data.content, 'base64').toString('utf8');
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    if (err instanceof PolicyError) throw err;
    throw new PolicyReadError(describeApiError(err, `reading ${path} at ${ref}`, 'contents: read'));
  }
}
