// Every GitHub API call of a backport: the original PR and its commits, the commenter's
// permission, finding and opening backport PRs, their labels, assignees and auto-merge.
import { describeApiError, statusOf, type GitHub } from '../shared/github.ts';
import { UserError } from '../shared/errors.ts';
import type { CommitFacts, MergeMethod } from './merge-method.ts';
import { API_COMMIT_LIMIT } from './merge-method.ts';

export interface Repo {
  owner: string;
  repo: string;
}

export interface OriginalPull {
  number: number;
  title: string;
  body: string;
  url: string;
  merged: boolean;
  mergeCommitSha: string | null;
  headSha: string;
  headRef: string;
  baseRef: string;
  commitCount: number;
  labels: string[];
  assignees: string[];
  author: string;
  createdAt: string;
}

export interface PullRef {
  number: number;
  url: string;
  state: 'open' | 'closed';
  merged: boolean;
  draft: boolean;
}

export async function getOriginal(
  github: GitHub,
  repo: Repo,
  number: number,
): Promise<OriginalPull> {
  try {
    const { data } = await github.rest.pulls.get({ ...repo, pull_number: number });
    return {
      number: data.number,
      title: data.title,
      body: data.body ?? '',
      url: data.html_url,
      merged: data.merged,
      mergeCommitSha: data.merge_commit_sha,
      headSha: data.head.sha,
      headRef: data.head.ref,
      baseRef: data.base.ref,
      commitCount: data.commits,
      labels: data.labels.map((l) => l.name),
      assignees: (data.assignees ?? []).map((a) => a.login),
      author: data.user.login,
      createdAt: data.created_at,
    };
  } catch (err) {
    throw new UserError(describeApiError(err, `reading PR #${number}`, 'pull-requests: read'));
  }
}

/** The PR's commits, oldest first, as the API lists them (at most 250). */
export async function listPullCommits(
  github: GitHub,
  repo: Repo,
  number: number,
): Promise<CommitFacts[]> {
  try {
    const commits = await github.paginate(github.rest.pulls.listCommits, {
      ...repo,
      pull_number: number,
      per_page: 100,
    });
    return commits.slice(0, API_COMMIT_LIMIT).map((c) => ({
      sha: c.sha,
      message: c.commit.message,
      authorName: c.commit.author?.name ?? '',
      authorEmail: c.commit.author?.email ?? '',
      authorDate: c.commit.author?.date ?? '',
      parents: c.parents.length,
    }));
  } catch (err) {
    throw new UserError(
      describeApiError(err, `listing the commits of PR #${number}`, 'pull-requests: read'),
    );
  }
}

/** admin, write, read or none: the permission GitHub reports for a user on the repository. */
export async function permissionOf(github: GitHub, repo: Repo, login: string): Promise<string> {
  try {
    const { data } = await github.rest.repos.getCollaboratorPermissionLevel({
      ...repo,
      username: login,
    });
    return data.permission;
  } catch (err) {
    if (statusOf(err) === 404) return 'none';
    throw new UserError(describeApiError(err, `checking ${login}'s permission`, 'metadata: read'));
  }
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

/**
 * Labels and assignees in one PATCH: mutating requests are throttled to one a second
 * (GitHub's guidance against secondary rate limits), so each saved call is a second saved
 * per target. The PR is new: setting replaces nothing.
 */
export async function setLabelsAndAssignees(
  github: GitHub,
  repo: Repo,
  number: number,
  labels: string[],
  assignees: string[],
): Promise<void> {
  if (!labels.length && !assignees.length) return;
  await github.rest.issues.update({
    ...repo,
    issue_number: number,
    ...(labels.length ? { labels } : {}),
    ...(assignees.length ? { assignees } : {}),
  });
}

const GRAPHQL_METHOD: Record<MergeMethod, string> = {
  merge: 'MERGE',
  squash: 'SQUASH',
  rebase: 'REBASE',
};

/**
 * GitHub enables auto-merge only through GraphQL. Returns undefined when enabled, else what
 * GitHub said (auto-merge not allowed in the repository settings, a draft PR, ...).
 */
export async function enableAutoMerge(
  github: GitHub,
  nodeId: string,
  method: MergeMethod,
): Promise<string | undefined> {
  try {
    await github.graphql(
      `mutation($id: ID!, $mergeMethod: PullRequestMergeMethod!) {
        enablePullRequestAutoMerge(input: { pullRequestId: $id, mergeMethod: $mergeMethod }) {
          pullRequest { number autoMergeRequest { enabledAt } }
        }
      }`,
      { id: nodeId, mergeMethod: GRAPHQL_METHOD[method] },
    );
    return undefined;
  } catch (err) {
    const errors = (err as { errors?: { message?: string }[] }).errors;
    return errors?.map((e) => e.message).join('; ') || (err as Error).message;
  }
}
