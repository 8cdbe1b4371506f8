// The shared GitHub client's time limits, against the fake GitHub holding its answers back:
// a stalled read is tried once more, a stalled write never (it may have landed), and a
// deadline gives up everything still out. The retry plugin still retries a 5xx.
import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import { FakeGitHub } from '../harness/fake-github/server.ts';
import {
  createGitHub,
  deadlineAfter,
  GitHubTimeoutError,
  statusOf,
} from '../../src/shared/github/client.ts';
import { createOnce } from '../../src/notify/marked-issue.ts';
import { gitHubNotify } from '../../src/notify/github.ts';

const fake = new FakeGitHub();
// Wide enough for an answer on a busy machine (the fake shares this process with the client).
const LIMIT_MS = 3_000;
/** A stall longer than the test: GitHub not answering at all. */
const HANG_MS = 600_000;

beforeAll(async () => {
  process.env.GITHUB_API_URL = await fake.start();
});
afterAll(() => fake.stop());

let n = 0;
function newRepo() {
  const r = fake.state.addRepo(`acme/client-${++n}`);
  fake.state.addPull(r, { title: 'fix', head: 'hotfix/x' });
  return { owner: 'acme', repo: r.name };
}
const hits = (repo: { repo: string }, method: string, tail: string) =>
  fake.requests.filter((r) => r.method === method && r.path === `/repos/acme/${repo.repo}${tail}`);

