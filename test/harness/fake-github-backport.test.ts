// The routes the backport action uses answer as GitHub does: PR commits, opening PRs (with
// GitHub's 422s, against a real git repository), assignees, a collaborator's permission,
// and the GraphQL auto-merge mutation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getOctokit } from '@actions/github';
import { FakeGitHub } from './fake-github/server.ts';
import { contractViolations } from './fake-github/contract.ts';
import { git } from '../../src/shared/git/git.ts';

const fake = new FakeGitHub();
let gh: ReturnType<typeof getOctokit>;
const repo = { owner: 'acme', repo: 'api' };
const env = {
  GIT_AUTHOR_NAME: 'Dev',
  GIT_AUTHOR_EMAIL: 'dev@example.com',
  GIT_COMMITTER_NAME: 'Dev',
  GIT_COMMITTER_EMAIL: 'dev@example.com',
};
let shas: string[] = [];
let gitDir = '';

beforeAll(async () => {
  await fake.start();
  gh = getOctokit(fake.token, { baseUrl: fake.url });
  const dir = mkdtempSync(join(tmpdir(), 'fake-gh-git-'));
  const bare = join(dir, 'api.git');
  const work = join(dir, 'work');
  await git(['init', '-q', '--bare', bare], { cwd: dir });
  await git(['init', '-q', '-b', 'main', work], { cwd: dir });
  const commit = async (file: string, msg: string) => {
    writeFileSync(join(work, file), msg);
    await git(['add', file], { cwd: work });
    await git(['commit', '-q', '-m', msg], { cwd: work, env });
    return git(['rev-parse', 'HEAD'], { cwd: work });
  };
  await commit('a.txt', 'base');
  await git(['push', '-q', bare, 'HEAD:refs/heads/main', 'HEAD:refs/heads/same'], { cwd: work });
  shas = [await commit('b.txt', 'one'), await commit('c.txt', 'two')];
  await git(['push', '-q', bare, 'HEAD:refs/heads/feature', 'HEAD:refs/heads/to-merge'], {
    cwd: work,
  });
  await git(['push', '-q', bare, `${shas[0]}:refs/heads/merge-base`], { cwd: work });
  gitDir = bare;

  const r = fake.state.addRepo('acme/api');
  r.gitDir = bare;
  r.collaborators.set('maintainer', 'maintain');
  r.collaborators.set('admin-person', 'admin');
  fake.state.addPull(r, {
    title: 'merged fix',
    head: 'fix',
    merged: true,
    mergeCommitSha: shas[1],
    commits: shas.map((sha, i) => ({
      sha,
      message: i ? 'two' : 'one',
      author: { name: 'Dev', email: 'dev@example.com', date: '2026-11-24T10:00:00Z' },
      parents: [i ? shas[0]! : 'f'.repeat(40)],
    })),
  });
});
afterAll(() => fake.stop());

