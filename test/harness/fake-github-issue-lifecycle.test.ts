// The fake's issue list, create and edit routes answer as GitHub documents them: shapes
// checked against the OpenAPI description, filters, pagination and 422s as on GitHub.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOctokit } from '@actions/github';
import { FakeGitHub } from './fake-github/server.ts';
import { contractViolations } from './fake-github/contract.ts';

const fake = new FakeGitHub();
let gh: ReturnType<typeof getOctokit>;
const repo = { owner: 'acme', repo: 'issues' };

beforeAll(async () => {
  await fake.start();
  gh = getOctokit(fake.token, { baseUrl: fake.url });
  const r = fake.state.addRepo('acme/issues');
  fake.state.addIssue(r, {
    title: 'old incident',
    labels: ['incident'],
    createdAt: '2026-11-01T00:00:00Z',
  });
  fake.state.addPull(r, {
    title: 'a PR labelled incident',
    head: 'hotfix/x',
    labels: ['incident'],
  });
  fake.state.addIssue(r, { title: 'a bug', labels: ['bug'] });
});
afterAll(() => fake.stop());

describe('fake GitHub: issue lifecycle', () => {
  it('creates, lists by label and state, edits, closes and reopens issues like GitHub', async () => {
    const { data: created, status } = await gh.rest.issues.create({
      ...repo,
      title: 'Checkout down',
      body: '<!-- marker -->\nstatus',
      labels: ['incident', 'severity:P0'],
    });
    expect(status).toBe(201);
    expect(created).toMatchObject({ title: 'Checkout down', state: 'open', state_reason: null });
    expect(created.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual([
      'incident',
      'severity:P0',
    ]);

    // Every listed label must be on the issue; pull requests are listed too, as on GitHub.
    const both = await gh.rest.issues.listForRepo({ ...repo, labels: 'incident,severity:P0' });
    expect(both.data.map((i) => i.number)).toEqual([created.number]);
    const incidents = await gh.rest.issues.listForRepo({
      ...repo,
      labels: 'incident',
      state: 'all',
      sort: 'created',
      direction: 'asc',
    });
    expect(incidents.data.map((i) => i.title)).toEqual([
      'old incident',
      'a PR labelled incident',
      'Checkout down',
    ]);
    expect(incidents.data[1]!.pull_request).toBeDefined();

    const { data: closed } = await gh.rest.issues.update({
      ...repo,
      issue_number: created.number,
      title: 'Checkout down (resolved)',
      body: 'done',
      state: 'closed',
      state_reason: 'duplicate',
      labels: ['incident', 'severity:P1'],
    });
    expect(closed).toMatchObject({ state: 'closed', state_reason: 'duplicate', body: 'done' });
    expect(closed.closed_at).toBeTruthy();
    expect(closed.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual([
      'incident',
      'severity:P1',
    ]);
    const open = await gh.rest.issues.listForRepo({ ...repo, labels: 'incident' });
    expect(open.data.map((i) => i.number)).not.toContain(created.number);

    const { data: reopened } = await gh.rest.issues.update({
      ...repo,
      issue_number: created.number,
      state: 'open',
    });
    expect(reopened).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null });
    expect(await contractViolations(fake.requests)).toEqual([]);
  });

  it('answers 422 for a missing title or a bad state, and 404 for a missing issue', async () => {
    await expect(gh.rest.issues.create({ ...repo, title: '' })).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [{ code: 'missing_field', field: 'title' }] } },
    });
    await expect(
      gh.rest.issues.update({ ...repo, issue_number: 1, state: 'gone' as 'open' }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      gh.rest.issues.update({ ...repo, issue_number: 999, body: 'x' }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('paginates the list with Link headers', async () => {
    const r = fake.state.addRepo('acme/many-issues');
    for (let i = 0; i < 7; i++) fake.state.addIssue(r, { title: `i${i}`, labels: ['postmortem'] });
    const first = await gh.rest.issues.listForRepo({
      owner: 'acme',
      repo: 'many-issues',
      labels: 'postmortem',
      per_page: 3,
    });
    expect(first.data).toHaveLength(3);
    expect(first.headers.link).toMatch(/rel="next".*rel="last"/);
    const all = await gh.paginate(gh.rest.issues.listForRepo, {
      owner: 'acme',
      repo: 'many-issues',
      labels: 'postmortem',
      per_page: 3,
    });
    expect(all).toHaveLength(7);
    expect(await contractViolations(fake.requests)).toEqual([]);
  });
});
