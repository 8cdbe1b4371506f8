// hotfix-report's core flow in process, against an in-memory history behind the same port the
// octokit adapter implements: which hotfixes count, how their records are linked, what is
// read (and how far back), the metrics and targets, and the report issue.
import { describe, expect, it } from 'vitest';
import { hotfixReport } from '../../src/hotfix-report/hotfix-report.ts';
import type {
  ApiCalls,
  HistoryPort,
  IssueRecord,
  PullRecord,
  ReportIssue,
  ReportIssuePort,
} from '../../src/hotfix-report/history.ts';
import { periodOf } from '../../src/hotfix-report/period.ts';
import { issueBody, ISSUE_BODY_LIMIT, summaryOf } from '../../src/hotfix-report/report.ts';
import { reportMarker, syncReportIssue } from '../../src/hotfix-report/report-issue.ts';
import type { Deployment, DeploymentStatus } from '../../src/shared/github/deployments.ts';
import { defaultPolicy } from '../../src/shared/policy/policy.ts';
import type { Policy } from '../../src/shared/policy/schema.ts';
import {
  followUpMarker,
  incidentMarker,
  postmortemMarker,
} from '../../src/shared/incident/records.ts';
import { mermaidBlocks, parseMermaid } from '../harness/mermaid.ts';

const REPO = 'acme/shop';
const HTML = `https://github.com/${REPO}`;
const NOV = (day: number, hhmm: string) => `2026-11-${String(day).padStart(2, '0')}T${hhmm}:00Z`;
const MIN = 60_000;
const PERIOD = periodOf(
  new Date(NOV(1, '00:00')),
  new Date('2026-12-01T00:00:00Z'),
  new Date('2026-12-15T00:00:00Z'),
);

/** A repository's history in memory; each read is logged with its bounds. */
class MemoryHistory implements HistoryPort {
  pulls: PullRecord[] = [];
  issues: IssueRecord[] = [];
  deploymentList: (Deployment & { statuses: DeploymentStatus[] })[] = [];
  readonly reads: string[] = [];
  private ids = 100;
  private number = 0;

  pull(o: Partial<PullRecord> & { createdAt: string; mergedAt: string }): PullRecord {
    const number = ++this.number;
    const pr: PullRecord = {
      number,
      title: `[HOTFIX] ENG-${number}: fix`,
      body: '',
      labels: ['severity:P1'],
      headRef: `hotfix/ENG-${number}-fix`,
      baseRef: 'main',
      headSha: `${number}`.padStart(40, 'a'),
      mergeSha: `${number}`.padStart(40, 'b'),
      url: `${HTML}/pull/${number}`,
      ...o,
    };
    this.pulls.push(pr);
    return pr;
  }

  issue(o: Partial<IssueRecord> & { labels: string[]; createdAt: string }): IssueRecord {
    const number = ++this.number;
    const issue: IssueRecord = {
      number,
      title: `issue ${number}`,
      body: '',
      state: o.closedAt ? 'closed' : 'open',
      stateReason: o.closedAt ? 'completed' : null,
      url: `${HTML}/issues/${number}`,
      closedAt: null,
      ...o,
    };
    this.issues.push(issue);
    return issue;
  }

  deploy(
    pr: PullRecord | undefined,
    at: string,
    statuses: [DeploymentStatus['state'], string][],
    extra: Partial<Deployment> = {},
  ): Deployment {
    const d = {
      id: ++this.ids,
      sha: pr?.mergeSha ?? 'f'.repeat(40),
      ref: 'main',
      environment: 'production',
      description: null,
      payload: pr ? { pr: pr.number } : {},
      creator: 'bot',
      createdAt: at,
      statuses: statuses.map(([state, t], i) => ({
        id: this.ids * 100 + i,
        state,
        description: '',
        environmentUrl: '',
        logUrl: '',
        createdAt: t,
      })),
      ...extra,
    };
    this.deploymentList.push(d);
    return d;
  }

