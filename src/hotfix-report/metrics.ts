// The metrics of the hotfix process, per severity and overall, and each target of the policy
// read as met or missed with the hotfixes that missed it. A hotfix whose facts are missing is
// counted as unmeasured and named, never folded into a figure. Pure.
import { SEVERITIES, type Severity } from '../shared/severity/severity.ts';
import { parseDuration } from '../shared/text/duration.ts';
import type { Policy } from '../shared/policy/schema.ts';
import type { Hotfix } from './hotfixes.ts';

/** Median and 90th percentile of the measured values; absent when nothing was measured. */
export interface Spread {
  /** The PRs measured. */
  measured: number;
  medianMs?: number;
  p90Ms?: number;
}

export interface Rate {
  /** The PRs counted in the numerator. */
  prs: number[];
  count: number;
  of: number;
  /** count / of; absent when of is 0. */
  ratio?: number;
}

/** Where a hotfix stands against a deadline (resolve, post-mortem, follow-up) at the period's end. */
export type DeadlineState =
  'on-time' | 'late' | 'overdue' | 'not-opened' | 'not-planned' | 'pending' | 'unknown';

export interface GroupMetrics {
  hotfixes: number;
  prs: number[];
  /** Hotfixes with a deployment of the fix to the environment. */
  deployed: number;
  /** Hotfixes with no deployment of the fix found: outside the rates, named. */
  notDeployed: number[];
  /** unmeasured: a fact is missing; notVerified: deployed, never verified healthy. */
  timeToDeploy: Spread & { unmeasured: number[]; notVerified: number[] };
  timeToResolve: Spread & { unresolved: number[]; unmeasured: number[] };
  rollbackRate: Rate;
  changeFailureRate: Rate;
  postmortems: {
    required: number;
    opened: number;
    onTime: number[];
    /** Closed after the due date. */
    late: number[];
    /** Still open past the due date. */
    overdue: number[];
    /** None opened and the due date passed. */
    notOpened: number[];
    pending: number[];
  };
  followUps: {
    temporary: number;
    opened: number;
    onTime: number[];
    late: number[];
    /** Open past the due date. */
    pastDue: number[];
    notOpened: number[];
    notPlanned: number[];
    pending: number[];
    completion: Rate;
  };
}

export type TargetId =
  | 'resolve-within'
  | 'rollback-rate'
  | 'change-failure-rate'
  | 'postmortem'
  | 'follow-up-completion';

export interface TargetResult {
  id: TargetId;
  severity?: Severity;
  /** For people: `P0 resolved within 2h`. */
  name: string;
  /** The goal as written: `≤ 2h`, `< 5%`. */
  goal: string;
  /** The measured value for people: `3 of 4 (75%)`, `25%`. */
  value: string;
  status: 'met' | 'missed' | 'no-data';
  /** The PRs that missed it. */
  missed: number[];
  /** The PRs it could not be measured for (facts missing). */
  unmeasured: number[];
}

export interface Metrics {
  overall: GroupMetrics;
  bySeverity: Record<Severity, GroupMetrics>;
  targets: TargetResult[];
  /** True when no target was missed. */
  met: boolean;
}

/**
 * The p-th percentile (0..100) by linear interpolation between closest ranks (numpy's default,
 * Excel's PERCENTILE.INC): the median of 1, 2, 3, 4 is 2.5.
 */
export function percentile(values: number[], p: number): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? a;
  return Math.round(a + (b - a) * (rank - lo));
}

function spread(values: number[]): Spread {
  const median = percentile(values, 50);
  const p90 = percentile(values, 90);
  return {
    measured: values.length,
    ...(median === undefined ? {} : { medianMs: median }),
    ...(p90 === undefined ? {} : { p90Ms: p90 }),
  };
}

function rate(prs: number[], of: number): Rate {
  return { prs, count: prs.length, of, ...(of > 0 ? { ratio: prs.length / of } : {}) };
}

/** Where a hotfix stands against its resolve target at `until`; undefined without a target. */
export function resolveState(
  h: Hotfix,
  target: number | undefined,
  until: number,
): DeadlineState | undefined {
  if (target === undefined) return undefined;
  const took = h.durations.timeToResolveMs;
  if (took !== undefined) return took <= target ? 'on-time' : 'late';
  const detected = h.moments.detected ? Date.parse(h.moments.detected.at) : Number.NaN;
  // Not resolved by the end of the period: late once its time ran out, else still in time.
  // Without an incident issue the resolution is the verified fix: with no deployment (or no
  // status) found, whether it was resolved is not known.
  if (!h.incident && h.gaps.length) return 'unknown';
  if (Number.isNaN(detected)) return 'unknown';
  return until - detected > target ? 'overdue' : 'pending';
}

