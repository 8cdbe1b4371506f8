// The GitHub REST client: octokit with retries on 5xx, throttling on primary and secondary
// rate limits and a time limit on every request, pointed at GITHUB_API_URL so GitHub
// Enterprise Server works. Loaded on first use: actions that never call the API do not pay
// for octokit at start-up.
import type { getOctokit } from '@actions/github';
import * as core from '@actions/core';
import { redactDeep, setSecret } from '../runner/secrets.ts';
import { UserError } from '../runner/errors.ts';
import { formatDuration } from '../text/duration.ts';

export type GitHub = ReturnType<typeof getOctokit>;

/** A repository as octokit calls take it; only these two fields (octokit sends every field). */
export interface Repo {
  owner: string;
  repo: string;
}
type Plugin = NonNullable<Parameters<typeof getOctokit>[2]>;

/** The request parameters that carry text (or a payload) the actions compose: redacted. */
const FREE_TEXT = ['title', 'body', 'description', 'message', 'payload', 'name'];

/** How often a rate-limited request is tried again before the action gives up. */
const RATE_LIMIT_RETRIES = 3;
/** Longer than this, a rate-limit wait is worse for an incident than a clear failure. */
const MAX_RATE_LIMIT_WAIT_S = 120;
/**
 * Time limit of one attempt of one request. GitHub ends a request it cannot answer within
 * 10 s itself, so an attempt still unanswered after 30 s is a stalled connection: without a
 * limit it would hold the job, and everything after the call, until the job's timeout.
 */
export const REQUEST_TIMEOUT_MS = 30_000;

export interface ClientLimits {
  /** Time limit of each attempt; REQUEST_TIMEOUT_MS by default. */
  requestTimeoutMs?: number;
  /**
   * For work that must not wait on GitHub past a point (see `deadlineAfter`): once it aborts,
   * requests in flight are cut off, new ones fail at once, and no rate-limit wait or retry
   * runs past it. Each such request fails with a GitHubTimeoutError.
   */
  deadline?: AbortSignal;
}

/**
 * A request that got no answer in time. It carries no HTTP status, since none came back, so
 * the retry plugin does not retry it: reads are tried once more here; writes never are, as
 * a write that timed out may still have been applied (a second POST would create twice).
 */
export class GitHubTimeoutError extends Error {
  override name = 'GitHubTimeoutError';
}

/** A deadline for `ClientLimits`, `ms` from now; `why` ends the message of what it cuts off. */
export function deadlineAfter(ms: number, why: string): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error(why)), ms).unref();
  return controller.signal;
}

export async function createGitHub(token: string, limits: ClientLimits = {}): Promise<GitHub> {
  if (!token)
    throw new UserError(
      'input "github-token" is empty: pass ${{ github.token }} or a token with the permissions this action needs',
    );
  setSecret(token);
  const [{ getOctokit }, { retry }, { throttling }, { default: Bottleneck }] = await Promise.all([
    import('@actions/github'),
    import('@octokit/plugin-retry'),
    import('@octokit/plugin-throttling'),
    import('bottleneck/light.js'),
  ]);
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      options: { method: string; url: string },
      _o: unknown,
      retryCount: number,
    ) => {
      const retrying =
        retryCount < RATE_LIMIT_RETRIES &&
        retryAfter <= MAX_RATE_LIMIT_WAIT_S &&
        !limits.deadline?.aborted;
      core.warning(
        `GitHub ${kind} rate limit on ${options.method} ${options.url}: ` +
          (retrying ? `retrying in ${retryAfter}s` : `giving up after ${retryCount + 1} tries`),
      );
      return retrying;
    };
  const github = getOctokit(
    token,
    {
      throttle: {
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
        // Writes stay serial, as GitHub asks, but without the plugin's default pause of 1 s
        // between writes (3 s between comments, issues and PRs): that pacing is for clients
        // making many writes, and an action here makes a handful while an incident waits.
        // A secondary rate limit GitHub does signal is still waited out and retried above.
        write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
        notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
      },
      retry: { retries: 3 },
      log: {
        debug: () => {},
        info: () => {},
        warn: (m: string) => core.warning(m),
        error: (m: string) => core.debug(m),
      },
    },
    // The time limit first, so it wraps each attempt alone: the plugins' waits between
    // attempts are not a request GitHub is failing to answer. Throttling next: it must see
    // a 429 before the retry plugin retries it blindly, so the rate-limit reset time is
    // honoured and the wait is reported.
    timeLimit(limits),
    throttling,
    retry,
  );
  // Nothing this run writes to GitHub carries a secret it knows, in any encoded form: the
  // runner masks the log, not a deployment status, a comment, an issue or a tag message,
  // which anyone who can read the repository sees (a deploy command's last line, say).
  github.hook.before('request', (options) => {
    if (options.method === 'GET' || options.method === 'HEAD') return;
    const params = options as Record<string, unknown>;
    for (const key of FREE_TEXT) if (key in params) params[key] = redactDeep(params[key]);
  });
  github.hook.after('request', (response, options) => {
    core.debug(`${options.method} ${options.url} -> ${response.status}`);
  });
  const deadline = limits.deadline;
  if (deadline) {
    // Outermost: a rate-limit wait or a retry's backoff, which run outside the attempts,
    // must not outlast the deadline either.
    github.hook.wrap('request', async (request, options) => {
      if (deadline.aborted) throw cutOff(endpointOf(github, options), deadline, false);
      let stop = () => {};
      const ended = new Promise<never>((_, reject) => {
        // Whether an attempt was out is not known here: a write may have landed.
        stop = () => reject(cutOff(endpointOf(github, options), deadline, true));
      });
      deadline.addEventListener('abort', stop, { once: true });
      try {
        return await Promise.race([request(options), ended]);
      } finally {
        deadline.removeEventListener('abort', stop);
      }
    });
  }
  return github;
}

