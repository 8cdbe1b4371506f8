// The backport flow in-process: runBackport called directly, with an in-memory fake of its
// GitHub port and real git: a bare origin in a temp dir, reached through file://, and a clone
// of it as the workspace, as actions/checkout leaves it. No bundle, no server: the bundle
// tests in test/actions/backport.test.ts prove the same paths end to end.
//
// The origin with the merged fix is built once; each test works on its own copy of it
// (a file copy, not git), so a test costs little more than the backport itself.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runBackport, type BackportRequest } from '../../src/backport/run-backport.ts';
import { resultTable } from '../../src/backport/report.ts';
import { readBackportInputs } from '../../src/backport/inputs.ts';
import type { OriginalPull } from '../../src/backport/github.ts';
import type { CommitFacts } from '../../src/backport/merge-method.ts';
import { defaultPolicy } from '../../src/shared/policy/policy.ts';
import { shortSha } from '../../src/shared/git/sha.ts';
import { git } from '../../src/shared/git/git.ts';
import { GitHubState } from '../harness/fake-github/state.ts';
import { GitOrigin } from '../harness/git-origin.ts';
import { FakeBackportGitHub } from './backport-github.ts';
import { expectSameAsCherryPick } from '../harness/cherry-pick-check.ts';

const APP = 'line 1\nline 2\nretries = 0\nline 4\nline 5\n';
const FIXED = 'line 1\nline 2\nretries = 3\nline 4\nline 5\n';
const NUMBER = 7;
const TITLE = 'OPS-7 payments fail on timeout';
const repo = new GitHubState().addRepo('acme/shop');

interface Template {
  root: string;
  original: { pull: OriginalPull; commits: CommitFacts[] };
}
let template: Template;
const roots: string[] = [];
beforeAll(async () => {
  template = await buildTemplate();
});
afterAll(() => {
  for (const dir of roots.splice(0)) rmSync(dir, { recursive: true, force: true });
  GitOrigin.removeAll();
});