describe('fake GitHub: backport routes', () => {
  it('answers every route in the shape GitHub documents', async () => {
    const { data: commits } = await gh.rest.pulls.listCommits({ ...repo, pull_number: 1 });
    expect(commits.map((c) => c.sha)).toEqual(shas);
    expect(commits[1]!.commit.message).toBe('two');
    expect(commits[1]!.parents[0]!.sha).toBe(shas[0]);

    const { data: pr } = await gh.rest.pulls.create({
      ...repo,
      title: 'backport',
      head: 'feature',
      base: 'main',
      body: 'b',
      draft: true,
    });
    expect(pr).toMatchObject({ number: 2, draft: true, head: { ref: 'feature', sha: shas[1] } });
    await expect(
      gh.rest.pulls.create({ ...repo, title: 'again', head: 'feature', base: 'main' }),
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: { errors: [{ message: 'A pull request already exists for acme:feature.' }] },
      },
    });
    await expect(
      gh.rest.pulls.create({ ...repo, title: 'x', head: 'nope', base: 'main' }),
    ).rejects.toMatchObject({ status: 422, response: { data: { errors: [{ field: 'head' }] } } });
    await expect(
      gh.rest.pulls.create({ ...repo, title: 'x', head: 'same', base: 'main' }),
    ).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [{ message: 'No commits between main and same' }] } },
    });

    const { data: issue } = await gh.rest.issues.addAssignees({
      ...repo,
      issue_number: 2,
      assignees: ['dev', 'github-actions[bot]'],
    });
    expect(issue.assignees?.map((a) => a.login)).toEqual(['dev']);
    const { data: again } = await gh.rest.pulls.get({ ...repo, pull_number: 2 });
    expect(again.assignees?.map((a) => a.login)).toEqual(['dev']);

    const { data: updated } = await gh.rest.issues.update({
      ...repo,
      issue_number: 2,
      labels: ['severity:P1', 'hotfix'],
      assignees: ['dana', 'dependabot[bot]'],
    });
    expect(updated.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual([
      'severity:P1',
      'hotfix',
    ]);
    expect(updated.assignees?.map((a) => a.login)).toEqual(['dana']);

    const perm = async (username: string) =>
      (await gh.rest.repos.getCollaboratorPermissionLevel({ ...repo, username })).data;
    expect(await perm('maintainer')).toMatchObject({ permission: 'write', role_name: 'maintain' });
    expect(await perm('admin-person')).toMatchObject({ permission: 'admin' });
    expect(await perm('stranger')).toMatchObject({ permission: 'read' });
    await expect(perm('-not-a-user-')).rejects.toMatchObject({ status: 404 });

    await gh.rest.pulls.list({ ...repo, head: 'acme:feature', base: 'main', state: 'all' });
    expect(await contractViolations(fake.requests)).toEqual([]);
  });

  it('enables auto-merge through GraphQL only where the repository allows it', async () => {
    const r = fake.state.repo('acme', 'api');
    const { data: pr } = await gh.rest.pulls.create({
      ...repo,
      title: 'auto',
      head: 'feature',
      base: 'same',
    });
    const mutation = `mutation($id: ID!, $mergeMethod: PullRequestMergeMethod!) {
      enablePullRequestAutoMerge(input: { pullRequestId: $id, mergeMethod: $mergeMethod }) {
        pullRequest { number autoMergeRequest { enabledAt } } } }`;
    await expect(
      gh.graphql(mutation, { id: pr.node_id, mergeMethod: 'SQUASH' }),
    ).rejects.toMatchObject({
      errors: [
        {
          type: 'UNPROCESSABLE',
          path: ['enablePullRequestAutoMerge'],
          message: 'Auto merge is not allowed for this repository',
        },
      ],
    });
    r.allowAutoMerge = true;
    // Nothing protects `same`: the PR is mergeable now, and GitHub has no auto-merge to enable.
    await expect(
      gh.graphql(mutation, { id: pr.node_id, mergeMethod: 'SQUASH' }),
    ).rejects.toMatchObject({
      errors: [{ type: 'UNPROCESSABLE', message: 'Pull request Pull request is in clean status' }],
    });
    // A check no rule requires is failing or pending on its head: mergeable, but UNSTABLE.
    r.checksNotPassing.add('feature');
    await expect(
      gh.graphql(mutation, { id: pr.node_id, mergeMethod: 'SQUASH' }),
    ).rejects.toMatchObject({
      errors: [
        { type: 'UNPROCESSABLE', message: 'Pull request Pull request is in unstable status' },
      ],
    });
    r.checksNotPassing.delete('feature');
    r.protectedBranches.add('same');
    const ok = await gh.graphql<{
      enablePullRequestAutoMerge: { pullRequest: { number: number } };
    }>(mutation, { id: pr.node_id, mergeMethod: 'SQUASH' });
    expect(ok.enablePullRequestAutoMerge.pullRequest.number).toBe(pr.number);
    const { data } = await gh.rest.pulls.get({ ...repo, pull_number: pr.number });
    expect(data.auto_merge).toMatchObject({ merge_method: 'squash' });
    await expect(gh.graphql(mutation, { id: 'PR_0', mergeMethod: 'SQUASH' })).rejects.toMatchObject(
      {
        errors: [{ type: 'NOT_FOUND' }],
      },
    );
    expect(await contractViolations(fake.requests)).toEqual([]);
  });

  it('merges a PR with real git, as the merge button does, and refuses as GitHub does', async () => {
    const r = fake.state.repo('acme', 'api');
    const { data: pr } = await gh.rest.pulls.create({
      ...repo,
      title: 'Backport two',
      head: 'to-merge',
      base: 'merge-base',
    });
    await expect(
      gh.rest.pulls.merge({ ...repo, pull_number: pr.number, sha: shas[0]! }),
    ).rejects.toMatchObject({ status: 409 });
    r.protectedBranches.add('merge-base');
    await expect(
      gh.rest.pulls.merge({ ...repo, pull_number: pr.number, merge_method: 'squash' }),
    ).rejects.toMatchObject({ status: 405 });
    r.protectedBranches.delete('merge-base');
    const { data } = await gh.rest.pulls.merge({
      ...repo,
      pull_number: pr.number,
      merge_method: 'squash',
      sha: shas[1]!,
    });
    expect(data).toMatchObject({ merged: true, message: 'Pull Request successfully merged' });
    const tip = await git(['rev-parse', 'refs/heads/merge-base'], { cwd: gitDir });
    expect(tip).toBe(data.sha);
    expect(await git(['log', '-1', '--format=%s%n%P', tip], { cwd: gitDir })).toBe(
      `Backport two (#${pr.number})\n${shas[0]}`,
    );
    expect(await git(['rev-parse', `${tip}^{tree}`], { cwd: gitDir })).toBe(
      await git(['rev-parse', `${shas[1]}^{tree}`], { cwd: gitDir }),
    );
    const { data: after } = await gh.rest.pulls.get({ ...repo, pull_number: pr.number });
    expect(after).toMatchObject({ state: 'closed', merged: true, merge_commit_sha: tip });
    await expect(gh.rest.pulls.merge({ ...repo, pull_number: pr.number })).rejects.toMatchObject({
      status: 405,
    });
    expect(await contractViolations(fake.requests)).toEqual([]);
  });
});
