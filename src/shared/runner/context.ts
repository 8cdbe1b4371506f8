// What the runner tells an action about the run: the event, its payload, the repository.
// Read from the environment the runner sets, the same way @actions/github's context does,
// without loading octokit for actions that never call the API.
import { readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Repo } from '../github/client.ts';
import { UserError } from './errors.ts';

/** The parts of a webhook payload the suite reads; everything else is left untyped. */
export interface PayloadUser {
  login: string;
}
export interface PayloadLabel {
  name: string;
}
export interface PayloadPullRequest {
  number: number;
  title: string;
  body: string | null;
  html_url?: string;
  created_at?: string;
  merged_at?: string | null;
  merged?: boolean;
  state?: string;
  user?: PayloadUser | null;
  labels?: PayloadLabel[];
  head: { ref: string; sha: string; repo?: { full_name: string } | null };
  base: { ref: string; sha: string; repo?: { full_name: string } | null };
}
export interface PayloadIssue {
  number: number;
  title: string;
  body?: string | null;
  html_url?: string;
  created_at?: string;
  user?: PayloadUser | null;
  labels?: PayloadLabel[];
  pull_request?: unknown;
}
export interface EventPayload {
  action?: string;
  pull_request?: PayloadPullRequest;
  issue?: PayloadIssue;
  head_commit?: { message?: string; id?: string } | null;
  inputs?: Record<string, unknown>;
  sender?: PayloadUser;
  repository?: { default_branch?: string; full_name?: string };
  [key: string]: unknown;
}

export interface RunContext {
  eventName: string;
  payload: EventPayload;
  owner: string;
  repo: string;
  sha: string;
  ref: string;
  actor: string;
  runId: string;
  runAttempt: string;
  serverUrl: string;
  apiUrl: string;
  /** The checked-out repository, when the job checked it out. */
  workspace: string | undefined;
  /** Link to this run's log, for deployment statuses and messages. */
  runUrl: string;
  /** RUNNER_TEMP: where scratch repositories and reports go; the OS temp dir outside a runner. */
  tempDir: string;
  /** GITHUB_WORKFLOW_REF: `owner/repo/.github/workflows/file.yml@ref`; empty outside a runner. */
  workflowRef: string;
}

/** The `{ owner, repo }` pair octokit calls take (and nothing else: it sends every field). */
export function repoOf(ctx: Pick<RunContext, 'owner' | 'repo'>): Repo {
  return { owner: ctx.owner, repo: ctx.repo };
}

export function readContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const repository = env.GITHUB_REPOSITORY ?? '';
  const [owner = '', repo = ''] = repository.split('/');
  if (!owner || !repo) {
    throw new UserError(
      'GITHUB_REPOSITORY is not set to "owner/repo": run this action in a GitHub Actions job',
    );
  }
  const serverUrl = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/$/, '');
  const runId = env.GITHUB_RUN_ID ?? '';
  const workspace = env.GITHUB_WORKSPACE;
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload: readPayload(env.GITHUB_EVENT_PATH),
    owner,
    repo,
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    actor: env.GITHUB_ACTOR ?? '',
    runId,
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
    serverUrl,
    apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''),
    workspace: workspace && existsSync(workspace) ? workspace : undefined,
    runUrl: `${serverUrl}/${owner}/${repo}/actions/runs/${runId}`,
    tempDir: env.RUNNER_TEMP || tmpdir(),
    workflowRef: env.GITHUB_WORKFLOW_REF ?? '',
  };
}

function readPayload(path: string | undefined): EventPayload {
  if (!path || !existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as EventPayload;
  } catch (err) {
    throw new UserError(`GITHUB_EVENT_PATH ${path} is not valid JSON: ${String(err)}`);
  }
}

/** `refs/heads/hotfix/x` -> `hotfix/x`; undefined for tags and pull refs. */
export function branchOf(ref: string): string | undefined {
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
}

export function isPullRequestEvent(eventName: string): boolean {
  return (
    eventName === 'pull_request' ||
    eventName === 'pull_request_target' ||
    eventName === 'pull_request_review'
  );
}
