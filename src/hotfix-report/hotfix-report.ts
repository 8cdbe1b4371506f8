// hotfix-report's core flow: read the period's history through the port (the merged PRs
// first, as they bound everything else), decide which are hotfixes, link their incident,
// post-mortem and follow-up issues and the deployments that shipped them, measure, and keep
// the report issue current when asked. Reading stops at the period's bounds: issues updated
// since the oldest hotfix was opened, deployments since the earliest detection, statuses only
// for the deployments of a fix and their rollbacks.
import * as core from '@actions/core';
import { detection } from '../shared/incident/durations.ts';
import {
  FOLLOW_UP_LABEL,
  INCIDENT_LABEL,
  parseFollowUpMarker,
  POSTMORTEM_LABEL,
} from '../shared/incident/records.ts';
import type { Policy } from '../shared/policy/schema.ts';
import type { HistoryPort, IssueRecord, ReportIssuePort } from './history.ts';
import {
  buildHotfixes,
  followUpDue,
  hotfixPulls,
  issueAsOf,
  labelledSeverity,
  linkIncidents,
  neededDeployments,
  type Hotfix,
} from './hotfixes.ts';
import { measure } from './metrics.ts';
import type { Period } from './period.ts';
import { issueBody, type Outcome, type PastDueFollowUp } from './report.ts';
import { reportMarker, reportTitle, syncReportIssue } from './report-issue.ts';

export interface ReportRequest {
  period: Period;
  environment: string;
  policy: Policy;
  policySource: string;
  /** `owner/name`: links in issue bodies are matched against it. */
  repo: string;
  history: HistoryPort;
  /** Present with `issue: update`: the period's report issue is kept current. */
  issues?: ReportIssuePort;
  runUrl: string;
}

export async function hotfixReport(r: ReportRequest): Promise<Outcome> {
  const { period, policy, history } = r;
  const until = period.until.getTime();
  const branch = policy['production-branch'];
  const pulls = await history.mergedPulls(branch, period.since, new Date(until - 1));
  const prs = hotfixPulls(pulls, policy);
  core.info(
    `${pulls.length} pull requests merged into ${branch} in the period, ${prs.length} of them hotfixes`,
  );
  const { incidents, postmortems, followUps } = await readIssues(r, prs);
  const linked = linkIncidents(prs, incidents, r.repo);
  const { deployments, statuses, read } = await readDeployments(r, prs, linked);

  const hotfixes = buildHotfixes({
    hotfixes: prs,
    history: { pulls, incidents, postmortems, followUps, deployments },
    statuses,
    incidents: linked,
    environment: r.environment,
    policy,
    repo: r.repo,
    until,
  });
  const outcome: Outcome = {
    repo: r.repo,
    environment: r.environment,
    branch,
    period,
    policy,
    policySource: r.policySource,
    hotfixes,
    metrics: measure(hotfixes, policy, until),
    followUpsPastDue: pastDue(followUps, hotfixes, policy, until),
    read: {
      pulls: pulls.length,
      deployments: deployments.length,
      statuses: read,
      incidents: incidents.length,
      postmortems: postmortems.length,
      followUps: followUps.length,
    },
    calls: history.calls(),
    runUrl: r.runUrl,
  };
  if (r.issues) {
    const marker = reportMarker(period, r.environment);
    outcome.issue = await syncReportIssue(r.issues, {
      marker,
      title: reportTitle(period, r.environment),
      body: issueBody(outcome, marker),
    });
    core.info(`Report issue #${outcome.issue.issue.number} ${outcome.issue.action}`);
    outcome.calls = history.calls();
  }
  return outcome;
}

/**
 * The incident, post-mortem and follow-up issues, each as it stood at the period's end.
 * Issues about these hotfixes were updated after the oldest of them was opened (notify
 * rewrites them on every event; closing one updates it). Open follow-ups are read whatever
 * their age: one past due is news until it is closed.
 */