/** `GET /repos/acme/shop/pulls/12`: what a timeout message names. */
function endpointOf(
  octokit: Pick<GitHub, 'request'>,
  options: Parameters<GitHub['request']['endpoint']['parse']>[0],
): string {
  const { method, url } = octokit.request.endpoint.parse(options);
  const path = new URL(url).pathname;
  try {
    // For people: `contents/.github/hotfix.yml`, not `contents/.github%2Fhotfix.yml`.
    return `${method} ${decodeURIComponent(path)}`;
  } catch {
    return `${method} ${path}`;
  }
}

/** The error of a request the deadline stopped; `sent: false` when it never left. */
function cutOff(endpoint: string, deadline: AbortSignal, sent: boolean): GitHubTimeoutError {
  const why = deadline.reason instanceof Error ? deadline.reason.message : 'its deadline passed';
  if (!sent) return new GitHubTimeoutError(`${endpoint} not sent: ${why}`);
  const write = !/^(GET|HEAD) /.test(endpoint);
  return new GitHubTimeoutError(
    `${endpoint} given up: ${why}${write ? '; it may still have been applied' : ''}`,
  );
}

/** The per-attempt time limit and the deadline of ClientLimits, as an octokit plugin. */
function timeLimit(limits: ClientLimits): Plugin {
  const ms = limits.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  return (octokit) => {
    octokit.hook.wrap('request', async (request, options) => {
      const endpoint = endpointOf(octokit, options);
      const read = options.method === 'GET' || options.method === 'HEAD';
      const deadline = limits.deadline;
      for (let attempt = 1; ; attempt++) {
        if (deadline?.aborted) throw cutOff(endpoint, deadline, false);
        const controller = new AbortController();
        let timedOut = false;
        // setImmediate: on a busy runner this process may not run for a while, and when it
        // does an expired timer runs before the I/O that waited. An answer that had already
        // arrived must win, not count as a timeout (a read would be sent twice).
        const t = setTimeout(
          () =>
            setImmediate(() => {
              timedOut = true;
              controller.abort();
            }),
          ms,
        );
        const stop = () => controller.abort();
        // Hooks share one options object (a wrap cannot hand its inner hooks another), so the
        // signal goes in it for this attempt and the caller's request options come back after.
        const given = options.request;
        const outer = [given?.signal, deadline].filter((s) => s !== undefined);
        for (const s of outer) s.addEventListener('abort', stop, { once: true });
        options.request = { ...given, signal: controller.signal };
        try {
          return await request(options);
        } catch (err) {
          if (deadline?.aborted) throw cutOff(endpoint, deadline, true);
          if (!timedOut) throw err;
          const limit = formatDuration(ms);
          if (read && attempt === 1) {
            core.warning(`GitHub did not answer ${endpoint} within ${limit}: trying once more`);
            continue;
          }
          throw new GitHubTimeoutError(
            read
              ? `GitHub did not answer ${endpoint} within ${limit}, twice`
              : `GitHub did not answer ${endpoint} within ${limit}; not retried, as it may have been applied`,
          );
        } finally {
          clearTimeout(t);
          for (const s of outer) s.removeEventListener('abort', stop);
          options.request = given;
        }
      }
    });
  };
}

/**
 * A client made on first use, once: an action that may not need the API (a fail-fast input
 * error, a run with nothing to do) never loads octokit.
 */
export function lazyGitHub(token: string, limits: ClientLimits = {}): () => Promise<GitHub> {
  let client: Promise<GitHub> | undefined;
  return () => (client ??= createGitHub(token, limits));
}

/** The HTTP status of an octokit error, or undefined for other errors. */
export function statusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * A message a person can act on for a failed API call: what was attempted, what GitHub said,
 * and for permission errors which permission the workflow should grant.
 */
export function describeApiError(err: unknown, attempted: string, permission?: string): string {
  const status = statusOf(err);
  const said = err instanceof Error ? err.message : String(err);
  if ((status === 403 || status === 404) && permission && !/rate limit/i.test(said)) {
    return `${attempted} failed (${status} ${said}): the token needs "${permission}" permission (add it to the workflow's permissions:) or the resource does not exist`;
  }
  return `${attempted} failed${status ? ` (${status})` : ''}: ${said}`;
}