/** Where a post-mortem stands; undefined when the severity needs none. */
export function postmortemState(
  h: Hotfix,
  policy: Policy,
  until: number,
): DeadlineState | undefined {
  if (!policy.levels[h.severity].postmortem) return undefined;
  const pm = h.postmortem;
  const due = h.postmortemDue;
  if (pm) return issueState(pm, due, until);
  if (due === undefined) return h.moments.resolved || !h.gaps.length ? 'pending' : 'unknown';
  return due < until ? 'not-opened' : 'pending';
}

/** Where a temporary fix's follow-up stands; undefined for a fix that is not temporary. */
export function followUpState(h: Hotfix, until: number): DeadlineState | undefined {
  if (!h.temporary) return undefined;
  const due = h.followUpDue?.at;
  if (h.followUp) return issueState(h.followUp, due, until);
  if (due === undefined) return 'unknown';
  return due < until ? 'not-opened' : 'pending';
}

function issueState(
  issue: { state: 'open' | 'closed'; stateReason: string | null; closedAt: string | null },
  due: number | undefined,
  until: number,
): DeadlineState {
  if (issue.state === 'closed') {
    if (issue.stateReason === 'not_planned') return 'not-planned';
    if (due === undefined) return 'unknown';
    return Date.parse(issue.closedAt ?? '') <= due ? 'on-time' : 'late';
  }
  if (due === undefined) return 'pending';
  return due < until ? 'overdue' : 'pending';
}

/** The policy's time-to-resolve target for a severity, in ms; undefined for `none`. */
export function resolveTarget(policy: Policy, severity: Severity): number | undefined {
  const t = policy.report['resolve-within'][severity];
  return t === 'none' ? undefined : parseDuration(t);
}

export function groupMetrics(hotfixes: Hotfix[], policy: Policy, until: number): GroupMetrics {
  const prs = hotfixes.map((h) => h.pr.number);
  const deployed = hotfixes.filter((h) => !h.gaps.includes('no-deployment'));
  const deploys: number[] = [];
  const resolves: number[] = [];
  const g: GroupMetrics = {
    hotfixes: hotfixes.length,
    prs,
    deployed: deployed.length,
    notDeployed: hotfixes.filter((h) => h.gaps.includes('no-deployment')).map((h) => h.pr.number),
    timeToDeploy: { measured: 0, unmeasured: [], notVerified: [] },
    timeToResolve: { measured: 0, unresolved: [], unmeasured: [] },
    rollbackRate: rate(
      deployed.filter((h) => h.rolledBack).map((h) => h.pr.number),
      deployed.length,
    ),
    changeFailureRate: rate(
      deployed.filter((h) => h.rolledBack || h.secondFix !== undefined).map((h) => h.pr.number),
      deployed.length,
    ),
    postmortems: {
      required: 0,
      opened: 0,
      onTime: [],
      late: [],
      overdue: [],
      notOpened: [],
      pending: [],
    },
    followUps: {
      temporary: 0,
      opened: 0,
      onTime: [],
      late: [],
      pastDue: [],
      notOpened: [],
      notPlanned: [],
      pending: [],
      completion: rate([], 0),
    },
  };
  for (const h of hotfixes) {
    const n = h.pr.number;
    if (h.durations.timeToDeployMs !== undefined) deploys.push(h.durations.timeToDeployMs);
    else if (h.gaps.length) g.timeToDeploy.unmeasured.push(n);
    else g.timeToDeploy.notVerified.push(n);
    if (h.durations.timeToResolveMs !== undefined) resolves.push(h.durations.timeToResolveMs);
    else if (!h.incident && h.gaps.length) g.timeToResolve.unmeasured.push(n);
    else g.timeToResolve.unresolved.push(n);

    const pm = postmortemState(h, policy, until);
    if (pm) {
      g.postmortems.required++;
      if (h.postmortem) g.postmortems.opened++;
      if (pm === 'on-time') g.postmortems.onTime.push(n);
      else if (pm === 'late' || pm === 'not-planned') g.postmortems.late.push(n);
      else if (pm === 'overdue') g.postmortems.overdue.push(n);
      else if (pm === 'not-opened') g.postmortems.notOpened.push(n);
      else g.postmortems.pending.push(n);
    }
    const fu = followUpState(h, until);
    if (fu) {
      const f = g.followUps;
      f.temporary++;
      if (h.followUp) f.opened++;
      if (fu === 'on-time') f.onTime.push(n);
      else if (fu === 'late') f.late.push(n);
      else if (fu === 'overdue') f.pastDue.push(n);
      else if (fu === 'not-opened') f.notOpened.push(n);
      else if (fu === 'not-planned') f.notPlanned.push(n);
      else f.pending.push(n);
    }
  }
  // Not yet due (or its due date unknown) is neither done nor missed: left out of the share.
  const f = g.followUps;
  f.completion = rate(f.onTime, f.temporary - f.pending.length);
  g.timeToDeploy = { ...g.timeToDeploy, ...spread(deploys) };
  g.timeToResolve = { ...g.timeToResolve, ...spread(resolves) };
  return g;
}