async function readIssues(
  r: ReportRequest,
  prs: ReturnType<typeof hotfixPulls>,
): Promise<{ incidents: IssueRecord[]; postmortems: IssueRecord[]; followUps: IssueRecord[] }> {
  const { history, period } = r;
  const until = period.until.getTime();
  const asOf = (issues: IssueRecord[]) =>
    issues.flatMap((i) => {
      const seen = issueAsOf(i, until);
      return seen ? [seen] : [];
    });
  const oldest = Math.min(period.since.getTime(), ...prs.map((h) => Date.parse(h.pr.createdAt)));
  const updatedSince = new Date(oldest);
  const about = (label: string) =>
    prs.length
      ? history.issuesLabelled(label, { state: 'all', updatedSince })
      : Promise.resolve([]);
  const [incidents, postmortems, openFollowUps, closedFollowUps] = await Promise.all([
    about(INCIDENT_LABEL),
    about(POSTMORTEM_LABEL),
    history.issuesLabelled(FOLLOW_UP_LABEL, { state: 'open' }),
    history.issuesLabelled(FOLLOW_UP_LABEL, { state: 'closed', updatedSince }),
  ]);
  const followUps = [...openFollowUps, ...closedFollowUps].filter(
    (f, i, all) => all.findIndex((g) => g.number === f.number) === i,
  );
  return { incidents: asOf(incidents), postmortems: asOf(postmortems), followUps: asOf(followUps) };
}

/**
 * The environment's deployments since the earliest detection (a fix's deployments are
 * created at or after its detection: none older is needed), and the statuses of only those
 * that shipped a fix or rolled one back.
 */
async function readDeployments(
  r: ReportRequest,
  prs: ReturnType<typeof hotfixPulls>,
  linked: ReturnType<typeof linkIncidents>,
) {
  const { history, period } = r;
  if (!prs.length) return { deployments: [], statuses: new Map(), read: 0 };
  const detections = prs.map((h) => {
    const incident = linked.get(h.pr.number);
    return detection({
      pr: { number: h.pr.number, createdAt: h.pr.createdAt },
      ...(incident ? { incidentIssue: incident } : {}),
    });
  });
  const earliest = Math.min(
    ...detections.map((d) => (d ? Date.parse(d.at) : Number.POSITIVE_INFINITY)),
  );
  const from = Number.isFinite(earliest) ? earliest : period.since.getTime();
  const deployments = await history.deployments(
    r.environment,
    new Date(from),
    new Date(period.until.getTime() - 1),
  );
  const needed = neededDeployments(prs, linked, deployments, r.environment);
  const ids = [...new Set([...needed.values()].flat().map((d) => d.id))];
  const statuses = ids.length ? await history.statuses(ids) : new Map();
  core.info(
    `${deployments.length} deployments to ${r.environment} since the earliest detection; statuses read for the ${ids.length} that shipped a fix or rolled one back`,
  );
  return { deployments, statuses, read: ids.length };
}

/**
 * Open follow-up issues whose due date passed by the end of the period, oldest due first:
 * the due date of the marker, else the policy's follow-up-due after the hotfix's fix (or,
 * for a follow-up of no hotfix of the period, after the issue was opened).
 */
function pastDue(
  followUps: IssueRecord[],
  hotfixes: Hotfix[],
  policy: Policy,
  until: number,
): PastDueFollowUp[] {
  const byIssue = new Map(
    hotfixes.flatMap((h) => (h.followUp ? [[h.followUp.number, h] as const] : [])),
  );
  const out: PastDueFollowUp[] = [];
  for (const f of followUps) {
    if (f.state !== 'open') continue;
    const h = byIssue.get(f.number);
    const severity = h?.severity ?? labelledSeverity(f) ?? policy.classification.default;
    const due =
      h?.followUpDue ?? followUpDue(f, f.createdAt, policy.levels[severity]['follow-up-due']);
    if (!due || due.at >= until) continue;
    const pr = h?.pr.number ?? parseFollowUpMarker(f.body)?.pr;
    out.push({
      number: f.number,
      title: f.title,
      url: f.url,
      due: due.at,
      dueFrom: due.from,
      ...(pr ? { pr } : {}),
    });
  }
  return out.sort((a, b) => a.due - b.due || a.number - b.number);
}
