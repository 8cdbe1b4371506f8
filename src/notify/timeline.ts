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
}

export interface Timeline {
  /** Oldest first. */
  entries: TimelineEntry[];
  /** Detection to the fix verified in the environment. */
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
  const since = (kind: TimelineKind) => {
    const e = entries.find((x) => x.kind === kind);
    return start === undefined || !e ? undefined : Date.parse(e.at) - start;
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
    });
  if (bad && (!ok || Date.parse(bad.createdAt) > Date.parse(ok.createdAt)))
    out.push({
      kind: 'deploy-failed',
      at: bad.createdAt,
      label: `${what} ${bad.state === 'error' ? 'deploy errored' : 'failed its health check'}${bad.description ? `: ${bad.description}` : ''}`,
      ...link(bad.logUrl),
    });
  return out;
}

/** The rollbacks of the fix's deployments (payload `rollback-of`): started, and how they ended. */
function rollbackEntries(
  deployments: DeploymentWithStatuses[],
  fixIds: Set<number>,
): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const r of deployments) {
    const of = Number(r.payload['rollback-of']);
    if (!fixIds.has(of)) continue;
    const what = deploymentName(r);
    out.push({ kind: 'rollback-started', at: r.createdAt, label: `rollback to ${what} started` });
    const statuses = oldestFirst(r.statuses);
    const ok = statuses.find((s) => s.state === 'success');
    const bad = statuses.find((s) => s.state === 'failure' || s.state === 'error');
    if (ok)
      out.push({
        kind: 'rolled-back',
        at: ok.createdAt,
        label: `rolled back to ${what}`,
        ...link(ok.logUrl),
      });
    else if (bad)
      out.push({
        kind: 'rollback-failed',
        at: bad.createdAt,
        label: `rollback to ${what} failed`,
        ...link(bad.logUrl),
      });
  }
  return out;
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
 * The deployments that shipped the fix, oldest first, rollbacks excluded: those naming the
 * PR in their payload, deploying its head or merge commit, or the version being shipped.
 * Without a PR or version, the deployments since detection; without that, the newest one.
 */
export function fixDeployments(f: TimelineFacts, detectedAt?: string): DeploymentWithStatuses[] {
  const forward = f.deployments.filter(
    (d) => d.environment === f.environment && d.payload['rollback-of'] === undefined,
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
  } else if (detectedAt) {
    picked = forward.filter((d) => Date.parse(d.createdAt) >= Date.parse(detectedAt));
  } else {
    picked = forward.slice(0, 1);
  }
  return [...picked].sort(
    (a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id - b.id,
  );
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
