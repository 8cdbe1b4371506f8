// backport through its bundle, run as the runner runs it, with real git (a bare repository as
// origin, a clone as GITHUB_WORKSPACE) and the fake GitHub.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../harness/fake-github/server.ts';
import { runAction, type RunOptions } from '../harness/run-action.ts';
import { issueCommentEvent, pullRequestEvent, pullRequestEventWith } from '../harness/events.ts';
import { contractViolations } from '../harness/fake-github/contract.ts';
import { GitOrigin, type MergeMethod } from '../harness/git-origin.ts';
import type { RepoState } from '../harness/fake-github/state.ts';
import { expectSameAsCherryPick } from '../harness/cherry-pick-check.ts';

const fake = new FakeGitHub();
beforeAll(() => fake.start());
afterAll(async () => {
  await fake.stop();
  GitOrigin.removeAll();
});

const APP = 'line 1\nline 2\nretries = 0\nline 4\nline 5\n';
const FIXED = 'line 1\nline 2\nretries = 3\nline 4\nline 5\n';

let repos = 0;

/** origin: main, release/1.0 and develop (both branched from the first commit, each moved on). */
async function setup(name = 'shop') {
  const repo = fake.state.addRepo(`acme/${name}-${++repos}`);
  const origin = await GitOrigin.create(repo, { 'app.txt': APP, 'README.md': 'shop\n' });
  const root = await origin.sha('main');
  await origin.branch('release/1.0', root, [
    { files: { VERSION: '1.0\n' }, message: 'Release 1.0' },
  ]);
  await origin.branch('develop', root, [{ files: { 'NEXT.md': 'next\n' }, message: 'Next' }]);
  await origin.commit({ 'README.md': 'shop, now on main\n' }, 'Main moves on');
  await origin.git(['push', '-q', 'origin', 'main']);
  return { repo, origin };
}

/** A fix branch off main with one or more commits, merged with `method`. */
async function mergeFix(
  origin: GitOrigin,
  repo: RepoState,
  method: MergeMethod,
  opts: { commits?: 1 | 2; labels?: string[]; files?: Record<string, string> } = {},
) {
  await origin.switch('fix/retries', 'main');
  await origin.commit(opts.files ?? { 'app.txt': FIXED }, 'Retry payment calls three times');
  if (opts.commits === 2)
    await origin.commit({ 'test/retries.txt': 'regression test\n' }, 'Add a regression test');
  await origin.switch('main');
  return origin.mergePull(fake, repo, {
    branch: 'fix/retries',
    method,
    title: 'OPS-7 payments fail on timeout',
    labels: opts.labels ?? ['severity:P1', 'hotfix', 'bug'],
  });
}

/**
 * Runs the bundle; then every branch it pushed for a PR without conflicts must be what
 * `git cherry-pick -x` gives (same trees, same messages): the picks are made without a working
 * tree, and this holds them to the command a person would have run.
 */
async function run(
  repo: RepoState,
  origin: GitOrigin,
  event: { name: string; payload: unknown; sha?: string; ref?: string },
  inputs: Record<string, string> = {},
  extra: RunOptions = {},
) {
  const res = await runBundle(repo, origin, event, inputs, extra);
  for (const c of outputs(res).created ?? [])
    if (!c.draft) await expectSameAsCherryPick(origin.bare, c.target, c.branch);
  return res;
}

async function runBundle(
  repo: RepoState,
  origin: GitOrigin,
  event: { name: string; payload: unknown; sha?: string; ref?: string },
  inputs: Record<string, string> = {},
  extra: RunOptions = {},
) {
  return runAction('backport', {
    repository: `${repo.owner}/${repo.name}`,
    event,
    ...(event.sha ? { sha: event.sha } : {}),
    ...(event.ref ? { ref: event.ref } : {}),
    apiUrl: fake.url,
    token: fake.token,
    inputs,
    workspace: await origin.clone(),
    env: { GITHUB_SERVER_URL: origin.serverUrl },
    timeoutMs: 90_000,
    ...extra,
  });
}

const requestsFor = (repo: RepoState) =>
  fake.requests.filter((r) => r.path.includes(`/${repo.owner}/${repo.name}/`));
const prCreations = (repo: RepoState) =>
  requestsFor(repo).filter((r) => r.method === 'POST' && r.path.endsWith('/pulls'));