  async mergedPulls(base: string, from: Date, to: Date): Promise<PullRecord[]> {
    this.reads.push(`pulls ${base} ${from.toISOString()}..${to.toISOString()}`);
    return this.pulls.filter(
      (p) =>
        p.baseRef === base &&
        Date.parse(p.mergedAt) >= from.getTime() &&
        Date.parse(p.mergedAt) <= to.getTime(),
    );
  }
  async issuesLabelled(
    label: string,
    o: { state: 'open' | 'closed' | 'all'; updatedSince?: Date },
  ): Promise<IssueRecord[]> {
    this.reads.push(`issues ${label} ${o.state} ${o.updatedSince?.toISOString() ?? 'all'}`);
    return this.issues.filter(
      (i) =>
        i.labels.includes(label) &&
        (o.state === 'all' || i.state === o.state) &&
        (!o.updatedSince ||
          Date.parse(i.closedAt ?? i.createdAt) >= o.updatedSince.getTime() ||
          i.state === 'open'),
    );
  }
  async deployments(environment: string, from: Date, to: Date): Promise<Deployment[]> {
    this.reads.push(`deployments ${environment} ${from.toISOString()}..${to.toISOString()}`);
    return this.deploymentList
      .filter(
        (d) =>
          d.environment === environment &&
          Date.parse(d.createdAt) >= from.getTime() &&
          Date.parse(d.createdAt) <= to.getTime(),
      )
      .map(({ statuses: _statuses, ...d }) => d);
  }
  async statuses(ids: number[]): Promise<Map<number, DeploymentStatus[]>> {
    this.reads.push(`statuses ${[...ids].sort((a, b) => a - b).join(',')}`);
    return new Map(
      this.deploymentList
        .filter((d) => ids.includes(d.id))
        .map((d) => [d.id, [...d.statuses].reverse()]),
    );
  }
  calls(): ApiCalls {
    return { rest: this.reads.length, graphql: 0 };
  }
}

function report(
  history: MemoryHistory,
  policy: Policy = defaultPolicy(),
  issues?: ReportIssuePort,
) {
  return hotfixReport({
    period: PERIOD,
    environment: 'production',
    policy,
    policySource: 'test',
    repo: REPO,
    history,
    runUrl: `${HTML}/actions/runs/1`,
    ...(issues ? { issues } : {}),
  });
}

