// The pure core of validate-hotfix-pr: sections, file facts, approval counting and waiting,
// the rules, the verdict and the report.
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../src/shared/policy/policy.ts';
import { policySchema } from '../../src/shared/policy/schema.ts';
import { checkSections, parseSections, writtenText } from '../../src/shared/text/pr-sections.ts';
import { fileFacts } from '../../src/validate-hotfix-pr/changed-files.ts';
import {
  approvalsWanted,
  approvingHumans,
  type Access,
  type ApprovalRules,
  pollInterval,
  tallyApprovals,
  waitForApprovals,
  type Review,
  type WaitResult,
} from '../../src/validate-hotfix-pr/approvals.ts';
import {
  approvalsFinding,
  judge,
  runCheck,
  type CheckResult,
  type Facts,
} from '../../src/validate-hotfix-pr/checks.ts';
import { reportOf, verdictOf, type Outcome } from '../../src/validate-hotfix-pr/report.ts';
import { prBody, TEMPLATE_BODY } from '../fixtures/pr-body.ts';

const policy = defaultPolicy();
const rules = policy['pull-request'];

describe('sections', () => {
  it('the blank template has every section, none filled in', () => {
    expect(checkSections(TEMPLATE_BODY, rules.sections)).toEqual({
      missing: [],
      unfilled: ['Urgency', 'Impact', 'Root Cause', 'The Fix', 'Testing', 'Rollback Plan'],
    });
  });

  it('a filled-in body passes; a left-out or placeholder section is named', () => {
    expect(checkSections(prBody({ checked: ['P1'] }), rules.sections)).toEqual({
      missing: [],
      unfilled: [],
    });
    const body = prBody({ checked: ['P1'], omit: ['Impact'], fix: '...', testing: '- [ ] TBD' });
    expect(checkSections(body, rules.sections)).toEqual({
      missing: ['Impact'],
      unfilled: ['The Fix', 'Testing'],
    });
  });

  it('matches headings by their words, at any level, with emoji and colons', () => {
    const body = '## 🚨 Rollback plan:\nRedeploy v1.2.\n\n# root  CAUSE\nA typo.\n';
    expect(checkSections(body, ['Rollback Plan', 'Root Cause'])).toEqual({
      missing: [],
      unfilled: [],
    });
    // A heading that starts with the name counts; a bold line is not a heading.
    expect(
      checkSections('### Testing done\nUnit tests.\n**Impact**\nAll users.', ['Testing', 'Impact']),
    ).toEqual({ missing: ['Impact'], unfilled: [] });
  });

  it('ignores headings inside code blocks and keeps subsections with their section', () => {
    const body = [
      '### The Fix',
      '#### Details',
      'Restore the tenant prefix.',
      '### Testing',
      '```md',
      '### Rollback Plan',
      '```',
    ].join('\n');
    const sections = parseSections(body);
    expect(sections.map((s) => s.title)).toEqual(['The Fix', 'Details', 'Testing']);
    expect(sections[0]!.content).toContain('Restore the tenant prefix.');
    expect(checkSections(body, ['The Fix', 'Rollback Plan'])).toEqual({
      missing: ['Rollback Plan'],
      unfilled: [],
    });
  });

  it.each([
    ['**Users affected**: [All users / Premium tier]', ''],
    ['**Users affected:** [All users]', ''],
    ['<!-- Who is affected? -->\n\n', ''],
    ['- [ ] Reproduced locally\n- [ ] Regression test added', ''],
    ['[Brief explanation of what caused the issue]\n...\n…', ''],
    ['TBD', ''],
    ['**Users affected**: EU customers on saved cards', 'EU customers on saved cards'],
    ['- [x] Reproduced locally\n- [ ] On staging', 'Reproduced locally'],
    ['See [the runbook](https://wiki/rb)', 'See the runbook https wiki rb'],
  ])('writtenText(%j) is %j', (text, written) => {
    expect(writtenText(text)).toBe(written);
  });
});

const file = (filename: string, status = 'modified', additions = 1, deletions = 0) => ({
  filename,
  status,
  additions,
  deletions,
});

