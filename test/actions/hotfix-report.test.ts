// hotfix-report through its bundle, run as the runner runs it, against the fake GitHub seeded
// with a history whose answers are known exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../harness/fake-github/server.ts';
import { runAction } from '../harness/run-action.ts';
import { contractViolations } from '../harness/fake-github/contract.ts';
import { mermaidBlocks, parseMermaid } from '../harness/mermaid.ts';
import {
  close,
  deployment,
  seedHotfixHistory,
  type HotfixSpec,
} from '../fixtures/hotfix-history.ts';
import { reportMarker } from '../../src/hotfix-report/report-issue.ts';
import { periodOf } from '../../src/hotfix-report/period.ts';

const fake = new FakeGitHub();
beforeAll(() => fake.start());
afterAll(() => fake.stop());

let repos = 0;
const newName = () => `acme/report-${++repos}`;

const OCT = (day: number, hhmm: string) => `2026-10-${String(day).padStart(2, '0')}T${hhmm}:00Z`;
const MIN = 60_000;

function run(name: string, inputs: Record<string, string> = {}) {
  return runAction('hotfix-report', {
    repository: name,
    apiUrl: fake.url,
    token: fake.token,
    inputs: { since: '2026-10-01', until: '2026-10-31', ...inputs },
  });
}

/** The repository's REST requests (GraphQL ones name no repository: the report counts them). */
const requestsFor = (name: string) =>
  fake.requests.filter((r) => r.path.startsWith(`/repos/${name}/`));

interface Report {
  met: boolean;
  targets: {
    id: string;
    severity?: string;
    status: string;
    value: string;
    missed: number[];
    unmeasured: number[];
  }[];
  metrics: Record<string, Record<string, unknown>>;
  hotfixes: Record<string, unknown>[];
  followUpsPastDue: { number: number; pr?: number }[];
  apiCalls: { rest: number; graphql: number };
}

/** Eight hotfixes in October 2026: 2 rolled back, 3 temporary with 2 follow-ups on time. */
const OCTOBER: HotfixSpec[] = [
  // A, P0: incident issue first (detected 09:40), verified 10:40, resolved 11:10.
  {
    severity: 'P0',
    opened: OCT(2, '10:00'),
    merged: OCT(2, '10:20'),
    incident: { opened: OCT(2, '09:40'), closed: OCT(2, '11:10') },
    deploys: [
      {
        at: OCT(2, '10:30'),
        statuses: [
          ['in_progress', OCT(2, '10:31')],
          ['success', OCT(2, '10:40')],
        ],
      },
    ],
    postmortem: { opened: OCT(2, '11:15'), closed: OCT(3, '09:00') },
  },
  // B, P0, no incident issue: failed, rolled back, redeployed and verified at 09:45.
  {
    severity: 'P0',
    opened: OCT(5, '08:00'),
    merged: OCT(5, '08:40'),
    deploys: [
      {
        at: OCT(5, '08:50'),
        statuses: [['failure', OCT(5, '09:00')]],
        rollback: { at: OCT(5, '09:02'), statuses: [['success', OCT(5, '09:10')]] },
      },
      { at: OCT(5, '09:30'), statuses: [['success', OCT(5, '09:45')]] },
    ],
  },
  // C, P1, temporary (label): resolved after 6h30m; post-mortem still open; follow-up on time.
  {
    severity: 'P1',
    temporary: 'label',
    opened: OCT(8, '12:00'),
    merged: OCT(8, '12:40'),
    incident: { opened: OCT(8, '11:00'), closed: OCT(8, '17:30') },
    deploys: [{ at: OCT(8, '13:00'), statuses: [['success', OCT(8, '13:20')]] }],
    postmortem: { opened: OCT(8, '18:00') },
    followUp: { opened: OCT(8, '18:00'), due: '2026-10-20', closed: OCT(15, '10:00') },
  },
  // D, P1, temporary (the template's box), no incident issue: resolved when verified.
  {
    severity: 'P1',
    temporary: 'box',
    opened: OCT(12, '09:00'),
    merged: OCT(12, '09:30'),
    deploys: [{ at: OCT(12, '09:40'), statuses: [['success', OCT(12, '09:50')]] }],
    postmortem: { opened: OCT(12, '10:00'), closed: OCT(13, '16:00') },
    followUp: { opened: OCT(12, '10:00'), due: '2026-10-25', closed: OCT(24, '10:00') },
  },
  // E, P2, temporary: rolled back, never fixed again; its follow-up is open past due.
  {
    severity: 'P2',
    temporary: 'label',
    opened: OCT(15, '14:00'),
    merged: OCT(15, '14:30'),
    deploys: [
      {
        at: OCT(15, '15:00'),
        statuses: [['success', OCT(15, '15:10')]],
        rollback: { at: OCT(15, '16:00'), statuses: [['success', OCT(15, '16:05')]] },
      },
    ],
    followUp: { opened: OCT(15, '17:00'), due: '2026-10-29' },
  },
  // F, P2, ticket ENG-77: needed a second fix (H).
  {
    severity: 'P2',
    ticket: 'ENG-77',
    opened: OCT(18, '09:00'),
    merged: OCT(18, '09:20'),
    deploys: [{ at: OCT(18, '09:30'), statuses: [['success', OCT(18, '09:40')]] }],
  },
  // G, P3: deployed by its head commit (no PR in the payload).
  {
    severity: 'P3',
    opened: OCT(20, '10:00'),
    merged: OCT(20, '10:40'),
    deploys: [{ at: OCT(20, '10:30'), head: true, statuses: [['success', OCT(20, '10:45')]] }],
  },
  // H, P2, ENG-77 again: the second fix.
  {
    severity: 'P2',
    ticket: 'ENG-77',
    opened: OCT(25, '10:00'),
    merged: OCT(25, '10:30'),
    deploys: [{ at: OCT(25, '11:00'), statuses: [['success', OCT(25, '11:05')]] }],
  },
];

