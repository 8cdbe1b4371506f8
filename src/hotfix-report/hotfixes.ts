// The hotfixes of a period, each with what GitHub recorded about it: which merged PRs are
// hotfixes (decided as classify-severity decides), their severity, the incident issue, the
// deployments that shipped the fix and their rollbacks, the post-mortem and the follow-up.
// The durations come from the shared incident definitions (src/shared/incident/durations.ts),
// the same as notify's timeline. Everything is taken as it stood at the period's end.
// Pure: plain records in, plain records out.
import { classify } from '../shared/severity/classifier.ts';
import { findTicket } from '../shared/policy/naming.ts';
import { parseDuration } from '../shared/text/duration.ts';
import { parseSeverity, type Severity } from '../shared/severity/severity.ts';
import type { Policy } from '../shared/policy/schema.ts';
import type { Subject } from '../shared/github/subject.ts';
import {
  rollbackOf,
  type Deployment,
  type DeploymentStatus,
} from '../shared/github/deployments.ts';
import {
  fixDeployments,
  incidentDurations,
  incidentMoments,
  rollbacksAmong,
  type IncidentDurations,
  type IncidentFacts,
  type IncidentMoments,
  detection,
} from '../shared/incident/durations.ts';
import {
  dueTime,
  incidentKey,
  isTemporaryFix,
  markedKey,
  parseFollowUpMarker,
  referencedNumbers,
} from '../shared/incident/records.ts';
import type { IssueRecord, PullRecord } from './history.ts';

export type ReportDeployment = Deployment & { statuses: DeploymentStatus[] };

/** A fact the report needed and GitHub did not have: said, never guessed. */
export type Gap = 'no-deployment' | 'no-status';

export interface Due {
  /** ms since the epoch. */
  at: number;
  /** Where the date came from: the issue's marker, or the policy's default from the fix. */
  from: 'marker' | 'policy';
}

export interface Hotfix {
  pr: PullRecord;
  severity: Severity;
  severityReason: string;
  ticket?: string;
  /** The incident key notify uses for this PR's incident issue and post-mortem. */
  key: string;
  /** Marked temporary: a proper fix must follow, tracked by a follow-up issue. */
  temporary: boolean;
  incident?: IssueRecord;
  postmortem?: IssueRecord;
  /** When the post-mortem is due: resolution (or its opening) + levels.<Pn>.postmortem-due. */
  postmortemDue?: number;
  followUp?: IssueRecord;
  followUpDue?: Due;
  moments: IncidentMoments<ReportDeployment>;
  durations: IncidentDurations;
  /** A rollback of one of the fix's deployments was started. */
  rolledBack: boolean;
  /** The later hotfix of the same incident, when this one was not enough. */
  secondFix?: number;
  gaps: Gap[];
}

/** The records as read, for the period [since, until). */
export interface History {
  pulls: PullRecord[];
  incidents: IssueRecord[];
  postmortems: IssueRecord[];
  followUps: IssueRecord[];
  deployments: Deployment[];
}

/** A merged PR the classifier says is a hotfix, before its deployments are known. */
export interface HotfixPr {
  pr: PullRecord;
  severity: Severity;
  severityReason: string;
  ticket?: string;
  key: string;
  temporary: boolean;
}

/** The merged PRs that are hotfixes, decided by the shared classifier with the policy. */
export function hotfixPulls(pulls: PullRecord[], policy: Policy): HotfixPr[] {
  return pulls.flatMap((pr) => {
    const subject: Subject = {
      kind: 'pull_request',
      number: pr.number,
      title: pr.title,
      body: pr.body,
      labels: pr.labels,
      branch: pr.headRef,
      baseBranch: pr.baseRef,
      headSha: pr.headSha,
      createdAt: pr.createdAt,
      url: pr.url,
      origin: `PR #${pr.number}`,
    };
    const decision = classify({ subject, policy });
    if (!decision.isHotfix) return [];
    const ticket = findTicket(policy, pr.headRef, pr.title);
    return [
      {
        pr,
        severity: decision.severity,
        severityReason: decision.reason,
        ...(ticket ? { ticket } : {}),
        key: incidentKey({ ...(ticket ? { ticket } : {}), pr: pr.number }),
        temporary: isTemporaryFix(pr.labels, pr.body),
      },
    ];
  });
}

/** An issue as it stood at `until`: undefined when opened later; open when closed later. */
export function issueAsOf(issue: IssueRecord, until: number): IssueRecord | undefined {
  if (Date.parse(issue.createdAt) >= until) return undefined;
  if (issue.closedAt && Date.parse(issue.closedAt) >= until)
    return { ...issue, state: 'open', closedAt: null, stateReason: null };
  return issue;
}

/**
 * Each hotfix's incident issue: the one notify opened for its key (its marker), else an
 * incident issue the PR's description links (a person's, e.g. "Fixes #40"), else the
 * oldest incident issue whose description links the PR.
 */