// What @actions/core writes (log lines and workflow commands), kept off the test output.
let log: string[] = [];
beforeEach(() => {
  log = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    log.push(String(chunk));
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

/**
 * origin: main, release/1.0 and develop (both from the first commit, each moved on), and a
 * one-commit fix squash-merged into main as PR #7; `checkout` a clone of it.
 */
async function buildTemplate(): Promise<Template> {
  const origin = await GitOrigin.create(repo, { 'app.txt': APP, 'README.md': 'shop\n' });
  const first = await origin.sha('main');
  await origin.branch('release/1.0', first, [
    { files: { VERSION: '1.0\n' }, message: 'Release 1.0' },
  ]);
  await origin.branch('develop', first, [{ files: { 'NEXT.md': 'next\n' }, message: 'Next' }]);
  const base = await origin.sha('main');
  await origin.switch('fix/retries', 'main');
  const head = await origin.commit({ 'app.txt': FIXED }, 'Retry payment calls three times');
  await origin.switch('main');
  await origin.git(['merge', '-q', '--squash', 'fix/retries']);
  await origin.git(['commit', '-q', '-m', `${TITLE} (#${NUMBER})`]);
  await origin.git(['push', '-q', 'origin', 'main']);
  const checkout = join(origin.root, 'checkout');
  await git(['clone', '-q', origin.bare, checkout], { cwd: origin.root });
  const commits = (await origin.commitsOf(`${base}..${head}`)).map((c) => ({
    sha: c.sha,
    message: c.message,
    authorName: c.author.name,
    authorEmail: c.author.email,
    authorDate: c.author.date,
    parents: c.parents.length,
  }));
  const pull: OriginalPull = {
    number: NUMBER,
    title: TITLE,
    body: 'Fixes the checkout crash.',
    url: `https://github.test/acme/shop/pull/${NUMBER}`,
    merged: true,
    mergeCommitSha: await origin.sha('main'),
    headSha: head,
    headRef: 'fix/retries',
    baseRef: 'main',
    commitCount: commits.length,
    labels: ['severity:P1', 'hotfix', 'bug'],
    assignees: [],
    author: 'dana',
    createdAt: '2026-11-20T08:00:00Z',
  };
  return { root: origin.root, original: { pull, commits } };
}

/** A copy of the template for one test, and a fake GitHub that knows PR #7. */
function setup() {
  const root = mkdtempSync(join(tmpdir(), 'backport-core-'));
  roots.push(root);
  cpSync(template.root, root, { recursive: true });
  // The clones' origin is the copy's, not the template's.
  for (const clone of ['work', 'checkout']) {
    const config = join(root, clone, '.git', 'config');
    writeFileSync(config, readFileSync(config, 'utf8').replaceAll(template.root, root));
  }
  const origin = GitOrigin.open(repo, root);
  const github = new FakeBackportGitHub();
  github.originals.set(NUMBER, structuredClone(template.original));
  return { origin, github, sha: template.original.pull.mergeCommitSha! };
}

const merged: BackportRequest['trigger'] = { kind: 'merged', number: NUMBER };

/** The request main.ts would make, for the repository behind `origin`. */
function requestOf(
  origin: GitOrigin,
  github: FakeBackportGitHub,
  inputs: Record<string, string> = {},
): BackportRequest {
  return {
    input: readBackportInputs((name) => inputs[name] ?? ''),
    ctx: {
      owner: repo.owner,
      repo: repo.name,
      serverUrl: origin.serverUrl,
      workspace: join(origin.root, 'checkout'),
      tempDir: mkdtempSync(join(origin.root, 'runner-temp-')),
      runUrl: 'https://github.test/acme/shop/actions/runs/1',
    },
    trigger: merged,
    github,
    loadPolicy: async () => ({ policy: defaultPolicy(), source: 'built-in defaults' }),
  };
}

/** Runs the flow; every branch it pushed for a clean PR must be what cherry-pick -x gives. */
async function backport(
  origin: GitOrigin,
  github: FakeBackportGitHub,
  opts: { trigger?: BackportRequest['trigger']; inputs?: Record<string, string> } = {},
) {
  const request = requestOf(origin, github, opts.inputs);
  const report = await runBackport({ ...request, trigger: opts.trigger ?? request.trigger });
  for (const o of report.outcomes)
    if (o.status === 'created' && !o.draft)
      await expectSameAsCherryPick(origin.bare, o.target, o.branch);
  return report;
}

function command(commenter: string): BackportRequest['trigger'] {
  return { kind: 'command', number: NUMBER, commentId: 55, commenter, targets: ['develop'] };
}

describe('backport flow, in-process', () => {
  it('a clean pick pushes the branch and opens a PR with the labels, assignee and severity', async () => {
    const { origin, github, sha } = setup();
    const releaseBefore = await origin.sha('release/1.0');

    const report = await backport(origin, github, { inputs: { targets: 'release/1.0' } });

    expect(report.plan).toMatchObject({ method: 'squash', picks: [sha], mainline: false });
    expect(report.outcomes).toEqual([
      expect.objectContaining({
        target: 'release/1.0',
        status: 'created',
        branch: `backport/release/1.0/pr-${NUMBER}`,
        draft: false,
        reused: false,
        warnings: [],
      }),
    ]);
    const [pr] = github.pulls;
    expect(github.pulls).toHaveLength(1);
    expect(pr).toMatchObject({
      head: `backport/release/1.0/pr-${NUMBER}`,
      base: 'release/1.0',
      title: `[Backport release/1.0] ${TITLE}`,
      labels: ['severity:P1', 'hotfix'],
      assignees: ['dana'],
    });
    expect(pr!.body).toContain(`Backport of #${NUMBER} from \`main\` to \`release/1.0\``);
    expect(pr!.body).toContain('P1 (label "severity:P1")');
    const branch = `backport/release/1.0/pr-${NUMBER}`;
    expect(await origin.inOrigin(['log', '-1', '--format=%B', branch])).toContain(
      `(cherry picked from commit ${sha})`,
    );
    expect(await origin.inOrigin(['rev-parse', `${branch}~1`])).toBe(releaseBefore);
    expect(await origin.inOrigin(['show', `${branch}:app.txt`])).toBe(FIXED.trimEnd());
    expect(await origin.sha('release/1.0')).toBe(releaseBefore);
    // No /backport comment: nothing to reply to.
    expect(github.stickies.size).toBe(0);
  });

  it('a target that already has the change (same patch) is skipped, and nothing is pushed', async () => {
    const { origin, github, sha } = setup();
    await origin.switch('develop');
    await origin.git(['cherry-pick', sha]);
    await origin.git(['push', '-q', 'origin', 'develop']);

    const report = await backport(origin, github, { inputs: { targets: 'develop' } });

    expect(report.outcomes).toEqual([
      expect.objectContaining({
        target: 'develop',
        status: 'skipped',
        reason: 'already contains',
        detail: 'develop already has the change (same patch)',
      }),
    ]);
    expect(report.outcomes[0]!.commits).toEqual([expect.objectContaining({ contained: true })]);
    expect(github.pulls).toEqual([]);
    expect(await origin.branches()).not.toContain(`backport/develop/pr-${NUMBER}`);
  });

  it('an open PR from the backport branch is reported, not opened again, and nothing is picked', async () => {
    const { origin, github } = setup();
    const earlier = github.addPull({ head: `backport/develop/pr-${NUMBER}`, base: 'develop' });

    const report = await backport(origin, github, { inputs: { targets: 'develop' } });

    expect(report.outcomes).toEqual([
      expect.objectContaining({
        target: 'develop',
        status: 'skipped',
        reason: 'pull request exists',
        detail: `#${earlier.number} is open: nothing new opened`,
        number: earlier.number,
        commits: [],
      }),
    ]);
    expect(github.pulls).toEqual([earlier]);
    expect(github.calls.filter((c) => c.startsWith('createPull'))).toEqual([]);
    expect(await origin.branches()).not.toContain(`backport/develop/pr-${NUMBER}`);
  });

  it('a conflict (conflicts: comment) posts the commands to finish by hand and pushes nothing', async () => {
    const { origin, github, sha } = setup();
    await origin.switch('develop');
    await origin.commit({ 'app.txt': APP.replace('retries = 0', 'retries = 5') }, 'Tune retries');
    await origin.git(['push', '-q', 'origin', 'develop']);

    const report = await backport(origin, github, { inputs: { targets: 'develop' } });

    const [outcome] = report.outcomes;
    expect(outcome).toMatchObject({
      target: 'develop',
      status: 'failed',
      reason: 'conflict',
      detail: `cherry-picking ${shortSha(sha)} conflicts in app.txt (conflicting changes)`,
      commentUrl: `https://github.test/pull/${NUMBER}#backport-conflict:develop`,
    });
    const sticky = github.stickies.get(`${NUMBER}:backport-conflict:develop`);
    expect(outcome).toHaveProperty('help', sticky?.body);
    expect(sticky?.body).toContain(
      `git switch --create backport/develop/pr-${NUMBER} origin/develop`,
    );
    expect(sticky?.body).toContain(`git cherry-pick -x ${sha}`);
    expect(sticky?.body).toContain('`app.txt`');
    expect(github.pulls).toEqual([]);
    expect(await origin.branches()).not.toContain(`backport/develop/pr-${NUMBER}`);
  });

  it('a backport branch on origin with commits the backport did not make is refused, not overwritten', async () => {
    const { origin, github } = setup();
    const branch = `backport/develop/pr-${NUMBER}`;
    const foreign = await origin.branch(branch, 'develop', [
      { files: { 'notes.txt': 'mine\n' }, message: 'Someone else’s work' },
    ]);

    const report = await backport(origin, github, { inputs: { targets: 'develop' } });

    expect(report.outcomes).toEqual([
      expect.objectContaining({
        target: 'develop',
        status: 'failed',
        reason: 'branch exists with other commits',
        detail:
          `origin already has ${branch} with commits this backport did not make ` +
          `(${shortSha(foreign)} "Someone else’s work"); nothing was pushed. ` +
          'Delete the branch or change branch-template, then re-run.',
      }),
    ]);
    expect(await origin.sha(branch)).toBe(foreign);
    expect(github.pulls).toEqual([]);
  });

  it('/backport by a commenter without write permission is refused before anything is read', async () => {
    const { origin, github } = setup();
    const branchesBefore = await origin.branches();
    let policyRead = false;

    const report = await runBackport({
      ...requestOf(origin, github),
      trigger: command('mallory'),
      loadPolicy: async () => {
        policyRead = true;
        return { policy: defaultPolicy(), source: 'built-in defaults' };
      },
    });

    const why = `@mallory has read permission on acme/shop; /backport needs write`;
    expect(report).toMatchObject({ refused: true, number: NUMBER, nothing: `Refused: ${why}.` });
    expect(report.outcomes).toEqual([]);
    expect(github.calls).toEqual(['permissionOf mallory', 'upsert backport-reply:55']);
    expect(github.stickies.get(`${NUMBER}:backport-reply:55`)?.body).toBe(
      // md() keeps @mallory from being a mention.
      `Backport refused: ${why.replace('@', '@\u200b')}. Ask a maintainer to comment \`/backport\` instead.`,
    );
    expect(log.join('')).toContain(
      `::warning title=Backport refused::Refused the /backport command: ${why}.`,
    );
    expect(policyRead).toBe(false);
    expect(await origin.branches()).toEqual(branchesBefore);
  });

  it('/backport by a maintainer backports the targets it names and replies with the result', async () => {
    const { origin, github } = setup();
    github.permissions.set('maria', 'maintain');

    const report = await backport(origin, github, { trigger: command('maria') });

    expect(report.outcomes.map((o) => [o.target, o.status])).toEqual([['develop', 'created']]);
    const reply = github.stickies.get(`${NUMBER}:backport-reply:55`)?.body ?? '';
    expect(reply).toMatch(/^Backport of #7:\n\n[\s\S]*`develop` \| ✅ opened/);
    expect(github.calls.slice(0, 2)).toEqual(['permissionOf maria', `original ${NUMBER}`]);
  });

  it('auto-merge GitHub refuses because the PR is clean: mergeable now, or merged with merge-when-clean', async () => {
    const { origin, github } = setup();
    github.autoMergeRefusal = 'Pull request Pull request is in clean status';

    const report = await backport(origin, github, {
      inputs: { targets: 'release/1.0, develop', 'auto-merge': 'true' },
    });
    expect(report.outcomes.map((o) => [o.target, o.status === 'created' && o.autoMerge])).toEqual([
      ['release/1.0', 'mergeable'],
      ['develop', 'mergeable'],
    ]);
    expect(report.outcomes.flatMap((o) => o.warnings)).toEqual([]);
    expect(github.calls.filter((c) => c.startsWith('mergePull'))).toEqual([]);

    const { origin: o2, github: g2 } = setup();
    g2.autoMergeRefusal = 'Pull request Pull request is in clean status';
    const merged = await backport(o2, g2, {
      inputs: { targets: 'develop', 'auto-merge': 'merge-when-clean' },
    });
    expect(merged.outcomes).toEqual([
      expect.objectContaining({ status: 'created', autoMerge: 'merged', warnings: [] }),
    ]);
    expect(g2.pulls[0]!.mergedWith).toEqual({
      method: 'squash',
      sha: await o2.sha(`backport/develop/pr-${NUMBER}`),
    });
  });

  it('auto-merge GitHub refuses because checks are failing or pending (unstable): never merged, even with merge-when-clean', async () => {
    for (const mode of ['true', 'merge-when-clean']) {
      const { origin, github } = setup();
      github.autoMergeRefusal = 'Pull request Pull request is in unstable status';
      const report = await backport(origin, github, {
        inputs: { targets: 'develop', 'auto-merge': mode },
      });
      expect(report.outcomes, mode).toEqual([
        expect.objectContaining({ status: 'created', autoMerge: 'checks-not-passing' }),
      ]);
      expect(
        github.calls.filter((c) => c.startsWith('mergePull')),
        mode,
      ).toEqual([]);
      expect(github.pulls[0]!.mergedWith, mode).toBeUndefined();
      expect(github.pulls[0]!.state, mode).toBe('open');
      expect(resultTable(report), mode).toContain(
        'mergeable now, but checks are failing or pending: not merged',
      );
    }
  });

  it('a backport label added by someone without write permission is refused before anything is read', async () => {
    const { origin, github } = setup();
    const report = await runBackport({
      ...requestOf(origin, github),
      trigger: { kind: 'labeled', number: NUMBER, label: 'backport develop', sender: 'tess' },
    });
    expect(report).toMatchObject({
      refused: true,
      nothing: 'Refused: @tess has read permission on acme/shop; a backport label needs write.',
    });
    expect(github.calls).toEqual(['permissionOf tess']);
    expect(log.join('')).toContain('Refused the label "backport develop" added by @tess');
  });

  it('without a checkout: a shallow clone, deepened when a target may hold a backport made by hand', async () => {
    const { origin, github, sha } = setup();
    await origin.switch('develop');
    const byHand = await origin.commit(
      { 'app.txt': APP.replace('retries = 0', 'retries = 3 # by hand') },
      `${TITLE} (#${NUMBER})\n\n(cherry picked from commit ${sha})`,
    );
    // More commits since than the clone's window of 50 holds.
    for (let i = 0; i < 55; i++) await origin.commit({ 'NEXT.md': `next ${i}\n` }, `Next ${i}`);
    await origin.git(['push', '-q', 'origin', 'develop']);

    const request = requestOf(origin, github, { targets: 'develop, release/1.0' });
    const report = await runBackport({ ...request, ctx: { ...request.ctx, workspace: undefined } });

    expect(report.notes).toContain(
      'repository: a blobless clone of ' + `${origin.serverUrl}/acme/shop.git`,
    );
    expect(report.notes).toContain(
      'a target may hold a backport made since the PR: its whole history fetched',
    );
    expect(
      report.outcomes.map((o) => [o.target, o.status, o.status === 'skipped' && o.detail]),
    ).toEqual([
      ['develop', 'skipped', expect.stringContaining(`already backported in ${shortSha(byHand)}`)],
      ['release/1.0', 'created', false],
    ]);
    await expectSameAsCherryPick(origin.bare, 'release/1.0', `backport/release/1.0/pr-${NUMBER}`);
  });
});