function seedOctober(name: string) {
  const seeded = seedHotfixHistory(fake, name, OCTOBER);
  const { repo } = seeded;
  // Not hotfixes, or not of the period: none of these counts.
  fake.state.addPull(repo, {
    title: 'feat: new checkout page',
    head: 'feature/checkout',
    merged: true,
    createdAt: OCT(10, '10:00'),
  });
  const before = fake.state.addPull(repo, {
    title: '[HOTFIX] ENG-9: September fix',
    head: 'hotfix/ENG-9-september',
    merged: true,
    createdAt: '2026-09-20T10:00:00Z',
  });
  before.pull.mergedAt = before.closedAt = before.updatedAt = '2026-09-20T11:00:00Z';
  const open = fake.state.addPull(repo, {
    title: '[HOTFIX] ENG-10: still open',
    head: 'hotfix/ENG-10-open',
    createdAt: OCT(28, '10:00'),
  });
  expect(open.state).toBe('open');
  return seeded;
}

describe.concurrent('hotfix-report', () => {
  it('a seeded October gives the known answers: rollbacks 25% and follow-ups 67%, both missed', async () => {
    const name = newName();
    const { prs, followUps } = seedOctober(name);
    const [A, B, C, D, E, F, G, H] = prs as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];

    const res = await run(name);
    expect(res.code, res.stdout).toBe(0);
    expect(res.outputs.met).toBe('false');
    expect(res.outputs.hotfixes).toBe('8');
    const report = JSON.parse(res.outputs.report!) as Report;
    const target = (id: string, severity?: string) =>
      report.targets.find((t) => t.id === id && t.severity === severity)!;

    expect(target('rollback-rate')).toMatchObject({
      status: 'missed',
      value: '25% (2 of 8)',
      missed: [B, E],
    });
    expect(target('follow-up-completion')).toMatchObject({
      status: 'missed',
      value: '67% (2 of 3)',
      missed: [E],
    });
    expect(target('resolve-within', 'P0')).toMatchObject({ status: 'met', value: '2 of 2 (100%)' });
    expect(target('resolve-within', 'P1')).toMatchObject({
      status: 'missed',
      value: '1 of 2 (50%)',
      missed: [C],
    });
    // B's post-mortem was never opened; C's is still open past its due date.
    expect(target('postmortem', 'P0')).toMatchObject({ status: 'missed', missed: [B] });
    expect(target('postmortem', 'P1')).toMatchObject({ status: 'missed', missed: [C] });
    // No change-failure target by default: measured, not judged.
    expect(target('change-failure-rate')).toBeUndefined();
    const overall = report.metrics.overall as {
      changeFailureRate: { prs: number[]; ratio: number };
      timeToDeploy: { medianMs: number; p90Ms: number; measured: number };
      timeToResolve: { medianMs: number; p90Ms: number; unresolved: number[] };
    };
    expect(overall.changeFailureRate).toMatchObject({ prs: [B, E, F], count: 3, of: 8 });
    // Time to deploy: 40, 45, 50, 60, 70, 65, 105, 140 minutes.
    expect(overall.timeToDeploy).toMatchObject({
      measured: 8,
      medianMs: 62.5 * MIN,
      p90Ms: 115.5 * MIN,
    });
    // Time to resolve: 40, 45, 50, 65, 90, 105, 390 minutes; E was rolled back and not fixed.
    expect(overall.timeToResolve).toMatchObject({
      measured: 7,
      medianMs: 65 * MIN,
      p90Ms: 219 * MIN,
      unresolved: [E],
    });
    const byNumber = new Map(report.hotfixes.map((h) => [h.number, h]));
    expect(byNumber.get(A)).toMatchObject({
      severity: 'P0',
      detectedBy: 'issue',
      timeToDeployMs: 60 * MIN,
      timeToResolveMs: 90 * MIN,
      resolvedBy: 'incident-closed',
    });
    expect(byNumber.get(B)).toMatchObject({
      rolledBack: true,
      timeToDeployMs: 105 * MIN,
      timeToResolveMs: 105 * MIN,
      resolvedBy: 'fix-verified',
    });
    expect(byNumber.get(F)).toMatchObject({ secondFix: H });
    expect(byNumber.get(G)).toMatchObject({ severity: 'P3', timeToDeployMs: 45 * MIN });
    expect(byNumber.get(D)).toMatchObject({
      temporary: true,
      followUp: { state: 'on-time', due: '2026-10-25T23:59:59.999Z', dueFrom: 'marker' },
    });
    expect(report.followUpsPastDue).toEqual([
      expect.objectContaining({ number: followUps[4], pr: E }),
    ]);
    expect(JSON.parse(res.outputs.missed!)).toEqual([
      expect.objectContaining({ target: 'resolve-within', severity: 'P1', prs: [C] }),
      expect.objectContaining({ target: 'rollback-rate', prs: [B, E] }),
      expect.objectContaining({ target: 'postmortem', severity: 'P0', prs: [B] }),
      expect.objectContaining({ target: 'postmortem', severity: 'P1', prs: [C] }),
      expect.objectContaining({ target: 'follow-up-completion', prs: [E] }),
    ]);

    // The summary: the verdict, the tables, and charts GitHub can draw.
    expect(res.summary).toContain('❌ **5 of 6 targets missed:**');
    expect(res.summary).toContain(
      `| Rollback rate | \\< 5% | 25% (2 of 8) | ❌ missed | [#${B}](https://github.com/${name}/pull/${B}), [#${E}](https://github.com/${name}/pull/${E}) |`,
    );
    const charts = mermaidBlocks(res.summary);
    expect(charts).toHaveLength(3);
    for (const chart of charts) expect(await parseMermaid(chart)).toBe('xychart');
    expect(res.summary).toContain('P1: time to resolve per hotfix (hours)');

    // Only reads, within the period, every answer as GitHub documents it.
    const mine = requestsFor(name);
    expect(mine.filter((r) => r.method !== 'GET')).toEqual([]);
    // The policy file, one page of pull requests, four issue lists, one page of deployments;
    // the statuses of all eleven deployments that shipped a fix or rolled one back in one call.
    expect(report.apiCalls).toEqual({ rest: 7, graphql: 1 });
    expect(mine).toHaveLength(7);
    expect(await contractViolations(mine)).toEqual([]);
  });

  it('missing facts are counted honestly and named: no deployment, no status, an older deploy', async () => {
    const name = newName();
    const { prs, repo } = seedHotfixHistory(fake, name, [
      // X, P1: no deployment at all, no incident issue.
      { severity: 'P1', opened: OCT(3, '10:00'), merged: OCT(3, '10:30') },
      // Y, P0: resolved by its incident issue after 1h; its deployment never got a status.
      {
        severity: 'P0',
        opened: OCT(6, '10:00'),
        merged: OCT(6, '10:10'),
        incident: { opened: OCT(6, '10:00'), closed: OCT(6, '11:00') },
        deploys: [{ at: OCT(6, '10:20') }],
        postmortem: { opened: OCT(6, '11:00'), closed: OCT(7, '11:00') },
      },
      // Z, P2: all there, behind 100 progress reports (more than one GraphQL page of them).
      {
        severity: 'P2',
        opened: OCT(9, '10:00'),
        merged: OCT(9, '10:10'),
        deploys: [
          {
            at: OCT(9, '10:20'),
            statuses: [
              ...Array.from({ length: 100 }, (): [string, string] => [
                'in_progress',
                OCT(9, '10:21'),
              ]),
              ['success', OCT(9, '10:30')],
            ],
          },
        ],
      },
      // W, P2: only an older deployment of its commit, from before it was detected.
      { severity: 'P2', opened: OCT(12, '10:00'), merged: OCT(12, '10:30') },
    ]);
    const [X, Y, Z, W] = prs as [number, number, number, number];
    const w = fake.state.pull(repo, W);
    deployment(fake, repo, {
      sha: w.pull.head.sha,
      ref: w.pull.head.ref,
      payload: {},
      at: OCT(11, '09:00'),
      statuses: [['success', OCT(11, '09:10')]],
    });
    repo.deployments.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));

    const res = await run(name);
    expect(res.code, res.stdout).toBe(0);
    const report = JSON.parse(res.outputs.report!) as Report;
    const byNumber = new Map(report.hotfixes.map((h) => [h.number, h]));
    expect(byNumber.get(X)).toMatchObject({
      gaps: ['no-deployment'],
      timeToDeployMs: null,
      timeToResolveMs: null,
      resolve: 'unknown',
    });
    expect(byNumber.get(Y)).toMatchObject({
      gaps: ['no-status'],
      timeToDeployMs: null,
      timeToResolveMs: 60 * MIN,
      resolve: 'on-time',
    });
    expect(byNumber.get(W)).toMatchObject({ gaps: ['no-deployment'], deployments: [] });
    expect(byNumber.get(Z)).toMatchObject({ gaps: [], timeToDeployMs: 30 * MIN });
    // GraphQL answered the first 100 of Z's statuses: the rest came through REST.
    expect(
      requestsFor(name).filter(
        (r) => r.route === '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
      ),
    ).toHaveLength(2);
    const target = (id: string, severity?: string) =>
      report.targets.find((t) => t.id === id && t.severity === severity)!;
    // Neither met nor missed: X could not be measured, and it says so.
    expect(target('resolve-within', 'P1')).toMatchObject({
      status: 'no-data',
      value: 'no data',
      unmeasured: [X],
    });
    expect(target('resolve-within', 'P0')).toMatchObject({ status: 'met', value: '1 of 1 (100%)' });
    // The rates count only what was deployed, and name what was not.
    expect(target('rollback-rate')).toMatchObject({
      status: 'met',
      value: '0% (0 of 2)',
      unmeasured: [X, W],
    });
    const overall = report.metrics.overall as {
      timeToDeploy: { measured: number; unmeasured: number[] };
      timeToResolve: { measured: number; unmeasured: number[] };
    };
    expect(overall.timeToDeploy).toMatchObject({ measured: 1, unmeasured: [X, Y, W] });
    expect(overall.timeToResolve).toMatchObject({ measured: 2, unmeasured: [X, W] });
    expect(res.outputs.met).toBe('true');
    expect(res.summary).toContain('### Facts missing');
    expect(res.summary).toContain(`[#${X}]`);
    expect(res.summary).toMatch(new RegExp(`#${Y}\\]\\([^)]*\\): its deployment has no status`));
    expect(res.summary).toContain('could not be measured');
  });

  it("issue: update keeps one report issue per period, edited in place, never an impostor's", async () => {
    const name = newName();
    const { repo, followUps } = seedHotfixHistory(fake, name, [
      {
        severity: 'P1',
        temporary: 'label',
        opened: OCT(5, '10:00'),
        merged: OCT(5, '10:30'),
        deploys: [{ at: OCT(5, '10:40'), statuses: [['success', OCT(5, '10:50')]] }],
        postmortem: { opened: OCT(5, '11:00'), closed: OCT(6, '11:00') },
        followUp: { opened: OCT(5, '11:00'), due: '2026-10-19' },
      },
    ]);
    const period = periodOf(
      new Date('2026-10-01T00:00:00Z'),
      new Date('2026-11-01T00:00:00Z'),
      new Date(),
    );
    const marker = reportMarker(period, 'production');
    // Someone else's issue with our marker: never ours to edit.
    const impostor = fake.state.addIssue(repo, {
      title: 'Hotfix report: production, 2026-10-01 to 2026-10-31',
      body: `${marker}\nall targets met, trust me`,
      labels: ['hotfix-report'],
      user: 'mallory',
    });
    const reportIssues = () =>
      [...repo.issues.values()].filter(
        (i) => i.labels.includes('hotfix-report') && i.user.login === 'github-actions[bot]',
      );

    const first = await run(name, { issue: 'update' });
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs.met).toBe('false');
    expect(reportIssues()).toHaveLength(1);
    const issue = reportIssues()[0]!;
    expect(first.outputs['issue-url']).toBe(`https://github.com/${name}/issues/${issue.number}`);
    expect(issue.title).toBe('Hotfix report: production, 2026-10-01 to 2026-10-31');
    expect(issue.body!.startsWith(marker)).toBe(true);
    expect(issue.body).toContain('❌ missed');
    for (const chart of mermaidBlocks(issue.body!))
      expect(await parseMermaid(chart)).toBe('xychart');

    // The same history: nothing to write.
    const writesBefore = fake.writes().length;
    const again = await run(name, { issue: 'update' });
    expect(again.code, again.stdout).toBe(0);
    expect(
      fake
        .writes()
        .slice(writesBefore)
        .filter((r) => r.path.includes(`/${name}/`)),
    ).toEqual([]);

    // The follow-up closed on time within the period: the same issue is rewritten.
    close(repo.issues.get(followUps[0]!)!, OCT(18, '12:00'));
    const third = await run(name, { issue: 'update' });
    expect(third.code, third.stdout).toBe(0);
    expect(third.outputs.met).toBe('true');
    expect(reportIssues()).toHaveLength(1);
    expect(reportIssues()[0]!.number).toBe(issue.number);
    expect(reportIssues()[0]!.body).toContain('✅ **All 4 targets with data met.**');
    expect(third.outputs['issue-url']).toBe(first.outputs['issue-url']);
    expect(third.summary).toContain(
      `**Report issue:** [#${issue.number}](${first.outputs['issue-url']}) updated.`,
    );
    expect(impostor.body).toBe(`${marker}\nall targets met, trust me`);
    const writes = requestsFor(name).filter((r) => r.method !== 'GET');
    expect(writes.map((r) => `${r.method} ${r.route}`)).toEqual([
      'POST /repos/{owner}/{repo}/issues',
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
    ]);
    expect(await contractViolations(requestsFor(name))).toEqual([]);
  });

  it('an empty period gives a clear "no hotfixes" report', async () => {
    const name = newName();
    const repo = fake.state.addRepo(name);
    const feature = fake.state.addPull(repo, {
      title: 'feat: gift cards',
      head: 'feature/gift-cards',
      merged: true,
      createdAt: OCT(10, '10:00'),
    });
    feature.pull.mergedAt = feature.closedAt = feature.updatedAt = OCT(10, '11:00');
    const res = await run(name);
    expect(res.code, res.stdout).toBe(0);
    expect(res.outputs).toMatchObject({
      met: 'true',
      hotfixes: '0',
      missed: '[]',
      'issue-url': '',
    });
    expect(res.summary).toContain('**No hotfixes.**');
    expect(mermaidBlocks(res.summary)).toEqual([]);
    const report = JSON.parse(res.outputs.report!) as Report;
    expect(report.targets.every((t) => t.status === 'no-data')).toBe(true);
    // No deployment was read: there is nothing to look for.
    expect(requestsFor(name).some((r) => r.path.endsWith('/deployments'))).toBe(false);
  });

  it.each([
    [{ since: 'last week' }, 'input "since": "last week" is not a duration back from now'],
    [
      { until: '2026-09-01' },
      'input "until": "2026-09-01" is not a period that ends after it starts',
    ],
    [{ issue: 'create' }, 'input "issue": "create" is not one of: none, update'],
  ])('bad input %o fails before any call', async (inputs, message) => {
    const name = newName();
    fake.state.addRepo(name);
    const res = await run(name, inputs);
    expect(res.code).toBe(1);
    expect(res.annotations.find((a) => a.level === 'error')?.message).toContain(message);
    expect(requestsFor(name)).toEqual([]);
  });
});
