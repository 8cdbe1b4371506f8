// The octokit calls behind the backport's GitHub port (github.ts): the original PR and its
// commits, the commenter's permission, labels, assignees and auto-merge of a backport PR.
// Finding and opening PRs are in src/shared/github/pulls.ts (auto-rollback opens PRs too).
import { describeApiError, statusOf, type GitHub, type Repo } from '../shared/github/client.ts';
import { UserError } from '../shared/runner/errors.ts';
import type { CommitFacts, MergeMethod } from './merge-method.ts';
import { API_COMMIT_LIMIT } from './merge-method.ts';
import type { OriginalPull } from './github.ts';

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

/**
 * Merges a PR now (PUT /pulls/{n}/merge), only if its head is still `sha`. Undefined when
 * merged, else what GitHub said (a required check or review, a merge method the repository
 * does not allow, a head that moved).
 */
export async function mergePull(
  github: GitHub,
  repo: Repo,
  number: number,
  method: MergeMethod,
  sha: string,
): Promise<string | undefined> {
  try {
    await github.rest.pulls.merge({ ...repo, pull_number: number, merge_method: method, sha });
    return undefined;
  } catch (err) {
    return describeApiError(err, `merging #${number}`, 'contents: write');
  }
}