describe.concurrent('GitHub client time limits', () => {
  it('a read that stalls once is tried once more and answers', async ({ expect }) => {
    const repo = newRepo();
    const gh = await createGitHub(fake.token, { requestTimeoutMs: LIMIT_MS });
    fake.inject({ path: new RegExp(`/${repo.repo}/pulls/1$`), delayMs: HANG_MS });
    const { data } = await gh.rest.pulls.get({ ...repo, pull_number: 1 });
    expect(data.number).toBe(1);
    expect(hits(repo, 'GET', '/pulls/1')).toHaveLength(2);
  });

  it('a read that stalls twice fails, naming the endpoint and the limit', async ({ expect }) => {
    const repo = newRepo();
    const gh = await createGitHub(fake.token, { requestTimeoutMs: LIMIT_MS });
    fake.inject({ path: new RegExp(`/${repo.repo}/pulls/1$`), delayMs: HANG_MS, times: 2 });
    const err = await gh.rest.pulls.get({ ...repo, pull_number: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitHubTimeoutError);
    expect((err as Error).message).toBe(
      `GitHub did not answer GET /repos/acme/${repo.repo}/pulls/1 within 3s, twice`,
    );
    // No status: the retry plugin must not add its own three retries on top.
    expect(statusOf(err)).toBeUndefined();
    // Two attempts, both given up by the limit while GitHub had not answered either.
    expect(hits(repo, 'GET', '/pulls/1').map((r) => r.status)).toEqual([0, 0]);
  });

  it('a write that stalls is not retried; createOnce then finds the issue it opened', async ({
    expect,
  }) => {
    const repo = newRepo();
    const gh = await createGitHub(fake.token, { requestTimeoutMs: LIMIT_MS });
    // Answered, but only once the client gave up: a write that lands all the same.
    let answer = () => {};
    const answered = new Promise<void>((resolve) => (answer = resolve));
    fake.inject({ method: 'POST', path: new RegExp(`/${repo.repo}/issues$`), until: answered });
    const issue = { title: 'Incident', body: 'x <!-- m -->', labels: ['incident'] };
    const issues = gitHubNotify(repo, async () => gh);
    const err = await createOnce(issues, 'incident', '<!-- m -->', issue).catch((e: unknown) => e);
    expect((err as Error).message).toContain(
      `GitHub did not answer POST /repos/acme/${repo.repo}/issues within 3s; not retried, as it may have been applied`,
    );
    expect(hits(repo, 'POST', '/issues').map((r) => r.status)).toEqual([0]);
    // The POST did land once GitHub got to it: a re-run finds it instead of opening another.
    answer();
    await expect
      .poll(() => hits(repo, 'POST', '/issues')[0]?.status, { timeout: 20_000 })
      .toBe(201);
    const again = await createOnce(issues, 'incident', '<!-- m -->', issue);
    expect(again.created).toBe(false);
    expect(hits(repo, 'POST', '/issues')).toHaveLength(1);
  });

  it('a 5xx answered in time is still retried by the retry plugin', async ({ expect }) => {
    const repo = newRepo();
    // The default limit: nothing stalls here, and no limit should be near.
    const gh = await createGitHub(fake.token);
    fake.inject({ path: new RegExp(`/${repo.repo}/pulls/1$`), status: 502 });
    const { data } = await gh.rest.pulls.get({ ...repo, pull_number: 1 });
    expect(data.number).toBe(1);
    expect(hits(repo, 'GET', '/pulls/1').map((r) => r.status)).toEqual([502, 200]);
  });

  it('deadlineAfter aborts with its reason', async ({ expect }) => {
    const deadline = deadlineAfter(10, 'the test deadline passed');
    await expect.poll(() => deadline.aborted).toBe(true);
    expect((deadline.reason as Error).message).toBe('the test deadline passed');
  });

  it('past the deadline, a request in flight is given up and later ones are not sent', async ({
    expect,
  }) => {
    const repo = newRepo();
    // The deadline passes once the request is out, whatever the machine's speed.
    const deadline = new AbortController();
    const gh = await createGitHub(fake.token, { deadline: deadline.signal });
    fake.inject({ path: new RegExp(`/${repo.repo}/pulls/1$`), delayMs: HANG_MS });
    const read = gh.rest.pulls.get({ ...repo, pull_number: 1 });
    await expect.poll(() => hits(repo, 'GET', '/pulls/1'), { timeout: 20_000 }).toHaveLength(1);
    deadline.abort(new Error('the test deadline passed'));
    await expect(read).rejects.toThrow(
      `GET /repos/acme/${repo.repo}/pulls/1 given up: the test deadline passed`,
    );
    // In flight, not yet answered: cut off at the deadline, not when GitHub answered.
    expect(hits(repo, 'GET', '/pulls/1').map((r) => r.status)).toEqual([0]);
    await expect(gh.rest.issues.create({ ...repo, title: 'late', labels: [] })).rejects.toThrow(
      `POST /repos/acme/${repo.repo}/issues not sent: the test deadline passed`,
    );
    expect(hits(repo, 'POST', '/issues')).toEqual([]);
  });
});

describe('GitHub client time limit on a busy runner', () => {
  it('an answer that arrived while the process could not run beats the expired limit', async ({
    expect,
    onTestFinished,
  }) => {
    // The process runs again after the limit, with the answer waiting. The limit's timer is
    // fired by hand once the answer is on the socket, from a real timer, so it runs where an
    // expired timer runs (before the waiting I/O), whatever the machine's speed. Fake timers
    // also advance with real time, for octokit's own scheduling.
    const repo = newRepo();
    const realSetTimeout = setTimeout;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    onTestFinished(() => void vi.useRealTimers());
    fake.inject({
      path: new RegExp(`/${repo.repo}/pulls/1$`),
      answered: () => {
        realSetTimeout(() => vi.advanceTimersByTime(60_000), 0);
        // Make sure the real timer is due in the next round of the event loop.
        for (const until = performance.now() + 5; performance.now() < until;);
      },
    });
    const gh = await createGitHub(fake.token, { requestTimeoutMs: 60_000 });
    const { data } = await gh.rest.pulls.get({ ...repo, pull_number: 1 });
    expect(data.number).toBe(1);
    expect(hits(repo, 'GET', '/pulls/1')).toHaveLength(1);
  });
});