export function measure(hotfixes: Hotfix[], policy: Policy, until: number): Metrics {
  const bySeverity = Object.fromEntries(
    SEVERITIES.map((s) => [
      s,
      groupMetrics(
        hotfixes.filter((h) => h.severity === s),
        policy,
        until,
      ),
    ]),
  ) as Record<Severity, GroupMetrics>;
  const overall = groupMetrics(hotfixes, policy, until);
  const targets = [
    ...SEVERITIES.flatMap((s) => resolveResult(hotfixes, policy, s, until)),
    ...rateResult(
      'rollback-rate',
      'Rollback rate',
      overall.rollbackRate,
      overall,
      policy.report['rollback-rate-below'],
    ),
    ...rateResult(
      'change-failure-rate',
      'Change-failure rate',
      overall.changeFailureRate,
      overall,
      policy.report['change-failure-rate-below'],
    ),
    ...SEVERITIES.flatMap((s) => postmortemResult(bySeverity[s], policy, s)),
    ...followUpResult(overall, policy.report['follow-up-completion']),
  ];
  return { overall, bySeverity, targets, met: !targets.some((t) => t.status === 'missed') };
}

function resolveResult(
  hotfixes: Hotfix[],
  policy: Policy,
  severity: Severity,
  until: number,
): TargetResult[] {
  const target = resolveTarget(policy, severity);
  if (target === undefined) return [];
  const goal = policy.report['resolve-within'][severity];
  const mine = hotfixes.filter((h) => h.severity === severity);
  const states = mine.map((h) => [h.pr.number, resolveState(h, target, until)] as const);
  const missed = states.filter(([, s]) => s === 'late' || s === 'overdue').map(([n]) => n);
  const met = states.filter(([, s]) => s === 'on-time').length;
  const unmeasured = states.filter(([, s]) => s === 'unknown').map(([n]) => n);
  const judged = met + missed.length;
  return [
    {
      id: 'resolve-within',
      severity,
      name: `${severity} resolved within ${goal}`,
      goal: `≤ ${goal}`,
      value: judged ? `${met} of ${judged} (${percent(met / judged)})` : 'no data',
      status: missed.length ? 'missed' : judged ? 'met' : 'no-data',
      missed,
      unmeasured,
    },
  ];
}

function rateResult(
  id: TargetId,
  name: string,
  r: Rate,
  g: GroupMetrics,
  below: number | 'none',
): TargetResult[] {
  if (below === 'none') return [];
  const unmeasured = g.notDeployed;
  const status = r.ratio === undefined ? 'no-data' : r.ratio * 100 < below ? 'met' : 'missed';
  return [
    {
      id,
      name,
      goal: `< ${below}%`,
      value: r.ratio === undefined ? 'no data' : `${percent(r.ratio)} (${r.count} of ${r.of})`,
      status,
      missed: status === 'missed' ? r.prs : [],
      unmeasured,
    },
  ];
}

function postmortemResult(g: GroupMetrics, policy: Policy, severity: Severity): TargetResult[] {
  const level = policy.levels[severity];
  if (!level.postmortem) return [];
  const p = g.postmortems;
  const missed = [...p.late, ...p.overdue, ...p.notOpened].sort((a, b) => a - b);
  const judged = p.onTime.length + missed.length;
  return [
    {
      id: 'postmortem',
      severity,
      name: `${severity} post-mortem within ${level['postmortem-due']}`,
      goal: `≤ ${level['postmortem-due']} after resolution`,
      value: judged
        ? `${p.onTime.length} of ${judged} (${percent(p.onTime.length / judged)})`
        : 'no data',
      status: missed.length ? 'missed' : judged ? 'met' : 'no-data',
      missed,
      unmeasured: [],
    },
  ];
}

function followUpResult(g: GroupMetrics, least: number | 'none'): TargetResult[] {
  if (least === 'none') return [];
  const f = g.followUps;
  const r = f.completion;
  const missed = [...f.late, ...f.pastDue, ...f.notOpened, ...f.notPlanned].sort((a, b) => a - b);
  const status = r.ratio === undefined ? 'no-data' : r.ratio * 100 >= least ? 'met' : 'missed';
  return [
    {
      id: 'follow-up-completion',
      name: 'Follow-ups of temporary fixes closed by their due date',
      goal: `≥ ${least}%`,
      value: r.ratio === undefined ? 'no data' : `${percent(r.ratio)} (${r.count} of ${r.of})`,
      status,
      missed: status === 'missed' ? missed : [],
      unmeasured: [],
    },
  ];
}

/** `25%`, `67%`; one decimal under 10% (`4.8%`), where a target usually sits. */
export function percent(ratio: number): string {
  const p = ratio * 100;
  if (p > 0 && p < 10) return `${Number(p.toFixed(1))}%`;
  return `${Math.round(p)}%`;
}
