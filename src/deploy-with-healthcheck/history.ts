// What the environment's deployment history says before this deploy: whether an earlier
// attempt of this same workflow run already did the work (the rollback target comes from
// rollbackTarget in src/shared/deployments.ts).
import type { DeploymentWithStatuses } from '../shared/github/deployments.ts';

// Moved to src/shared/deployments.ts (auto-rollback closes abandoned rollbacks with it).
export { isUnfinished } from '../shared/github/deployments.ts';

/** The newest deployment this workflow run made of the same ref, from an earlier attempt. */
export function earlierAttempt(
  history: readonly DeploymentWithStatuses[],
  run: { runId: string; ref: string },
): DeploymentWithStatuses | undefined {
  if (!run.runId) return undefined;
  return history.find((d) => String(d.payload['run-id'] ?? '') === run.runId && d.ref === run.ref);
}