describe('hotfix-report core', () => {
  it('counts the merged PRs classify-severity calls hotfixes, into the production branch, in the period', async () => {
    const h = new MemoryHistory();
    const hotfix = h.pull({ createdAt: NOV(3, '10:00'), mergedAt: NOV(3, '11:00') });
    h.pull({
      title: 'feat: search',
      headRef: 'feature/search',
      labels: [],
      createdAt: NOV(3, '10:00'),
      mergedAt: NOV(3, '11:00'),
    });
    // classify-severity's other signals: a `hotfix` label, a [RELEASE] title tag.
    const labelled = h.pull({
      title: 'fix: order totals',
      headRef: 'fix/order-totals',
      labels: ['hotfix'],
      createdAt: NOV(4, '10:00'),
      mergedAt: NOV(4, '11:00'),
    });
    h.pull({ baseRef: 'release/1.4', createdAt: NOV(5, '10:00'), mergedAt: NOV(5, '11:00') });
    h.pull({ createdAt: '2026-10-30T10:00:00Z', mergedAt: '2026-10-31T23:59:59Z' });
    const o = await report(h);
    expect(o.hotfixes.map((x) => x.pr.number)).toEqual([hotfix.number, labelled.number]);
    // The label decides P1 for the first; the second falls to the policy's default, P2.
    expect(o.hotfixes.map((x) => x.severity)).toEqual(['P1', 'P2']);
    expect(h.reads[0]).toBe('pulls main 2026-11-01T00:00:00.000Z..2026-11-30T23:59:59.999Z');
  });

  it('reads only as far back as needed, and statuses only of the fixes and their rollbacks', async () => {
    const h = new MemoryHistory();
    const incident = h.issue({
      labels: ['incident'],
      createdAt: NOV(2, '08:00'),
      body: incidentMarker('eng-1'),
    });
    const pr = h.pull({ createdAt: NOV(2, '09:00'), mergedAt: NOV(2, '09:30') });
    expect(incident.body).toContain('eng-1');
    expect(pr.number).toBe(2);
    // The incident key is the ticket: ENG-2 for this PR.
    incident.body = incidentMarker('eng-2');
    const other = h.deploy(undefined, NOV(2, '09:10'), [['success', NOV(2, '09:12')]]);
    const fix = h.deploy(pr, NOV(2, '09:40'), [['success', NOV(2, '09:50')]]);
    const rollback = h.deploy(undefined, NOV(2, '10:00'), [['success', NOV(2, '10:05')]], {
      payload: { 'rollback-of': fix.id },
    });
    const o = await report(h);
    expect(o.hotfixes[0]).toMatchObject({
      incident: { number: incident.number },
      rolledBack: true,
    });
    expect(h.reads).toEqual([
      'pulls main 2026-11-01T00:00:00.000Z..2026-11-30T23:59:59.999Z',
      'issues incident all 2026-11-01T00:00:00.000Z',
      'issues postmortem all 2026-11-01T00:00:00.000Z',
      'issues follow-up open all',
      'issues follow-up closed 2026-11-01T00:00:00.000Z',
      // From the earliest detection: the incident issue opened at 08:00.
      'deployments production 2026-11-02T08:00:00.000Z..2026-11-30T23:59:59.999Z',
      `statuses ${fix.id},${rollback.id}`,
    ]);
    expect(other.id).toBeLessThan(fix.id);
    expect(o.read).toMatchObject({ pulls: 1, deployments: 3, statuses: 2, incidents: 1 });
  });

  it('sees the history as it stood at the end of the period', async () => {
    const h = new MemoryHistory();
    const pr = h.pull({ createdAt: NOV(30, '20:00'), mergedAt: NOV(30, '20:30') });
    // Closed, verified and followed up after the period: not seen.
    h.issue({
      labels: ['incident'],
      createdAt: NOV(30, '19:50'),
      closedAt: '2026-12-01T02:00:00Z',
      body: incidentMarker('eng-1'),
    });
    h.deploy(pr, NOV(30, '21:00'), [
      ['in_progress', NOV(30, '21:00')],
      ['success', '2026-12-01T00:10:00Z'],
    ]);
    const o = await report(h);
    const [x] = o.hotfixes;
    expect(x!.incident).toMatchObject({ state: 'open', closedAt: null });
    expect(x!.moments.deployed).toBeUndefined();
    expect(x!.durations).toEqual({});
    // Four hours and ten minutes after detection at the period's end: the P1 target ran out.
    const p1 = o.metrics.targets.find((t) => t.id === 'resolve-within' && t.severity === 'P1');
    expect(p1).toMatchObject({ status: 'missed', missed: [pr.number] });
    expect(x!.gaps).toEqual([]);
  });

  it('a second fix of the same ticket is a change failure; the proper fix after a temporary one is not', async () => {
    const h = new MemoryHistory();
    const first = h.pull({
      headRef: 'hotfix/ENG-7-a',
      createdAt: NOV(3, '10:00'),
      mergedAt: NOV(3, '10:30'),
    });
    const second = h.pull({
      headRef: 'hotfix/ENG-7-b',
      createdAt: NOV(4, '10:00'),
      mergedAt: NOV(4, '10:30'),
    });
    const temporary = h.pull({
      headRef: 'hotfix/ENG-8-a',
      labels: ['severity:P1', 'hotfix:temporary'],
      createdAt: NOV(5, '10:00'),
      mergedAt: NOV(5, '10:30'),
    });
    const proper = h.pull({
      headRef: 'hotfix/ENG-8-b',
      createdAt: NOV(9, '10:00'),
      mergedAt: NOV(9, '10:30'),
    });
    for (const pr of [first, second, temporary, proper])
      h.deploy(pr, pr.mergedAt, [['success', pr.mergedAt]]);
    const o = await report(h);
    expect(o.hotfixes.map((x) => x.secondFix)).toEqual([
      second.number,
      undefined,
      undefined,
      undefined,
    ]);
    expect(o.metrics.overall.changeFailureRate).toMatchObject({
      prs: [first.number],
      count: 1,
      of: 4,
    });
    // A change-failure target, when the policy sets one.
    const policy = defaultPolicy();
    policy.report['change-failure-rate-below'] = 20;
    const judged = await report(h, policy);
    expect(judged.metrics.targets.find((t) => t.id === 'change-failure-rate')).toMatchObject({
      status: 'missed',
      goal: '< 20%',
      value: '25% (1 of 4)',
      missed: [first.number],
    });
  });

  it('links records a person wrote: an incident the PR fixes, a post-mortem and a follow-up that link the PR', async () => {
    const h = new MemoryHistory();
    const incident = h.issue({
      labels: ['incident'],
      createdAt: NOV(6, '09:00'),
      closedAt: NOV(6, '12:00'),
      body: 'Checkout is down',
    });
    const pr = h.pull({
      body: `Fixes #${incident.number}\n- [x] This is a temporary fix; a proper fix follows`,
      labels: ['severity:P0'],
      createdAt: NOV(6, '10:00'),
      mergedAt: NOV(6, '10:30'),
    });
    h.deploy(pr, NOV(6, '10:40'), [['success', NOV(6, '10:50')]]);
    // notify keyed these by an incident-id: the markers name no hotfix, the links decide.
    const pm = h.issue({
      labels: ['postmortem'],
      createdAt: NOV(6, '12:05'),
      closedAt: NOV(7, '09:00'),
      body: `${postmortemMarker('inc-9')}\n| Fix | PR #${pr.number} |`,
    });
    const fu = h.issue({
      labels: ['follow-up', 'severity:P0'],
      createdAt: NOV(6, '13:00'),
      body: `Proper fix for #${pr.number}`,
    });
    const o = await report(h);
    const [x] = o.hotfixes;
    expect(x).toMatchObject({
      severity: 'P0',
      temporary: true,
      incident: { number: incident.number },
      postmortem: { number: pm.number },
      followUp: { number: fu.number },
    });
    expect(x!.durations).toEqual({ timeToDeployMs: 110 * MIN, timeToResolveMs: 180 * MIN });
    // No due date in the follow-up: levels.P0.follow-up-due (14 days) after the fix was verified.
    expect(x!.followUpDue).toEqual({ at: Date.parse(NOV(20, '10:50')), from: 'policy' });
    expect(o.followUpsPastDue).toEqual([
      expect.objectContaining({ number: fu.number, pr: pr.number, dueFrom: 'policy' }),
    ]);
    expect(o.metrics.targets.find((t) => t.id === 'follow-up-completion')).toMatchObject({
      status: 'missed',
      value: '0% (0 of 1)',
    });
  });

  it('follow-ups: not yet due stays out of the share; closed as not planned misses; old ones past due are listed', async () => {
    const h = new MemoryHistory();
    const late = h.pull({
      labels: ['severity:P2', 'hotfix:temporary'],
      createdAt: NOV(25, '10:00'),
      mergedAt: NOV(25, '10:30'),
    });
    const dropped = h.pull({
      labels: ['severity:P2', 'hotfix:temporary'],
      createdAt: NOV(2, '10:00'),
      mergedAt: NOV(2, '10:30'),
    });
    h.issue({
      labels: ['follow-up'],
      createdAt: NOV(25, '11:00'),
      body: followUpMarker({ pr: late.number, due: '2026-12-09' }),
    });
    h.issue({
      labels: ['follow-up'],
      createdAt: NOV(2, '11:00'),
      closedAt: NOV(10, '11:00'),
      stateReason: 'not_planned',
      body: followUpMarker({ pr: dropped.number, due: '2026-11-16' }),
    });
    const ancient = h.issue({
      labels: ['follow-up'],
      createdAt: '2026-06-01T00:00:00Z',
      body: followUpMarker({ pr: 999, due: '2026-06-15' }),
    });
    const o = await report(h);
    const f = o.metrics.overall.followUps;
    expect(f).toMatchObject({
      temporary: 2,
      opened: 2,
      pending: [late.number],
      notPlanned: [dropped.number],
    });
    expect(f.completion).toMatchObject({ count: 0, of: 1 });
    expect(o.followUpsPastDue.map((x) => x.number)).toEqual([ancient.number]);
  });

  it('targets set to none are measured, not judged; no hotfixes is met with no data', async () => {
    const policy = defaultPolicy();
    policy.report['rollback-rate-below'] = 'none';
    policy.report['resolve-within'].P1 = 'none';
    const h = new MemoryHistory();
    const pr = h.pull({ createdAt: NOV(3, '10:00'), mergedAt: NOV(3, '10:30') });
    h.deploy(pr, NOV(3, '11:00'), [['success', NOV(3, '11:00')]], {});
    h.deploy(undefined, NOV(3, '11:10'), [['success', NOV(3, '11:12')]], {
      payload: { 'rollback-of': h.deploymentList[0]!.id },
    });
    const o = await report(h, policy);
    expect(o.metrics.targets.map((t) => t.id)).not.toContain('rollback-rate');
    expect(o.metrics.overall.rollbackRate).toMatchObject({ count: 1, of: 1, ratio: 1 });
    expect(o.metrics.met).toBe(true);

    const empty = await report(new MemoryHistory());
    expect(empty.metrics.met).toBe(true);
    expect(empty.metrics.targets.every((t) => t.status === 'no-data')).toBe(true);
    expect(summaryOf(empty)).toContain('**No hotfixes.**');
  });

  it('a history of 1,000 hotfixes: the summary and the issue body stay within GitHub limits, the charts parse', async () => {
    const h = new MemoryHistory();
    for (let i = 0; i < 1000; i++) {
      const day = 1 + (i % 29);
      const pr = h.pull({
        labels: [`severity:P${i % 4}`, ...(i % 10 === 0 ? ['hotfix:temporary'] : [])],
        title: `[HOTFIX] ENG-${i}: ${'a long and | tricky <title> '.repeat(3)}`,
        createdAt: NOV(day, '10:00'),
        mergedAt: NOV(day, '10:30'),
      });
      const fix = h.deploy(pr, NOV(day, '10:40'), [['success', NOV(day, `1${1 + (i % 8)}:00`)]]);
      if (i % 17 === 0)
        h.deploy(undefined, NOV(day, '19:00'), [['success', NOV(day, '19:05')]], {
          payload: { 'rollback-of': fix.id },
        });
    }
    const o = await report(h);
    expect(o.hotfixes).toHaveLength(1000);
    const summary = summaryOf(o);
    expect(summary.length).toBeLessThan(1024 * 1024);
    const body = issueBody(o, reportMarker(PERIOD, 'production'));
    expect(body.length).toBeLessThanOrEqual(ISSUE_BODY_LIMIT);
    for (const chart of [...mermaidBlocks(summary), ...mermaidBlocks(body)])
      expect(await parseMermaid(chart)).toBe('xychart');
    expect(summary).toContain('The 500 most recent of 1000 hotfixes');
  });
});

