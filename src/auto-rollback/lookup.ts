// The GitHub reads a rollback decides from: the failed deployment (by id, or what the
// environment runs now) and the commit a target ref names.
import {
  wasGood,
  type Deployments,
  type DeploymentWithStatuses,
  type Repo,
} from '../shared/github/deployments.ts';
import { InputError } from '../shared/runner/errors.ts';
import { impliedFailed } from './decide.ts';
import { isSha } from '../shared/git/sha.ts';

/** The repository's commits, as GitHub names them (adapters.ts builds it from octokit). */
export interface Commits {
  /**
   * The sha a branch, tag or sha names; undefined when GitHub knows no commit by that name.
   * Other failures are UserErrors that say what failed and which permission it needs.
   */
  shaOf(ref: string): Promise<string | undefined>;
  /** Whether a tag of that name exists (a branch of that name does not count). */
  isTag(name: string): Promise<boolean>;
}

const RELEASE_TAG = /^v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/;

export interface TargetCheck {
  deployments: Deployments;
  commits: Commits;
  history: DeploymentWithStatuses[];
  environment: string;
  ref: string;
  sha: string;
}

/**
 * Whether a manual target may be deployed: a commit the environment ran, verified healthy,
 * before (any deployment of it, not only the recent history), or a release tag. Anything
 * else (an unreviewed branch, say) is not a rollback but a deploy, and goes through the
 * hotfix pipeline; the policy's rollback.allow-any-ref lifts the rule.
 */
export async function allowedTarget(t: TargetCheck): Promise<boolean> {
  if (t.history.some((d) => d.sha === t.sha && wasGood(d.statuses))) return true;
  const ofSha = await t.deployments.history(t.environment, 100, t.sha);
  if (ofSha.some((d) => d.sha === t.sha && wasGood(d.statuses))) return true;
  return RELEASE_TAG.test(t.ref) && (await t.commits.isTag(t.ref));
}

export interface FailedLookup {
  deployments: Deployments;
  /** The environment's deployments, newest first. */
  history: DeploymentWithStatuses[];
  environment: string;
  /** The failed-deployment-id input; undefined: what the history implies. */
  id: number | undefined;
  targetGiven: boolean;
}

/** The deployment given by id (from the history when it is there), checked to be of the environment. */
export async function failedDeployment(
  l: FailedLookup,
): Promise<DeploymentWithStatuses | undefined> {
  const id = l.id ?? impliedFailed(l.history, { targetGiven: l.targetGiven });
  if (id === undefined) return undefined;
  const known = l.history.find((d) => d.id === id);
  if (known) return known;
  // A 404 here says the id is wrong (or the token may not read deployments).
  const d = await l.deployments.get(id);
  if (d.environment !== l.environment)
    throw new InputError(
      'failed-deployment-id',
      String(id),
      `a deployment of ${l.environment} (it deployed to ${d.environment})`,
    );
  return { ...d, statuses: await l.deployments.statuses(id) };
}

/** The commit a branch, tag or sha names, as GitHub resolves it. */
export async function resolveCommit(commits: Commits, repo: Repo, ref: string): Promise<string> {
  const sha = await commits.shaOf(ref);
  if (sha === undefined)
    throw new InputError(
      'target',
      ref,
      `a branch, tag or commit of ${repo.owner}/${repo.repo} (GitHub knows no commit by that name)`,
    );
  return sha;
}

/**
 * The name the rollback command gets as DEPLOY_REF: the target's ref while it still names the
 * target's commit (a release tag: what a deploy script turns into an image tag), else its sha,
 * never a branch that has moved on since that deploy.
 */
export async function stableRef(
  commits: Commits,
  target: { ref: string; sha: string },
): Promise<string> {
  if (!target.ref || isSha(target.ref)) return target.sha;
  try {
    return (await commits.shaOf(target.ref)) === target.sha ? target.ref : target.sha;
  } catch {
    return target.sha; // gone or unreadable: the sha is always right
  }
}
