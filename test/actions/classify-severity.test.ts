// classify-severity through its bundle, run as the runner runs it, against the fake GitHub.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub } from '../harness/fake-github/server.ts';
import { runAction, type RunOptions } from '../harness/run-action.ts';
import { issuesEvent, pullRequestEvent, pushEvent } from '../harness/events.ts';
import { contractViolations } from '../harness/fake-github/contract.ts';
import { prBody } from '../fixtures/pr-body.ts';

const fake = new FakeGitHub();
beforeAll(() => fake.start());
afterAll(() => fake.stop());

let repos = 0;
/** Each test gets its own repository, so tests can run side by side on one fake. */
function newRepo() {
  return fake.state.addRepo(`acme/shop-${++repos}`);
}

function run(
  repo: { owner: string; name: string },
  event: { name: string; payload: unknown; sha?: string; ref?: string },
  inputs: Record<string, string> = {},
  extra: RunOptions = {},
) {
  return runAction('classify-severity', {
    repository: `${repo.owner}/${repo.name}`,
    event,
    ...(event.sha ? { sha: event.sha } : {}),
    ...(event.ref ? { ref: event.ref } : {}),
    apiUrl: fake.url,
    token: fake.token,
    inputs,
    ...extra,
  });
}

const requestsFor = (repo: { name: string }) =>
  fake.requests.filter(
    (r) => r.path.includes(`/${repo.name}/`) || r.path.endsWith(`/${repo.name}`),
  );
const writesFor = (repo: { name: string }) => requestsFor(repo).filter((r) => r.method !== 'GET');

