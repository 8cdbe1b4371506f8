// hotfix-report over a year of history in the fake GitHub: 1,000 hotfixes (with incidents,
// rollbacks, post-mortems and follow-ups) among 3,000 merged pull requests, and 10,000
// deployments to production. The bundle runs as the runner runs it; the figures are the time
// to the report and the API calls it made (the action's own count, and the fake's, by route).
// The promise: the report covers all 1,000 hotfixes, and reads them in well under the
// 1,000 REST calls an hour a workflow's GITHUB_TOKEN gets per repository.
import { FakeGitHub } from '../test/harness/fake-github/server.ts';
import { runAction } from '../test/harness/run-action.ts';
import { fakeSha } from '../test/harness/fake-github/state.ts';
import { deployment, seedHotfixHistory, type HotfixSpec } from '../test/fixtures/hotfix-history.ts';
import type { Severity } from '../src/shared/severity/severity.ts';

const HOTFIXES = 1_000;
const DEPLOYMENTS = 10_000;
const OTHER_PULLS = 2_000;
const RUNS = 3;
const REST_BUDGET = 1_000;

const START = Date.parse('2025-12-01T00:00:00Z');
const YEAR = 365 * 86_400_000;
const MIN = 60_000;
const iso = (t: number) => new Date(t).toISOString();

// A fixed pseudo-random sequence: every run seeds the same history.
let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;

const fake = new FakeGitHub();
await fake.start();
const name = 'acme/bench-report';
const specs: HotfixSpec[] = [];
for (let i = 0; i < HOTFIXES; i++) {
  const opened = START + Math.floor((i / HOTFIXES) * (YEAR - 7 * 86_400_000)) + 9 * 3_600_000;
  const severity = `P${Math.floor(random() * 4)}` as Severity;
  const merged = opened + (20 + Math.floor(random() * 60)) * MIN;
  const deployAt = merged + 10 * MIN;
  const verified = deployAt + (5 + Math.floor(random() * 30)) * MIN;
  const rolledBack = random() < 0.05;
  const temporary = random() < 0.1;
  const resolved = verified + Math.floor(random() * 300) * MIN;
  specs.push({
    severity,
    opened: iso(opened),
    merged: iso(merged),
    ...(temporary ? { temporary: 'label' as const } : {}),
    ...(severity === 'P0' || random() < 0.2
      ? { incident: { opened: iso(opened - 15 * MIN), closed: iso(resolved) } }
      : {}),
    deploys: rolledBack
      ? [
          {
            at: iso(deployAt),
            statuses: [
              ['in_progress', iso(deployAt + MIN)],
              ['failure', iso(verified)],
            ],
            rollback: { at: iso(verified + MIN), statuses: [['success', iso(verified + 6 * MIN)]] },
          },
          {
            at: iso(verified + 60 * MIN),
            statuses: [['success', iso(verified + 75 * MIN)]],
          },
        ]
      : [
          {
            at: iso(deployAt),
            statuses: [
              ['in_progress', iso(deployAt + MIN)],
              ['success', iso(verified)],
            ],
          },
        ],
    ...(severity === 'P0' || severity === 'P1'
      ? {
          postmortem: {
            opened: iso(resolved + 10 * MIN),
            ...(random() < 0.8 ? { closed: iso(resolved + 30 * 3_600_000) } : {}),
          },
        }
      : {}),
    ...(temporary
      ? {
          followUp: {
            opened: iso(resolved + 20 * MIN),
            due: iso(resolved + 14 * 86_400_000).slice(0, 10),
            ...(random() < 0.7 ? { closed: iso(resolved + 10 * 86_400_000) } : {}),
          },
        }
      : {}),
  });
}
const seeded = seedHotfixHistory(fake, name, specs);
const { repo } = seeded;
for (let i = 0; i < OTHER_PULLS; i++) {
  const created = START + Math.floor((i / OTHER_PULLS) * YEAR);
  const pr = fake.state.addPull(repo, {
    title: `feat: change ${i}`,
    head: `feature/change-${i}`,
    merged: true,
    createdAt: iso(created),
  });
  pr.pull.mergedAt = pr.closedAt = pr.updatedAt = iso(created + 3 * 3_600_000);
}
// Everyday deploys of main up to 10,000 deployments in all, a status or two each.
const regular = DEPLOYMENTS - repo.deployments.length;
for (let i = 0; i < regular; i++) {
  const at = START + Math.floor((i / regular) * YEAR) + 7 * MIN;
  deployment(fake, repo, {
    sha: fakeSha(`main-${i}`),
    ref: 'main',
    payload: { version: `v2.${i}.0` },
    at: iso(at),
    statuses: [
      ['in_progress', iso(at + MIN)],
      ['success', iso(at + 5 * MIN)],
    ],
  });
}
repo.deployments.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id - b.id);
console.log(
  `seeded ${HOTFIXES} hotfixes among ${repo.issues.size} issues and pull requests, ${repo.deployments.length} deployments`,
);