/** The report issues of one repository in memory; `login` is who wrote each. */
class MemoryIssues implements ReportIssuePort {
  readonly issues: (ReportIssue & { login: string; label: string })[] = [];
  readonly writes: string[] = [];
  /** Another run's issue, created between our create and our look back. */
  raceWith?: string;
  async ours(label: string, marker: string) {
    return this.issues.filter(
      (i) => i.label === label && i.body.startsWith(marker) && i.login === 'bot',
    );
  }
  async create(issue: { title: string; body: string; labels: string[] }) {
    if (this.raceWith) {
      this.add(this.raceWith, issue.labels[0]!);
      this.raceWith = undefined;
    }
    this.writes.push('create');
    return this.add(issue.body, issue.labels[0]!, issue.title);
  }
  async update(
    number: number,
    change: { title?: string; body?: string; state?: 'open' | 'closed' },
  ) {
    this.writes.push(`update #${number}${change.state ? ` ${change.state}` : ''}`);
    const i = this.issues.find((x) => x.number === number)!;
    Object.assign(i, change);
    return i;
  }
  add(body: string, label: string, title = 'Hotfix report', login = 'bot') {
    const number = this.issues.length + 1;
    const issue = {
      number,
      title,
      body,
      state: 'open' as const,
      url: `${HTML}/issues/${number}`,
      login,
      label,
    };
    this.issues.push(issue);
    return issue;
  }
}

