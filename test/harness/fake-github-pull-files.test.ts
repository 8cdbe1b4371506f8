// GET /repos/{owner}/{repo}/pulls/{pull_number}/files on the fake answers as GitHub does:
// the documented shape, 30 a page by default with Link headers, at most 3000 files, 404 for
// a pull request that does not exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOctokit } from '@actions/github';
import { FakeGitHub } from './fake-github/server.ts';
import { contractViolations } from './fake-github/contract.ts';

const fake = new FakeGitHub();
let gh: ReturnType<typeof getOctokit>;
const repo = { owner: 'acme', repo: 'files' };
let small = 0;
let big = 0;
let huge = 0;

beforeAll(async () => {
  await fake.start();
  gh = getOctokit(fake.token, { baseUrl: fake.url });
  const r = fake.state.addRepo('acme/files');
  small = fake.state.addPull(r, {
    title: 'fix',
    head: 'hotfix/a',
    files: [
      'src/pricing.ts',
      { filename: 'docs/new name.md', status: 'renamed', previousFilename: 'docs/old.md' },
      { filename: 'src/gone.ts', status: 'removed', additions: 0, deletions: 12 },
    ],
  }).number;
  big = fake.state.addPull(r, {
    title: 'big',
    head: 'hotfix/b',
    files: Array.from({ length: 75 }, (_, i) => `src/f${i}.ts`),
  }).number;
  huge = fake.state.addPull(r, {
    title: 'huge',
    head: 'hotfix/c',
    files: Array.from({ length: 3005 }, (_, i) => `gen/f${i}.ts`),
  }).number;
});
afterAll(() => fake.stop());

describe('fake GitHub: pull request files', () => {
  it('answers in the shape GitHub documents', async () => {
    const { data } = await gh.rest.pulls.listFiles({ ...repo, pull_number: small });
    expect(data.map((f) => [f.filename, f.status, f.previous_filename])).toEqual([
      ['src/pricing.ts', 'modified', undefined],
      ['docs/new name.md', 'renamed', 'docs/old.md'],
      ['src/gone.ts', 'removed', undefined],
    ]);
    expect(data[2]).toMatchObject({ additions: 0, deletions: 12, changes: 12 });
    expect(data[1]!.contents_url).toContain('/contents/docs/new%20name.md?ref=');
    expect(await contractViolations(fake.requests)).toEqual([]);
  });

  it('paginates 30 a page with Link headers, and octokit follows them', async () => {
    const first = await gh.rest.pulls.listFiles({ ...repo, pull_number: big });
    expect(first.data).toHaveLength(30);
    expect(first.headers.link).toMatch(/page=2.*rel="next".*page=3.*rel="last"/);
    const all = await gh.paginate(gh.rest.pulls.listFiles, {
      ...repo,
      pull_number: big,
      per_page: 100,
    });
    expect(all.map((f) => f.filename)).toEqual(
      Array.from({ length: 75 }, (_, i) => `src/f${i}.ts`),
    );
    expect(await contractViolations(fake.requests)).toEqual([]);
  });

  it('lists at most 3000 files, as GitHub does', async () => {
    const all = await gh.paginate(gh.rest.pulls.listFiles, {
      ...repo,
      pull_number: huge,
      per_page: 100,
    });
    expect(all).toHaveLength(3000);
  });

  it('answers 404 for a pull request that does not exist', async () => {
    await expect(gh.rest.pulls.listFiles({ ...repo, pull_number: 999 })).rejects.toMatchObject({
      status: 404,
    });
  });
});
