// The one definition of an incident's moments and durations, from what GitHub recorded:
// detected (the incident issue or the fix PR opened, whichever came first), deployed (a fix
// deployment verified healthy), rolled back (a rollback of a fix deployment completed) and
// resolved. notify's timeline and hotfix-report both measure with these functions, so a
// "time to resolve" means the same thing in a Slack message and in the monthly report.
//
// The rules: the fix's deployments are this incident's, created at or after its detection
// (never an older deployment of the same version); a duration is never negative; a duration
// whose facts are missing is absent, not zero and not guessed. Pure: plain data in and out.
import { rollbackOf, type Deployment, type DeploymentStatus } from '../github/deployments.ts';

export interface IssueFact {
  number: number;
  createdAt: string;
  closedAt?: string | null;
  url?: string;
}

export interface PullFact extends IssueFact {
  mergedAt?: string | null;
  headSha?: string;
  mergeSha?: string | null;
}

/** A deployment, with its statuses when they were read (any order). */
export type DeploymentFact = Deployment & { statuses?: DeploymentStatus[] };

export interface IncidentFacts<D extends DeploymentFact = DeploymentFact> {
  incidentIssue?: IssueFact;
  pr?: PullFact;
  environment: string;
  /** The environment's deployments (others are ignored), in any order. */
  deployments: D[];
  /** The version being shipped, when known: picks the fix's deployments without a PR. */
  version?: string;
  /** A resolution known otherwise (notify: the time of its `resolved` event). */
  resolvedAt?: string;
}

export interface Detection {
  at: string;
  by: 'issue' | 'pr';
}

/** A moment of the incident and the record that says when it happened. */
export interface Moment<D extends DeploymentFact = DeploymentFact> {
  at: string;
  /** The deployment whose status recorded it (deployed, rolled back, resolved by the fix). */
  deployment?: D;
  /** What recorded the resolution. */
  by?: 'recorded' | 'incident-closed' | 'fix-verified';
}

export interface IncidentMoments<D extends DeploymentFact = DeploymentFact> {
  detected?: Detection;
  /** The deployments that shipped the fix, oldest first. */
  fixes: D[];
  /** The rollbacks of those deployments, oldest first. */
  rollbacks: D[];
  /** The first fix deployment verified healthy (its first success status). */
  deployed?: Moment<D>;
  /** The first rollback of a fix deployment that completed (its first success status). */
  rolledBack?: Moment<D>;
  resolved?: Moment<D>;
}

export interface IncidentDurations {
  /** Detection to the fix verified in the environment. */
  timeToDeployMs?: number;
  /** Detection to resolution. */
  timeToResolveMs?: number;
  /** Detection to the first rollback completed. */
  timeToRollbackMs?: number;
}

/**
 * How the resolution is found. `recorded`: the given resolvedAt, else the incident issue's
 * closing. `recorded-or-verified`: the same, and for a hotfix with no incident issue at all,
 * the verification of the fix that stayed (no later rollback undid it).
 */
export type ResolutionRule = 'recorded' | 'recorded-or-verified';

const time = (iso: string | null | undefined): number => (iso ? Date.parse(iso) : Number.NaN);

/** Detection: the incident issue's creation or the fix PR's, whichever came first. */
export function detection(f: Pick<IncidentFacts, 'incidentIssue' | 'pr'>): Detection | undefined {
  const candidates: Detection[] = [];
  if (f.incidentIssue) candidates.push({ at: f.incidentIssue.createdAt, by: 'issue' });
  if (f.pr) candidates.push({ at: f.pr.createdAt, by: 'pr' });
  const valid = candidates.filter((c) => !Number.isNaN(time(c.at)));
  // The issue first on a tie: it is where people declared the incident.
  valid.sort((a, b) => time(a.at) - time(b.at));
  return valid[0];
}

/**
 * The deployments that shipped the fix, oldest first, rollbacks excluded: this incident's,
 * created at or after its detection (`detectedAt`), that name the PR in their payload, deploy
 * its head or merge commit, or the version being shipped. A deployment of the same version
 * from before the incident (last week's release, the version a rollback returns to) is never
 * the fix. Without a PR or version, every deployment since detection. Without a detection
 * time, the newest matching deployment only: older ones may belong to another incident.
 */
export function fixDeployments<D extends DeploymentFact>(
  f: IncidentFacts<D>,
  detectedAt?: string,
): D[] {
  const since = time(detectedAt);
  const forward = f.deployments.filter(
    (d) =>
      d.environment === f.environment &&
      rollbackOf(d) === undefined &&
      (Number.isNaN(since) || time(d.createdAt) >= since),
  );
  const shas = new Set([f.pr?.headSha, f.pr?.mergeSha].filter((s): s is string => !!s));
  const picked =
    f.pr || f.version
      ? forward.filter(
          (d) =>
            (f.pr !== undefined && Number(d.payload.pr) === f.pr.number) ||
            shas.has(d.sha) ||
            (f.version !== undefined && (d.payload.version === f.version || d.ref === f.version)),
        )
      : forward;
  const ordered = oldestFirst(picked);
  return Number.isNaN(since) ? ordered.slice(-1) : ordered;
}