describe('file facts', () => {
  it('leaves generated files and lockfiles out of the line count, not the file count', () => {
    const f = fileFacts(
      [
        file('src/a.ts', 'modified', 10, 5),
        file('package-lock.json', 'modified', 900, 800),
        file('dist/index.js', 'modified', 3000, 0),
        file('web/__snapshots__/x.test.ts.snap', 'modified', 50, 50),
      ],
      rules,
    );
    expect(f).toMatchObject({ fileCount: 4, countedLines: 15, generatedLines: 4800 });
    expect(f.largest.map((x) => x.filename)).toEqual(['src/a.ts']);
  });

  it('finds tests the PR adds or changes, at the root and in dot folders', () => {
    const f = fileFacts(
      [
        file('test/unit/a.ts'),
        file('pkg/server_test.go', 'added'),
        file('.config/tests/setup.ts'),
        file('tests/test_old.py', 'removed'),
        file('src/a.spec.ts', 'renamed', 0, 0),
        file('src/b.test.ts', 'renamed', 2, 1),
        file('src/c.ts'),
      ],
      rules,
    );
    expect(f.tests.map((x) => x.filename)).toEqual([
      'test/unit/a.ts',
      'pkg/server_test.go',
      '.config/tests/setup.ts',
      'src/b.test.ts',
    ]);
  });

  it('finds dependency manifests and lockfiles anywhere in the tree', () => {
    const f = fileFacts(
      [
        file('services/api/package.json'),
        file('requirements-dev.txt'),
        file('go.sum'),
        file('src/package.ts'),
      ],
      rules,
    );
    expect(f.dependencies.map((x) => x.filename)).toEqual([
      'services/api/package.json',
      'requirements-dev.txt',
      'go.sum',
    ]);
  });
});

const review = (user: string | undefined, state: string, submittedAt?: string): Review => ({
  user,
  state,
  ...(submittedAt ? { submittedAt } : {}),
});

/** The reviewers all have write access; the head is unknown (no stale check). */
const approvalRules: ApprovalRules = {
  author: 'dana',
  headSha: undefined,
  staleApprovals: 'dismiss',
  access: new Map(['alice', 'bob', 'carol', 'erin', 'frank'].map((u) => [u, 'write' as const])),
};
const trusting = {
  access: async (): Promise<Access> => 'write',
  rules: { author: 'dana', headSha: undefined, staleApprovals: 'dismiss' as const },
};