interface Created {
  target: string;
  branch: string;
  number: number;
  url: string;
  draft: boolean;
}
interface Reasoned {
  target: string;
  reason: string;
  detail: string;
  number?: number;
}
const outputs = (res: { outputs: Record<string, string> }) => ({
  created: JSON.parse(res.outputs.created ?? 'null') as Created[],
  skipped: JSON.parse(res.outputs.skipped ?? 'null') as Reasoned[],
  failed: JSON.parse(res.outputs.failed ?? 'null') as Reasoned[],
  succeeded: res.outputs.succeeded,
});

/** The backport branch holds exactly `originals` cherry-picked with -x on top of the target. */
async function expectBackport(
  origin: GitOrigin,
  repo: RepoState,
  target: string,
  number: number,
  originals: string[],
) {
  const branch = `backport/${target}/pr-${number}`;
  const messages = (
    await origin.inOrigin(['log', '--reverse', '--format=%B%x1e', `${target}..${branch}`])
  )
    .split('\x1e')
    .map((m) => m.trim())
    .filter(Boolean);
  expect(messages).toHaveLength(originals.length);
  originals.forEach((sha, i) =>
    expect(messages[i]).toContain(`(cherry picked from commit ${sha})`),
  );
  expect(await origin.inOrigin(['show', `${branch}:app.txt`])).toBe(FIXED.trimEnd());
  const pr = [...repo.issues.values()].find(
    (i) => i.pull?.head.ref === branch && i.pull.base.ref === target,
  );
  expect(pr, `a PR ${branch} -> ${target}`).toBeDefined();
  expect(pr!.pull!.head.sha).toBe(await origin.sha(branch));
  expect(pr!.title).toBe(`[Backport ${target}] OPS-7 payments fail on timeout`);
  expect(pr!.body).toContain(`Backport of #${number} from \`main\` to \`${target}\``);
  expect(pr!.body).toContain('P1 (label "severity:P1")');
  for (const sha of originals) expect(pr!.body).toContain(sha.slice(0, 12));
  return pr!;
}

