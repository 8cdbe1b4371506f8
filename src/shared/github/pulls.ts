// Pull requests an action opens from a branch it pushed (backport PRs, revert PRs): find the
// one a re-run must reuse, open one, and treat "already exists" from a concurrent run as a
// find, not a failure.
import { describeApiError, statusOf, type GitHub, type Repo } from './client.ts';
import { UserError } from '../runner/errors.ts';

export interface PullRef {
  number: number;
  url: string;
  state: 'open' | 'closed';
  merged: boolean;
  draft: boolean;
}

/** The newest PR from `branch` into `target`, open or closed. */
export async function findPull(
  github: GitHub,
  repo: Repo,
  branch: string,
  target: string,
): Promise<PullRef | undefined> {
  try {
    const { data } = await github.rest.pulls.list({
      ...repo,
      head: `${repo.owner}:${branch}`,
      base: target,
      state: 'all',
      per_page: 10,
    });
    const open = data.find((p) => p.state === 'open') ?? data[0];
    if (!open) return undefined;
    return {
      number: open.number,
      url: open.html_url,
      state: open.state === 'open' ? 'open' : 'closed',
      merged: Boolean(open.merged_at),
      draft: Boolean(open.draft),
    };
  } catch (err) {
    throw new UserError(
      describeApiError(err, `looking for a PR from ${branch}`, 'pull-requests: read'),
    );
  }
}

/** A PR to open from a branch an action pushed. */
export interface NewPull {
  title: string;
  body: string;
  head: string;
  base: string;
  draft: boolean;
}

/** One repository's pull requests from pushed branches, as the core flows use them. */
export interface Pulls {
  /** The newest PR from `branch` into `target`, open or closed. */
  find(branch: string, target: string): Promise<PullRef | undefined>;
  /** Opens it; a PR a concurrent run opened meanwhile comes back as `exists`. */
  create(p: NewPull): Promise<CreateResult>;
}

export function gitHubPulls(github: GitHub, repo: Repo): Pulls {
  return {
    find: (branch, target) => findPull(github, repo, branch, target),
    create: (p) => createPull(github, repo, p),
  };
}

export type CreateResult =
  | { kind: 'created'; number: number; url: string; nodeId: string }
  | { kind: 'exists'; pull: PullRef };

export async function createPull(
  github: GitHub,
  repo: Repo,
  p: { title: string; body: string; head: string; base: string; draft: boolean },
): Promise<CreateResult> {
  try {
    const { data } = await github.rest.pulls.create({ ...repo, ...p, maintainer_can_modify: true });
    return { kind: 'created', number: data.number, url: data.html_url, nodeId: data.node_id };
  } catch (err) {
    // Another run opened it between our lookup and now: report that one.
    if (statusOf(err) === 422 && /already exists/i.test(JSON.stringify(errorBody(err)))) {
      const pull = await findPull(github, repo, p.head, p.base);
      if (pull) return { kind: 'exists', pull };
    }
    throw new UserError(
      describeApiError(
        err,
        `opening the PR ${p.head} -> ${p.base}`,
        'pull-requests: write (and "Allow GitHub Actions to create and approve pull requests" in the repository settings)',
      ),
    );
  }
}

function errorBody(err: unknown): unknown {
  return (err as { response?: { data?: unknown } }).response?.data ?? String(err);
}
