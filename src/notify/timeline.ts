// The incident timeline, rebuilt from what GitHub recorded: the incident issue and the PR
// (detected, opened, merged), the deployments of the fix and their statuses (deploy
// started, verified, failed), rollback deployments (payload `rollback-of`), and the incident
// issue's closing (resolved). Nothing is kept on a runner, so any job can rebuild it.
// deriveTimeline is pure; gatherTimelineFacts reads GitHub through the port.
import { deploymentName, type DeploymentWithStatuses } from '../shared/github/deployments.ts';
import {
  firstStatus,
  incidentDurations,
  incidentMoments,
  type Detection,
  type IncidentFacts,
  type IncidentDurations,
  type IncidentMoments,
  type IssueFact,
  type PullFact,
} from '../shared/incident/durations.ts';
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

/** The entries, oldest first, and the durations from detection (absent when unknown). */
export interface Timeline extends IncidentDurations {
  entries: TimelineEntry[];
}

/** What the timeline is rebuilt from: the incident's facts, deployments with their statuses. */
export type TimelineFacts = IncidentFacts<DeploymentWithStatuses>;

/**
 * Everything the facts say, in order, with the durations people ask about. The moments and
 * durations are the shared definitions (src/shared/incident/durations.ts), the ones
 * hotfix-report measures with; `moments` is passed when the caller has them already.
 */
export function deriveTimeline(
  f: TimelineFacts,
  moments: IncidentMoments<DeploymentWithStatuses> = incidentMoments(f),
): Timeline {
  const { detected, fixes, rollbacks, resolved } = moments;
  const entries = [
    ...(detected ? detectedEntry(f, detected) : []),
    ...pullEntries(f, detected?.by),
    ...fixes.flatMap(fixEntries),
    ...rollbacks.flatMap(rollbackEntries),
    ...(resolved
      ? [{ kind: 'resolved' as const, at: resolved.at, label: 'incident resolved' }]
      : []),
  ].filter((e) => !Number.isNaN(Date.parse(e.at)));

  // Stable order: by time, and for equal times in the order of the story.
  entries.sort(
    (a, b) =>
      Date.parse(a.at) - Date.parse(b.at) ||
      TIMELINE_KINDS.indexOf(a.kind) - TIMELINE_KINDS.indexOf(b.kind),
  );
  return { entries, ...incidentDurations(moments) };
}

/** Detection: the incident issue or the fix PR opened, whichever came first. */
function detectedEntry(f: TimelineFacts, d: Detection): TimelineEntry[] {
  const record = d.by === 'issue' ? f.incidentIssue : f.pr;
  if (!record) return [];
  const what = d.by === 'issue' ? 'incident issue' : 'fix PR';
  return [
    {
      kind: 'detected',
      at: d.at,
      label: `detected: ${what} #${record.number} opened`,
      ...link(record.url),
    },
  ];
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
      ...link(f.pr.url),
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
  const ok = firstStatus(d, ['success']);
  const bad = firstStatus(d, ['failure', 'error']);
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

/** A rollback of a fix deployment (payload `rollback-of`): started, and how it ended. */
function rollbackEntries(r: DeploymentWithStatuses): TimelineEntry[] {
  const what = deploymentName(r);
  const deployment = r.id;
  const out: TimelineEntry[] = [
    { kind: 'rollback-started', at: r.createdAt, label: `rollback to ${what} started`, deployment },
  ];
  const ok = firstStatus(r, ['success']);
  const bad = firstStatus(r, ['failure', 'error']);
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
  return out;
}

function link(url: string | undefined): { url?: string } {
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
