// The GitHub reads a rollback decides from: the failed deployment (by id, or what the
// environment runs now) and the commit a target ref names.
import { describeApiError, statusOf, type GitHub } from '../shared/github/client.ts';
import {
  deploymentStatuses,
  getDeployment,
  type DeploymentWithStatuses,
  type Repo,
} from '../shared/github/deployments.ts';
import { InputError, UserError } from '../shared/runner/errors.ts';
import { impliedFailed } from './decide.ts';
import { isSha } from '../shared/git/sha.ts';

/** The deployment given by id (from the history when it is there), checked to be of the environment. */
export async function failedDeployment(
  github: GitHub,
  repo: Repo,
  history: DeploymentWithStatuses[],
  environment: string,
  id: number | undefined,
  targetGiven: boolean,
): Promise<DeploymentWithStatuses | undefined> {
  if (id === undefined) {
    const implied = impliedFailed(history, { targetGiven });
    if (implied === undefined) return undefined;
    id = implied;
  }
  const known = history.find((d) => d.id === id);
  if (known) return known;
  // A 404 here says the id is wrong (or the token may not read deployments).
  const d = await getDeployment(github, repo, id);
  if (d.environment !== environment)
    throw new InputError(
      'failed-deployment-id',
      String(id),
      `a deployment of ${environment} (it deployed to ${d.environment})`,
    );
  return { ...d, statuses: await deploymentStatuses(github, repo, id) };
}

/** The commit a branch, tag or sha names, as GitHub resolves it. */
export async function resolveCommit(github: GitHub, repo: Repo, ref: string): Promise<string> {
  try {
    const { data } = await github.rest.repos.getCommit({ ...repo, ref });
    return data.sha;
  } catch (err) {
    const status = statusOf(err);
    if (status === 422 || status === 404)
      throw new InputError(
        'target',
        ref,
        `a branch, tag or commit of ${repo.owner}/${repo.repo} (GitHub knows no commit by that name)`,
      );
    throw new UserError(describeApiError(err, `resolving target ${ref}`, 'contents: read'));
  }
}

/**
 * The name the rollback command gets as DEPLOY_REF: the target's ref while it still names the
 * target's commit (a release tag: what a deploy script turns into an image tag), else its sha,
 * never a branch that has moved on since that deploy.
 */
export async function stableRef(
  github: GitHub,
  repo: Repo,
  target: { ref: string; sha: string },
): Promise<string> {
  if (!target.ref || isSha(target.ref)) return target.sha;
  try {
    return (await resolveCommit(github, repo, target.ref)) === target.sha ? target.ref : target.sha;
  } catch {
    return target.sha; // gone or unreadable: the sha is always right
  }
}
