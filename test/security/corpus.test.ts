// The corpus against the actions that read a PR's text first: classify-severity and
// validate-hotfix-pr, through their bundles. Nothing in it may run, be obeyed as a workflow
// command, mention anyone, or leave our summary and comment broken.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, rmSync } from 'node:fs';
import { FakeGitHub } from '../harness/fake-github/server.ts';
import { runAction, type ActionResult } from '../harness/run-action.ts';
import { pullRequestEvent } from '../harness/events.ts';
import { ATTACKS, PWNED, hostileBody, hostileTitle } from './corpus.ts';

const fake = new FakeGitHub();
beforeAll(() => fake.start());
afterAll(() => fake.stop());
afterAll(() => PWNED.forEach((f) => rmSync(f, { force: true })));

function hostilePr(name: string) {
  const repo = fake.state.addRepo(`acme/${name}`);
  const pr = fake.state.addPull(repo, {
    title: hostileTitle(),
    body: hostileBody(),
    head: 'hotfix/ENG-1-$(touch-pwned)',
    labels: ['severity:P1', '::warning::label'],
    user: 'mallory',
  });
  return { repo, pr };
}

function obeyedNothing(res: ActionResult): void {
  for (const f of PWNED) expect(existsSync(f), f).toBe(false);
  expect(res.pausedAtEnd).toBeUndefined();
  expect(res.annotations.map((a) => a.message)).not.toEqual(
    expect.arrayContaining(['forged error', 'forged warning']),
  );
  expect(res.outputs.healthy).toBeUndefined();
  // Only our own masks: the token; never one the text declared.
  for (const m of res.masks) expect(m).not.toBe('');
}

describe('the attack corpus', () => {
  it('classify-severity: runs nothing, obeys nothing, escapes what it shows', async () => {
    const { repo, pr } = hostilePr('corpus-classify');
    const res = await runAction('classify-severity', {
      repository: `${repo.owner}/${repo.name}`,
      apiUrl: fake.url,
      token: fake.token,
      event: pullRequestEvent(fake, repo, pr.number),
    });
    expect(res.code, res.stdout).toBe(0);
    obeyedNothing(res);
    expect(res.outputs.severity).toBe('P1');
    expect(res.summary).not.toMatch(/(^|[^\u200b])@octocat/);
  });

  it('validate-hotfix-pr: the same, in its summary and its PR comment', async () => {
    const { repo, pr } = hostilePr('corpus-validate');
    const res = await runAction('validate-hotfix-pr', {
      repository: `${repo.owner}/${repo.name}`,
      apiUrl: fake.url,
      token: fake.token,
      event: pullRequestEvent(fake, repo, pr.number),
    });
    obeyedNothing(res);
    const comment = repo.comments.find((c) => c.body.includes('hotfix-actions:validate-hotfix-pr'));
    expect(comment).toBeDefined();
    for (const text of [res.summary, comment!.body]) {
      expect(text).not.toMatch(/(^|[^\u200b])@octocat/);
      expect(text).not.toContain('<img src=x');
      expect(text).not.toContain(ATTACKS.credentials[0]);
    }
  });
});
