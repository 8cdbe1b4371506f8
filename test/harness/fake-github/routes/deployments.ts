// Deployments and their statuses: GitHub's record of what is live in which environment.
import { HttpError, paginate, type FakeGitHub } from '../server.ts';
import { example } from '../openapi.ts';
import { deploymentNodeId, repoApi, userJson } from '../json.ts';
import {
  nextId,
  type DeploymentRecord,
  type DeploymentStatusRecord,
  type RepoState,
} from '../state.ts';

const STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'];

function deploymentJson(
  api: string,
  repo: RepoState,
  d: DeploymentRecord,
): Record<string, unknown> {
  const url = `${repoApi(api, repo)}/deployments/${d.id}`;
  return {
    ...example('deployment'),
    url,
    id: d.id,
    node_id: deploymentNodeId(d),
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    original_environment: d.environment,
    environment: d.environment,
    description: d.description,
    creator: userJson(api, d.creator),
    created_at: d.createdAt,
    updated_at: d.statuses.at(-1)?.createdAt ?? d.createdAt,
    statuses_url: `${url}/statuses`,
    repository_url: repoApi(api, repo),
    transient_environment: d.transient,
    production_environment: d.production,
  };
}

function statusJson(
  api: string,
  repo: RepoState,
  d: DeploymentRecord,
  s: DeploymentStatusRecord,
): Record<string, unknown> {
  const url = `${repoApi(api, repo)}/deployments/${d.id}`;
  return {
    ...example('deployment-status'),
    url: `${url}/statuses/${s.id}`,
    id: s.id,
    node_id: `DES_${s.id}`,
    state: s.state,
    creator: userJson(api, s.creator),
    description: s.description,
    environment: s.environment,
    target_url: s.logUrl,
    log_url: s.logUrl,
    environment_url: s.environmentUrl,
    created_at: s.createdAt,
    updated_at: s.createdAt,
    deployment_url: url,
    repository_url: repoApi(api, repo),
  };
}

function find(repo: RepoState, id: string): DeploymentRecord {
  const d = repo.deployments.find((x) => x.id === Number(id));
  if (!d) throw new HttpError(404, 'Not Found');
  return d;
}

export function deploymentRoutes(fake: FakeGitHub): void {
  fake.route('POST', '/repos/{owner}/{repo}/deployments', ({ params, state, base, body }) => {
    const repo = state.repo(params.owner!, params.repo!);
    const ref = body.ref;
    if (typeof ref !== 'string' || ref === '') {
      throw new HttpError(422, 'Invalid request.\n\n"ref" wasn\'t supplied.');
    }
    const sha = state.resolveRef(repo, ref);
    if (!sha) throw new HttpError(422, `No ref found for: ${ref}`);
    const environment = typeof body.environment === 'string' ? body.environment : 'production';
    const payload =
      typeof body.payload === 'string'
        ? body.payload
          ? JSON.parse(body.payload)
          : {}
        : (body.payload ?? {});
    const d: DeploymentRecord = {
      id: nextId(),
      sha,
      ref,
      task: typeof body.task === 'string' ? body.task : 'deploy',
      environment,
      description: typeof body.description === 'string' ? body.description : null,
      payload,
      transient: body.transient_environment === true,
      production:
        typeof body.production_environment === 'boolean'
          ? body.production_environment
          : environment === 'production',
      creator: state.user(fake.actor),
      createdAt: new Date().toISOString(),
      statuses: [],
    };
    repo.deployments.push(d);
    return { status: 201, body: deploymentJson(base, repo, d) };
  });

  fake.route('GET', '/repos/{owner}/{repo}/deployments', (ctx) => {
    const repo = ctx.state.repo(ctx.params.owner!, ctx.params.repo!);
    const q = ctx.query;
    const list = [...repo.deployments]
      .reverse()
      .filter((d) => !q.get('environment') || d.environment === q.get('environment'))
      .filter((d) => !q.get('sha') || d.sha === q.get('sha'))
      .filter((d) => !q.get('ref') || d.ref === q.get('ref'))
      .filter((d) => !q.get('task') || d.task === q.get('task'));
    return paginate(list, ctx, (d) => deploymentJson(ctx.base, repo, d));
  });

  fake.route(
    'GET',
    '/repos/{owner}/{repo}/deployments/{deployment_id}',
    ({ params, state, base }) => {
      const repo = state.repo(params.owner!, params.repo!);
      return { body: deploymentJson(base, repo, find(repo, params.deployment_id!)) };
    },
  );

  fake.route('GET', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', (ctx) => {
    const repo = ctx.state.repo(ctx.params.owner!, ctx.params.repo!);
    const d = find(repo, ctx.params.deployment_id!);
    return paginate(
      [...d.statuses].reverse().map((s) => statusJson(ctx.base, repo, d, s)),
      ctx,
    );
  });

  fake.route(
    'POST',
    '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
    ({ params, state, base, body }) => {
      const repo = state.repo(params.owner!, params.repo!);
      const d = find(repo, params.deployment_id!);
      if (typeof body.state !== 'string' || !STATES.includes(body.state)) {
        throw new HttpError(422, 'Validation Failed', {
          errors: [{ resource: 'DeploymentStatus', code: 'invalid', field: 'state' }],
        });
      }
      const description = typeof body.description === 'string' ? body.description : '';
      if (description.length > 140) {
        throw new HttpError(422, 'Validation Failed', {
          errors: [
            {
              resource: 'DeploymentStatus',
              code: 'custom',
              field: 'description',
              message: 'description is too long (maximum is 140 characters)',
            },
          ],
        });
      }
      const s: DeploymentStatusRecord = {
        id: nextId(),
        state: body.state,
        description,
        environment: typeof body.environment === 'string' ? body.environment : d.environment,
        logUrl:
          typeof body.log_url === 'string'
            ? body.log_url
            : typeof body.target_url === 'string'
              ? body.target_url
              : '',
        environmentUrl: typeof body.environment_url === 'string' ? body.environment_url : '',
        creator: state.user(fake.actor),
        createdAt: new Date().toISOString(),
      };
      d.statuses.push(s);
      // auto_inactive (default true): earlier successful deployments of the same environment
      // that are neither transient nor production become inactive, as GitHub documents.
      if (s.state === 'success' && body.auto_inactive !== false) {
        for (const other of repo.deployments) {
          if (
            other === d ||
            other.environment !== d.environment ||
            other.transient ||
            other.production
          )
            continue;
          if (other.statuses.at(-1)?.state === 'success') {
            other.statuses.push({ ...s, id: nextId(), state: 'inactive', description: '' });
          }
        }
      }
      return { status: 201, body: statusJson(base, repo, d, s) };
    },
  );
}
