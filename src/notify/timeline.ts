// The incident timeline, rebuilt from what GitHub recorded: the incident issue and the PR
// (detected, opened, merged), the deployments of the fix and their statuses (deploy
// started, verified, failed), rollback deployments (payload `rollback-of`), and the incident
// issue's closing (resolved). Nothing is kept on a runner, so any job can rebuild it.
// deriveTimeline is pure; gatherTimelineFacts reads GitHub through the port.
import { deploymentName, type DeploymentWithStatuses } from '../shared/github/deployments.ts';
import type { NotifyGitHub } from './github.ts';
import { messageOf } from '../shared/runner/errors.ts';

export const TIMELINE_KINDS = [
  'detected',
  'pr-opened',
  'merged',
  'deploy-started',
  'deploy-failed',
  'verified',
  'rollback-started',
  'rolled-back',
  'rollback-failed',
  'resolved',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEntry {
  kind: TimelineKind;
  /** ISO-8601. */
  at: string;
  /** What happened, for people: `PR #12 merged`, `v1.5.1 deployed to production`. */
  label: string;
  url?: string;
  /** The deployment the entry is about (fix or rollback), so a chart can pair start and end. */
  deployment?: number;
}

export interface Timeline {
  /** Oldest first. */
  entries: TimelineEntry[];
  /**
   * Detection to the fix verified in the environment. Each duration is absent when a fact it
   * needs is missing, and never negative.
   */
  timeToDeployMs?: number;
  /** Detection to resolution. */
  timeToResolveMs?: number;
  /** Detection to the first rollback completed. */
  timeToRollbackMs?: number;
}

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

export interface TimelineFacts {
  incidentIssue?: IssueFact;
  pr?: PullFact;
  environment: string;
  /** The environment's deployments, newest first, with statuses newest first. */
  deployments: DeploymentWithStatuses[];
  /** The version being shipped, when known: picks the fix's deployments without a PR. */
  version?: string;
  /** When the incident was resolved, if it was (the incident issue's closing, or now). */
  resolvedAt?: string;
}

/** Everything the facts say, in order, with the durations people ask about. */
export function deriveTimeline(f: TimelineFacts): Timeline {
  const { entry: detected, by: detectedBy } = detection(f);
  const fixes = fixDeployments(f, detected?.at);
  const entries = [
    ...(detected ? [detected] : []),
    ...pullEntries(f, detectedBy),
    ...fixes.flatMap(fixEntries),
    ...rollbackEntries(f.deployments, new Set(fixes.map((d) => d.id))),
    ...(f.resolvedAt
      ? [{ kind: 'resolved' as const, at: f.resolvedAt, label: 'incident resolved' }]
      : []),
  ].filter((e) => !Number.isNaN(Date.parse(e.at)));

  // Stable order: by time, and for equal times in the order of the story.
  entries.sort(
    (a, b) =>
      Date.parse(a.at) - Date.parse(b.at) ||
      TIMELINE_KINDS.indexOf(a.kind) - TIMELINE_KINDS.indexOf(b.kind),
  );
  const start = detected ? Date.parse(detected.at) : undefined;
  // The first such entry at or after detection: a duration is never negative.
  const since = (kind: TimelineKind) => {
    if (start === undefined) return undefined;
    const e = entries.find((x) => x.kind === kind && Date.parse(x.at) >= start);
    return e ? Date.parse(e.at) - start : undefined;
  };
  const timeline: Timeline = { entries };
  const deploy = since('verified');
  const resolve = since('resolved');
  const rollback = since('rolled-back');
  if (deploy !== undefined) timeline.timeToDeployMs = deploy;
  if (resolve !== undefined) timeline.timeToResolveMs = resolve;
  if (rollback !== undefined) timeline.timeToRollbackMs = rollback;
  return timeline;
}

/** The fix PR opened (unless its opening is the detection) and merged. */
function pullEntries(f: TimelineFacts, detectedBy: 'issue' | 'pr' | undefined): TimelineEntry[] {
  if (!f.pr) return [];
  const out: TimelineEntry[] = [];
  // When the PR's opening is the detection, one entry says both.
  if (detectedBy !== 'pr')
    out.push({
      kind: 'pr-opened',
      at: f.pr.createdAt,
      label: `fix PR #${f.pr.number} opened`,
      ...(f.pr.url ? { url: f.pr.url } : {}),
    });
  if (f.pr.mergedAt)
    out.push({ kind: 'merged', at: f.pr.mergedAt, label: `PR #${f.pr.number} merged` });
  return out;
}

/** A fix deployment: started, verified, and failed when a failure came after any success. */
function fixEntries(d: DeploymentWithStatuses): TimelineEntry[] {
  const what = deploymentName(d);
  const out: TimelineEntry[] = [
    {
      kind: 'deploy-started',
      at: d.createdAt,
      label: `${what} deploy to ${d.environment} started`,
      deployment: d.id,
    },
  ];
  const statuses = oldestFirst(d.statuses);
  const ok = statuses.find((s) => s.state === 'success');
  const bad = statuses.find((s) => s.state === 'failure' || s.state === 'error');
  if (ok)
    out.push({
      kind: 'verified',
      at: ok.createdAt,
      label: `${what} verified healthy in ${d.environment}`,
      ...link(ok.logUrl),
      deployment: d.id,
    });
  if (bad && (!ok || Date.parse(bad.createdAt) > Date.parse(ok.createdAt)))
    out.push({
      kind: 'deploy-failed',
      at: bad.createdAt,
      label: `${what} ${bad.state === 'error' ? 'deploy errored' : 'failed its health check'}${bad.description ? `: ${bad.description}` : ''}`,
      ...link(bad.logUrl),
      deployment: d.id,
    });
  return out;
}

/** The rollbacks of the fix's deployments (payload `rollback-of`): started, and how they ended. */
function rollbackEntries(
  deployments: DeploymentWithStatuses[],
  fixIds: Set<number>,
): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const r of rollbacksOfFix(deployments, fixIds)) {
    const what = deploymentName(r);
    const deployment = r.id;
    out.push({
      kind: 'rollback-started',
      at: r.createdAt,
      label: `rollback to ${what} started`,
      deployment,
    });
    const statuses = oldestFirst(r.statuses);
    const ok = statuses.find((s) => s.state === 'success');
    const bad = statuses.find((s) => s.state === 'failure' || s.state === 'error');
    if (ok)
      out.push({
        kind: 'rolled-back',
        at: ok.createdAt,
        label: `rolled back to ${what}`,
        ...link(ok.logUrl),
        deployment,
      });
    else if (bad)
      out.push({
        kind: 'rollback-failed',
        at: bad.createdAt,
        label: `rollback to ${what} failed`,
        ...link(bad.logUrl),
        deployment,
      });
  }
  return out;
}

