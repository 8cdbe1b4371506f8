// validate-hotfix-pr through its bundle, run as the runner runs it, against the fake GitHub.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { FakeGitHub } from '../harness/fake-github/server.ts';
import { runAction, startAction, type RunOptions } from '../harness/run-action.ts';
import { pullRequestEvent, pushEvent } from '../harness/events.ts';
import { contractViolations } from '../harness/fake-github/contract.ts';
import { fakeSha, type NewPull, type RepoState } from '../harness/fake-github/state.ts';
import { prBody } from '../fixtures/pr-body.ts';

const fake = new FakeGitHub();
beforeAll(() => fake.start());
afterAll(() => fake.stop());

/** For tests that wait or read 30 pages: room for a loaded 2-core machine. */
const SLOW = 90_000;

const MARKER = '<!-- hotfix-actions:validate-hotfix-pr -->';

/** A complete, well-formed P1 hotfix: every check passes once someone approves it. */
const GOOD: NewPull = {
  title: '[HOTFIX] ENG-1234: reject expired session tokens',
  head: 'hotfix/ENG-1234-expired-tokens',
  body: prBody({ checked: ['P1'] }),
  labels: ['severity:P1'],
  user: 'dana',
  files: [
    { filename: 'src/auth/session.ts', additions: 12, deletions: 3 },
    { filename: 'src/auth/session.test.ts', status: 'added', additions: 40, deletions: 0 },
    // Generated: thousands of lines that must not count toward max-lines.
    { filename: 'dist/index.js', additions: 2400, deletions: 2100 },
  ],
};

let repos = 0;
/** Each test gets its own repository, so tests can run side by side on one fake. */
function hotfixPr(overrides: Partial<NewPull> = {}, approvedBy: string[] = ['alice']) {
  const repo = fake.state.addRepo(`acme/gate-${++repos}`);
  // The team, who may approve: write access. Anyone else reads (a public repository).
  for (const member of ['alice', 'bob', 'carol', 'dana']) repo.collaborators.set(member, 'write');
  const pr = fake.state.addPull(repo, { ...GOOD, ...overrides });
  for (const user of approvedBy) fake.state.addReview(pr, { user, state: 'APPROVED' });
  return { repo, pr };
}

function options(
  repo: RepoState,
  number: number,
  inputs: Record<string, string> = {},
  extra: RunOptions = {},
): RunOptions {
  const event = pullRequestEvent(fake, repo, number);
  return {
    repository: `${repo.owner}/${repo.name}`,
    event,
    sha: event.sha,
    ref: event.ref,
    apiUrl: fake.url,
    token: fake.token,
    inputs,
    ...extra,
  };
}

const run = (...args: Parameters<typeof options>) =>
  runAction('validate-hotfix-pr', options(...args));

const requestsFor = (repo: { name: string }) =>
  fake.requests.filter((r) => r.path.includes(`/${repo.name}/`));
const writesFor = (repo: { name: string }) => requestsFor(repo).filter((r) => r.method !== 'GET');
const commentsOf = (repo: RepoState, number: number) =>
  repo.comments.filter((c) => c.issue === number && c.body.includes(MARKER));

/** The seconds in "after waiting 2.3s". */
const waitedSeconds = (message: string) => Number(/after waiting ([\d.]+)s/.exec(message)?.[1]);

/** The report table's rows, by check id: [status, message, fix]. */
function rows(report: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of report.matchAll(/^\| `([a-z-]+)` \| (.*) \|$/gm)) {
    out[m[1]!] = m[2]!.split(/(?<!\\) \| /);
  }
  return out;
}

