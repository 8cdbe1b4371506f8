// The REST calls behind the Deployments port (deployments.ts): octokit in, the record's
// plain shapes out, every failure a UserError naming the permission it needs.
import { describeApiError, type GitHub, type Repo } from './client.ts';
import type {
  Deployment,
  DeploymentPayload,
  DeploymentState,
  DeploymentStatus,
  DeploymentWithStatuses,
  Deployments,
  NewDeployment,
  NewDeploymentStatus,
} from './deployments.ts';
import { UserError } from '../runner/errors.ts';

/** The Deployments port over octokit, for one repository. */
export function gitHubDeployments(github: GitHub, repo: Repo): Deployments {
  return {
    history: (environment, limit, sha) => deploymentHistory(github, repo, environment, limit, sha),
    create: (d) => createDeployment(github, repo, d),
    setStatus: (id, s) => setDeploymentStatus(github, repo, id, s),
    get: (id) => getDeployment(github, repo, id),
    statuses: (id) => deploymentStatuses(github, repo, id),
  };
}

const PERMISSION = 'deployments: write';
// GitHub refuses longer status descriptions with a 422.
const MAX_DESCRIPTION = 140;

export async function createDeployment(
  github: GitHub,
  repo: Repo,
  d: NewDeployment,
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
  s: NewDeploymentStatus,
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

/** The environment's most recent deployments, newest first, each with its statuses. */
export async function deploymentHistory(
  github: GitHub,
  repo: Repo,
  environment: string,
  limit = 30,
  sha?: string,
): Promise<DeploymentWithStatuses[]> {
  let page: Deployment[];
  try {
    const { data } = await github.rest.repos.listDeployments({
      ...repo,
      environment,
      ...(sha ? { sha } : {}),
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

function truncate(text: string): string {
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}

/** A deployment as the REST API answers it (the fields the suite reads). */
export interface ApiDeployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  description?: string | null;
  payload: unknown;
  creator: { login: string } | null;
  created_at: string;
}

export function toDeployment(d: ApiDeployment): Deployment {
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

export interface ApiStatus {
  id: number;
  state: string;
  description?: string;
  environment_url?: string;
  log_url?: string;
  created_at: string;
}

export function toStatus(s: ApiStatus): DeploymentStatus {
  return {
    id: s.id,
    state: s.state as DeploymentState,
    description: s.description ?? '',
    environmentUrl: s.environment_url ?? '',
    logUrl: s.log_url ?? '',
    createdAt: s.created_at,
  };
}
