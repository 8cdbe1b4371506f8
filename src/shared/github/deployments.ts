// GitHub deployments are the suite's record of what is live where: deploy-with-healthcheck
// writes them, auto-rollback finds the last good version in them, notify rebuilds the
// incident timeline from them. State lives in GitHub, so any job can pick up the story.
import type { GitHub, Repo } from './client.ts';

export type { Repo };
import { describeApiError } from './client.ts';
import { UserError } from '../runner/errors.ts';
import { isSha, shortSha } from '../git/sha.ts';

export type DeploymentState =
  'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';

/** What the suite stores in a deployment's payload; every field optional, others kept. */
export interface DeploymentPayload {
  /** The version deployed, e.g. v1.5.1. */
  version?: string;
  /** The hotfix PR this deployment ships. */
  pr?: number;
  severity?: string;
  /** For a rollback: the id of the deployment it replaced. */
  'rollback-of'?: number;
  [key: string]: unknown;
}

export interface Deployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  description: string | null;
  payload: DeploymentPayload;
  creator: string | undefined;
  createdAt: string;
}

export interface DeploymentStatus {
  id: number;
  state: DeploymentState;
  description: string;
  environmentUrl: string;
  logUrl: string;
  createdAt: string;
}

const PERMISSION = 'deployments: write';
// GitHub refuses longer status descriptions with a 422.
const MAX_DESCRIPTION = 140;

export async function createDeployment(
  github: GitHub,
  repo: Repo,
  d: {
    ref: string;
    environment: string;
    description: string;
    payload: DeploymentPayload;
    production?: boolean;
  },
): Promise<Deployment> {
  try {
    const { data, status } = await github.rest.repos.createDeployment({
      ...repo,
      ref: d.ref,
      environment: d.environment,
      description: truncate(d.description),
      payload: d.payload as Record<string, unknown>,
      // A hotfix must not wait for, or be merged with, anything else: deploy exactly this ref.
      auto_merge: false,
      required_contexts: [],
      ...(d.production === undefined ? {} : { production_environment: d.production }),
    });
    if (status !== 201 || !('id' in data)) {
      throw new UserError(
        `GitHub did not create a deployment of ${d.ref}: ${JSON.stringify(data)}`,
      );
    }
    return toDeployment(data);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(
      describeApiError(err, `creating a deployment of ${d.ref} to ${d.environment}`, PERMISSION),
    );
  }
}

export async function setDeploymentStatus(
  github: GitHub,
  repo: Repo,
  id: number,
  s: { state: DeploymentState; description: string; logUrl?: string; environmentUrl?: string },
): Promise<DeploymentStatus> {
  try {
    const { data } = await github.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: id,
      state: s.state,
      description: truncate(s.description),
      ...(s.logUrl ? { log_url: s.logUrl } : {}),
      ...(s.environmentUrl ? { environment_url: s.environmentUrl } : {}),
    });
    return toStatus(data);
  } catch (err) {
    throw new UserError(
      describeApiError(err, `setting deployment ${id} to ${s.state}`, PERMISSION),
    );
  }
}

export async function getDeployment(github: GitHub, repo: Repo, id: number): Promise<Deployment> {
  try {
    const { data } = await github.rest.repos.getDeployment({ ...repo, deployment_id: id });
    return toDeployment(data);
  } catch (err) {
    throw new UserError(describeApiError(err, `reading deployment ${id}`, 'deployments: read'));
  }
}

/** A deployment's statuses, newest first. */
export async function deploymentStatuses(
  github: GitHub,
  repo: Repo,
  id: number,
): Promise<DeploymentStatus[]> {
  try {
    const data = await github.paginate(github.rest.repos.listDeploymentStatuses, {
      ...repo,
      deployment_id: id,
      per_page: 100,
    });
    return data.map(toStatus);
  } catch (err) {
    throw new UserError(
      describeApiError(err, `reading the statuses of deployment ${id}`, 'deployments: read'),
    );
  }
}

export interface DeploymentWithStatuses extends Deployment {
  /** Newest first. */
  statuses: DeploymentStatus[];
}

