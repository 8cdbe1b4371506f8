// The GitHub REST client: octokit with retries on 5xx and throttling on primary and secondary
// rate limits, pointed at GITHUB_API_URL so GitHub Enterprise Server works. Loaded on first
// use: actions that never call the API do not pay for octokit at start-up.
import type { getOctokit } from '@actions/github';
import { setSecret, warning, debug } from './runner.ts';
import { UserError } from './errors.ts';

export type GitHub = ReturnType<typeof getOctokit>;

/** How often a rate-limited request is tried again before the action gives up. */
const RATE_LIMIT_RETRIES = 3;
/** Longer than this, a rate-limit wait is worse for an incident than a clear failure. */
const MAX_RATE_LIMIT_WAIT_S = 120;

export async function createGitHub(token: string): Promise<GitHub> {
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
      const retrying = retryCount < RATE_LIMIT_RETRIES && retryAfter <= MAX_RATE_LIMIT_WAIT_S;
      warning(
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
        warn: (m: string) => warning(m),
        error: (m: string) => debug(m),
      },
    },
    // Throttling first: it must see a 429 before the retry plugin retries it blindly,
    // so the rate-limit reset time is honoured and the wait is reported.
    throttling,
    retry,
  );
  github.hook.after('request', (response, options) => {
    debug(`${options.method} ${options.url} -> ${response.status}`);
  });
  return github;
}

/**
 * A client made on first use, once: an action that may not need the API (a fail-fast input
 * error, a run with nothing to do) never loads octokit.
 */
export function lazyGitHub(token: string): () => Promise<GitHub> {
  let client: Promise<GitHub> | undefined;
  return () => (client ??= createGitHub(token));
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
