// What a rollback should do, decided from the environment's deployment history alone (pure):
// which deployment failed, where to go back to, and whether there is anything left to do.
// GitHub's record is the state: a second run for the same failed deployment finds the
// rollback already done there, not in a file on a runner.
import {
  currentState,
  deploymentName,
  isUnfinished,
  rollbackTarget,
  rollbackOf,
  rollbacksOf,
  versionOf,
  wasGood,
  type DeploymentWithStatuses,
} from '../shared/github/deployments.ts';
import { shortSha } from '../shared/git/sha.ts';

export interface RollbackTarget {
  /** What is deployed: the good deployment's ref, or the ref given. */
  ref: string;
  sha: string;
  /** The version, when known (the good deployment's payload, or a version tag given). */
  version: string;
  /** The newest good deployment of this commit, when the history has one. */
  deployment?: DeploymentWithStatuses;
  /** How it was chosen, for people. */
  how: string;
}

export type Decision =
  | { kind: 'already-rolled-back'; rollback: DeploymentWithStatuses }
  | { kind: 'already-on-target'; current: DeploymentWithStatuses; target: RollbackTarget }
  | { kind: 'superseded'; newer: DeploymentWithStatuses }
  | { kind: 'impossible'; message: string; hint: string }
  | {
      kind: 'roll-back';
      target: RollbackTarget;
      /** Rollbacks of the failed deployment an earlier run left unfinished: closed as error. */
      abandoned: DeploymentWithStatuses[];
      /** An earlier rollback of it that failed: this run tries again. */
      retryOf?: DeploymentWithStatuses;
    };

/**
 * Without failed-deployment-id, the deployment to roll back: what the environment runs now,
 * its newest deployment; unless that is a rollback, then the deployment it replaced. A run
 * again (a re-run, a second click) finds the rollback done instead of rolling back further;
 * going further back takes an explicit target (`targetGiven`), which rolls back the rollback.
 */
export function impliedFailed(
  history: DeploymentWithStatuses[],
  { targetGiven }: { targetGiven: boolean },
): number | undefined {
  const newest = history[0];
  if (!newest) return undefined;
  const of = Number(newest.payload['rollback-of']);
  const isRollback = Number.isInteger(of) && of > 0;
  return isRollback && !(targetGiven && wasGood(newest.statuses)) ? of : newest.id;
}

/** The last good deployment of another commit before the failed one. */
export function previousTarget(
  history: DeploymentWithStatuses[],
  failed: DeploymentWithStatuses,
): RollbackTarget | undefined {
  const d = rollbackTarget(history, { sha: failed.sha, before: failed.id });
  if (!d) return undefined;
  return {
    ref: d.ref,
    sha: d.sha,
    version: versionOf(d),
    deployment: d,
    how: `the last good deployment before ${failed.id}`,
  };
}

/** A ref the person gave, resolved to its commit, with its good deployment when there is one. */
export function givenTarget(
  history: DeploymentWithStatuses[],
  ref: string,
  sha: string,
): RollbackTarget {
  const d = history.find((x) => x.sha === sha && wasGood(x.statuses));
  const tagVersion = /^v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/.test(ref) ? ref : '';
  return {
    ref,
    sha,
    version: (d ? versionOf(d) : '') || tagVersion,
    ...(d ? { deployment: d } : {}),
    how: 'given as target',
  };
}

/**
 * The decision for one failed deployment, in this order: a good rollback of it already exists;
 * there is nowhere to go; the environment already runs the target; something newer replaced
 * the failed deployment; the target is the failed commit itself; else roll back.
 */
export function decide(
  history: DeploymentWithStatuses[],
  failed: DeploymentWithStatuses,
  target: RollbackTarget | undefined,
): Decision {
  const rollbacks = rollbacksOf(history, failed.id);
  const done = rollbacks.find((r) => wasGood(r.statuses));
  if (done) return { kind: 'already-rolled-back', rollback: done };

  if (!target) {
    return {
      kind: 'impossible',
      message: `No earlier successful deployment of ${failed.environment} before deployment ${failed.id} (${deploymentName(failed)}) among the last ${history.length} deployments: there is no last good version to roll back to.`,
      hint: 'Pass target: the branch, tag or sha of a version known to work (e.g. the previous release tag), or restore the service by hand.',
    };
  }

  const current = history[0];
  if (current && current.sha === target.sha && wasGood(current.statuses)) {
    return { kind: 'already-on-target', current, target };
  }

  const newer = history.find((d) => d.id > failed.id && rollbackOf(d) !== failed.id);
  if (newer) return { kind: 'superseded', newer };

  if (target.sha === failed.sha) {
    return {
      kind: 'impossible',
      message: `The target ${target.ref} is the commit deployment ${failed.id} deployed (${shortSha(failed.sha)}): rolling back to it changes nothing.`,
      hint: 'Pass target: previous (the last good deployment before it), or the branch, tag or sha of an earlier version.',
    };
  }

  const retryOf = rollbacks.find((r) => !isUnfinished(r));
  return {
    kind: 'roll-back',
    target,
    abandoned: rollbacks.filter(isUnfinished),
    ...(retryOf ? { retryOf } : {}),
  };
}

/** Why the failed deployment is being rolled back: the reason given, else its last bad status. */
export function defaultReason(failed: DeploymentWithStatuses, actor: string): string {
  const bad = failed.statuses.find((s) => s.state === 'failure' || s.state === 'error');
  if (bad?.description) return bad.description;
  const state = currentState(failed.statuses);
  return `rollback of deployment ${failed.id}${state ? ` (${state})` : ''} requested by ${actor || 'the workflow'}`;
}