/** The rollbacks (payload `rollback-of`) of the fix's deployments, newest first. */
export function rollbacksOfFix(
  deployments: DeploymentWithStatuses[],
  fixIds: Set<number>,
): DeploymentWithStatuses[] {
  return deployments.filter((r) => fixIds.has(Number(r.payload['rollback-of'])));
}

/** Detection: the incident issue's creation or the fix PR's, whichever came first. */
function detection(f: TimelineFacts): { entry?: TimelineEntry; by?: 'issue' | 'pr' } {
  const candidates: { entry: TimelineEntry; by: 'issue' | 'pr' }[] = [];
  if (f.incidentIssue)
    candidates.push({
      by: 'issue',
      entry: {
        kind: 'detected',
        at: f.incidentIssue.createdAt,
        label: `detected: incident issue #${f.incidentIssue.number} opened`,
        ...(f.incidentIssue.url ? { url: f.incidentIssue.url } : {}),
      },
    });
  if (f.pr)
    candidates.push({
      by: 'pr',
      entry: {
        kind: 'detected',
        at: f.pr.createdAt,
        label: `detected: fix PR #${f.pr.number} opened`,
        ...(f.pr.url ? { url: f.pr.url } : {}),
      },
    });
  const valid = candidates.filter((c) => !Number.isNaN(Date.parse(c.entry.at)));
  valid.sort((a, b) => Date.parse(a.entry.at) - Date.parse(b.entry.at));
  return valid[0] ?? {};
}