describe.concurrent('classify-severity', () => {
  it('pull_request: decides from the label, labels the PR, and a re-run changes nothing', async () => {
    const repo = newRepo();
    const pr = fake.state.addPull(repo, {
      title: '[P0] ENG-1234: reject expired tokens',
      head: 'hotfix/ENG-1234-expired-tokens',
      body: prBody({ checked: ['P1'] }),
      labels: ['severity:P1', 'sev-3', 'bug'],
      createdAt: '2026-11-24T10:00:00Z',
    });
    const event = pullRequestEvent(fake, repo, pr.number);

    const first = await run(repo, event);
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs).toMatchObject({
      severity: 'P1',
      level: '1',
      source: 'label',
      'is-hotfix': 'true',
      ticket: 'ENG-1234',
      'respond-by': '2026-11-24T14:00:00.000Z',
      number: String(pr.number),
    });
    expect(first.outputs.reason).toBe(
      'P1 from the label "severity:P1", which outranks the rest (title tag [P0] says P0).',
    );
    expect(JSON.parse(first.outputs.requirements!)).toMatchObject({
      approvals: 1,
      staging: true,
      postmortem: true,
      'respond-within': '4h',
    });
    // The title tag disagreed: a warning names both signals.
    expect(first.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: 'title tag [P0] says P0, but the label "severity:P1" decides P1',
      }),
    );
    expect(fake.state.issue(repo, pr.number).labels).toEqual(['severity:P1', 'bug']);
    expect(first.summary).toContain('Severity P1');
    expect(first.summary).toContain('removed sev-3');

    const before = writesFor(repo).length;
    const again = await run(repo, event);
    expect(again.code).toBe(0);
    expect(again.outputs.severity).toBe('P1');
    expect(writesFor(repo).length).toBe(before);
    expect(again.summary).toContain('already right');
    expect(await contractViolations(requestsFor(repo))).toEqual([]);
    // Only GitHub's own parameters are sent (not the run context, say).
    const sent = writesFor(repo).flatMap((r) => [
      ...Object.keys(r.body as object),
      ...r.query.keys(),
    ]);
    expect(sent.filter((k) => !['name', 'color', 'description', 'labels'].includes(k))).toEqual([]);
    expect(writesFor(repo).map((r) => r.method)).toEqual(['DELETE']);
  });

  it('pull_request_target: reads the PR from the payload the same way', async () => {
    const repo = newRepo();
    const pr = fake.state.addPull(repo, {
      title: '[SEV1] OPS-3 fix login',
      head: 'hotfix/OPS-3-login',
    });
    const event = { ...pullRequestEvent(fake, repo, pr.number), name: 'pull_request_target' };
    const res = await run(repo, event);
    expect(res.code, res.stdout).toBe(0);
    expect(res.outputs).toMatchObject({ severity: 'P1', source: 'title', ticket: 'OPS-3' });
    expect(fake.state.issue(repo, pr.number).labels).toEqual(['severity:P1']);
  });

  it('pull_request: adds the decided label, creating it with its colour', async () => {
    const repo = newRepo();
    const pr = fake.state.addPull(repo, {
      title: 'ENG-9 fix search',
      head: 'hotfix/ENG-9-search',
      body: prBody({ checked: ['P2'] }),
    });
    const res = await run(repo, pullRequestEvent(fake, repo, pr.number));
    expect(res.code, res.stdout).toBe(0);
    expect(res.outputs).toMatchObject({ severity: 'P2', source: 'checkbox' });
    expect(fake.state.issue(repo, pr.number).labels).toEqual(['severity:P2']);
    expect(repo.labels.get('severity:p2')).toMatchObject({ color: 'fbca04' });
  });

  it('label: hotfix labels a hotfix PR and leaves an ordinary PR alone', async () => {
    const repo = newRepo();
    const feature = fake.state.addPull(repo, { title: 'Add dark mode', head: 'feature/dark-mode' });
    const res = await run(repo, pullRequestEvent(fake, repo, feature.number), { label: 'hotfix' });
    expect(res.code, res.stdout).toBe(0);
    expect(res.outputs['is-hotfix']).toBe('false');
    expect(res.summary).toContain('not a hotfix, label: hotfix');
    expect(writesFor(repo)).toEqual([]);

    const hotfix = fake.state.addPull(repo, {
      title: 'ENG-10 fix login',
      head: 'hotfix/ENG-10-login',
    });
    const again = await run(repo, pullRequestEvent(fake, repo, hotfix.number), { label: 'hotfix' });
    expect(again.outputs['is-hotfix']).toBe('true');
    expect(fake.state.issue(repo, hotfix.number).labels).toEqual(['severity:P2']);
  });

  it('push to a hotfix branch: finds the open PR through the API and labels it', async () => {
    const repo = newRepo();
    const pr = fake.state.addPull(repo, {
      title: 'OPS-7 payments failing for card checkouts',
      head: 'hotfix/OPS-7-card-payments',
      body: '',
    });
    const res = await run(repo, pushEvent(repo, 'hotfix/OPS-7-card-payments', pr.pull.head.sha));
    expect(res.code, res.stdout).toBe(0);
    expect(res.outputs).toMatchObject({
      severity: 'P1',
      source: 'keyword',
      ticket: 'OPS-7',
      'is-hotfix': 'true',
      number: String(pr.number),
    });
    expect(res.outputs.reason).toContain('keyword rule "payments failing"');
    expect(fake.state.issue(repo, pr.number).labels).toEqual(['severity:P1']);
  });

  it('GitHub Enterprise Server: every call goes under GITHUB_API_URL, /api/v3 included', async ({
    onTestFinished,
  }) => {
    const ghes = new FakeGitHub(undefined, { prefix: '/api/v3' });
    await ghes.start();
    onTestFinished(() => ghes.stop());
    const repo = ghes.state.addRepo('acme/ghes-shop');
    const pr = ghes.state.addPull(repo, {
      title: '[P1] ENG-8 login loop',
      head: 'hotfix/ENG-8-login',
    });
    const res = await run(
      repo,
      pushEvent(repo, 'hotfix/ENG-8-login', pr.pull.head.sha),
      {},
      {
        apiUrl: ghes.url,
        token: ghes.token,
      },
    );
    expect(res.code, res.stdout).toBe(0);
    expect(res.outputs).toMatchObject({ severity: 'P1', number: String(pr.number) });
    expect(ghes.state.issue(repo, pr.number).labels).toEqual(['severity:P1']);
    expect(ghes.requests.length).toBeGreaterThan(0);
    expect(ghes.requests.filter((r) => r.status === 404 && !r.route)).toEqual([]);
  });

  it('push to the production branch after the merge: finds the merged PR by its merge commit', async () => {
    const repo = newRepo();
    const sha = '5'.repeat(40);
    const pr = fake.state.addPull(repo, {
      title: 'ENG-77 restore checkout',
      head: 'hotfix/ENG-77-checkout',
      labels: ['sev-1'],
      merged: true,
      mergeCommitSha: sha,
    });
    const res = await run(repo, pushEvent(repo, 'main', sha, 'Merge pull request #1'));
    expect(res.code, res.stdout).toBe(0);
    expect(res.outputs).toMatchObject({
      severity: 'P1',
      source: 'label',
      number: String(pr.number),
      ticket: 'ENG-77',
    });
    expect(res.summary).toContain(`${pr.number}, merged as 5555555`);
    expect(fake.state.issue(repo, pr.number).labels).toEqual(['sev-1', 'severity:P1']);
  });

  it('push without an open PR: classifies the branch and commit, labels nothing', async () => {
    const repo = newRepo();
    const res = await run(
      repo,
      pushEvent(repo, 'hotfix/OPS-8-db', 'a'.repeat(40), 'fix: database connection pool exhausted'),
    );
    expect(res.code, res.stdout).toBe(0);
    expect(res.outputs).toMatchObject({
      severity: 'P1',
      source: 'keyword',
      ticket: 'OPS-8',
      'is-hotfix': 'true',
      number: '',
    });
    expect(res.annotations).toContainEqual(
      expect.objectContaining({
        level: 'notice',
        message: expect.stringContaining('No PR or issue to label'),
      }),
    );
    expect(writesFor(repo)).toEqual([]);
  });

  it('issues: an incident issue is classified and labelled', async () => {
    const repo = newRepo();
    const issue = fake.state.addIssue(repo, {
      title: 'Data leak: invoices visible to other tenants',
      labels: ['incident'],
      createdAt: '2026-11-24T08:00:00Z',
    });
    const res = await run(repo, issuesEvent(fake, repo, issue.number));
    expect(res.code, res.stdout).toBe(0);
    expect(res.outputs).toMatchObject({
      severity: 'P0',
      source: 'keyword',
      'respond-by': '2026-11-24T10:00:00.000Z',
      'is-hotfix': 'false',
    });
    expect(fake.state.issue(repo, issue.number).labels).toEqual(['incident', 'severity:P0']);
  });

  it('workflow_dispatch: the severity input decides; text is classified too', async () => {
    const repo = newRepo();
    const res = await run(
      repo,
      { name: 'workflow_dispatch', payload: { inputs: {} } },
      { severity: 'sev-0', label: 'false', text: 'checkout is slow' },
    );
    expect(res.code, res.stdout).toBe(0);
    expect(res.outputs).toMatchObject({ severity: 'P0', level: '0', source: 'input' });
    expect(res.outputs.reason).toBe(
      'P0 from the severity input "sev-0", which outranks the rest (keyword rule "degraded performance" (matched "slow" in the text input) says P2).',
    );
    // Not checked out: the policy is looked up at the commit, and nothing is written.
    expect(requestsFor(repo).map((r) => `${r.method} ${r.route} ${r.status}`)).toEqual([
      'GET /repos/{owner}/{repo}/contents/{path} 404',
    ]);
  });

  it('a 502 on the first label call is retried and the run succeeds', async () => {
    const repo = newRepo();
    const pr = fake.state.addPull(repo, { title: '[P2] ENG-5 fix', head: 'hotfix/ENG-5-fix' });
    fake.inject({ method: 'POST', path: new RegExp(`/${repo.name}/labels$`), status: 502 });
    const res = await run(repo, pullRequestEvent(fake, repo, pr.number));
    expect(res.code, res.stdout).toBe(0);
    const creates = requestsFor(repo).filter(
      (r) => r.method === 'POST' && r.path.endsWith('/labels') && !r.path.includes('/issues/'),
    );
    expect(creates.map((r) => r.status)).toEqual([502, 201]);
    expect(fake.state.issue(repo, pr.number).labels).toEqual(['severity:P2']);
  });

  it('rate limits (429 and secondary) are waited out and retried', async () => {
    const repo = newRepo();
    const pr = fake.state.addPull(repo, { title: '[P3] ENG-6 copy', head: 'hotfix/ENG-6-copy' });
    fake.inject({
      method: 'GET',
      path: new RegExp(`/${repo.name}/pulls/${pr.number}$`),
      status: 403,
      headers: { 'retry-after': '1' },
      body: {
        message:
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      },
    });
    fake.inject({
      method: 'POST',
      path: new RegExp(`/${repo.name}/issues/${pr.number}/labels$`),
      status: 429,
      headers: {
        'retry-after': '1',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1),
      },
      body: { message: 'API rate limit exceeded' },
    });
    const res = await run(repo, pullRequestEvent(fake, repo, pr.number));
    expect(res.code, res.stdout).toBe(0);
    expect(res.annotations.filter((a) => a.level === 'warning').map((a) => a.message)).toEqual([
      expect.stringMatching(/^GitHub secondary rate limit on GET .*: retrying in 1s$/),
      expect.stringMatching(/^GitHub primary rate limit on POST .*: retrying in \d+s$/),
    ]);
    expect(fake.state.issue(repo, pr.number).labels).toEqual(['severity:P3']);
  });

  it('a policy file with an unknown key fails, naming it, before any label changes', async () => {
    const repo = newRepo();
    const pr = fake.state.addPull(repo, {
      title: '[P1] ENG-2 fix',
      head: 'hotfix/ENG-2-fix',
      baseSha: 'b'.repeat(40),
    });
    fake.state.setFile(
      repo,
      'b'.repeat(40),
      '.github/hotfix.yml',
      'levels:\n  P1:\n    aprovals: 2\n',
    );
    const res = await run(repo, pullRequestEvent(fake, repo, pr.number));
    expect(res.code).toBe(1);
    expect(res.annotations).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message:
          '.github/hotfix.yml:3: unknown key "aprovals" in levels.P1 (did you mean "approvals"?)',
      }),
    );
    expect(writesFor(repo)).toEqual([]);
  });

  it('reads the policy from the base branch, not from the PR', async () => {
    const repo = newRepo();
    const pr = fake.state.addPull(repo, {
      title: 'ENG-3 tidy',
      head: 'hotfix/ENG-3-tidy',
      baseSha: 'c'.repeat(40),
      headSha: 'd'.repeat(40),
    });
    fake.state.setFile(
      repo,
      'c'.repeat(40),
      '.github/hotfix.yml',
      'classification:\n  default: P3\n',
    );
    fake.state.setFile(
      repo,
      'd'.repeat(40),
      '.github/hotfix.yml',
      'classification:\n  default: P0\n',
    );
    const res = await run(repo, pullRequestEvent(fake, repo, pr.number), { label: 'false' });
    expect(res.code, res.stdout).toBe(0);
    expect(res.outputs).toMatchObject({ severity: 'P3', source: 'default' });
    expect(res.summary).toContain('.github/hotfix.yml at main (base of PR');
  });

  it('on a push, reads the policy as it was before the push, not from the pushed checkout (attack: a push sets its own rules)', async () => {
    const repo = newRepo();
    const workspace = mkdtempSync(join(tmpdir(), 'ws-'));
    mkdirSync(join(workspace, '.git'));
    mkdirSync(join(workspace, '.github'));
    // The pushed commit says everything is a P0.
    writeFileSync(
      join(workspace, '.github', 'hotfix.yml'),
      'hotfix-branches: ["**"]\nclassification:\n  default: P0\n',
    );
    const before = 'b'.repeat(40);
    fake.state.setFile(
      repo,
      before,
      '.github/hotfix.yml',
      'hotfix-branches: ["emergency/**"]\nclassification:\n  default: P1\n',
    );
    const event = pushEvent(repo, 'emergency/fix-it', 'e'.repeat(40), 'fix things');
    const res = await run(
      repo,
      { ...event, payload: { ...event.payload, before } },
      {},
      { workspace },
    );
    expect(res.code, res.stdout).toBe(0);
    expect(res.outputs).toMatchObject({ severity: 'P1', 'is-hotfix': 'true' });
    expect(res.summary).toContain('at bbbbbbbbbbbb (before this push)');
  });

  it('on a push without a token, the checkout is what there is', async () => {
    const repo = newRepo();
    const workspace = mkdtempSync(join(tmpdir(), 'ws-'));
    mkdirSync(join(workspace, '.git'));
    mkdirSync(join(workspace, '.github'));
    writeFileSync(
      join(workspace, '.github', 'hotfix.yml'),
      'hotfix-branches: ["emergency/**"]\nclassification:\n  default: P1\n',
    );
    const res = await run(
      repo,
      pushEvent(repo, 'emergency/fix-it', 'e'.repeat(40), 'fix things'),
      { 'github-token': '', label: 'false' },
      { workspace },
    );
    expect(res.code, res.stdout).toBe(0);
    expect(res.outputs).toMatchObject({ severity: 'P1', 'is-hotfix': 'true' });
    expect(requestsFor(repo).filter((r) => r.path.includes('/contents/'))).toEqual([]);
  });

  it("never reads a PR's checkout for the policy, even without a token (attack: a PR relaxes its own rules)", async () => {
    const repo = newRepo();
    const pr = fake.state.addPull(repo, { title: 'ENG-5 tidy up', head: 'feature/tidy' });
    const workspace = mkdtempSync(join(tmpdir(), 'ws-pr-'));
    mkdirSync(join(workspace, '.git'));
    mkdirSync(join(workspace, '.github'));
    // The PR's own code says every branch is a hotfix and everything is P0.
    writeFileSync(
      join(workspace, '.github', 'hotfix.yml'),
      'hotfix-branches: ["**"]\nclassification:\n  default: P0\n',
    );
    const res = await run(
      repo,
      pullRequestEvent(fake, repo, pr.number),
      { 'github-token': '', label: 'false' },
      { workspace },
    );
    expect(res.code, res.stdout).toBe(0);
    expect(res.outputs).toMatchObject({ severity: 'P2', 'is-hotfix': 'false' });
    expect(res.summary).toContain("no token to read the policy at the PR's base branch");
  });

  it('no token with label: true fails clearly before calling the API', async () => {
    const repo = newRepo();
    const pr = fake.state.addPull(repo, { title: '[P1] ENG-4 fix', head: 'hotfix/ENG-4-fix' });
    const res = await run(repo, pullRequestEvent(fake, repo, pr.number), { 'github-token': '' });
    expect(res.code).toBe(1);
    expect(res.annotations).toEqual([
      expect.objectContaining({
        level: 'error',
        message: expect.stringMatching(
          /^input "github-token" is required: a token when label is true/,
        ),
      }),
    ]);
    expect(requestsFor(repo)).toEqual([]);
  });

  it('a bad input names the input and what was expected', async () => {
    const repo = newRepo();
    const res = await run(
      repo,
      { name: 'workflow_dispatch', payload: {} },
      { severity: 'urgent-ish', label: 'false' },
    );
    expect(res.code).toBe(1);
    expect(res.annotations[0]?.message).toBe(
      'input "severity": "urgent-ish" is not a severity like P0..P3, SEV1, sev-1 or critical/high/medium/low',
    );
  });

  it('the token is masked and shell-like PR text is only data', async () => {
    const repo = newRepo();
    const hostile = '$(touch /tmp/pwned-classify) `id` ${{ secrets.TOKEN }}';
    const pr = fake.state.addPull(repo, {
      title: `[P1] ${hostile}`,
      head: 'hotfix/ENG-8-x',
      body: `${hostile}\n::error::injected`,
      labels: [],
    });
    const res = await run(repo, pullRequestEvent(fake, repo, pr.number));
    expect(res.code, res.stdout).toBe(0);
    expect(res.masks).toContain(fake.token);
    expect(res.log).not.toContain(fake.token);
    expect(res.annotations.map((a) => a.message)).not.toContain('injected');
    expect(res.summary).toContain('$(touch /tmp/pwned-classify) \\`id\\`');
    expect(existsSync('/tmp/pwned-classify')).toBe(false);
  });
});
