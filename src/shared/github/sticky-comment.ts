// One comment per PR per action, found again by a hidden marker and updated in place, so a
// re-run never posts a second copy, and removes one a lost answer left behind. The marker is
// trusted only in comments written by the identity this token writes as: anyone may post a
// comment carrying our marker first, and editing theirs would hand them our report.
import type { GitHub, Repo } from './client.ts';
import { describeApiError, statusOf } from './client.ts';
import * as core from '@actions/core';

export interface StickyResult {
  id: number;
  url: string;
  action: 'created' | 'updated' | 'unchanged';
}

/** The sticky comments of one repository, as the core flows use them. */
export interface CommentPort {
  /** Creates or updates the comment with `key`'s marker; undefined when the token may not. */
  upsert(issueNumber: number, key: string, body: string): Promise<StickyResult | undefined>;
}

export function gitHubComments(connect: () => Promise<GitHub>, repo: Repo): CommentPort {
  return {
    upsert: async (n, key, body) => upsertStickyComment(await connect(), repo, n, key, body),
  };
}

export function marker(key: string): string {
  return `<!-- hotfix-actions:${key} -->`;
}

/**
 * Creates or updates the comment carrying `marker(key)`. Returns undefined, after a warning,
 * when the token may not comment (a fork PR's read-only token): the job summary still has
 * the report, and the run does not fail for it.
 */
export async function upsertStickyComment(
  github: GitHub,
  repo: Repo,
  issueNumber: number,
  key: string,
  body: string,
): Promise<StickyResult | undefined> {
  const tag = marker(key);
  const full = `${tag}\n${body}`;
  try {
    const comments = await github.paginate(github.rest.issues.listComments, {
      ...repo,
      issue_number: issueNumber,
      per_page: 100,
    });
    const me = await ownLogin(github);
    // Ours start with the marker (a quote of ours, "> <!-- ...", is a person's comment) and
    // are written by this token's identity. Unknown identity: none is taken for ours.
    const marked = comments.filter(
      (c) => c.body?.startsWith(tag) && me !== undefined && sameLogin(c.user, me),
    );
    const mine = marked[0];
    if (mine) {
      // A second copy exists when a create landed but its answer was lost and it was retried
      // (or two runs raced): keep the first, remove the copies (all ours, by the filter).
      for (const copy of marked.slice(1))
        await github.rest.issues.deleteComment({ ...repo, comment_id: copy.id });
      if (mine.body === full) return { id: mine.id, url: mine.html_url, action: 'unchanged' };
      const { data } = await github.rest.issues.updateComment({
        ...repo,
        comment_id: mine.id,
        body: full,
      });
      return { id: data.id, url: data.html_url, action: 'updated' };
    }
    const { data } = await github.rest.issues.createComment({
      ...repo,
      issue_number: issueNumber,
      body: full,
    });
    return { id: data.id, url: data.html_url, action: 'created' };
  } catch (err) {
    const status = statusOf(err);
    if (status === 403 || status === 404) {
      core.warning(
        `${describeApiError(err, `commenting on #${issueNumber}`, 'pull-requests: write')}; ` +
          'a pull request from a fork gets a read-only token, so the report is in the job summary only',
      );
      return undefined;
    }
    throw err;
  }
}

const logins = new WeakMap<object, Promise<string | undefined>>();

/**
 * The login this token writes as: `github-actions[bot]` for GITHUB_TOKEN, `<app>[bot]` for
 * an app's installation token, the user for a personal token. GraphQL's `viewer` answers for
 * all three (REST GET /user refuses installation tokens). Asked once per client.
 */
export function ownLogin(github: GitHub): Promise<string | undefined> {
  let login = logins.get(github);
  if (!login) {
    login = github
      .graphql<{ viewer: { login: string } }>('query { viewer { login } }')
      .then((r) => r.viewer.login)
      .catch((err: unknown) => {
        core.warning(
          `Could not tell which account this token writes as (${describeApiError(err, 'GraphQL viewer')}): ` +
            'an earlier comment is not reused, a new one is posted',
        );
        return undefined;
      });
    logins.set(github, login);
  }
  return login;
}

/** An author as REST answers it: the login, and `Bot` or `User` (absent in some payloads). */
export interface Author {
  login?: string | null;
  type?: string | null;
}

/**
 * Whether `author` is the identity `me` (a login from ownLogin: GraphQL's viewer names an
 * app's bot `<app>[bot]`, as REST does, and a person by their login). Logins are compared
 * case-insensitively, and the kinds must agree: `foo`, a person, is never `foo[bot]`, an
 * app's bot, nor the other way round (anyone may register the user name an app's bot has,
 * and an app may be named like a person). The kind is REST's `type`, else the login's
 * `[bot]`.
 */
export function sameLogin(author: Author | null | undefined, me: string): boolean {
  const login = author?.login;
  if (!login) return false;
  const isBot = (l: string) => /\[bot\]$/i.test(l);
  const norm = (l: string) => l.toLowerCase().replace(/\[bot\]$/, '');
  if (norm(login) !== norm(me)) return false;
  const theirs = author.type ? author.type === 'Bot' : isBot(login);
  return theirs === isBot(me);
}