describe('the report issue', () => {
  const marker = reportMarker(PERIOD, 'production');
  const o = { marker, title: 'Hotfix report: production, 2026-11-01 to 2026-11-30' };

  it('opens once, then rewrites the same issue, and writes nothing when nothing changed', async () => {
    const port = new MemoryIssues();
    port.add(`${marker}\nsomeone else's`, 'hotfix-report', 'x', 'mallory');
    expect(await syncReportIssue(port, { ...o, body: `${marker}\nv1` })).toMatchObject({
      action: 'created',
      issue: { number: 2 },
    });
    expect(await syncReportIssue(port, { ...o, body: `${marker}\nv1` })).toMatchObject({
      action: 'unchanged',
    });
    expect(await syncReportIssue(port, { ...o, body: `${marker}\nv2` })).toMatchObject({
      action: 'updated',
      issue: { number: 2 },
    });
    expect(port.writes).toEqual(['create', 'update #2']);
    expect(port.issues[0]!.body).toBe(`${marker}\nsomeone else's`);
  });

  it('two runs racing: the oldest stays and gets the report, the younger copy is closed as its duplicate', async () => {
    const port = new MemoryIssues();
    port.raceWith = `${marker}\nthe other run's`;
    const r = await syncReportIssue(port, { ...o, body: `${marker}\nmine` });
    expect(r).toMatchObject({ action: 'updated', issue: { number: 1, body: `${marker}\nmine` } });
    expect(port.writes).toEqual(['create', 'update #2 closed', 'update #1']);
    expect(port.issues[1]).toMatchObject({
      state: 'closed',
      body: expect.stringContaining('Duplicate of #1'),
    });
    // The next run with the same report: the closed copy is left as it is, nothing written.
    expect(await syncReportIssue(port, { ...o, body: `${marker}\nmine` })).toMatchObject({
      action: 'unchanged',
    });
    expect(port.writes).toEqual(['create', 'update #2 closed', 'update #1']);
  });
});