describe('approvals', () => {
  it("counts each person once, by their latest decisive review, never the author's", () => {
    const t = tallyApprovals(
      [
        review('alice', 'APPROVED'),
        review('alice', 'COMMENTED'),
        review('bob', 'APPROVED'),
        review('bob', 'CHANGES_REQUESTED'),
        review('carol', 'CHANGES_REQUESTED'),
        review('carol', 'APPROVED'),
        review('erin', 'DISMISSED'),
        review('Dana', 'APPROVED'),
        review(undefined, 'APPROVED'),
        review('frank', 'COMMENTED'),
      ],
      approvalRules,
    );
    expect(t.approvers).toEqual(['alice', 'carol']);
    expect(t.notes).toEqual([
      'bob requested changes after approving',
      "erin's review was dismissed",
      "the author's own approval does not count",
    ]);
  });

  it('counts only reviewers with write access, never bots, and by default only approvals of the head', () => {
    const head = 'a'.repeat(40);
    const old = 'b'.repeat(40);
    const reviews: Review[] = [
      { user: 'writer', state: 'APPROVED', commitId: head },
      { user: 'outsider', state: 'APPROVED', commitId: head },
      { user: 'triager', state: 'APPROVED', commitId: head },
      { user: 'helper-bot[bot]', state: 'APPROVED', commitId: head },
      { user: 'machine', bot: true, state: 'APPROVED', commitId: head },
      { user: 'early', state: 'APPROVED', commitId: old },
    ];
    const access = new Map<string, Access>([
      ['writer', 'write'],
      ['outsider', 'none'],
      ['triager', 'triage'],
      ['helper-bot[bot]', 'admin'],
      ['machine', 'write'],
      ['early', 'maintain'],
    ]);
    const t = tallyApprovals(reviews, {
      author: 'dana',
      headSha: head,
      staleApprovals: 'dismiss',
      access,
    });
    expect(t.approvers).toEqual(['writer']);
    expect(t.notes).toEqual([
      'outsider has no access: an approval counts from write access',
      'triager has triage access: an approval counts from write access',
      'helper-bot[bot] is a bot: its approval does not count',
      'machine is a bot: its approval does not count',
      `early approved an older commit (${old.slice(0, 12)}), not the head ${head.slice(0, 12)}: stale approvals do not count (policy pull-request.stale-approvals)`,
    ]);
    const counted = tallyApprovals(reviews, {
      author: 'dana',
      headSha: head,
      staleApprovals: 'count',
      access,
    });
    expect(counted.approvers).toEqual(['writer', 'early']);
    expect(approvingHumans(reviews, 'dana')).toEqual(['writer', 'outsider', 'triager', 'early']);
  });

  it('treats an approval that names no commit as stale when the head is known', () => {
    const head = 'a'.repeat(40);
    const reviews: Review[] = [
      { user: 'writer', state: 'APPROVED', commitId: head },
      { user: 'nocommit', state: 'APPROVED' },
      { user: 'nullcommit', state: 'APPROVED', commitId: undefined },
    ];
    const access = new Map<string, Access>([
      ['writer', 'write'],
      ['nocommit', 'write'],
      ['nullcommit', 'admin'],
    ]);
    const rules = { author: 'dana', headSha: head, access };
    const t = tallyApprovals(reviews, { ...rules, staleApprovals: 'dismiss' });
    expect(t.approvers).toEqual(['writer']);
    expect(t.notes).toEqual(
      ['nocommit', 'nullcommit'].map(
        (u) =>
          `${u}'s approval names no commit, so it is not known to be of the head ${head.slice(0, 12)}: stale approvals do not count (policy pull-request.stale-approvals)`,
      ),
    );
    // stale-approvals: count keeps them, as it keeps approvals of older commits.
    expect(tallyApprovals(reviews, { ...rules, staleApprovals: 'count' }).approvers).toEqual([
      'writer',
      'nocommit',
      'nullcommit',
    ]);
  });

  it("asks for each approving reviewer's access once, however many times it looks", async () => {
    const asked: string[] = [];
    const answers: Review[][] = [
      [{ user: 'outsider', state: 'APPROVED' }],
      [
        { user: 'outsider', state: 'APPROVED' },
        { user: 'writer', state: 'APPROVED' },
      ],
    ];
    const res = await waitForApprovals({
      reviews: async () => answers.shift() ?? [],
      access: async (login) => (asked.push(login), login === 'writer' ? 'write' : 'read'),
      rules: { author: 'dana', headSha: undefined, staleApprovals: 'dismiss' },
      wanted: 1,
      timeoutMs: 30_000,
      intervalMs: 5,
    });
    expect(res.tally.approvers).toEqual(['writer']);
    expect(asked).toEqual(['outsider', 'writer']);
  });

  it('orders by submission time, whatever order the list came in', () => {
    const t = tallyApprovals(
      [
        review('alice', 'APPROVED', '2026-11-24T10:05:00Z'),
        review('alice', 'CHANGES_REQUESTED', '2026-11-24T10:00:00Z'),
      ],
      approvalRules,
    );
    expect(t.approvers).toEqual(['alice']);
  });

  it('polls every tenth of the wait, between 1 and 10 seconds', () => {
    expect([0, 2_000, 30_000, 300_000].map(pollInterval)).toEqual([1_000, 1_000, 3_000, 10_000]);
    expect(approvalsWanted(0, 0)).toBe(0);
    expect(approvalsWanted(0, 5_000)).toBe(1);
    expect(approvalsWanted(2, 5_000)).toBe(2);
  });

  it('does not wait when the approvals are there or the timeout is 0', async () => {
    let calls = 0;
    const reviews = async () => (calls++, [review('alice', 'APPROVED')]);
    const enough = await waitForApprovals({
      reviews,
      ...trusting,
      wanted: 1,
      timeoutMs: 60_000,
      intervalMs: 10_000,
    });
    expect(enough).toMatchObject({ polls: 1, timedOut: false, cancelled: false });
    const none = await waitForApprovals({
      reviews: async () => [],
      ...trusting,
      wanted: 1,
      timeoutMs: 0,
      intervalMs: 1_000,
    });
    expect(none).toMatchObject({ polls: 1, timedOut: false });
    expect(calls).toBe(1);
  });

  it('looks again until an approval arrives', async () => {
    const answers: Review[][] = [[], [review('bob', 'COMMENTED')], [review('bob', 'APPROVED')]];
    const shorts: number[] = [];
    const res = await waitForApprovals({
      reviews: async () => answers.shift() ?? [],
      ...trusting,
      wanted: 1,
      timeoutMs: 30_000,
      intervalMs: 5,
      onShort: (_t, left) => shorts.push(left),
    });
    expect(res).toMatchObject({ polls: 3, timedOut: false });
    expect(res.tally.approvers).toEqual(['bob']);
    expect(shorts).toHaveLength(2);
  });

  it('gives up at the timeout, and stops at once when cancelled', async () => {
    // Each look takes 25 ms by the action's clock: looks at 25, 50 and 75 ms, then the 60 ms
    // timeout is past. (A clock of the test's own: the machine's speed cannot change this.)
    let clock = 0;
    const timedOut = await waitForApprovals({
      reviews: async () => {
        clock += 25;
        return [];
      },
      now: () => clock,
      ...trusting,
      wanted: 1,
      timeoutMs: 60,
      intervalMs: 10,
    });
    expect(timedOut).toMatchObject({ timedOut: true, polls: 3, waitedMs: 75 });

    const controller = new AbortController();
    const cancelled = await waitForApprovals({
      // Cancelled once it has looked and is waiting for the next look, 30 s away.
      reviews: async () => {
        setTimeout(() => controller.abort(), 20);
        return [];
      },
      ...trusting,
      wanted: 1,
      timeoutMs: 60_000,
      intervalMs: 30_000,
      signal: controller.signal,
    });
    // It stopped in that wait: one look, no second one.
    expect(cancelled).toMatchObject({ cancelled: true, timedOut: false, polls: 1 });
  });

  const wait = (approvers: string[], extra: Partial<WaitResult> = {}): WaitResult => ({
    tally: { approvers, notes: [] },
    waitedMs: 2_000,
    polls: 3,
    timedOut: true,
    cancelled: false,
    ...extra,
  });

  it('decides pass, waived or fail from the requirement, the wait and the waiver', () => {
    const base = { severity: 'P1' as const, required: 1, wanted: 1, waivable: false };
    expect(approvalsFinding({ ...base, timeoutMs: 0, wait: wait(['alice']) })).toEqual({
      ok: true,
      message: '1 approval (alice); P1 requires 1.',
    });
    expect(approvalsFinding({ ...base, timeoutMs: 2_000, wait: wait([]) })).toMatchObject({
      ok: false,
      message: '0 of 1 required approvals after waiting 2s.',
    });
    // P0 needs none without a wait; a fast-track wait for a review that never came is waived.
    const p0 = { severity: 'P0' as const, required: 0, waivable: true };
    expect(approvalsFinding({ ...p0, wanted: 0, timeoutMs: 0, wait: wait([]) })).toEqual({
      ok: true,
      message: '0 approvals; P0 requires none.',
    });
    expect(approvalsFinding({ ...p0, wanted: 1, timeoutMs: 2_000, wait: wait([]) })).toMatchObject({
      ok: true,
      waived: true,
      message: expect.stringMatching(/^0 of 1 approvals after waiting 2s: waived for P0/),
    });
    // A level that requires none and may not waive: the wait was a courtesy, it passes.
    const p3 = { severity: 'P3' as const, required: 0, wanted: 1, waivable: false };
    expect(approvalsFinding({ ...p3, timeoutMs: 2_000, wait: wait([]) })).toEqual({
      ok: true,
      message: 'No approving review after waiting 2s; P3 requires none.',
    });
    expect(
      approvalsFinding({ ...base, timeoutMs: 60_000, wait: wait([], { cancelled: true }) }),
    ).toMatchObject({ ok: false, message: 'Cancelled while waiting for approvals: 0 of 1.' });
  });
});