interface Report {
  hotfixes: unknown[];
  apiCalls: { rest: number; graphql: number };
  read: Record<string, number>;
}

const times: number[] = [];
let weekly: string | undefined;
let last: { report: Report; byRoute: Map<string, number> } | undefined;
try {
  for (let run = 0; run < RUNS; run++) {
    const before = fake.requests.length;
    const res = await runAction('hotfix-report', {
      repository: name,
      apiUrl: fake.url,
      token: fake.token,
      inputs: { since: '2025-12-01', until: '2026-11-30' },
      timeoutMs: 600_000,
    });
    if (res.code !== 0) throw new Error(`run ${run + 1} failed:\n${res.stdout}`);
    const report = JSON.parse(res.outputs.report!) as Report;
    if (report.hotfixes.length !== HOTFIXES)
      throw new Error(`the report has ${report.hotfixes.length} hotfixes, not ${HOTFIXES}`);
    const byRoute = new Map<string, number>();
    for (const r of fake.requests.slice(before)) {
      const key = `${r.method} ${r.route ?? r.path}`;
      byRoute.set(key, (byRoute.get(key) ?? 0) + 1);
    }
    times.push(res.durationMs);
    last = { report, byRoute };
    console.log(
      `run ${run + 1}: ${res.durationMs} ms, ${report.apiCalls.rest} REST + ${report.apiCalls.graphql} GraphQL calls`,
    );
  }
  // The weekly report of the same repository: the reading stops where the week does.
  const week = await runAction('hotfix-report', {
    repository: name,
    apiUrl: fake.url,
    token: fake.token,
    inputs: { since: '2026-11-24', until: '2026-11-30' },
  });
  if (week.code !== 0) throw new Error(`the weekly run failed:\n${week.stdout}`);
  const w = JSON.parse(week.outputs.report!) as Report;
  weekly = `  the last week of it: ${w.hotfixes.length} hotfix(es) in ${week.durationMs} ms, ${w.apiCalls.rest} REST + ${w.apiCalls.graphql} GraphQL calls`;
} finally {
  await fake.stop();
}

const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
const { report, byRoute } = last!;
console.log(`\nhotfix-report over ${HOTFIXES} hotfixes and ${DEPLOYMENTS} deployments:`);
console.log(`  time to the report: median ${median} ms of ${RUNS} runs (start-up included)`);
console.log(
  `  API calls: ${report.apiCalls.rest + report.apiCalls.graphql} (${report.apiCalls.rest} REST, ${report.apiCalls.graphql} GraphQL)`,
);
for (const [route, n] of [...byRoute].sort((a, b) => b[1] - a[1]))
  console.log(`    ${String(n).padStart(5)}  ${route}`);
console.log(
  `  read: ${Object.entries(report.read)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ')}`,
);
console.log(
  `  statuses of ${report.read.statuses} deployments in ${report.apiCalls.graphql} GraphQL calls; one REST call each would be ${report.read.statuses}`,
);
if (weekly) console.log(weekly);
const within = report.apiCalls.rest + report.apiCalls.graphql < REST_BUDGET;
console.log(within ? `  within ${REST_BUDGET} calls` : `  OVER ${REST_BUDGET} calls`);
process.exitCode = within ? 0 : 1;
