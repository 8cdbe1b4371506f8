// Issues found again by label and marker, against the fake GitHub: never a second copy,
// even when two jobs race; and notify's incident-issue sync on top of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../harness/fake-github/server.ts';
import { contractViolations } from '../harness/fake-github/contract.ts';
import { createGitHub, type GitHub } from '../../src/shared/github/client.ts';
import { gitHubNotify, type NotifyGitHub } from '../../src/notify/github.ts';
import { createOnce, findMarkedIssue } from '../../src/notify/marked-issue.ts';
import { syncIncidentIssue, type IncidentSync } from '../../src/notify/records.ts';

const fake = new FakeGitHub();
let gh: GitHub;

beforeAll(async () => {
  process.env.GITHUB_API_URL = await fake.start();
  gh = await createGitHub(fake.token);
});
afterAll(() => fake.stop());

let n = 0;
function newRepo() {
  const r = fake.state.addRepo(`acme/marked-${++n}`);
  const repo = { owner: 'acme', repo: r.name };
  const port: NotifyGitHub = gitHubNotify(repo, async () => gh);
  return { state: r, repo, port };
}

describe('marked issues', () => {
  it('finds the issue by label and marker, ignoring PRs and other issues', async () => {
    const { state, port } = newRepo();
    fake.state.addPull(state, { title: 'pr', head: 'x', body: '<!-- m -->', labels: ['incident'] });
    fake.state.addIssue(state, { title: 'other', body: '<!-- other -->', labels: ['incident'] });
    const mine = fake.state.addIssue(state, {
      title: 'mine',
      body: 'x <!-- m --> y',
      labels: ['incident'],
      user: fake.actor,
    });
    expect((await findMarkedIssue(port, 'incident', '<!-- m -->'))?.number).toBe(mine.number);
    expect(await findMarkedIssue(port, 'incident', '<!-- none -->')).toBeUndefined();
  });

  it("an outsider's issue with our label and marker is never ours: another is opened, theirs untouched (attack: marker first)", async () => {
    const { state, port } = newRepo();
    const marker = '<!-- hotfix-actions:incident:eng-7 -->';
    // An issue template applies the label for anyone; the marker is pasted in. The user
    // `github-actions` (a person's account) is not the bot `github-actions[bot]` either.
    const planted = [
      fake.state.addIssue(state, {
        title: 'p1',
        body: marker,
        labels: ['incident'],
        user: 'mallory',
      }),
      fake.state.addIssue(state, {
        title: 'p2',
        body: marker,
        labels: ['incident'],
        user: 'github-actions',
      }),
    ];
    const snapshot = () => planted.map((i) => [i.title, i.body, i.state, [...i.labels]]);
    const before = snapshot();
    expect(await findMarkedIssue(port, 'incident', marker)).toBeUndefined();
    const opened = await createOnce(port, 'incident', marker, {
      title: 'ours',
      body: marker,
      labels: ['incident'],
    });
    expect(opened.created).toBe(true);
    expect(planted.map((i) => i.number)).not.toContain(opened.issue.number);
    expect((await findMarkedIssue(port, 'incident', marker))?.number).toBe(opened.issue.number);
    // Ours is the younger: the race rule (the oldest wins) must not close it for theirs.
    expect(state.issues.get(opened.issue.number)!.state).toBe('open');
    const sync = await syncIncidentIssue(port, {
      mode: 'close',
      existing: { ...opened.issue, owned: true },
      key: 'eng-7',
      label: 'incident',
      marker,
      title: 'ours',
      body: `${marker}\nresolved`,
      labels: ['incident'],
    });
    expect(sync.detail).toBe(`#${opened.issue.number} updated and closed`);
    expect(snapshot()).toEqual(before);
  });

  it('two jobs racing to open the same issue leave exactly one open', async () => {
    const { state, port } = newRepo();
    const issue = {
      title: 'Post-mortem',
      body: '<!-- hotfix-actions:postmortem:x -->',
      labels: ['postmortem'],
    };
    const [a, b] = await Promise.all([
      createOnce(port, 'postmortem', '<!-- hotfix-actions:postmortem:x -->', issue),
      createOnce(port, 'postmortem', '<!-- hotfix-actions:postmortem:x -->', issue),
    ]);
    expect(a.issue.number).toBe(b.issue.number);
    const open = [...state.issues.values()].filter((i) => i.state === 'open');
    expect(open).toHaveLength(1);
    for (const i of state.issues.values())
      if (i.state === 'closed') {
        expect(i.stateReason).toBe('duplicate');
        expect(i.body).toBe(
          `Duplicate of #${a.issue.number}, opened at the same time by another job.`,
        );
      }
    expect(await contractViolations(fake.requests)).toEqual([]);
  });
});

describe('syncIncidentIssue', () => {
  const sync = (over: Partial<IncidentSync>): IncidentSync => ({
    mode: 'open',
    key: 'eng-1',
    label: 'incident',
    marker: '<!-- hotfix-actions:incident:eng-1 -->',
    title: '[P0] Incident: down',
    body: '<!-- hotfix-actions:incident:eng-1 -->\nstatus',
    labels: ['incident', 'severity:P0'],
    ...over,
  });

  it('changes nothing when the issue is already current', async () => {
    const { port } = newRepo();
    const first = await syncIncidentIssue(port, sync({}));
    expect(first).toMatchObject({ result: 'sent', detail: expect.stringMatching(/^opened #\d+$/) });
    const before = fake.writes().length;
    const again = await syncIncidentIssue(port, sync({ mode: 'update', existing: first.issue! }));
    expect(again.result).toBe('unchanged');
    expect(fake.writes().length).toBe(before);
  });

  it("a person's incident issue keeps its description: the status is a comment, and close closes it", async () => {
    const { state, port } = newRepo();
    const theirs = fake.state.addIssue(state, {
      title: 'Checkout down',
      body: 'Seen by support at 10:02',
      labels: ['incident'],
    });
    const existing = {
      number: theirs.number,
      title: theirs.title,
      body: theirs.body!,
      state: 'open' as const,
      labels: ['incident'],
      url: 'https://github.com/x',
      createdAt: theirs.createdAt,
      closedAt: null,
      owned: false,
    };
    const r = await syncIncidentIssue(port, sync({ mode: 'close', existing }));
    expect(r).toMatchObject({
      result: 'updated',
      detail: `status comment on #${theirs.number}; issue closed`,
    });
    expect(theirs.body).toBe('Seen by support at 10:02');
    expect(theirs.state).toBe('closed');
    expect(state.comments.filter((c) => c.issue === theirs.number)).toHaveLength(1);
  });

  it('nothing to close is a skip; a refusal is a failed channel, not an exception', async () => {
    const { repo, port } = newRepo();
    expect(await syncIncidentIssue(port, sync({ mode: 'close' }))).toMatchObject({
      result: 'skipped',
      detail: 'no incident issue to close',
    });
    fake.inject({
      method: 'POST',
      path: new RegExp(`/${repo.repo}/issues$`),
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    });
    const r = await syncIncidentIssue(port, sync({}));
    expect(r.result).toBe('failed');
    expect(r.detail).toContain('the token needs "issues: write" permission');
  });
});
