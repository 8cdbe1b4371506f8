// The fake GitHub answers as GitHub does: the shapes of its answers are checked against
// GitHub's OpenAPI description, and its errors, pagination and faults behave like the API's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOctokit } from '@actions/github';
import { FakeGitHub } from './fake-github/server.ts';
import { contractViolations } from './fake-github/contract.ts';

const fake = new FakeGitHub();
let gh: ReturnType<typeof getOctokit>;
const repo = { owner: 'acme', repo: 'shop' };

beforeAll(async () => {
  await fake.start();
  gh = getOctokit(fake.token, { baseUrl: fake.url });
  const r = fake.state.addRepo('acme/shop');
  fake.state.addPull(r, { title: '[P1] ENG-1 fix', head: 'hotfix/ENG-1-fix', labels: ['bug'] });
  fake.state.addIssue(r, { title: 'Checkout down', labels: ['incident'] });
  fake.state.setFile(r, 'main', '.github/hotfix.yml', 'production-branch: main\n');
  for (let i = 0; i < 5; i++) fake.state.addPull(r, { title: `pr ${i}`, head: `feature/${i}` });
});
afterAll(() => fake.stop());

describe('fake GitHub', () => {
  it('answers every route in the shape GitHub documents', async () => {
    await gh.rest.pulls.get({ ...repo, pull_number: 1 });
    await gh.rest.pulls.list({ ...repo, head: 'acme:hotfix/ENG-1-fix', state: 'open' });
    await gh.rest.issues.get({ ...repo, issue_number: 2 });
    await gh.rest.issues.get({ ...repo, issue_number: 1 });
    await gh.rest.issues.listLabelsOnIssue({ ...repo, issue_number: 1 });
    await gh.rest.issues.createLabel({ ...repo, name: 'severity:P1', color: 'd93f0b' });
    await expect(
      gh.rest.issues.createLabel({ ...repo, name: 'severity:P1', color: 'd93f0b' }),
    ).rejects.toMatchObject({ status: 422 });
    await gh.rest.issues.getLabel({ ...repo, name: 'severity:P1' });
    await gh.rest.issues.addLabels({ ...repo, issue_number: 1, labels: ['severity:P1'] });
    await gh.rest.issues.removeLabel({ ...repo, issue_number: 1, name: 'bug' });
    await expect(
      gh.rest.issues.removeLabel({ ...repo, issue_number: 1, name: 'bug' }),
    ).rejects.toMatchObject({ status: 404 });
    await gh.rest.repos.getContent({ ...repo, path: '.github/hotfix.yml', ref: 'main' });
    await expect(gh.rest.repos.getContent({ ...repo, path: 'nope.yml' })).rejects.toMatchObject({
      status: 404,
    });
    await expect(gh.rest.pulls.get({ ...repo, pull_number: 99 })).rejects.toMatchObject({
      status: 404,
    });
    const { data: c } = await gh.rest.issues.createComment({
      ...repo,
      issue_number: 1,
      body: 'hi',
    });
    await gh.rest.issues.updateComment({ ...repo, comment_id: c.id, body: 'hello again' });
    await gh.rest.issues.listComments({ ...repo, issue_number: 1 });
    expect(await contractViolations(fake.requests)).toEqual([]);
  });

  it('keeps state: labels added and removed are what later reads return', async () => {
    const { data } = await gh.rest.issues.listLabelsOnIssue({ ...repo, issue_number: 1 });
    expect(data.map((l) => l.name)).toEqual(['severity:P1']);
  });

  it('paginates with Link headers like GitHub', async () => {
    const first = await gh.rest.pulls.list({ ...repo, state: 'all', per_page: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.headers.link).toMatch(/rel="next".*rel="last"/);
    const all = await gh.paginate(gh.rest.pulls.list, { ...repo, state: 'all', per_page: 2 });
    expect(all).toHaveLength(6);
  });

  it('refuses a wrong token with 401', async () => {
    const bad = getOctokit('ghs_wrong', { baseUrl: fake.url });
    await expect(bad.rest.issues.get({ ...repo, issue_number: 1 })).rejects.toMatchObject({
      status: 401,
    });
  });

  it('injects faults once, then answers normally', async () => {
    fake.inject({ path: /\/issues\/2$/, status: 502 });
    await expect(gh.rest.issues.get({ ...repo, issue_number: 2 })).rejects.toMatchObject({
      status: 502,
    });
    await expect(gh.rest.issues.get({ ...repo, issue_number: 2 })).resolves.toMatchObject({
      status: 200,
    });
  });
});
