// GitHub's JSON for the fake's records: each object starts as a copy of GitHub's published
// example, so it carries every field clients may read, then takes the record's values.
import { example } from './openapi.ts';
import type { IssueRecord, Label, RepoState, User } from './state.ts';

export const HTML_BASE = 'https://github.com';

export function userJson(api: string, u: User): Record<string, unknown> {
  return {
    ...example('simple-user'),
    login: u.login,
    id: u.id,
    node_id: `U_${u.id}`,
    url: `${api}/users/${encodeURIComponent(u.login)}`,
    html_url: `${HTML_BASE}/${encodeURIComponent(u.login)}`,
    type: u.login.endsWith('[bot]') ? 'Bot' : 'User',
    site_admin: false,
  };
}

export function labelJson(api: string, repo: RepoState, l: Label): Record<string, unknown> {
  return {
    ...example('label'),
    id: l.id,
    node_id: `LA_${l.id}`,
    url: `${api}/repos/${repo.owner}/${repo.name}/labels/${encodeURIComponent(l.name)}`,
    name: l.name,
    color: l.color,
    description: l.description,
    default: false,
  };
}

export function labelsOf(
  api: string,
  repo: RepoState,
  issue: IssueRecord,
): Record<string, unknown>[] {
  return issue.labels.map((name) => {
    const l = repo.labels.get(name.toLowerCase());
    return labelJson(api, repo, l ?? { id: 0, name, color: 'ededed', description: '' });
  });
}

/** A deployment's GraphQL node id, as its REST `node_id` gives it and `nodes(ids:)` takes it. */
export const deploymentNodeId = (d: { id: number }): string => `DE_${d.id}`;

export function repoApi(api: string, repo: RepoState): string {
  return `${api}/repos/${repo.owner}/${repo.name}`;
}

/** The assignees of an issue or PR as GitHub lists them. */
function assigneesOf(api: string, i: IssueRecord): Record<string, unknown>[] {
  return i.assignees.map((login) => userJson(api, { login, id: loginId(login) }));
}

/** A stable id for a login the state has not seen. */
function loginId(login: string): number {
  let h = 7;
  for (const c of login) h = (h * 31 + c.charCodeAt(0)) % 1_000_000;
  return 100_000 + h;
}

export function issueJson(api: string, repo: RepoState, i: IssueRecord): Record<string, unknown> {
  const url = `${repoApi(api, repo)}/issues/${i.number}`;
  const html = `${HTML_BASE}/${repo.owner}/${repo.name}/${i.pull ? 'pull' : 'issues'}/${i.number}`;
  const json: Record<string, unknown> = {
    ...example('issue'),
    id: i.id,
    node_id: `I_${i.id}`,
    url,
    repository_url: repoApi(api, repo),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: html,
    number: i.number,
    state: i.state,
    state_reason: i.stateReason ?? (i.state === 'closed' ? 'completed' : null),
    title: i.title,
    body: i.body,
    user: userJson(api, i.user),
    labels: labelsOf(api, repo, i),
    assignee: assigneesOf(api, i)[0] ?? null,
    assignees: assigneesOf(api, i),
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: 0,
    closed_at: i.closedAt,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_by: null,
    author_association: 'MEMBER',
  };
  if (i.pull) {
    json.pull_request = {
      url: `${repoApi(api, repo)}/pulls/${i.number}`,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      merged_at: i.pull.mergedAt,
    };
  } else {
    delete json.pull_request;
  }
  return json;
}

function branchJson(
  api: string,
  repo: RepoState,
  template: Record<string, unknown>,
  b: { ref: string; sha: string },
): Record<string, unknown> {
  const r = template.repo as Record<string, unknown>;
  return {
    ...template,
    label: `${repo.owner}:${b.ref}`,
    ref: b.ref,
    sha: b.sha,
    repo: {
      ...r,
      id: repo.id,
      name: repo.name,
      full_name: `${repo.owner}/${repo.name}`,
      owner: { ...(r.owner as object), login: repo.owner },
      url: repoApi(api, repo),
      html_url: `${HTML_BASE}/${repo.owner}/${repo.name}`,
      default_branch: repo.defaultBranch,
    },
  };
}

/** A full pull request (GET /pulls/{n}); `simple` for list answers. */
export function pullJson(
  api: string,
  repo: RepoState,
  i: IssueRecord,
  simple = false,
): Record<string, unknown> {
  const p = i.pull!;
  const base = simple ? example('pull-request-simple') : example('pull-request');
  const url = `${repoApi(api, repo)}/pulls/${i.number}`;
  const html = `${HTML_BASE}/${repo.owner}/${repo.name}/pull/${i.number}`;
  const json: Record<string, unknown> = {
    ...base,
    url,
    id: i.id,
    node_id: `PR_${i.id}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${repoApi(api, repo)}/issues/${i.number}`,
    number: i.number,
    state: i.state,
    title: i.title,
    body: i.body,
    user: userJson(api, i.user),
    labels: labelsOf(api, repo, i),
    milestone: null,
    assignee: assigneesOf(api, i)[0] ?? null,
    assignees: assigneesOf(api, i),
    requested_reviewers: [],
    requested_teams: [],
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_at: i.closedAt,
    merged_at: p.mergedAt,
    merge_commit_sha: p.mergeCommitSha,
    draft: p.draft,
    head: branchJson(api, repo, base.head as Record<string, unknown>, p.head),
    base: branchJson(api, repo, base.base as Record<string, unknown>, p.base),
    auto_merge: p.autoMerge
      ? {
          enabled_by: userJson(api, {
            login: p.autoMerge.enabledBy,
            id: loginId(p.autoMerge.enabledBy),
          }),
          merge_method: p.autoMerge.mergeMethod.toLowerCase(),
          commit_title: '',
          commit_message: '',
        }
      : null,
    author_association: 'MEMBER',
  };
  if (!simple) {
    Object.assign(json, {
      merged: p.merged,
      mergeable: true,
      merged_by: null,
      comments: 0,
      review_comments: 0,
      // GitHub counts every changed file here, even past the 3000 the files list returns.
      changed_files: p.files.length,
      additions: p.files.reduce((n, f) => n + f.additions, 0),
      deletions: p.files.reduce((n, f) => n + f.deletions, 0),
    });
    if (p.commits.length) json.commits = p.commits.length;
  }
  return json;
}