describe.concurrent('validate-hotfix-pr', () => {
  it('a complete, well-formed P1 PR passes: outputs, summary table and one comment say so', async () => {
    const { repo, pr } = hotfixPr();
    const res = await run(repo, pr.number);
    expect(res.code, res.stdout).toBe(0);
    expect(res.outputs).toMatchObject({
      passed: 'true',
      'failed-checks': '[]',
      'waived-checks': '[]',
      severity: 'P1',
    });
    const table = rows(res.outputs.report!);
    expect(Object.keys(table)).toEqual([
      'branch-name',
      'ticket',
      'title-tag',
      'base-branch',
      'sections',
      'urgency',
      'change-size',
      'regression-test',
      'dependencies',
      'approvals',
    ]);
    for (const [id, [status]] of Object.entries(table)) expect(status, id).toBe('✅ pass');
    // Severity came from the shared classifier (no severity input): the label decides.
    expect(res.outputs.report).toContain('Severity **P1**, from the label "severity:P1"');
    // The generated dist/ file's 4,500 lines are reported but not counted.
    expect(table['change-size']![1]).toBe(
      '3 files (limit 10), 55 changed lines (limit 300); 4,500 lines in generated files and lockfiles not counted.',
    );
    expect(table.approvals![1]).toBe('1 approval (alice); P1 requires 1.');
    // The summary and the one PR comment carry the same report.
    expect(res.summary).toContain(res.outputs.report);
    const comments = commentsOf(repo, pr.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain(res.outputs.report);
    expect(res.annotations.filter((a) => a.level !== 'notice')).toEqual([]);
    // One page of files, one of reviews; every answer in GitHub's documented shape.
    const reads = requestsFor(repo).map((r) => `${r.method} ${r.route}`);
    expect(reads.filter((r) => r.endsWith('/files'))).toHaveLength(1);
    expect(reads.filter((r) => r.endsWith('/reviews'))).toHaveLength(1);
    expect(await contractViolations(requestsFor(repo))).toEqual([]);
    // Only the parameters GitHub defines are sent (no stray context fields).
    const params = requestsFor(repo).flatMap((r) => [...r.query.keys()]);
    expect(new Set(params)).toEqual(new Set(['ref', 'per_page']));
    const post = writesFor(repo).find((r) => r.method === 'POST')!;
    expect(Object.keys(post.body as object)).toEqual(['body']);
  });

  const breakers: {
    id: string;
    pr: Partial<NewPull>;
    reviews?: (pr: ReturnType<typeof hotfixPr>['pr']) => void;
    policy?: string;
    says: RegExp;
  }[] = [
    {
      id: 'branch-name',
      pr: { head: 'hotfix/expired-tokens' },
      says: /Branch "hotfix\/expired-tokens" does not match hotfix\/\{ticket\}-\{slug\}/,
    },
    {
      id: 'ticket',
      pr: { head: 'hotfix/expired-tokens', title: '[HOTFIX] Reject expired session tokens' },
      policy: 'branch-name: hotfix/{slug}\n',
      says: /No ticket id matching .* in the branch name or the title/,
    },
    {
      id: 'title-tag',
      pr: { title: 'ENG-1234: reject expired session tokens' },
      says: /The title carries none of the tags \\\[HOTFIX\\\], \\\[RELEASE\\\]/,
    },
    {
      id: 'base-branch',
      pr: { base: 'develop' },
      says: /Targets "develop", not the production branch main/,
    },
    {
      id: 'sections',
      pr: {
        body: prBody({
          checked: ['P1'],
          rootCause: '[Brief explanation of what caused the issue]',
          omit: ['Rollback Plan'],
        }),
      },
      says: /missing: Rollback Plan; still the template's placeholder: Root Cause/,
    },
    {
      id: 'urgency',
      pr: { body: prBody({ checked: ['P2'] }) },
      says: /The ticked urgency box says P2, but the severity is P1 \(from the label "severity:P1"\)/,
    },
    {
      id: 'change-size',
      pr: {
        files: [...GOOD.files!, { filename: 'src/auth/rewrite.ts', additions: 400, deletions: 20 }],
      },
      says: /Too large for a hotfix: 4 files \(limit 10\), 475 changed lines \(limit 300\).*Largest: src\/auth\/rewrite.ts \(\+400\/-20\)/,
    },
    {
      id: 'regression-test',
      pr: {
        files: GOOD.files!.filter((f) => typeof f !== 'string' && !f.filename.includes('.test.')),
      },
      says: /No test file is added or changed/,
    },
    {
      id: 'dependencies',
      pr: {
        files: [...GOOD.files!, { filename: 'package.json', additions: 1, deletions: 1 }],
      },
      says: /Dependency files changed: package.json/,
    },
    {
      id: 'approvals',
      pr: {},
      reviews: (pr) => {
        fake.state.addReview(pr, { user: 'alice', state: 'APPROVED' });
        fake.state.addReview(pr, { user: 'carol', state: 'COMMENTED' });
        fake.state.addReview(pr, { user: 'alice', state: 'CHANGES_REQUESTED' });
        fake.state.addReview(pr, { user: 'bob', state: 'APPROVED' }).state = 'DISMISSED';
        fake.state.addReview(pr, { user: 'dana', state: 'APPROVED' }); // the author
      },
      says: /0 of 1 required approvals; alice requested changes after approving; bob's review was dismissed; the author's own approval does not count/,
    },
  ];

  it.each(breakers)('$id fails alone on a PR made to break only it', async (b) => {
    const { repo, pr } = hotfixPr(b.pr, b.reviews ? [] : ['alice']);
    b.reviews?.(pr);
    if (b.policy) fake.state.setFile(repo, pr.pull.base.sha, '.github/hotfix.yml', b.policy);
    const res = await run(repo, pr.number);
    expect(res.code, res.stdout).toBe(1);
    expect(res.outputs['failed-checks']).toBe(JSON.stringify([b.id]));
    expect(res.outputs.passed).toBe('false');
    const [status, message, fix] = rows(res.outputs.report!)[b.id]!;
    expect(status).toBe('❌ fail');
    expect(message).toMatch(b.says);
    expect(fix!.length).toBeGreaterThan(20);
    const errors = res.annotations.filter((a) => a.level === 'error');
    expect(errors.map((a) => a.props.title)).toEqual([`Hotfix check ${b.id}: fail`, undefined]);
    expect(errors[1]!.message).toMatch(
      new RegExp(`^Hotfix gate failed for PR #${pr.number} \\(P1\\): ${b.id}\\.`),
    );
    expect(res.summary).toContain(res.outputs.report);
  });

  it("an outsider's approval, a bot's and the author's do not count (attack: approval by anyone)", async () => {
    const { repo, pr } = hotfixPr({}, ['mallory', 'renovate[bot]', 'dana']);
    const res = await run(repo, pr.number);
    expect(res.code, res.stdout).toBe(1);
    expect(JSON.parse(res.outputs['failed-checks']!)).toEqual(['approvals']);
    expect(rows(res.outputs.report!).approvals![1]).toBe(
      "0 of 1 required approvals; mallory has read access: an approval counts from write access; renovate\\[bot\\] is a bot: its approval does not count; the author's own approval does not count.",
    );
  });

  it('an approval of an older commit does not count after a new push, unless the policy counts stale approvals (attack: approve, then push)', async () => {
    const { repo, pr } = hotfixPr({}, ['alice']);
    // The author pushes new code after alice approved.
    const approved = pr.pull.head.sha;
    pr.pull.head.sha = fakeSha('pushed after the approval');
    const stale = await run(repo, pr.number);
    expect(stale.code, stale.stdout).toBe(1);
    expect(rows(stale.outputs.report!).approvals![1]).toContain(
      `alice approved an older commit (${approved.slice(0, 12)})`,
    );
    fake.state.setFile(
      repo,
      pr.pull.base.sha,
      '.github/hotfix.yml',
      'pull-request:\n  stale-approvals: count\n',
    );
    const counted = await run(repo, pr.number);
    expect(counted.code, counted.stdout).toBe(0);
    // A fresh approval of the new head counts with the default too.
    fake.state.setFile(
      repo,
      pr.pull.base.sha,
      '.github/hotfix.yml',
      'pull-request:\n  stale-approvals: dismiss\n',
    );
    fake.state.addReview(pr, { user: 'bob', state: 'APPROVED' });
    const fresh = await run(repo, pr.number);
    expect(fresh.code, fresh.stdout).toBe(0);
    expect(rows(fresh.outputs.report!).approvals![1]).toMatch(/^1 approval \(bob\)/);
  });

  it("an outsider's comment with our marker is left alone; ours is created beside it (attack: marker first)", async () => {
    const { repo, pr } = hotfixPr();
    const planted = '<!-- hotfix-actions:validate-hotfix-pr -->\n### ✅ Hotfix gate passed';
    repo.comments.push({
      id: 7_000_001,
      issue: pr.number,
      body: planted,
      user: fake.state.user('mallory'),
      createdAt: '',
      updatedAt: '',
    });
    const res = await run(repo, pr.number);
    expect(res.code, res.stdout).toBe(0);
    const comments = commentsOf(repo, pr.number);
    expect(comments).toHaveLength(2);
    expect(comments[0]).toMatchObject({ body: planted, user: { login: 'mallory' } });
    expect(comments[1]!.user.login).toBe('github-actions[bot]');
    expect(comments[1]!.body).toContain('Hotfix gate passed: PR #');
  });

  it('the hotfix:deps label allows a dependency change', async () => {
    const { repo, pr } = hotfixPr({
      labels: ['severity:P1', 'hotfix:deps'],
      files: [...GOOD.files!, { filename: 'package-lock.json', additions: 90, deletions: 80 }],
    });
    const res = await run(repo, pr.number);
    expect(res.code, res.stdout).toBe(0);
    const table = rows(res.outputs.report!);
    expect(table.dependencies![1]).toBe(
      'Dependency files changed (package-lock.json), allowed by the hotfix:deps label.',
    );
    // A lockfile is generated: its 170 lines are not counted either.
    expect(table['change-size']![1]).toContain('55 changed lines');
  });

  it(
    'a P0 with no approvals and approval-timeout: 2s is waived, and the waiver is recorded',
    async () => {
      const { repo, pr } = hotfixPr(
        { labels: ['severity:P0'], body: prBody({ checked: ['P0'] }) },
        [],
      );
      const res = await run(repo, pr.number, { 'approval-timeout': '2s' });
      expect(res.code, res.stdout).toBe(0);
      expect(res.outputs).toMatchObject({
        passed: 'true',
        'failed-checks': '[]',
        'waived-checks': '["approvals"]',
        severity: 'P0',
      });
      const [status, message] = rows(res.outputs.report!).approvals!;
      expect(status).toBe('🟡 waived');
      // It waited the whole timeout (the action's own clock; a loaded machine may add to it).
      expect(waitedSeconds(message!)).toBeGreaterThanOrEqual(2);
      expect(message).toMatch(/^0 of 1 approvals after waiting [\d.]+s: waived for P0/);
      expect(res.outputs.report).toContain('**Waived:** approvals.');
      expect(res.annotations).toContainEqual(
        expect.objectContaining({
          level: 'notice',
          props: { title: 'Hotfix check approvals: waived' },
        }),
      );
      // Looking again in between (every second for a 2 s wait).
      const looks = requestsFor(repo).filter((r) => r.path.endsWith('/reviews'));
      expect(looks.length).toBeGreaterThanOrEqual(2);
    },
    SLOW,
  );

  it(
    'a P1 with no approvals and approval-timeout: 2s fails at the timeout',
    async () => {
      const { repo, pr } = hotfixPr({}, []);
      const res = await run(repo, pr.number, { 'approval-timeout': '2s' });
      expect(res.code, res.stdout).toBe(1);
      expect(res.outputs['failed-checks']).toBe('["approvals"]');
      expect(res.outputs['waived-checks']).toBe('[]');
      const message = rows(res.outputs.report!).approvals![1]!;
      expect(message).toMatch(/^0 of 1 required approvals after waiting [\d.]+s\.$/);
      // It waited the whole timeout by its own clock, looking again in between.
      expect(waitedSeconds(message)).toBeGreaterThanOrEqual(2);
      expect(requestsFor(repo).filter((r) => r.path.endsWith('/reviews')).length).toBeGreaterThan(
        1,
      );
    },
    SLOW,
  );

  it(
    'an approval arriving during the wait passes the gate without waiting out the timeout',
    async () => {
      const { repo, pr } = hotfixPr({}, []);
      // pull_request_review: the event a re-check on each review would run on.
      const opts = options(repo, pr.number, { 'approval-timeout': '30s' });
      const running = startAction('validate-hotfix-pr', {
        ...opts,
        event: { ...opts.event!, name: 'pull_request_review' },
      });
      // Once the action has looked at the reviews and is waiting, a reviewer approves 1 s later.
      const reviewsRead = () => requestsFor(repo).some((r) => r.path.endsWith('/reviews'));
      for (let i = 0; !reviewsRead(); i++) {
        if (i > 600) throw new Error('the action never read the reviews');
        await new Promise((r) => setTimeout(r, 50));
      }
      const approved = new Promise<void>((resolve) =>
        setTimeout(() => {
          fake.state.addReview(pr, { user: 'alice', state: 'APPROVED' });
          resolve();
        }, 1000),
      );
      const res = await running.result;
      await approved;
      expect(res.code, res.stdout).toBe(0);
      expect(res.outputs.passed).toBe('true');
      expect(rows(res.outputs.report!).approvals![1]).toBe('1 approval (alice); P1 requires 1.');
      const looks = requestsFor(repo).filter((r) => r.path.endsWith('/reviews'));
      expect(looks.length).toBeGreaterThanOrEqual(2);
      // It looked until a look saw the approval, and stopped at that look: it did not wait
      // out the 30 s timeout.
      const seen = looks.map((r) => (r.response as unknown[]).length);
      expect(seen.at(-1), JSON.stringify(seen)).toBe(1);
      expect(
        seen.slice(0, -1).every((n) => n === 0),
        JSON.stringify(seen),
      ).toBe(true);
      expect(res.stdout).toMatch(/Approvals: 0 of 1 so far, \d+(\.\d)?s left/);
      expect(res.stdout).not.toMatch(/after waiting 30/);
    },
    SLOW,
  );

  it(
    're-running leaves exactly one comment, updated in place',
    async () => {
      const { repo, pr } = hotfixPr({}, []);
      const first = await run(repo, pr.number);
      expect(first.code).toBe(1);
      const second = await run(repo, pr.number);
      expect(second.code).toBe(1);
      expect(commentsOf(repo, pr.number)).toHaveLength(1);
      // Same result, same comment: nothing is written at all.
      expect(second.summary).toMatch(/PR comment \| unchanged: https:\/\/github\.com\//);
      fake.state.addReview(pr, { user: 'alice', state: 'APPROVED' });
      const third = await run(repo, pr.number);
      expect(third.code, third.stdout).toBe(0);
      const comments = commentsOf(repo, pr.number);
      expect(comments).toHaveLength(1);
      expect(comments[0]!.body).toContain('Hotfix gate passed');
      expect(writesFor(repo).map((r) => r.method)).toEqual(['POST', 'PATCH']);
      expect(third.summary).toMatch(/PR comment \| updated: https:\/\/github\.com\//);
    },
    SLOW,
  );

  it('a second copy of its comment (a retried create that had landed) is removed on the next run', async () => {
    const { repo, pr } = hotfixPr();
    expect((await run(repo, pr.number)).code).toBe(0);
    const [mine] = commentsOf(repo, pr.number);
    repo.comments.push({ ...mine!, id: mine!.id + 100_000 });
    expect(commentsOf(repo, pr.number)).toHaveLength(2);
    const again = await run(repo, pr.number);
    expect(again.code, again.stdout).toBe(0);
    expect(commentsOf(repo, pr.number).map((c) => c.id)).toEqual([mine!.id]);
  });

  it('on a fork PR whose token cannot comment, it warns and still reports in the summary', async () => {
    const { repo, pr } = hotfixPr();
    fake.inject({
      method: 'POST',
      path: new RegExp(`/${repo.name}/issues/${pr.number}/comments$`),
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    });
    const res = await run(repo, pr.number);
    expect(res.code, res.stdout).toBe(0);
    expect(res.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining('the report is in the job summary only'),
      }),
    );
    expect(res.summary).toContain('Hotfix gate passed');
    expect(res.summary).toContain('not posted: the token may not comment');
    expect(commentsOf(repo, pr.number)).toEqual([]);
  });

  it('comment: false writes nothing to the PR', async () => {
    const { repo, pr } = hotfixPr();
    const res = await run(repo, pr.number, { comment: 'false' });
    expect(res.code, res.stdout).toBe(0);
    expect(writesFor(repo)).toEqual([]);
    expect(res.summary).toContain('not posted (comment: false)');
  });

  it(
    'fail-on: warning fails on a warning; never reports without failing the step',
    async () => {
      // P0 rates title-tag a warning (the policy's P0 defaults relax paperwork checks).
      const { repo, pr } = hotfixPr({
        title: 'ENG-1234: reject expired session tokens',
        labels: [],
        body: prBody({ checked: ['P0'] }),
      });
      const lenient = await run(repo, pr.number, { severity: 'sev-0' });
      expect(lenient.code, lenient.stdout).toBe(0);
      expect(lenient.outputs).toMatchObject({ passed: 'true', severity: 'P0' });
      expect(rows(lenient.outputs.report!)['title-tag']![0]).toBe('⚠️ warn');
      expect(lenient.annotations).toContainEqual(
        expect.objectContaining({
          level: 'warning',
          props: { title: 'Hotfix check title-tag: warn' },
        }),
      );
      expect(lenient.outputs.report).toContain('from the severity input "sev-0"');

      const strict = await run(repo, pr.number, { severity: 'P0', 'fail-on': 'warning' });
      expect(strict.code).toBe(1);
      expect(strict.outputs).toMatchObject({ passed: 'false', 'failed-checks': '["title-tag"]' });

      const never = await run(repo, pr.number, { severity: 'P1', 'fail-on': 'never' });
      expect(never.code, never.stdout).toBe(0);
      expect(never.outputs.passed).toBe('false');
      expect(JSON.parse(never.outputs['failed-checks']!)).toEqual(['title-tag', 'urgency']);
    },
    SLOW,
  );

  it('the push that merges a PR is judged again, by the rules from before the push (attack: merged red, its own policy relaxed; an open back-merge from main)', async () => {
    const { repo, pr } = hotfixPr({ merged: true }, []);
    const mergeSha = pr.pull.mergeCommitSha!;
    // The merged PR turned the approval off in the file it merged...
    fake.state.setFile(repo, mergeSha, '.github/hotfix.yml', 'levels:\n  P1:\n    approvals: 0\n');
    // ...and an open PR from main (a back-merge into develop) would pass if judged instead.
    const backMerge = fake.state.addPull(repo, { ...GOOD, head: 'main', base: 'develop' });
    backMerge.pull.head.sha = mergeSha;
    fake.state.addReview(backMerge, { user: 'alice', state: 'APPROVED' });
    const event = pushEvent(repo, 'main', mergeSha);
    const before = fakeSha('main before the merge');
    fake.state.setFile(repo, before, '.github/hotfix.yml', 'levels:\n  P1:\n    approvals: 1\n');
    const res = await runAction('validate-hotfix-pr', {
      repository: `${repo.owner}/${repo.name}`,
      event: { ...event, payload: { ...event.payload, before } },
      sha: mergeSha,
      ref: event.ref,
      apiUrl: fake.url,
      token: fake.token,
      inputs: { comment: 'false' },
    });
    expect(res.code, res.stdout).toBe(1);
    expect(res.outputs['failed-checks']).toBe('["approvals"]');
    expect(res.stdout).toContain(
      `Policy: .github/hotfix.yml at ${before.slice(0, 12)} (before this push)`,
    );
    expect(res.summary).toContain(`#${pr.number}`);
    expect(res.summary).not.toContain(`#${backMerge.number}`);
  });

  it('the policy turns checks off or to warnings per severity, read at the base branch', async () => {
    const { repo, pr } = hotfixPr({ head: 'fix-tokens', title: 'ENG-1234 fix' }, []);
    fake.state.setFile(
      repo,
      pr.pull.base.sha,
      '.github/hotfix.yml',
      'levels:\n  P1:\n    approvals: 2\n    checks:\n      branch-name: off\n      title-tag: warning\n',
    );
    const res = await run(repo, pr.number);
    expect(res.code).toBe(1);
    const table = rows(res.outputs.report!);
    expect(table['branch-name']).toBeUndefined();
    expect(table['title-tag']![0]).toBe('⚠️ warn');
    expect(table.approvals![1]).toBe('0 of 2 required approvals.');
    expect(res.outputs['failed-checks']).toBe('["approvals"]');
    expect(res.outputs.report).toContain('Off for P1 in the policy: branch-name.');
  });

  it(
    'handles a PR with 3,000+ changed files: every page read, no crash',
    async () => {
      const files = Array.from({ length: 3200 }, (_, i) => ({
        filename: `vendor/lib/module-${i}.js`,
        status: 'added' as const,
        additions: 10,
        deletions: 0,
      }));
      const { repo, pr } = hotfixPr({ files });
      const res = await run(repo, pr.number, {}, { timeoutMs: 90_000 });
      expect(res.code, res.stdout + res.stderr).toBe(1);
      const pages = requestsFor(repo).filter((r) => r.path.endsWith('/files'));
      expect(pages.map((r) => r.query.get('page') ?? '1')).toEqual(
        Array.from({ length: 30 }, (_, i) => String(i + 1)),
      );
      expect(pages.every((r) => r.query.get('per_page') === '100')).toBe(true);
      expect(JSON.parse(res.outputs['failed-checks']!)).toEqual(['change-size', 'regression-test']);
      expect(rows(res.outputs.report!)['change-size']![1]).toMatch(
        /^Too large for a hotfix: 3,000\+ files \(limit 10\), 30,000 changed lines \(limit 300\)\. GitHub lists at most 3,000 files/,
      );
    },
    SLOW,
  );

  it(
    'retries GitHub 5xx and waits out a 429',
    async () => {
      const { repo, pr } = hotfixPr();
      fake.inject({
        method: 'GET',
        path: new RegExp(`/${repo.name}/pulls/${pr.number}/files$`),
        status: 502,
      });
      fake.inject({
        method: 'GET',
        path: new RegExp(`/${repo.name}/pulls/${pr.number}/reviews$`),
        status: 429,
        headers: {
          'retry-after': '1',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1),
        },
        body: { message: 'API rate limit exceeded' },
      });
      const res = await run(repo, pr.number);
      expect(res.code, res.stdout).toBe(0);
      const statuses = (suffix: string) =>
        requestsFor(repo)
          .filter((r) => r.path.endsWith(suffix))
          .map((r) => r.status);
      expect(statuses('/files')).toEqual([502, 200]);
      expect(statuses('/reviews')).toEqual([429, 200]);
    },
    SLOW,
  );

  it('a pull_request event without a pull request fails before any check or API call', async () => {
    const { repo } = hotfixPr();
    const res = await runAction('validate-hotfix-pr', {
      repository: `${repo.owner}/${repo.name}`,
      event: { name: 'pull_request', payload: { action: 'opened' } },
      apiUrl: fake.url,
      token: fake.token,
    });
    expect(res.code).toBe(1);
    expect(res.annotations).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'the pull_request event has no pull_request in its payload',
      }),
    ]);
    expect(requestsFor(repo)).toEqual([]);
    expect(res.outputs).toEqual({});
  });

  it('a run without a pull request (workflow_dispatch) says how to run it', async () => {
    const { repo } = hotfixPr();
    const res = await runAction('validate-hotfix-pr', {
      repository: `${repo.owner}/${repo.name}`,
      event: { name: 'workflow_dispatch', payload: {} },
      apiUrl: fake.url,
      token: fake.token,
    });
    expect(res.code).toBe(1);
    expect(res.annotations[0]?.message).toMatch(
      /^validate-hotfix-pr judges a pull request, and this run has none \(workflow_dispatch event/,
    );
    expect(writesFor(repo)).toEqual([]);
  });

  it('a missing token fails clearly before calling the API', async () => {
    const { repo, pr } = hotfixPr();
    const res = await run(repo, pr.number, { 'github-token': '' });
    expect(res.code).toBe(1);
    expect(res.annotations).toEqual([
      expect.objectContaining({
        level: 'error',
        message: expect.stringMatching(
          /^input "github-token" is required: a token that can read the pull request/,
        ),
      }),
    ]);
    expect(requestsFor(repo)).toEqual([]);
  });

  it('an unreadable policy fails, naming file and line, before any check runs', async () => {
    const { repo, pr } = hotfixPr();
    fake.state.setFile(repo, pr.pull.base.sha, '.github/hotfix.yml', 'levels: [P1\n');
    const res = await run(repo, pr.number);
    expect(res.code).toBe(1);
    expect(res.annotations).toEqual([
      expect.objectContaining({
        level: 'error',
        message: expect.stringMatching(/^\.github\/hotfix\.yml:\d+: not valid YAML/),
      }),
    ]);
    expect(requestsFor(repo).filter((r) => /\/(files|reviews|comments)$/.test(r.path))).toEqual([]);
    expect(res.outputs).toEqual({});
  });

  it('bad inputs name the input, the value and what was expected', async () => {
    const { repo, pr } = hotfixPr();
    const failOn = await run(repo, pr.number, { 'fail-on': 'sometimes' });
    expect(failOn.code).toBe(1);
    expect(failOn.annotations[0]?.message).toBe(
      'input "fail-on": "sometimes" is not one of: error, warning, never',
    );
    const timeout = await run(repo, pr.number, { 'approval-timeout': '7h' });
    expect(timeout.annotations[0]?.message).toBe(
      'input "approval-timeout": "7h" is not a duration up to 6h',
    );
    expect(requestsFor(repo)).toEqual([]);
  });

  it('hostile PR text stays data: escaped in the table, never run, the token masked', async () => {
    const hostile = '$(touch /tmp/pwned-validate) | `id` <img src=x> @everyone';
    const { repo, pr } = hotfixPr({ title: `ENG-1234 ${hostile}`, head: `x; ${hostile}` });
    const res = await run(repo, pr.number);
    expect(res.code).toBe(1);
    const table = rows(res.outputs.report!);
    expect(Object.keys(table)).toHaveLength(10);
    expect(table['branch-name']![1]).toContain('\\| \\`id\\` \\<img src=x\\> @\u200beveryone');
    expect(res.masks).toContain(fake.token);
    expect(res.log).not.toContain(fake.token);
    expect(existsSync('/tmp/pwned-validate')).toBe(false);
  });
});