/**
 * The deployments that shipped the fix, oldest first, rollbacks excluded: this incident's
 * (created at or after its detection) that name the PR in their payload, deploy its head or
 * merge commit, or the version being shipped. A deployment of the same version from before
 * the incident (last week's release, the version a rollback returns to) is never the fix.
 * Without a PR or version, every deployment since detection. Without a detection time, the
 * newest matching deployment only: older ones may belong to another incident.
 */
export function fixDeployments(f: TimelineFacts, detectedAt?: string): DeploymentWithStatuses[] {
  const parsed = detectedAt === undefined ? NaN : Date.parse(detectedAt);
  const since = Number.isNaN(parsed) ? undefined : parsed;
  const forward = f.deployments.filter(
    (d) =>
      d.environment === f.environment &&
      d.payload['rollback-of'] === undefined &&
      (since === undefined || Date.parse(d.createdAt) >= since),
  );
  let picked: DeploymentWithStatuses[];
  if (f.pr || f.version) {
    const shas = new Set([f.pr?.headSha, f.pr?.mergeSha].filter((s): s is string => !!s));
    picked = forward.filter(
      (d) =>
        (f.pr !== undefined && Number(d.payload.pr) === f.pr.number) ||
        shas.has(d.sha) ||
        (f.version !== undefined && (d.payload.version === f.version || d.ref === f.version)),
    );
  } else {
    picked = forward;
  }
  if (since === undefined) picked = newest(picked);
  return [...picked].sort(
    (a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id - b.id,
  );
}

/** The newest deployment of a list (newest first as the API gives it, or not), as a list. */
function newest(ds: DeploymentWithStatuses[]): DeploymentWithStatuses[] {
  const sorted = [...ds].sort(
    (a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id,
  );
  return sorted.slice(0, 1);
}

function oldestFirst<T extends { createdAt: string; id: number }>(xs: T[]): T[] {
  return [...xs].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id - b.id);
}

function link(url: string): { url?: string } {
  return url ? { url } : {};
}

/** The newest URL a deployment status recorded for the environment (where the app lives). */
export function latestEnvironmentUrl(f: TimelineFacts): string | undefined {
  for (const d of f.deployments) {
    for (const s of d.statuses) if (s.environmentUrl) return s.environmentUrl;
  }
  return undefined;
}

export interface GatherOptions {
  environment: string;
  incidentIssue?: IssueFact;
  pr?: PullFact;
  version?: string;
  resolvedAt?: string;
  /** How many of the environment's recent deployments to read. */
  limit?: number;
}

/**
 * Reads the deployments the timeline needs. A token without `deployments: read` must not
 * stop a notification: the timeline is then built without deployments, and `warning` says so.
 */
export async function gatherTimelineFacts(
  github: Pick<NotifyGitHub, 'deployments'> | undefined,
  o: GatherOptions,
): Promise<{ facts: TimelineFacts; warning?: string }> {
  const facts: TimelineFacts = {
    environment: o.environment,
    deployments: [],
    ...(o.incidentIssue ? { incidentIssue: o.incidentIssue } : {}),
    ...(o.pr ? { pr: o.pr } : {}),
    ...(o.version ? { version: o.version } : {}),
    ...(o.resolvedAt ? { resolvedAt: o.resolvedAt } : {}),
  };
  if (!github) return { facts };
  try {
    facts.deployments = await github.deployments(o.environment, o.limit ?? 30);
    return { facts };
  } catch (err) {
    return {
      facts,
      warning: `the timeline has no deployments: ${messageOf(err)}`,
    };
  }
}