function facts(pr: Partial<Facts['pr']> = {}, over: Partial<Facts> = {}): Facts {
  return {
    pr: {
      title: '[HOTFIX] ENG-1: fix',
      body: prBody({ checked: ['P1'] }),
      branch: 'hotfix/ENG-1-fix',
      baseBranch: 'main',
      labels: [],
      ...pr,
    },
    policy,
    severity: 'P1',
    severityFrom: 'label "severity:P1"',
    ...over,
  };
}

describe('rules', () => {
  it('title-tag accepts the listed tags in any case, and SEVn for Pn', () => {
    for (const title of ['[hotfix] ENG-1', 'ENG-1 [Sev 1] x', '[P2] x'])
      expect(runCheck('title-tag', facts({ title })).ok, title).toBe(true);
    expect(runCheck('title-tag', facts({ title: '[WIP] ENG-1 fix' }))).toMatchObject({
      ok: false,
      fix: 'Start the title with a tag, e.g. "[P1] [WIP] ENG-1 fix".',
    });
  });

  it('branch-name follows the policy template and suggests a name', () => {
    expect(runCheck('branch-name', facts({ branch: 'hotfix/ENG-1-fix-login' })).ok).toBe(true);
    const bad = runCheck('branch-name', facts({ branch: 'Fix_Login', title: 'ENG-7: Fix login!' }));
    expect(bad.fix).toContain('"hotfix/ENG-7-fix-login"');
    const custom = policySchema.parse({ 'branch-name': 'emergency/{slug}' });
    expect(
      runCheck('branch-name', facts({ branch: 'emergency/db-pool' }, { policy: custom })).ok,
    ).toBe(true);
  });

  it('urgency reads the Urgency section, not a ticked box elsewhere', () => {
    const body = `${prBody({ checked: ['P1'] })}\n\n### Notes\n- [x] P0 - was considered`;
    expect(runCheck('urgency', facts({ body })).ok).toBe(true);
    expect(runCheck('urgency', facts({ body: prBody({ checked: ['P0', 'P1'] }) }))).toMatchObject({
      ok: false,
      message: '2 urgency boxes are ticked (P0, P1); exactly one must be.',
    });
  });

  it('judge turns a problem into fail or warn by the level; waived stays waived', () => {
    const problem = { ok: false, message: 'm', fix: 'f' };
    expect(judge('ticket', 'error', problem).status).toBe('fail');
    expect(judge('ticket', 'warning', problem).status).toBe('warn');
    expect(judge('ticket', 'error', { ok: true, message: 'm', fix: 'f' })).toMatchObject({
      status: 'pass',
      fix: '',
    });
    expect(
      judge('approvals', 'error', { ok: true, waived: true, message: 'm', fix: 'f' }),
    ).toMatchObject({ status: 'waived', fix: 'f' });
  });
});

