// The fake's GET /commits/{ref} answers as GitHub does: by sha, branch or tag (annotated
// tags peeled), from a real git repository when the repo has one, and 422 for a ref that
// names no commit; shapes checked against the OpenAPI description.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOctokit } from '@actions/github';
import { FakeGitHub } from './fake-github/server.ts';
import { contractViolations } from './fake-github/contract.ts';
import { fakeSha } from './fake-github/state.ts';
import { GitOrigin } from './git-origin.ts';

const fake = new FakeGitHub();
let gh: ReturnType<typeof getOctokit>;
let origin: GitOrigin;
const main = fakeSha('main-tip');
const tagged = fakeSha('tagged');

beforeAll(async () => {
  await fake.start();
  gh = getOctokit(fake.token, { baseUrl: fake.url });
  const plain = fake.state.addRepo('acme/plain');
  plain.refs.set('heads/main', main);
  plain.refs.set('heads/release/1.4', tagged);
  plain.refs.set('tags/v1.4.0', tagged);
  origin = await GitOrigin.create(fake.state.addRepo('acme/real'), { 'a.txt': 'one\n' });
  await origin.commit({ 'a.txt': 'two\n' }, 'second\n\nwith a body');
  await origin.git(['push', '-q', 'origin', 'main']);
  await origin.git(['tag', '-a', '-m', 'release', 'v2.0.0']);
  await origin.git(['push', '-q', 'origin', 'v2.0.0']);
});
afterAll(async () => {
  await fake.stop();
  GitOrigin.removeAll();
});

describe('fake GitHub: one commit', () => {
  it('resolves a sha, a branch (slashes and all) and a tag from the state', async () => {
    const repo = { owner: 'acme', repo: 'plain' };
    for (const [ref, sha] of [
      [main, main],
      ['main', main],
      ['release/1.4', tagged],
      ['v1.4.0', tagged],
    ] as const) {
      const { data } = await gh.rest.repos.getCommit({ ...repo, ref });
      expect(data.sha, ref).toBe(sha);
    }
    expect(await contractViolations(fake.requests)).toEqual([]);
  });

  it('answers from the real repository: message, parents, an annotated tag peeled to its commit', async () => {
    const repo = { owner: 'acme', repo: 'real' };
    const tip = await origin.sha('main');
    const { data } = await gh.rest.repos.getCommit({ ...repo, ref: 'v2.0.0' });
    expect(data.sha).toBe(tip);
    expect(data.commit.message).toBe('second\n\nwith a body');
    expect(data.parents.map((p) => p.sha)).toEqual([await origin.sha('main~1')]);
    expect(data.commit.author).toMatchObject({ name: 'Dana Dev', email: 'dana@example.com' });
    expect((await gh.rest.repos.getCommit({ ...repo, ref: tip.slice(0, 12) })).data.sha).toBe(tip);
    expect(await contractViolations(fake.requests)).toEqual([]);
  });

  it('answers 422 for a ref that names no commit, as GitHub does', async () => {
    await expect(
      gh.rest.repos.getCommit({ owner: 'acme', repo: 'plain', ref: 'v9.9.9' }),
    ).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('No commit found for SHA: v9.9.9'),
    });
    // With a real repository, an unknown full sha is unknown too.
    await expect(
      gh.rest.repos.getCommit({ owner: 'acme', repo: 'real', ref: fakeSha('nowhere') }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      gh.rest.repos.getCommit({ owner: 'acme', repo: 'missing', ref: 'main' }),
    ).rejects.toMatchObject({ status: 404 });
    expect(await contractViolations(fake.requests)).toEqual([]);
  });
});