/** The rollbacks (payload `rollback-of`) of the given deployments, oldest first. */
export function rollbacksAmong<D extends DeploymentFact>(
  deployments: D[],
  of: { id: number }[],
): D[] {
  const ids = new Set(of.map((d) => d.id));
  return oldestFirst(
    deployments.filter((d) => {
      const target = rollbackOf(d);
      return target !== undefined && ids.has(target);
    }),
  );
}

/** The first status in one of the states, by time; undefined when none (or none was read). */
export function firstStatus(
  d: DeploymentFact,
  states: DeploymentStatus['state'][],
): DeploymentStatus | undefined {
  return oldestFirst((d.statuses ?? []).filter((s) => states.includes(s.state))).find(
    (s) => !Number.isNaN(time(s.createdAt)),
  );
}

/** When a deployment was verified healthy: its first success status. */
export function verifiedAt(d: DeploymentFact): string | undefined {
  return firstStatus(d, ['success'])?.createdAt;
}

/** Every moment the facts establish; a moment whose facts are missing is absent. */
export function incidentMoments<D extends DeploymentFact>(
  f: IncidentFacts<D>,
  rule: ResolutionRule = 'recorded',
): IncidentMoments<D> {
  const detected = detection(f);
  const fixes = fixDeployments(f, detected?.at);
  const rollbacks = rollbacksAmong(
    f.deployments.filter((d) => d.environment === f.environment),
    fixes,
  );
  const deployed = earliest(fixes);
  const rolledBack = earliest(rollbacks);
  const resolved = resolution(f, rule, fixes, rollbacks);
  return {
    ...(detected ? { detected } : {}),
    fixes,
    rollbacks,
    ...(deployed ? { deployed } : {}),
    ...(rolledBack ? { rolledBack } : {}),
    ...(resolved ? { resolved } : {}),
  };
}

/** The durations from detection; each absent when a fact is missing or it would be negative. */
export function incidentDurations(m: IncidentMoments): IncidentDurations {
  const from = m.detected?.at;
  const out: IncidentDurations = {};
  const deploy = durationMs(from, m.deployed?.at);
  const resolve = durationMs(from, m.resolved?.at);
  const rollback = durationMs(from, m.rolledBack?.at);
  if (deploy !== undefined) out.timeToDeployMs = deploy;
  if (resolve !== undefined) out.timeToResolveMs = resolve;
  if (rollback !== undefined) out.timeToRollbackMs = rollback;
  return out;
}

/** Milliseconds from one time to a later one; undefined when either is missing or it is negative. */
export function durationMs(
  from: string | null | undefined,
  to: string | null | undefined,
): number | undefined {
  const ms = time(to) - time(from);
  return Number.isNaN(ms) || ms < 0 ? undefined : ms;
}

/** The first of the deployments to be verified healthy, as a moment. */
function earliest<D extends DeploymentFact>(deployments: D[]): Moment<D> | undefined {
  let best: Moment<D> | undefined;
  for (const d of deployments) {
    const at = verifiedAt(d);
    if (at && (!best || time(at) < time(best.at))) best = { at, deployment: d };
  }
  return best;
}

function resolution<D extends DeploymentFact>(
  f: IncidentFacts<D>,
  rule: ResolutionRule,
  fixes: D[],
  rollbacks: D[],
): Moment<D> | undefined {
  if (f.resolvedAt && !Number.isNaN(time(f.resolvedAt)))
    return { at: f.resolvedAt, by: 'recorded' };
  if (f.incidentIssue) {
    const closed = f.incidentIssue.closedAt;
    return closed && !Number.isNaN(time(closed))
      ? { at: closed, by: 'incident-closed' }
      : undefined;
  }
  return rule === 'recorded-or-verified' ? stayedVerified(fixes, rollbacks) : undefined;
}

/**
 * The verification of the fix that stayed: the first fix deployment verified after the last
 * rollback started (any verified fix when there was no rollback) whose last verdict is still
 * success (no failure or error came after it). Undefined while a rollback or a failure has
 * the last word.
 */
function stayedVerified<D extends DeploymentFact>(
  fixes: D[],
  rollbacks: D[],
): Moment<D> | undefined {
  const lastRollback = Math.max(
    Number.NEGATIVE_INFINITY,
    ...rollbacks.map((r) => time(r.createdAt)),
  );
  const stayed = fixes.filter((d) => {
    const at = verifiedAt(d);
    return at !== undefined && time(at) > lastRollback && lastVerdict(d) === 'success';
  });
  const m = earliest(stayed);
  return m ? { ...m, by: 'fix-verified' } : undefined;
}

/** The newest success, failure or error status's state. */
function lastVerdict(d: DeploymentFact): DeploymentStatus['state'] | undefined {
  return oldestFirst(
    (d.statuses ?? []).filter((s) => ['success', 'failure', 'error'].includes(s.state)),
  ).at(-1)?.state;
}

function oldestFirst<T extends { createdAt: string; id: number }>(xs: T[]): T[] {
  return [...xs].sort((a, b) => time(a.createdAt) - time(b.createdAt) || a.id - b.id);
}