describe('verdict and report', () => {
  const result = (id: CheckResult['id'], status: CheckResult['status']): CheckResult => ({
    id,
    status,
    level: 'error',
    message: `${id} | said`,
    fix: status === 'pass' ? '' : 'do it',
  });
  const results = [
    result('ticket', 'pass'),
    result('title-tag', 'warn'),
    result('approvals', 'waived'),
  ];

  it('fail-on decides what shuts the gate and whether the step fails', () => {
    expect(verdictOf(results, 'error')).toEqual({
      passed: true,
      failed: [],
      waived: ['approvals'],
      failStep: false,
    });
    expect(verdictOf(results, 'warning')).toMatchObject({
      passed: false,
      failed: ['title-tag'],
      failStep: true,
    });
    const failing = [...results, result('sections', 'fail')];
    expect(verdictOf(failing, 'never')).toMatchObject({
      passed: false,
      failed: ['sections'],
      failStep: false,
    });
  });

  it('the report is one row per check, with text escaped so it cannot break the table', () => {
    const o: Outcome = {
      number: 7,
      title: 't',
      severity: 'P0',
      severityFrom: 'severity input "P0"',
      validation: { results, off: ['dependencies'] },
      verdict: verdictOf(results, 'error'),
      failOn: 'error',
    };
    const report = reportOf(o);
    expect(report).toContain('### ✅ Hotfix gate passed: PR #7 (P0)');
    expect(report).toContain('| `title-tag` | ⚠️ warn | title-tag \\| said | do it |');
    expect(report).toContain('Off for P0 in the policy: dependencies.');
    expect(report).toContain('**Waived:** approvals.');
    expect(report.split('\n').filter((l) => l.startsWith('| `'))).toHaveLength(3);
  });
});
