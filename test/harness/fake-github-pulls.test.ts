// The fake's pull request files and reviews answer as GitHub does: shapes checked against the
// OpenAPI description, pagination with Link headers, the 3000-file cap, reviews in order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOctokit } from '@actions/github';
import { FakeGitHub } from './fake-github/server.ts';
import { contractViolations } from './fake-github/contract.ts';
import { FILES_LIST_LIMIT } from './fake-github/routes/pull-files.ts';

const fake = new FakeGitHub();
let gh: ReturnType<typeof getOctokit>;
const repo = { owner: 'acme', repo: 'shop' };
let small: number;
let huge: number;

beforeAll(async () => {
  await fake.start();
  gh = getOctokit(fake.token, { baseUrl: fake.url });
  const r = fake.state.addRepo('acme/shop');
  const pr = fake.state.addPull(r, {
    title: '[P1] ENG-1 fix',
    head: 'hotfix/ENG-1-fix',
    user: 'dana',
    files: [
      { filename: 'src/auth/session.ts', additions: 12, deletions: 3 },
      { filename: 'src/auth/session.test.ts', status: 'added', additions: 40, deletions: 0 },
      { filename: 'docs/old name.md', status: 'removed', additions: 0, deletions: 9 },
      {
        filename: 'src/auth/token.ts',
        status: 'renamed',
        previousFilename: 'src/auth/jwt.ts',
        additions: 0,
        deletions: 0,
      },
    ],
  });
  small = pr.number;
  fake.state.addReview(pr, { user: 'alice', state: 'APPROVED' });
  fake.state.addReview(pr, { user: 'bob', state: 'COMMENTED', body: 'nit' });
  fake.state.addReview(pr, { user: 'alice', state: 'CHANGES_REQUESTED' });
  const dismissed = fake.state.addReview(pr, { user: 'carol', state: 'APPROVED' });
  dismissed.state = 'DISMISSED';
  huge = fake.state.addPull(r, {
    title: 'vendor everything',
    head: 'hotfix/ENG-2-vendor',
    files: Array.from({ length: 3200 }, (_, i) => ({
      filename: `vendor/f${i}.js`,
      status: 'added' as const,
      additions: 1,
      deletions: 0,
    })),
  }).number;
});
afterAll(() => fake.stop());

describe('fake GitHub: pull request files and reviews', () => {
  it('answers in the shapes GitHub documents', async () => {
    const { data: pull } = await gh.rest.pulls.get({ ...repo, pull_number: small });
    expect(pull).toMatchObject({ changed_files: 4, additions: 52, deletions: 12 });
    const { data: files } = await gh.rest.pulls.listFiles({ ...repo, pull_number: small });
    expect(files.map((f) => [f.filename, f.status, f.changes])).toEqual([
      ['src/auth/session.ts', 'modified', 15],
      ['src/auth/session.test.ts', 'added', 40],
      ['docs/old name.md', 'removed', 9],
      ['src/auth/token.ts', 'renamed', 0],
    ]);
    expect(files[3]).toMatchObject({ previous_filename: 'src/auth/jwt.ts' });
    expect(files[3]).not.toHaveProperty('patch');
    expect(files[2]!.blob_url).toContain('/docs/old%20name.md');
    const { data: reviews } = await gh.rest.pulls.listReviews({ ...repo, pull_number: small });
    expect(reviews.map((r) => [r.user?.login, r.state])).toEqual([
      ['alice', 'APPROVED'],
      ['bob', 'COMMENTED'],
      ['alice', 'CHANGES_REQUESTED'],
      ['carol', 'DISMISSED'],
    ]);
    expect(reviews.every((r) => r.submitted_at && r.commit_id === pull.head.sha)).toBe(true);
    expect(await contractViolations(fake.requests)).toEqual([]);
  });

  it('pages files 30 at a time by default and 100 at most, with Link headers', async () => {
    const first = await gh.rest.pulls.listFiles({ ...repo, pull_number: huge });
    expect(first.data).toHaveLength(30);
    expect(first.headers.link).toMatch(/page=2.*rel="next".*page=100.*rel="last"/);
    const big = await gh.rest.pulls.listFiles({ ...repo, pull_number: huge, per_page: 500 });
    expect(big.data).toHaveLength(100);
  });

  it('lists at most 3000 files, however many the pull request changes', async () => {
    const all = await gh.paginate(gh.rest.pulls.listFiles, {
      ...repo,
      pull_number: huge,
      per_page: 100,
    });
    expect(all).toHaveLength(FILES_LIST_LIMIT);
    expect(all.at(-1)!.filename).toBe('vendor/f2999.js');
    const { data: pull } = await gh.rest.pulls.get({ ...repo, pull_number: huge });
    expect(pull.changed_files).toBe(3200);
    const past = await gh.rest.pulls.listFiles({
      ...repo,
      pull_number: huge,
      per_page: 100,
      page: 31,
    });
    expect(past.data).toEqual([]);
  });

  it('a review submitted later is listed after the earlier ones', async () => {
    const r = fake.state.repo('acme', 'shop');
    fake.state.addReview(fake.state.pull(r, small), { user: 'erin', state: 'APPROVED' });
    const all = await gh.paginate(gh.rest.pulls.listReviews, {
      ...repo,
      pull_number: small,
      per_page: 2,
    });
    expect(all.map((x) => x.user?.login)).toEqual(['alice', 'bob', 'alice', 'carol', 'erin']);
  });

  it('answers 404 for a pull request that does not exist', async () => {
    await expect(gh.rest.pulls.listFiles({ ...repo, pull_number: 999 })).rejects.toMatchObject({
      status: 404,
    });
    await expect(gh.rest.pulls.listReviews({ ...repo, pull_number: 999 })).rejects.toMatchObject({
      status: 404,
    });
  });
});
