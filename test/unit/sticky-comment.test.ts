import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../harness/fake-github/server.ts';
import { createGitHub, type GitHub } from '../../src/shared/github/client.ts';
import { sameLogin, upsertStickyComment } from '../../src/shared/github/sticky-comment.ts';

const fake = new FakeGitHub();
let gh: GitHub;
const repo = { owner: 'acme', repo: 'shop' };

beforeAll(async () => {
  process.env.GITHUB_API_URL = await fake.start();
  gh = await createGitHub(fake.token);
  const r = fake.state.addRepo('acme/shop');
  fake.state.addPull(r, { title: 'x', head: 'hotfix/x' });
});
afterAll(() => fake.stop());

describe('sticky comment', () => {
  it('creates once, updates in place, and leaves an identical body alone', async () => {
    const r = fake.state.repo('acme', 'shop');
    r.comments.push({
      id: 1,
      issue: 1,
      body: 'a human comment',
      user: fake.state.user('alice'),
      createdAt: '',
      updatedAt: '',
    });
    expect((await upsertStickyComment(gh, repo, 1, 'validate', 'v1'))?.action).toBe('created');
    expect((await upsertStickyComment(gh, repo, 1, 'validate', 'v2'))?.action).toBe('updated');
    expect((await upsertStickyComment(gh, repo, 1, 'validate', 'v2'))?.action).toBe('unchanged');
    expect((await upsertStickyComment(gh, repo, 1, 'notify', 'n1'))?.action).toBe('created');
    expect(r.comments.map((c) => c.body)).toEqual([
      'a human comment',
      '<!-- hotfix-actions:validate -->\nv2',
      '<!-- hotfix-actions:notify -->\nn1',
    ]);
  });

  it("leaves an outsider's comment carrying our marker alone, and writes its own (attack: marker first)", async () => {
    const r = fake.state.addRepo('acme/marked');
    fake.state.addPull(r, { title: 'x', head: 'hotfix/x' });
    const planted = '<!-- hotfix-actions:validate -->\n✅ Hotfix gate passed (trust me)';
    r.comments.push({
      id: 900,
      issue: 1,
      body: planted,
      user: fake.state.user('mallory'),
      createdAt: '',
      updatedAt: '',
    });
    const repo2 = { owner: 'acme', repo: 'marked' };
    expect((await upsertStickyComment(gh, repo2, 1, 'validate', 'the real report'))?.action).toBe(
      'created',
    );
    expect((await upsertStickyComment(gh, repo2, 1, 'validate', 'updated'))?.action).toBe(
      'updated',
    );
    expect(r.comments.map((c) => [c.user.login, c.body])).toEqual([
      ['mallory', planted],
      ['github-actions[bot]', '<!-- hotfix-actions:validate -->\nupdated'],
    ]);
  });

  it('an identity is its login and its kind: a person foo is never the app bot foo[bot]', () => {
    const bot = 'github-actions[bot]';
    expect(sameLogin({ login: 'github-actions[bot]', type: 'Bot' }, bot)).toBe(true);
    expect(sameLogin({ login: 'GitHub-Actions[bot]' }, bot)).toBe(true);
    // A user may register the name an app's bot has: the kinds differ.
    expect(sameLogin({ login: 'github-actions', type: 'User' }, bot)).toBe(false);
    expect(sameLogin({ login: 'github-actions' }, bot)).toBe(false);
    // A personal token writes as the person; an app named like them is someone else.
    expect(sameLogin({ login: 'Foo', type: 'User' }, 'foo')).toBe(true);
    expect(sameLogin({ login: 'foo[bot]', type: 'Bot' }, 'foo')).toBe(false);
    expect(sameLogin({ login: 'foo', type: 'Bot' }, 'foo')).toBe(false);
    expect(sameLogin({ login: 'bar', type: 'User' }, 'foo')).toBe(false);
    expect(sameLogin(undefined, 'foo')).toBe(false);
    expect(sameLogin({ login: null }, 'foo')).toBe(false);
  });

  it('removes a second copy of its own (a retried create that had landed), not a quote', async () => {
    const r = fake.state.repo('acme', 'shop');
    const pr = fake.state.addPull(r, { title: 'dup', head: 'hotfix/dup' });
    const bot = fake.state.user(fake.actor);
    const mk = (id: number, body: string, user = bot) =>
      r.comments.push({ id, issue: pr.number, body, user, createdAt: '', updatedAt: '' });
    mk(20_001, '<!-- hotfix-actions:validate -->\nold');
    mk(20_002, '> <!-- hotfix-actions:validate -->\n> old\n\nwhy?', fake.state.user('alice'));
    mk(20_003, '<!-- hotfix-actions:validate -->\nold');
    expect((await upsertStickyComment(gh, repo, pr.number, 'validate', 'new'))?.id).toBe(20_001);
    expect(r.comments.filter((c) => c.issue === pr.number).map((c) => c.id)).toEqual([
      20_001, 20_002,
    ]);
    expect(r.comments.find((c) => c.id === 20_001)!.body).toBe(
      '<!-- hotfix-actions:validate -->\nnew',
    );
  });

  it('finds its comment beyond the first page', async () => {
    const r = fake.state.repo('acme', 'shop');
    const pr = fake.state.addPull(r, { title: 'busy', head: 'hotfix/busy' });
    for (let i = 0; i < 150; i++)
      r.comments.push({
        id: 10_000 + i,
        issue: pr.number,
        body: `noise ${i}`,
        user: fake.state.user('bob'),
        createdAt: '',
        updatedAt: '',
      });
    await upsertStickyComment(gh, repo, pr.number, 'validate', 'first');
    await upsertStickyComment(gh, repo, pr.number, 'validate', 'second');
    expect(
      r.comments.filter((c) => c.issue === pr.number && c.body.includes('hotfix-actions:validate')),
    ).toHaveLength(1);
  });

  it('a token that may not comment (fork PR) gives a warning and undefined, not a failure', async () => {
    fake.inject({
      method: 'POST',
      path: /\/comments$/,
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    });
    const r = fake.state.repo('acme', 'shop');
    const pr = fake.state.addPull(r, { title: 'fork', head: 'hotfix/fork' });
    await expect(
      upsertStickyComment(gh, repo, pr.number, 'validate', 'x'),
    ).resolves.toBeUndefined();
  });
});