export function linkIncidents(
  hotfixes: HotfixPr[],
  incidents: IssueRecord[],
  repo: string,
): Map<number, IssueRecord> {
  const find = linker(incidents, (i) => markedKey(i.body, 'incident'), hotfixes, repo);
  const byNumber = new Map(incidents.map((i) => [i.number, i]));
  const out = new Map<number, IssueRecord>();
  for (const h of hotfixes) {
    const linked = [...referencedNumbers(h.pr.body, repo)]
      .map((n) => byNumber.get(n))
      .find((i) => i !== undefined);
    const found = find.byKey(h.key) ?? linked ?? find.byReference([h.pr.number]);
    if (found) out.set(h.pr.number, found);
  }
  return out;
}

/** The ids of the deployments whose statuses the report needs: the fixes and their rollbacks. */
export function neededDeployments(
  hotfixes: HotfixPr[],
  incidents: Map<number, IssueRecord>,
  deployments: Deployment[],
  environment: string,
): Map<number, Deployment[]> {
  const index = indexOf(deployments);
  const out = new Map<number, Deployment[]>();
  for (const h of hotfixes) {
    const facts = factsOf(h, incidents.get(h.pr.number), candidates(h.pr, index), environment);
    const fixes = fixDeployments(facts, detection(facts)?.at);
    out.set(h.pr.number, [...fixes, ...rollbacksAmong(facts.deployments, fixes)]);
  }
  return out;
}

export interface BuildRequest {
  hotfixes: HotfixPr[];
  history: History;
  /** The statuses read, by deployment id. */
  statuses: Map<number, DeploymentStatus[]>;
  incidents: Map<number, IssueRecord>;
  environment: string;
  policy: Policy;
  repo: string;
  /** The period's end: nothing recorded at or after it is seen. */
  until: number;
}

/** Every hotfix with its facts, moments and durations, oldest merge first. */
export function buildHotfixes(r: BuildRequest): Hotfix[] {
  const index = indexOf(r.history.deployments);
  const withStatuses = (d: Deployment): ReportDeployment => ({
    ...d,
    statuses: (r.statuses.get(d.id) ?? []).filter((s) => Date.parse(s.createdAt) < r.until),
  });
  const postmortems = linker(
    r.history.postmortems,
    (i) => markedKey(i.body, 'postmortem'),
    r.hotfixes,
    r.repo,
  );
  const followUps = followUpsByPr(r.history.followUps, r.repo);
  const built = r.hotfixes.map((h): Hotfix => {
    const incident = r.incidents.get(h.pr.number);
    const found = candidates(h.pr, index).map(withStatuses);
    const facts = factsOf(h, incident, found, r.environment);
    const moments = incidentMoments(facts, 'recorded-or-verified');
    const level = r.policy.levels[h.severity];
    const postmortem =
      postmortems.byKey(h.key) ??
      postmortems.byReference([h.pr.number, ...(incident ? [incident.number] : [])]);
    const followUp = followUps.get(h.pr.number);
    const gaps: Gap[] = [];
    if (!moments.fixes.length) gaps.push('no-deployment');
    else if (moments.fixes.every((d) => d.statuses.length === 0)) gaps.push('no-status');
    const hotfix: Hotfix = {
      ...h,
      ...(incident ? { incident } : {}),
      moments,
      durations: incidentDurations(moments),
      rolledBack: moments.rollbacks.length > 0,
      gaps,
    };
    if (postmortem) hotfix.postmortem = postmortem;
    const pmFrom = moments.resolved?.at ?? postmortem?.createdAt;
    const pmAfter = parseDuration(level['postmortem-due']);
    if (pmFrom && pmAfter !== undefined) hotfix.postmortemDue = Date.parse(pmFrom) + pmAfter;
    if (h.temporary) {
      if (followUp) hotfix.followUp = followUp;
      const due = followUpDue(
        followUp,
        moments.deployed?.at ?? h.pr.mergedAt,
        level['follow-up-due'],
      );
      if (due) hotfix.followUpDue = due;
    }
    return hotfix;
  });
  built.sort(
    (a, b) => Date.parse(a.pr.mergedAt) - Date.parse(b.pr.mergedAt) || a.pr.number - b.pr.number,
  );
  markSecondFixes(built);
  return built;
}

/**
 * A hotfix was not enough when a later hotfix of the same incident (the same incident issue,
 * or the same ticket) followed it; a temporary fix followed by its proper fix was planned.
 */
function markSecondFixes(hotfixes: Hotfix[]): void {
  const groups = new Map<string, Hotfix[]>();
  for (const h of hotfixes) {
    const id = h.incident ? `issue:${h.incident.number}` : h.ticket ? `ticket:${h.ticket}` : '';
    if (!id) continue;
    const group = groups.get(id) ?? [];
    group.push(h);
    groups.set(id, group);
  }
  for (const group of groups.values()) {
    group.forEach((h, i) => {
      const next = group[i + 1];
      if (next && !h.temporary) h.secondFix = next.pr.number;
    });
  }
}