describe.concurrent('backport', { timeout: 120_000 }, () => {
  it('squash merge: picks the squash commit to both targets; a re-run opens nothing new', async () => {
    const { repo, origin } = await setup();
    const merged = await mergeFix(origin, repo, 'squash', { commits: 2 });
    const event = pullRequestEvent(fake, repo, merged.number, 'closed');
    const releaseBefore = await origin.sha('release/1.0');

    const res = await run(repo, origin, event);
    expect(res.code, res.stdout).toBe(0);
    const out = outputs(res);
    expect(out.created.map((c) => c.target).sort()).toEqual(['develop', 'release/1.0']);
    expect(out).toMatchObject({ failed: [], skipped: [], succeeded: 'true' });
    for (const target of ['release/1.0', 'develop']) {
      const pr = await expectBackport(origin, repo, target, merged.number, [merged.mergeCommitSha]);
      expect(pr.labels).toEqual(['severity:P1', 'hotfix']);
      expect(pr.assignees).toEqual(['dana']);
      expect(pr.body).toContain('squash');
    }
    // The targets themselves are untouched: the backport arrives through the PRs.
    expect(await origin.sha('release/1.0')).toBe(releaseBefore);
    expect(res.summary).toContain('Merged by **squash**');
    expect(res.summary).toMatch(/\| `release\/1\.0` \| ✅ opened \|/);

    const before = prCreations(repo).length;
    const again = await run(repo, origin, event);
    expect(again.code, again.stdout).toBe(0);
    const out2 = outputs(again);
    expect(out2.created).toEqual([]);
    expect(out2.skipped.map((s) => [s.target, s.reason]).sort()).toEqual([
      ['develop', 'pull request exists'],
      ['release/1.0', 'pull request exists'],
    ]);
    expect(prCreations(repo).length).toBe(before);
    expect(await origin.branches()).toHaveLength(5);
    expect(await contractViolations(requestsFor(repo))).toEqual([]);
  });

  it('rebase merge: picks the rebased commits in order and enables auto-merge', async () => {
    const { repo, origin } = await setup();
    repo.allowAutoMerge = true;
    // Required checks hold a new PR back, so there is something for auto-merge to wait for.
    repo.protectedBranches.add('release/1.0').add('develop');
    const merged = await mergeFix(origin, repo, 'rebase', { commits: 2 });
    const rebased = (await origin.inOrigin(['rev-list', '--reverse', '-n', '2', 'main'])).split(
      '\n',
    );
    expect(rebased).not.toContain(merged.commits[0]!.sha);
    const res = await run(repo, origin, pullRequestEvent(fake, repo, merged.number, 'closed'), {
      'auto-merge': 'true',
    });
    expect(res.code, res.stdout).toBe(0);
    expect(outputs(res).created).toHaveLength(2);
    for (const target of ['release/1.0', 'develop']) {
      const pr = await expectBackport(origin, repo, target, merged.number, rebased);
      expect(pr.pull!.autoMerge).toMatchObject({ mergeMethod: 'REBASE' });
    }
    expect(res.summary).toContain('Merged by **rebase**');
  });

  it("merge commit: picks the PR's own commits; auto-merge refused by the repository is a warning", async () => {
    const { repo, origin } = await setup();
    const merged = await mergeFix(origin, repo, 'merge', { commits: 2 });
    const res = await run(repo, origin, pullRequestEvent(fake, repo, merged.number, 'closed'), {
      'auto-merge': 'true',
    });
    expect(res.code, res.stdout).toBe(0);
    expect(outputs(res)).toMatchObject({ succeeded: 'true', failed: [] });
    const prCommits = merged.commits.map((c) => c.sha);
    for (const target of ['release/1.0', 'develop'])
      await expectBackport(origin, repo, target, merged.number, prCommits);
    expect(res.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining('Auto merge is not allowed for this repository'),
      }),
    );
    expect(res.summary).toContain('Merged by **merge**');
  });

  it('merge commit of a PR that merged main into itself: replays the merge with -m 1', async () => {
    const { repo, origin } = await setup();
    await origin.switch('fix/retries', 'main');
    await origin.commit({ 'app.txt': FIXED }, 'Retry payment calls three times');
    await origin.switch('main');
    await origin.commit({ 'CHANGELOG.md': 'main only\n' }, 'Main moves on again');
    await origin.git(['push', '-q', 'origin', 'main']);
    await origin.switch('fix/retries');
    await origin.git(['merge', '-q', '--no-ff', '-m', 'Merge main into fix/retries', 'main']);
    await origin.switch('main');
    const merged = await origin.mergePull(fake, repo, {
      branch: 'fix/retries',
      method: 'merge',
      title: 'OPS-7 payments fail on timeout',
      labels: ['severity:P1'],
    });
    const res = await run(repo, origin, pullRequestEvent(fake, repo, merged.number, 'closed'), {
      targets: 'release/1.0',
    });
    expect(res.code, res.stdout).toBe(0);
    await expectBackport(origin, repo, 'release/1.0', merged.number, [merged.mergeCommitSha]);
    // Only the PR's change arrives: main's own commits stay on main.
    const files = await origin.inOrigin([
      'ls-tree',
      '--name-only',
      `backport/release/1.0/pr-${merged.number}`,
    ]);
    expect(files.split('\n')).not.toContain('CHANGELOG.md');
    expect(res.summary).toContain('git cherry-pick -x -m 1');
    // Titled by the PR, not "Merge pull request #N from …", and the trail kept.
    expect(
      await origin.inOrigin([
        'log',
        '-1',
        '--format=%B',
        `backport/release/1.0/pr-${merged.number}`,
      ]),
    ).toBe(
      `OPS-7 payments fail on timeout (#${merged.number})\n\n(cherry picked from commit ${merged.mergeCommitSha})`,
    );
  });

  it('conflicts: comment (default): comments the commands once, the other target goes on, the step fails', async () => {
    const { repo, origin } = await setup();
    await origin.switch('develop');
    await origin.commit(
      { 'app.txt': APP.replace('retries = 0', 'retries = 5 # tuned') },
      'Tune retries',
    );
    await origin.git(['push', '-q', 'origin', 'develop']);
    await origin.switch('main');
    const merged = await mergeFix(origin, repo, 'squash');
    const event = pullRequestEvent(fake, repo, merged.number, 'closed');
    const res = await run(repo, origin, event);
    expect(res.code).toBe(1);
    const out = outputs(res);
    expect(out.created.map((c) => c.target)).toEqual(['release/1.0']);
    expect(out.failed).toEqual([
      expect.objectContaining({ target: 'develop', reason: 'conflict' }),
    ]);
    expect(out.succeeded).toBe('false');
    expect(await origin.branches()).not.toContain(`backport/develop/pr-${merged.number}`);
    const comments = repo.comments.filter((c) => c.issue === merged.number);
    expect(comments).toHaveLength(1);
    const body = comments[0]!.body;
    expect(body).toContain('hotfix-actions:backport-conflict:develop');
    expect(body).toContain(
      `git switch --create backport/develop/pr-${merged.number} origin/develop`,
    );
    expect(body).toContain(`git cherry-pick -x ${merged.mergeCommitSha}`);
    expect(body).toContain(
      `git format-patch -k --stdout -1 ${merged.mergeCommitSha} > pr-${merged.number}.patch`,
    );
    expect(body).toContain(`git am -3 -k pr-${merged.number}.patch`);
    expect(body).toContain('`app.txt`');
    expect(res.annotations).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: expect.stringContaining('develop (conflict)'),
      }),
    );

    const again = await run(repo, origin, event);
    expect(again.code).toBe(1);
    expect(repo.comments.filter((c) => c.issue === merged.number)).toHaveLength(1);
  });

  it('conflicts: draft commits the conflict markers into a draft PR', async () => {
    const { repo, origin } = await setup();
    await origin.switch('develop');
    await origin.commit({ 'app.txt': APP.replace('retries = 0', 'retries = 5') }, 'Tune retries');
    await origin.git(['push', '-q', 'origin', 'develop']);
    await origin.switch('main');
    const merged = await mergeFix(origin, repo, 'squash');
    const res = await run(repo, origin, pullRequestEvent(fake, repo, merged.number, 'closed'), {
      conflicts: 'draft',
    });
    expect(res.code, res.stdout).toBe(0);
    const out = outputs(res);
    expect(out.created).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ target: 'develop', draft: true }),
        expect.objectContaining({ target: 'release/1.0', draft: false }),
      ]),
    );
    const branch = `backport/develop/pr-${merged.number}`;
    const content = await origin.inOrigin(['show', `${branch}:app.txt`]);
    expect(content).toMatch(
      /<<<<<<< [\s\S]*retries = 5[\s\S]*=======[\s\S]*retries = 3[\s\S]*>>>>>>> /,
    );
    expect(await origin.inOrigin(['log', '-1', '--format=%B', branch])).toContain(
      `(cherry picked from commit ${merged.mergeCommitSha})`,
    );
    const pr = [...repo.issues.values()].find((i) => i.pull?.head.ref === branch)!;
    expect(pr.pull!.draft).toBe(true);
    expect(pr.body).toContain('Conflicts to resolve');
    expect(repo.comments).toHaveLength(0);
  });

  it('conflicts: fail fails that target without a comment or a branch', async () => {
    const { repo, origin } = await setup();
    await origin.switch('develop');
    await origin.commit({ 'app.txt': APP.replace('retries = 0', 'retries = 5') }, 'Tune retries');
    await origin.git(['push', '-q', 'origin', 'develop']);
    await origin.switch('main');
    const merged = await mergeFix(origin, repo, 'squash');
    const res = await run(repo, origin, pullRequestEvent(fake, repo, merged.number, 'closed'), {
      conflicts: 'fail',
    });
    expect(res.code).toBe(1);
    const out = outputs(res);
    expect(out.failed).toEqual([
      expect.objectContaining({
        target: 'develop',
        reason: 'conflict',
        detail: expect.stringContaining('conflicts in app.txt'),
      }),
    ]);
    expect(out.created.map((c) => c.target)).toEqual(['release/1.0']);
    expect(repo.comments).toHaveLength(0);
    expect(await origin.branches()).not.toContain(`backport/develop/pr-${merged.number}`);
    // No comment, but the way to finish by hand is in the job summary.
    expect(res.summary).toContain(`git cherry-pick -x ${merged.mergeCommitSha}`);
  });

  it('a target that already contains the fix (same patch) is skipped as already contains', async () => {
    const { repo, origin } = await setup();
    const merged = await mergeFix(origin, repo, 'squash');
    // Someone cherry-picked the fix to develop by hand already.
    await origin.switch('develop');
    await origin.git(['cherry-pick', merged.mergeCommitSha]);
    await origin.git(['push', '-q', 'origin', 'develop']);
    await origin.switch('main');
    const res = await run(repo, origin, pullRequestEvent(fake, repo, merged.number, 'closed'));
    expect(res.code, res.stdout).toBe(0);
    const out = outputs(res);
    expect(out.skipped).toEqual([
      expect.objectContaining({ target: 'develop', reason: 'already contains' }),
    ]);
    expect(out.created.map((c) => c.target)).toEqual(['release/1.0']);
    expect(await origin.branches()).not.toContain(`backport/develop/pr-${merged.number}`);
  });

  it('an existing backport branch with foreign commits fails that target and is not overwritten', async () => {
    const { repo, origin } = await setup();
    const number = repo.nextNumber;
    const foreign = await origin.branch(`backport/develop/pr-${number}`, 'develop', [
      { files: { 'notes.txt': 'mine\n' }, message: 'Someone else’s work' },
    ]);
    const merged = await mergeFix(origin, repo, 'squash');
    expect(merged.number).toBe(number);
    const res = await run(repo, origin, pullRequestEvent(fake, repo, merged.number, 'closed'));
    expect(res.code).toBe(1);
    const out = outputs(res);
    expect(out.failed).toEqual([
      expect.objectContaining({
        target: 'develop',
        reason: 'branch exists with other commits',
        detail: expect.stringContaining('nothing was pushed'),
      }),
    ]);
    expect(out.created.map((c) => c.target)).toEqual(['release/1.0']);
    expect(await origin.sha(`backport/develop/pr-${number}`)).toBe(foreign);
  });

  it('a branch pushed by an earlier run whose PR failed is reused, not pushed again', async () => {
    const { repo, origin } = await setup();
    const merged = await mergeFix(origin, repo, 'squash');
    const event = pullRequestEvent(fake, repo, merged.number, 'closed');
    fake.inject({
      method: 'POST',
      path: new RegExp(`/repos/acme/${repo.name}/pulls$`),
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    });
    const first = await run(repo, origin, event, { targets: 'release/1.0' });
    expect(first.code).toBe(1);
    expect(outputs(first).failed[0]!.detail).toContain('pull-requests: write');
    const pushed = await origin.sha(`backport/release/1.0/pr-${merged.number}`);

    const second = await run(repo, origin, event, { targets: 'release/1.0' });
    expect(second.code, second.stdout).toBe(0);
    expect(outputs(second).created).toEqual([
      expect.objectContaining({ target: 'release/1.0', number: expect.any(Number) }),
    ]);
    expect(second.summary).toContain('branch reused');
    expect(await origin.sha(`backport/release/1.0/pr-${merged.number}`)).toBe(pushed);
    await expectBackport(origin, repo, 'release/1.0', merged.number, [merged.mergeCommitSha]);
  });

  it('/backport from a user without write access is refused; from a maintainer it runs', async () => {
    const { repo, origin } = await setup();
    repo.collaborators.set('maria', 'maintain');
    const merged = await mergeFix(origin, repo, 'squash');
    const refused = await run(
      repo,
      origin,
      issueCommentEvent(fake, repo, merged.number, '/backport develop', 'mallory'),
    );
    expect(refused.code, refused.stdout).toBe(0);
    expect(outputs(refused)).toMatchObject({ created: [], failed: [], succeeded: 'false' });
    expect(refused.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining('@mallory has read permission'),
      }),
    );
    expect(repo.comments.at(-1)!.body).toContain('Backport refused');
    expect(await origin.branches()).toHaveLength(3);

    const ok = await run(
      repo,
      origin,
      issueCommentEvent(fake, repo, merged.number, 'please\n/backport develop', 'maria'),
    );
    expect(ok.code, ok.stdout).toBe(0);
    expect(outputs(ok).created.map((c) => c.target)).toEqual(['develop']);
    await expectBackport(origin, repo, 'develop', merged.number, [merged.mergeCommitSha]);
    expect(repo.comments.at(-1)!.body).toMatch(/Backport of #\d+:[\s\S]*`develop` \| ✅ opened/);
  });

  it('a backport label added to a merged PR backports to that target only', async () => {
    const { repo, origin } = await setup();
    const merged = await mergeFix(origin, repo, 'squash', {
      labels: ['severity:P1', 'backport release/1.0'],
    });
    repo.collaborators.set('maria', 'maintain');
    const event = pullRequestEventWith(fake, repo, merged.number, 'labeled', {
      label: { name: 'backport release/1.0' },
      sender: { login: 'maria' },
    });
    const res = await run(repo, origin, event);
    expect(res.code, res.stdout).toBe(0);
    expect(outputs(res).created.map((c) => c.target)).toEqual(['release/1.0']);
    const pr = await expectBackport(origin, repo, 'release/1.0', merged.number, [
      merged.mergeCommitSha,
    ]);
    expect(pr.labels).toEqual(['severity:P1']);
  });

  it('release/* with latest 2 picks release/2.0 and release/1.10 (cloned: no checkout in the workspace)', async () => {
    const { repo, origin } = await setup();
    const root = (await origin.inOrigin(['rev-list', '--max-parents=0', 'main'])).trim();
    for (const v of ['1.9', '1.10', '2.0']) await origin.branch(`release/${v}`, root);
    const merged = await mergeFix(origin, repo, 'squash');
    const res = await run(
      repo,
      origin,
      pullRequestEvent(fake, repo, merged.number, 'closed'),
      { targets: 'release/*', latest: '2' },
      { workspace: undefined },
    );
    expect(res.code, res.stdout).toBe(0);
    expect(outputs(res).created.map((c) => c.target)).toEqual(['release/2.0', 'release/1.10']);
    expect(res.summary).toContain('blobless clone of file://');
    expect(res.summary).toContain('keeping the latest 2: release/2.0, release/1.10');
  });

  it('a push touching .github/workflows/ refused by GitHub says which token to use', async () => {
    const { repo, origin } = await setup();
    const merged = await mergeFix(origin, repo, 'squash', {
      files: { 'app.txt': FIXED, '.github/workflows/ci.yml': 'on: push\n' },
    });
    origin.refuseWorkflowPushes();
    const res = await run(repo, origin, pullRequestEvent(fake, repo, merged.number, 'closed'), {
      targets: 'develop',
    });
    expect(res.code).toBe(1);
    const failed = outputs(res).failed;
    expect(failed).toEqual([
      expect.objectContaining({ target: 'develop', reason: 'push refused: workflows permission' }),
    ]);
    expect(failed[0]!.detail).toContain('.github/workflows/ci.yml');
    expect(failed[0]!.detail).toContain('GitHub App token');
  });

  it('a bad input fails before anything is touched; an unmerged PR is left alone', async () => {
    const { repo, origin } = await setup();
    const merged = await mergeFix(origin, repo, 'squash');
    const bad = await run(repo, origin, pullRequestEvent(fake, repo, merged.number, 'closed'), {
      conflicts: 'maybe',
    });
    expect(bad.code).toBe(1);
    expect(bad.annotations[0]!.message).toBe(
      'input "conflicts": "maybe" is not one of: comment, draft, fail',
    );
    expect(requestsFor(repo)).toEqual([]);

    const open = fake.state.addPull(repo, { title: 'wip', head: 'wip', state: 'closed' });
    const res = await run(repo, origin, pullRequestEvent(fake, repo, open.number, 'closed'));
    expect(res.code, res.stdout).toBe(0);
    expect(outputs(res)).toMatchObject({ created: [], skipped: [], succeeded: 'true' });
    expect(res.summary).toContain('closed without merging');
  });

  it('conflicts: draft with a binary conflict falls back to the comment: no markers to commit', async () => {
    const { repo, origin } = await setup();
    await origin.switch('develop');
    await origin.commit({ 'logo.bin': '\u0000\u0001logo develop' }, 'Develop logo');
    await origin.git(['push', '-q', 'origin', 'develop']);
    await origin.switch('main');
    await origin.commit({ 'logo.bin': '\u0000\u0001logo main' }, 'Main logo');
    await origin.git(['push', '-q', 'origin', 'main']);
    const merged = await mergeFix(origin, repo, 'squash', {
      files: { 'app.txt': FIXED, 'logo.bin': '\u0000\u0002logo fixed' },
    });
    const res = await run(repo, origin, pullRequestEvent(fake, repo, merged.number, 'closed'), {
      conflicts: 'draft',
      targets: 'develop',
    });
    expect(res.code).toBe(1);
    const out = outputs(res);
    expect(out.created).toEqual([]);
    expect(out.failed).toEqual([
      expect.objectContaining({
        target: 'develop',
        reason: 'conflict',
        detail: expect.stringContaining('logo.bin (binary: both sides changed it, no markers)'),
      }),
    ]);
    expect(out.failed[0]!.detail).toContain('no conflict markers to commit for a draft PR');
    // Nothing that looks resolved was pushed: the fix's logo would have been lost in it.
    expect(await origin.branches()).not.toContain(`backport/develop/pr-${merged.number}`);
    const body = repo.comments.find((c) => c.issue === merged.number)!.body;
    expect(body).toContain('`logo.bin` (binary: both sides changed it, no markers)');
    expect(body).toContain('git checkout --theirs -- logo.bin\ngit add -- logo.bin');
  });

  it('a file moved on the target: followed when git sees the rename, else named with the commands to carry the fix there', async () => {
    const { repo, origin } = await setup();
    const lines = (tag: string, n: number) =>
      Array.from({ length: n }, (_, i) => `${tag} line ${i + 1} with some words`).join('\n') + '\n';
    await origin.commit({ 'lib.txt': lines('lib', 30) }, 'Add lib');
    await origin.git(['push', '-q', 'origin', 'main']);
    const withLib = await origin.sha('main');
    // release/1.0 moves it as it is; develop moves it and rewrites most of it.
    for (const [branch, content] of [
      ['release/1.0', lines('lib', 30)],
      ['develop', lines('lib', 12) + lines('rewritten', 18)],
    ] as const) {
      await origin.switch(branch);
      await origin.git(['merge', '-q', '--no-edit', withLib]);
      await origin.git(['mv', 'lib.txt', 'src-lib.txt']);
      await origin.commit({ 'src-lib.txt': content }, 'Move lib');
      await origin.git(['push', '-q', 'origin', branch]);
    }
    await origin.switch('main');
    const merged = await mergeFix(origin, repo, 'squash', {
      files: { 'lib.txt': lines('lib', 30).replace('lib line 5 ', 'lib line 5 FIXED ') },
    });
    const res = await run(repo, origin, pullRequestEvent(fake, repo, merged.number, 'closed'), {
      conflicts: 'draft',
    });
    const out = outputs(res);
    expect(out.created.map((c) => c.target)).toEqual(['release/1.0']);
    expect(
      await origin.inOrigin(['show', `backport/release/1.0/pr-${merged.number}:src-lib.txt`]),
    ).toContain('lib line 5 FIXED ');
    expect(
      await origin.inOrigin(['ls-tree', '--name-only', `backport/release/1.0/pr-${merged.number}`]),
    ).not.toContain('lib.txt\n');
    expect(out.failed).toEqual([
      expect.objectContaining({
        target: 'develop',
        reason: 'conflict',
        detail: expect.stringContaining('lib.txt (moved on develop to src-lib.txt)'),
      }),
    ]);
    const body = repo.comments.find((c) => c.issue === merged.number)!.body;
    expect(body).toContain('git merge-file src-lib.txt .backport-base .backport-fix');
    expect(body).toContain('git rm --quiet -- lib.txt\ngit add -- src-lib.txt');
    expect(body).not.toContain('git add -- lib.txt');
  });

  it('modify/delete: a file the target deleted is named, and the commands keep it deleted', async () => {
    const { repo, origin } = await setup();
    await origin.switch('release/1.0');
    await origin.git(['rm', '-q', 'app.txt']);
    await origin.git(['commit', '-q', '-m', 'Drop the old app']);
    await origin.git(['push', '-q', 'origin', 'release/1.0']);
    await origin.switch('main');
    const merged = await mergeFix(origin, repo, 'squash');
    const res = await run(repo, origin, pullRequestEvent(fake, repo, merged.number, 'closed'), {
      targets: 'release/1.0',
    });
    expect(res.code).toBe(1);
    expect(outputs(res).failed).toEqual([
      expect.objectContaining({
        reason: 'conflict',
        detail: expect.stringContaining('app.txt (deleted on release/1.0)'),
      }),
    ]);
    const body = repo.comments.find((c) => c.issue === merged.number)!.body;
    expect(body).toContain('git rm --quiet -- app.txt\n');
    expect(body).not.toMatch(/^git add -- app\.txt$/m);
  });

  it('a backport someone finished by hand (its message names the original) is already backported', async () => {
    const { repo, origin } = await setup();
    const merged = await mergeFix(origin, repo, 'squash');
    // The same fix resolved by hand on develop: another patch, the -x trailer kept.
    await origin.switch('develop');
    await origin.commit(
      { 'app.txt': APP.replace('retries = 0', 'retries = 3 # resolved by hand') },
      `OPS-7 payments fail on timeout (#${merged.number})\n\n(cherry picked from commit ${merged.mergeCommitSha})`,
    );
    const byHand = await origin.git(['rev-parse', 'HEAD']);
    await origin.git(['push', '-q', 'origin', 'develop']);
    await origin.switch('main');
    const res = await run(repo, origin, pullRequestEvent(fake, repo, merged.number, 'closed'));
    expect(res.code, res.stdout).toBe(0);
    const out = outputs(res);
    expect(out.skipped).toEqual([
      expect.objectContaining({
        target: 'develop',
        reason: 'already backported',
        detail: expect.stringContaining(`already backported in ${byHand.slice(0, 12)}`),
      }),
    ]);
    expect(out.created.map((c) => c.target)).toEqual(['release/1.0']);
    expect(await origin.branches()).not.toContain(`backport/develop/pr-${merged.number}`);
    expect(repo.comments).toHaveLength(0);
  });

  it('auto-merge on a PR nothing holds back is reported as mergeable now; merge-when-clean merges it', async () => {
    const { repo, origin } = await setup();
    repo.allowAutoMerge = true;
    const merged = await mergeFix(origin, repo, 'squash');
    const event = pullRequestEvent(fake, repo, merged.number, 'closed');
    const res = await run(repo, origin, event, { 'auto-merge': 'true', targets: 'develop' });
    expect(res.code, res.stdout).toBe(0);
    expect(res.annotations.filter((a) => a.level === 'warning')).toEqual([]);
    expect(res.annotations).toContainEqual(
      expect.objectContaining({
        level: 'notice',
        message: expect.stringContaining('is mergeable now'),
      }),
    );
    expect(res.summary).toContain('mergeable now');
    const pr = [...repo.issues.values()].find((i) => i.pull?.base.ref === 'develop')!;
    expect(pr.pull!.autoMerge).toBeNull();
    expect(pr.state).toBe('open');

    const developBefore = await origin.sha('develop');
    const again = await run(repo, origin, event, {
      'auto-merge': 'merge-when-clean',
      targets: 'release/1.0',
    });
    expect(again.code, again.stdout).toBe(0);
    expect(again.annotations.filter((a) => a.level === 'warning')).toEqual([]);
    expect(again.summary).toContain('merged (mergeable now; auto-merge: merge-when-clean)');
    const released = [...repo.issues.values()].find((i) => i.pull?.base.ref === 'release/1.0')!;
    expect(released.pull!.merged).toBe(true);
    // Merged with the original's method (squash): release/1.0 now has the fix.
    expect(await origin.inOrigin(['show', 'release/1.0:app.txt'])).toBe(FIXED.trimEnd());
    expect(await origin.inOrigin(['log', '-1', '--format=%s', 'release/1.0'])).toBe(
      `${released.title} (#${released.number})`,
    );
    expect(await origin.sha('develop')).toBe(developBefore);
    expect(await contractViolations(requestsFor(repo))).toEqual([]);
  });

  it('merge-when-clean never merges a PR whose checks are failing or pending (unstable): it stays open', async () => {
    const { repo, origin } = await setup();
    repo.allowAutoMerge = true;
    const merged = await mergeFix(origin, repo, 'squash');
    // A check no rule requires is red (or still running) on the backport branch.
    repo.checksNotPassing.add(`backport/release/1.0/pr-${merged.number}`);
    const releaseBefore = await origin.sha('release/1.0');
    const event = pullRequestEvent(fake, repo, merged.number, 'closed');
    const res = await run(repo, origin, event, {
      'auto-merge': 'merge-when-clean',
      targets: 'release/1.0',
    });
    expect(res.code, res.stdout).toBe(0);
    expect(res.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining('checks are failing or pending: not merged'),
      }),
    );
    expect(res.summary).toContain('mergeable now, but checks are failing or pending: not merged');
    expect(res.summary).not.toContain('merged (mergeable now');
    const pr = [...repo.issues.values()].find((i) => i.pull?.base.ref === 'release/1.0')!;
    expect(pr.state).toBe('open');
    expect(pr.pull!.merged).toBe(false);
    expect(pr.pull!.autoMerge).toBeNull();
    expect(await origin.sha('release/1.0')).toBe(releaseBefore);
    expect(requestsFor(repo).some((r) => r.method === 'PUT' && r.path.endsWith('/merge'))).toBe(
      false,
    );
    expect(await contractViolations(requestsFor(repo))).toEqual([]);
  });

  it('a backport label added by an account with read access is refused and says so', async () => {
    const { repo, origin } = await setup();
    const merged = await mergeFix(origin, repo, 'squash', {
      labels: ['severity:P1', 'backport release/1.0'],
    });
    const event = pullRequestEventWith(fake, repo, merged.number, 'labeled', {
      label: { name: 'backport release/1.0' },
      sender: { login: 'mallory' },
    });
    const res = await run(repo, origin, event);
    expect(res.code, res.stdout).toBe(0);
    expect(outputs(res)).toMatchObject({ created: [], failed: [], succeeded: 'false' });
    expect(res.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message:
          'Refused the label "backport release/1.0" added by @mallory: @mallory has read permission on ' +
          `acme/${repo.name}; a backport label needs write.`,
      }),
    );
    expect(res.summary).toContain('Refused: @');
    expect(await origin.branches()).toHaveLength(3);
    expect(prCreations(repo)).toEqual([]);
  });
});
