// The fake's Git database routes (refs, annotated tags) and commit -> pull request lookup
// answer as GitHub documents them: checked against the OpenAPI description through octokit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOctokit } from '@actions/github';
import { FakeGitHub } from './fake-github/server.ts';
import { contractViolations } from './fake-github/contract.ts';

const fake = new FakeGitHub();
let gh: ReturnType<typeof getOctokit>;
const repo = { owner: 'acme', repo: 'shop' };
const sha = (c: string) => c.repeat(40);

beforeAll(async () => {
  await fake.start();
  gh = getOctokit(fake.token, { baseUrl: fake.url });
  const r = fake.state.addRepo('acme/shop');
  r.refs.set('heads/main', sha('a'));
  r.refs.set('tags/v1.2.3', sha('b'));
  r.refs.set('tags/v1.10.0', sha('c'));
  fake.state.addPull(r, { title: 'fix', head: 'hotfix/x', merged: true, state: 'closed' });
  fake.state.addPull(r, { title: 'open one', head: 'hotfix/y', headSha: sha('d') });
});
afterAll(() => fake.stop());

describe('fake GitHub: git refs and tags', () => {
  it('lists matching refs, reads one, and 404s an unknown one', async () => {
    const { data: tags } = await gh.rest.git.listMatchingRefs({ ...repo, ref: 'tags/v1' });
    expect(tags.map((t) => t.ref)).toEqual(['refs/tags/v1.10.0', 'refs/tags/v1.2.3']);
    expect(tags[0]!.object).toMatchObject({ type: 'commit', sha: sha('c') });
    const { data: none } = await gh.rest.git.listMatchingRefs({ ...repo, ref: 'tags/nope' });
    expect(none).toEqual([]);
    const { data: main } = await gh.rest.git.getRef({ ...repo, ref: 'heads/main' });
    expect(main.object.sha).toBe(sha('a'));
    await expect(gh.rest.git.getRef({ ...repo, ref: 'tags/v9.9.9' })).rejects.toMatchObject({
      status: 404,
    });
    expect(await contractViolations(fake.requests)).toEqual([]);
  });

  it('creates an annotated tag: a tag object, then a ref to it that peels to the commit', async () => {
    const { data: tag } = await gh.rest.git.createTag({
      ...repo,
      tag: 'v1.10.1',
      message: 'hotfix',
      object: sha('e'),
      type: 'commit',
    });
    expect(tag).toMatchObject({ tag: 'v1.10.1', object: { type: 'commit', sha: sha('e') } });
    const { status, data: ref } = await gh.rest.git.createRef({
      ...repo,
      ref: 'refs/tags/v1.10.1',
      sha: tag.sha,
    });
    expect(status).toBe(201);
    expect(ref.object).toMatchObject({ type: 'tag', sha: tag.sha });
    const { data: read } = await gh.rest.git.getTag({ ...repo, tag_sha: tag.sha });
    expect(read.object.sha).toBe(sha('e'));
    const r = fake.state.repo('acme', 'shop');
    expect(fake.state.resolveRef(r, 'v1.10.1')).toBe(sha('e'));
    // A deployment of the tag deploys the commit it tags.
    const { data: d } = await gh.rest.repos.createDeployment({
      ...repo,
      ref: 'v1.10.1',
      auto_merge: false,
      required_contexts: [],
    });
    expect('sha' in d && d.sha).toBe(sha('e'));
    expect(await contractViolations(fake.requests)).toEqual([]);
  });

  it('refuses an existing ref, a bad ref name, an unknown tag object and a missing field with 422/404', async () => {
    await expect(
      gh.rest.git.createRef({ ...repo, ref: 'refs/tags/v1.2.3', sha: sha('f') }),
    ).rejects.toMatchObject({ status: 422, message: expect.stringContaining('already exists') });
    await expect(
      gh.rest.git.createRef({ ...repo, ref: 'tags/v2', sha: sha('f') }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(gh.rest.git.getTag({ ...repo, tag_sha: sha('9') })).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      gh.rest.git.createTag({ ...repo, tag: 'v3', message: 'm', object: 'xyz', type: 'commit' }),
    ).rejects.toMatchObject({ status: 422 });
    expect(await contractViolations(fake.requests)).toEqual([]);
  });

  it('finds the merged pull request of a merge commit and the open one of a head commit', async () => {
    const r = fake.state.repo('acme', 'shop');
    const merged = fake.state.pull(r, 1).pull.mergeCommitSha!;
    const { data: a } = await gh.rest.repos.listPullRequestsAssociatedWithCommit({
      ...repo,
      commit_sha: merged,
    });
    expect(a.map((p) => p.number)).toEqual([1]);
    const { data: b } = await gh.rest.repos.listPullRequestsAssociatedWithCommit({
      ...repo,
      commit_sha: sha('d'),
    });
    expect(b.map((p) => p.number)).toEqual([2]);
    const { data: c } = await gh.rest.repos.listPullRequestsAssociatedWithCommit({
      ...repo,
      commit_sha: sha('0'),
    });
    expect(c).toEqual([]);
    expect(await contractViolations(fake.requests)).toEqual([]);
  });
});