/** The environment's most recent deployments, newest first, each with its statuses. */
export async function deploymentHistory(
  github: GitHub,
  repo: Repo,
  environment: string,
  limit = 30,
): Promise<DeploymentWithStatuses[]> {
  let page: Deployment[];
  try {
    const { data } = await github.rest.repos.listDeployments({
      ...repo,
      environment,
      per_page: Math.min(limit, 100),
    });
    page = data.map(toDeployment);
  } catch (err) {
    throw new UserError(
      describeApiError(err, `listing deployments of ${environment}`, 'deployments: read'),
    );
  }
  return Promise.all(
    page.map(async (d) => ({ ...d, statuses: await deploymentStatuses(github, repo, d.id) })),
  );
}

/** The version a deployment's payload records; '' when none does. */
export function versionOf(d: { payload: DeploymentPayload }): string {
  return typeof d.payload.version === 'string' ? d.payload.version : '';
}

/** A short name for people: the version, else the ref (unless it is a sha), else the short sha. */
export function displayName(d: { ref: string; sha: string; version?: string }): string {
  if (d.version) return d.version;
  if (d.ref && !isSha(d.ref)) return d.ref;
  return shortSha(d.sha);
}

/** A deployment's name for people: its version, ref or short sha. */
export function deploymentName(d: Pick<Deployment, 'ref' | 'sha' | 'payload'>): string {
  return displayName({ ...d, version: versionOf(d) });
}

/** The current state: the newest status, or undefined when none was set yet. */
export function currentState(statuses: DeploymentStatus[]): DeploymentState | undefined {
  return statuses[0]?.state;
}

/**
 * Still marked as running (or never given a status): a run that died (runner lost, job
 * killed) before it finished, or one still at work.
 */
export function isUnfinished(d: { statuses: DeploymentStatus[] }): boolean {
  const s = currentState(d.statuses);
  return s === undefined || s === 'in_progress' || s === 'queued' || s === 'pending';
}

/** The rollbacks made of a deployment (payload `rollback-of`), newest first. */
export function rollbacksOf(
  history: DeploymentWithStatuses[],
  id: number,
): DeploymentWithStatuses[] {
  return history.filter((d) => Number(d.payload['rollback-of']) === id);
}

/**
 * True when a deployment was verified healthy and nothing later said otherwise: it has a
 * success status, and no failure or error came after it (inactive, set when a newer
 * deployment replaces it, does not take the success back).
 */
export function wasGood(statuses: DeploymentStatus[]): boolean {
  for (const s of statuses) {
    if (s.state === 'success') return true;
    if (s.state === 'failure' || s.state === 'error') return false;
  }
  return false;
}

/**
 * The newest good deployment older than `before` (a deployment id; GitHub's ids grow with
 * time), from a newest-first history.
 */
export function lastGood(
  history: DeploymentWithStatuses[],
  before?: number,
): DeploymentWithStatuses | undefined {
  return history.find((d) => (before === undefined || d.id < before) && wasGood(d.statuses));
}

/**
 * Where a rollback goes: the newest good deployment older than `before`, of another commit
 * than `sha` (returning to the commit that just failed would change nothing).
 */
export function rollbackTarget(
  history: DeploymentWithStatuses[],
  opts: { sha: string; before?: number },
): DeploymentWithStatuses | undefined {
  return lastGood(
    history.filter((d) => d.sha !== opts.sha),
    opts.before,
  );
}

function truncate(text: string): string {
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}

interface ApiDeployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  description?: string | null;
  payload: unknown;
  creator: { login: string } | null;
  created_at: string;
}

function toDeployment(d: ApiDeployment): Deployment {
  const payload = typeof d.payload === 'string' ? safeJson(d.payload) : d.payload;
  return {
    id: d.id,
    sha: d.sha,
    ref: d.ref,
    environment: d.environment,
    description: d.description ?? null,
    payload: payload && typeof payload === 'object' ? (payload as DeploymentPayload) : {},
    creator: d.creator?.login,
    createdAt: d.created_at,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

interface ApiStatus {
  id: number;
  state: string;
  description?: string;
  environment_url?: string;
  log_url?: string;
  created_at: string;
}

function toStatus(s: ApiStatus): DeploymentStatus {
  return {
    id: s.id,
    state: s.state as DeploymentState,
    description: s.description ?? '',
    environmentUrl: s.environment_url ?? '',
    logUrl: s.log_url ?? '',
    createdAt: s.created_at,
  };
}
