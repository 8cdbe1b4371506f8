// Webhook payloads built from the fake GitHub's state, as the runner would write them to
// GITHUB_EVENT_PATH.
import type { FakeGitHub } from './fake-github/server.ts';
import type { RepoState } from './fake-github/state.ts';
import { issueJson, pullJson } from './fake-github/json.ts';

function repository(repo: RepoState) {
  return {
    full_name: `${repo.owner}/${repo.name}`,
    name: repo.name,
    owner: { login: repo.owner },
    default_branch: repo.defaultBranch,
  };
}

export function pullRequestEvent(
  fake: FakeGitHub,
  repo: RepoState,
  number: number,
  action = 'opened',
) {
  const pr = fake.state.pull(repo, number);
  return {
    name: 'pull_request',
    payload: {
      action,
      number,
      pull_request: pullJson(fake.url, repo, pr),
      repository: repository(repo),
      sender: { login: pr.user.login },
    },
    sha: pr.pull.head.sha,
    ref: `refs/pull/${number}/merge`,
  };
}

export function issuesEvent(fake: FakeGitHub, repo: RepoState, number: number, action = 'opened') {
  const issue = fake.state.issue(repo, number);
  return {
    name: 'issues',
    payload: {
      action,
      issue: issueJson(fake.url, repo, issue),
      repository: repository(repo),
      sender: { login: issue.user.login },
    },
    ref: `refs/heads/${repo.defaultBranch}`,
  };
}

export function pushEvent(repo: RepoState, branch: string, sha: string, message = 'fix: hotfix') {
  return {
    name: 'push',
    payload: {
      ref: `refs/heads/${branch}`,
      after: sha,
      head_commit: { id: sha, message },
      repository: repository(repo),
    },
    sha,
    ref: `refs/heads/${branch}`,
  };
}

/** A pull_request event with extra payload fields, e.g. `{ label: { name } }` for `labeled`. */
export function pullRequestEventWith(
  fake: FakeGitHub,
  repo: RepoState,
  number: number,
  action: string,
  extra: Record<string, unknown>,
) {
  const event = pullRequestEvent(fake, repo, number, action);
  return { ...event, payload: { ...event.payload, ...extra } };
}

let commentIds = 900_000;

/** A new comment on an issue or PR, by `login`. */
export function issueCommentEvent(
  fake: FakeGitHub,
  repo: RepoState,
  number: number,
  body: string,
  login: string,
) {
  const issue = fake.state.issue(repo, number);
  const id = ++commentIds;
  return {
    name: 'issue_comment',
    payload: {
      action: 'created',
      issue: issueJson(fake.url, repo, issue),
      comment: { id, body, user: { login }, html_url: `https://github.com/c/${id}` },
      repository: repository(repo),
      sender: { login },
    },
    ref: `refs/heads/${repo.defaultBranch}`,
  };
}