/** A follow-up's due date: its marker's, else the policy's follow-up-due after the fix. */
export function followUpDue(
  followUp: IssueRecord | undefined,
  fixedAt: string,
  after: string,
): Due | undefined {
  const marked = followUp ? parseFollowUpMarker(followUp.body)?.due : undefined;
  const at = marked ? dueTime(marked) : undefined;
  if (at !== undefined) return { at, from: 'marker' };
  const ms = parseDuration(after);
  const from = Date.parse(fixedAt);
  return ms === undefined || Number.isNaN(from) ? undefined : { at: from + ms, from: 'policy' };
}

/** The follow-up issue of each hotfix PR: its marker names the PR, else its body links it. */
export function followUpsByPr(followUps: IssueRecord[], repo: string): Map<number, IssueRecord> {
  const out = new Map<number, IssueRecord>();
  const byMarker = [...followUps].sort(byAge);
  for (const f of byMarker) {
    const pr = parseFollowUpMarker(f.body)?.pr;
    if (pr !== undefined && !out.has(pr)) out.set(pr, f);
  }
  for (const f of byMarker) {
    if (parseFollowUpMarker(f.body)) continue;
    for (const n of referencedNumbers(f.body, repo)) if (!out.has(n)) out.set(n, f);
  }
  return out;
}

/** The severity a follow-up issue is labelled with, if any (notify labels it). */
export function labelledSeverity(issue: IssueRecord): Severity | undefined {
  return issue.labels.map((l) => parseSeverity(l)).find((s) => s !== undefined);
}

interface DeploymentIndex {
  byPr: Map<number, Deployment[]>;
  bySha: Map<string, Deployment[]>;
  byRollbackOf: Map<number, Deployment[]>;
}

function indexOf(deployments: Deployment[]): DeploymentIndex {
  const index: DeploymentIndex = { byPr: new Map(), bySha: new Map(), byRollbackOf: new Map() };
  const add = <K>(map: Map<K, Deployment[]>, key: K, d: Deployment) => {
    const list = map.get(key);
    if (list) list.push(d);
    else map.set(key, [d]);
  };
  for (const d of deployments) {
    const pr = Number(d.payload.pr);
    if (Number.isInteger(pr) && pr > 0) add(index.byPr, pr, d);
    add(index.bySha, d.sha, d);
    const of = rollbackOf(d);
    if (of !== undefined) add(index.byRollbackOf, of, d);
  }
  return index;
}

/**
 * The deployments that may be the PR's (named in the payload, or of its head or merge
 * commit) and their rollbacks: the shared rules choose among these, so each hotfix looks at a
 * handful of deployments, not at the whole history.
 */
function candidates<D extends Deployment>(pr: PullRecord, index: DeploymentIndex): D[] {
  const forward = new Set<Deployment>([
    ...(index.byPr.get(pr.number) ?? []),
    ...(index.bySha.get(pr.headSha) ?? []),
    ...(pr.mergeSha ? (index.bySha.get(pr.mergeSha) ?? []) : []),
  ]);
  const all = new Set(forward);
  for (const d of forward) for (const r of index.byRollbackOf.get(d.id) ?? []) all.add(r);
  return [...all] as D[];
}

function factsOf<D extends Deployment>(
  h: HotfixPr,
  incident: IssueRecord | undefined,
  deployments: D[],
  environment: string,
): IncidentFacts<D> {
  return {
    environment,
    deployments,
    pr: {
      number: h.pr.number,
      createdAt: h.pr.createdAt,
      mergedAt: h.pr.mergedAt,
      headSha: h.pr.headSha,
      mergeSha: h.pr.mergeSha,
      url: h.pr.url,
    },
    ...(incident
      ? {
          incidentIssue: {
            number: incident.number,
            createdAt: incident.createdAt,
            closedAt: incident.closedAt,
            url: incident.url,
          },
        }
      : {}),
  };
}

const byAge = (a: IssueRecord, b: IssueRecord) =>
  Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.number - b.number;

/** The oldest issue per marker key (of two racing copies, notify keeps the oldest). */
function firstByKey(
  issues: IssueRecord[],
  key: (i: IssueRecord) => string | undefined,
): Map<string, IssueRecord> {
  const out = new Map<string, IssueRecord>();
  for (const i of [...issues].sort(byAge)) {
    const k = key(i);
    if (k && !out.has(k)) out.set(k, i);
  }
  return out;
}

/**
 * Finds a record by its marker's key; else the oldest one that links one of the numbers and
 * whose marker (if any) names no hotfix of the period (notify keyed it by an incident-id).
 */
function linker(
  issues: IssueRecord[],
  key: (i: IssueRecord) => string | undefined,
  hotfixes: HotfixPr[],
  repo: string,
) {
  const byKey = firstByKey(issues, key);
  const claimed = new Set(hotfixes.map((h) => h.key));
  const free = [...issues]
    .sort(byAge)
    .filter((i) => !claimed.has(key(i) ?? ''))
    .map((i) => ({ issue: i, refs: referencedNumbers(i.body, repo) }));
  return {
    byKey: (k: string) => byKey.get(k),
    byReference: (numbers: number[]) => free.find((f) => numbers.some((n) => f.refs.has(n)))?.issue,
  };
}
