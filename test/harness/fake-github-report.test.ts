// What hotfix-report reads from the fake, answered as GitHub documents it: merged pull
// requests by last update, issues updated since a time, and deployment statuses through
// GraphQL nodes(ids:). REST answers are checked against the OpenAPI description; the GraphQL
// query against GitHub's schema (test/unit/hotfix-report.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOctokit } from '@actions/github';
import { FakeGitHub } from './fake-github/server.ts';
import { contractViolations } from './fake-github/contract.ts';
import { STATUSES_QUERY } from '../../src/hotfix-report/github.ts';
import { close, deployment } from '../fixtures/hotfix-history.ts';

const fake = new FakeGitHub();
let gh: ReturnType<typeof getOctokit>;
const repo = { owner: 'acme', repo: 'history' };

beforeAll(async () => {
  await fake.start();
  gh = getOctokit(fake.token, { baseUrl: fake.url });
});
afterAll(() => fake.stop());

describe('fake GitHub: the reads of a report', () => {
  it('lists pull requests by base, sorted by creation or last update, in pages', async () => {
    const r = fake.state.addRepo('acme/history');
    const times = ['2026-10-03', '2026-10-01', '2026-10-02'];
    for (const [i, day] of times.entries()) {
      const pr = fake.state.addPull(r, {
        title: `fix ${i}`,
        head: `hotfix/x-${i}`,
        merged: true,
        createdAt: `${day}T10:00:00Z`,
      });
      pr.updatedAt = `2026-10-${String(20 - i).padStart(2, '0')}T10:00:00Z`;
    }
    fake.state.addPull(r, {
      title: 'to a release',
      head: 'hotfix/y',
      base: 'release/1',
      merged: true,
    });
    const list = async (params: Record<string, string | number>) =>
      (await gh.rest.pulls.list({ ...repo, state: 'closed', base: 'main', ...params })).data.map(
        (p) => p.title,
      );
    expect(await list({})).toEqual(['fix 0', 'fix 2', 'fix 1']);
    expect(await list({ sort: 'updated', direction: 'desc' })).toEqual(['fix 0', 'fix 1', 'fix 2']);
    expect(await list({ sort: 'updated', direction: 'asc' })).toEqual(['fix 2', 'fix 1', 'fix 0']);
    const page = await gh.rest.pulls.list({
      ...repo,
      state: 'closed',
      sort: 'updated',
      per_page: 2,
    });
    expect(page.data).toHaveLength(2);
    expect(page.headers.link).toContain('rel="next"');
    await expect(
      gh.rest.pulls.list({ ...repo, sort: 'merged' as 'updated' }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('lists issues updated since a time', async () => {
    const r = fake.state.addRepo('acme/issues-since');
    const old = fake.state.addIssue(r, {
      title: 'old',
      labels: ['follow-up'],
      createdAt: '2026-09-01T00:00:00Z',
    });
    const closedLater = fake.state.addIssue(r, {
      title: 'closed later',
      labels: ['follow-up'],
      createdAt: '2026-09-01T00:00:00Z',
    });
    close(closedLater, '2026-10-10T00:00:00Z');
    expect(old.updatedAt).toBe('2026-09-01T00:00:00Z');
    const { data } = await gh.rest.issues.listForRepo({
      owner: 'acme',
      repo: 'issues-since',
      labels: 'follow-up',
      state: 'all',
      since: '2026-10-01T00:00:00Z',
    });
    expect(data.map((i) => i.title)).toEqual(['closed later']);
    await expect(
      gh.rest.issues.listForRepo({ owner: 'acme', repo: 'issues-since', since: 'yesterday' }),
    ).rejects.toMatchObject({ status: 422 });
    expect(await contractViolations(fake.requests)).toEqual([]);
  });

  it('answers nodes(ids:) of deployments with their statuses, oldest first, and NOT_FOUND', async () => {
    const r = fake.state.addRepo('acme/deploys');
    const d = deployment(fake, r, {
      sha: 'a'.repeat(40),
      ref: 'v1',
      payload: { pr: 1 },
      at: '2026-10-01T10:00:00Z',
      statuses: [
        ['in_progress', '2026-10-01T10:01:00Z'],
        ['success', '2026-10-01T10:05:00Z'],
      ],
    });
    const busy = deployment(fake, r, {
      sha: 'b'.repeat(40),
      ref: 'v2',
      payload: {},
      at: '2026-10-02T10:00:00Z',
      statuses: Array.from({ length: 101 }, (_, i): [string, string] => [
        'in_progress',
        new Date(Date.parse('2026-10-02T10:00:00Z') + i * 1000).toISOString(),
      ]),
    });
    const listed = await gh.rest.repos.listDeployments({ owner: 'acme', repo: 'deploys' });
    const nodeOf = new Map(listed.data.map((x) => [x.id, x.node_id]));
    const answer = await gh.graphql<{ nodes: unknown[] }>(STATUSES_QUERY, {
      ids: [nodeOf.get(d.id), nodeOf.get(busy.id)],
    });
    expect(answer.nodes[0]).toEqual({
      databaseId: d.id,
      statuses: {
        pageInfo: { hasNextPage: false },
        nodes: [
          expect.objectContaining({ state: 'IN_PROGRESS', createdAt: '2026-10-01T10:01:00Z' }),
          expect.objectContaining({ state: 'SUCCESS', createdAt: '2026-10-01T10:05:00Z' }),
        ],
      },
    });
    expect(answer.nodes[1]).toMatchObject({ statuses: { pageInfo: { hasNextPage: true } } });
    // An id that names nothing: null in its place, and an error saying so.
    const partial = await gh
      .graphql(STATUSES_QUERY, { ids: [nodeOf.get(d.id), 'DE_0'] })
      .catch(
        (err: unknown) => err as { name: string; data: { nodes: unknown[] }; errors: unknown[] },
      );
    expect(partial).toMatchObject({
      name: 'GraphqlResponseError',
      data: { nodes: [expect.objectContaining({ databaseId: d.id }), null] },
      errors: [expect.objectContaining({ type: 'NOT_FOUND', path: ['nodes', 1] })],
    });
  });
});
