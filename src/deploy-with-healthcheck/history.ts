// What the environment's deployment history says before this deploy: whether an earlier
// attempt of this same workflow run already did the work (the rollback target comes from
// rollbackTarget in src/shared/deployments.ts).
import { currentState, type DeploymentWithStatuses } from '../shared/deployments.ts';

/** The newest deployment this workflow run made of the same ref, from an earlier attempt. */
export function earlierAttempt(
  history: readonly DeploymentWithStatuses[],
  run: { runId: string; ref: string },
): DeploymentWithStatuses | undefined {
  if (!run.runId) return undefined;
  return history.find((d) => String(d.payload['run-id'] ?? '') === run.runId && d.ref === run.ref);
}

/** Still marked as running: an attempt that died (runner lost, job killed) before finishing. */
export function isUnfinished(d: DeploymentWithStatuses): boolean {
  const s = currentState(d.statuses);
  return s === undefined || s === 'in_progress' || s === 'queued' || s === 'pending';
}
