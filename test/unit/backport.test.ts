// The pure core of backport: targets, triggers, merge method, names and texts.
import { describe, expect, it } from 'vitest';
import { byVersionDescending, resolveTargets } from '../../src/backport/targets.ts';
import {
  compileLabelPattern,
  DEFAULT_LABEL_PATTERN,
  parseCommand,
  readTrigger,
  targetOfLabel,
} from '../../src/backport/trigger.ts';
import { planPicks, MergeMethodError, type CommitFacts } from '../../src/backport/merge-method.ts';
import {
  badBranchName,
  render,
  shellQuote,
  unknownPlaceholders,
} from '../../src/backport/templates.ts';
import { cherryPickCommands, patchCommands } from '../../src/backport/conflict-help.ts';
import { describePushFailure } from '../../src/shared/git/repository.ts';
import { labelsToCopy } from '../../src/backport/from-original.ts';

const labelRe = new RegExp(DEFAULT_LABEL_PATTERN);

describe('targets', () => {
  const remote = ['main', 'develop', 'release/1.9', 'release/1.10', 'release/2.0', 'release/next'];

  it('a glob keeps its latest N by semver, not by string order', () => {
    const r = resolveTargets([{ pattern: 'release/*', source: 'input' }], remote, {
      latest: 2,
      exclude: [],
    });
    expect(r.targets.map((t) => t.branch)).toEqual(['release/2.0', 'release/1.10']);
    expect(r.notes.join('\n')).toContain('release/next carry no version');
  });

  it('latest 0 keeps every match, versions first', () => {
    const r = resolveTargets([{ pattern: 'release/*', source: 'input' }], remote, {
      latest: 0,
      exclude: [],
    });
    expect(r.targets.map((t) => t.branch)).toEqual([
      'release/2.0',
      'release/1.10',
      'release/1.9',
      'release/next',
    ]);
  });

  it('names must exist; duplicates count once; the base is excluded with a reason', () => {
    const r = resolveTargets(
      [
        { pattern: 'develop', source: 'input' },
        { pattern: 'release/1.9', source: 'label' },
        { pattern: 'release/1.*', source: 'input' },
        { pattern: 'main', source: 'input' },
        { pattern: 'release/3.0', source: 'comment' },
      ],
      remote,
      { latest: 2, exclude: [{ branch: 'main', reason: 'is the base' }] },
    );
    expect(r.targets.map((t) => t.branch)).toEqual(['develop', 'release/1.9', 'release/1.10']);
    expect(r.skipped).toEqual([{ branch: 'main', reason: 'is the base' }]);
    expect(r.missing).toEqual([
      { pattern: 'release/3.0', source: 'comment', reason: 'origin has no branch release/3.0' },
    ]);
  });

  it('orders versions numerically, with coerced suffixes', () => {
    expect(
      ['release/v1.2', 'release/1.10.1', 'hotfix', 'release/1.10', 'release-2'].sort(
        byVersionDescending,
      ),
    ).toEqual(['release-2', 'release/1.10.1', 'release/1.10', 'release/v1.2', 'hotfix']);
  });
});

describe('triggers', () => {
  const pr = (merged: boolean) => ({
    number: 7,
    title: 't',
    body: null,
    merged,
    head: { ref: 'fix', sha: 'a' },
    base: { ref: 'main', sha: 'b' },
  });

  it('a merged PR, a backport label on a merged PR, a /backport comment', () => {
    expect(
      readTrigger('pull_request', { action: 'closed', pull_request: pr(true) }, labelRe),
    ).toEqual({
      kind: 'merged',
      number: 7,
    });
    expect(
      readTrigger(
        'pull_request_target',
        {
          action: 'labeled',
          pull_request: pr(true),
          label: { name: 'backport release/1.4' },
          sender: { login: 'maria' },
        },
        labelRe,
      ),
    ).toEqual({ kind: 'labeled', number: 7, label: 'backport release/1.4', sender: 'maria' });
    expect(
      readTrigger(
        'issue_comment',
        {
          action: 'created',
          issue: { number: 7, title: 't', pull_request: {} },
          comment: { id: 5, body: 'LGTM\n/backport release/1.4, develop', user: { login: 'ann' } },
        },
        labelRe,
      ),
    ).toEqual({
      kind: 'command',
      number: 7,
      commentId: 5,
      commenter: 'ann',
      targets: ['release/1.4', 'develop'],
    });
  });

  it('says why it does nothing', () => {
    const reason = (t: ReturnType<typeof readTrigger>) => (t.kind === 'ignore' ? t.reason : t.kind);
    expect(
      reason(readTrigger('pull_request', { action: 'closed', pull_request: pr(false) }, labelRe)),
    ).toBe('PR #7 was closed without merging');
    expect(
      reason(
        readTrigger(
          'pull_request',
          { action: 'labeled', pull_request: pr(false), label: { name: 'backport develop' } },
          labelRe,
        ),
      ),
    ).toMatch(/not merged yet/);
    expect(
      reason(
        readTrigger(
          'pull_request',
          { action: 'labeled', pull_request: pr(true), label: { name: 'bug' } },
          labelRe,
        ),
      ),
    ).toBe('label "bug" is not a backport label');
    expect(
      reason(
        readTrigger(
          'issue_comment',
          {
            action: 'created',
            issue: { number: 3, title: 'x' },
            comment: { id: 1, body: '/backport x' },
          },
          labelRe,
        ),
      ),
    ).toBe('#3 is an issue, not a pull request');
    expect(() => readTrigger('push', {}, labelRe)).toThrow(/not push/);
  });

  it('reads labels and commands', () => {
    expect(targetOfLabel('backport release/1.4', labelRe)).toBe('release/1.4');
    expect(targetOfLabel('backport', labelRe)).toBeUndefined();
    expect(targetOfLabel('needs-backport-to-2.x', /^needs-backport-to-(.+)$/)).toBe('2.x');
    expect(parseCommand('/backport')).toEqual([]);
    expect(parseCommand('/backportx y')).toBeUndefined();
    expect(compileLabelPattern('^backport$')).toMatch(/target/);
    expect(compileLabelPattern('(')).toMatch(/valid regular expression/);
  });
});

describe('merge method', () => {
  const c = (sha: string, message: string, date: string, parents = 1): CommitFacts => ({
    sha,
    message,
    authorName: 'Dana',
    authorEmail: 'dana@example.com',
    authorDate: date,
    parents,
  });
  const pr = [c('p1', 'one', '2026-01-01T10:00:00Z'), c('p2', 'two\n', '2026-01-01T11:00:00Z')];
  const base = { number: 9, headSha: 'p2', prCommits: pr, commitCount: 2 };

  it('two parents: a merge commit; the PR commits are picked', () => {
    expect(
      planPicks({ ...base, mergeCommitSha: 'm', mergeParents: ['b', 'p2'], chain: [] }),
    ).toMatchObject({
      method: 'merge',
      picks: ['p1', 'p2'],
      mainline: false,
    });
  });

  it('a PR holding merges is replayed as its merge commit with -m 1', () => {
    const withMerge = [...pr, c('p3', 'Merge main', '2026-01-01T12:00:00Z', 2)];
    expect(
      planPicks({
        ...base,
        prCommits: withMerge,
        commitCount: 3,
        headSha: 'p3',
        mergeCommitSha: 'm',
        mergeParents: ['b', 'p3'],
        chain: [],
      }),
    ).toMatchObject({ method: 'merge', picks: ['m'], mainline: true });
  });

  it('one parent with the PR commits replayed (author, date, message): a rebase', () => {
    const chain = [
      c('r2', 'two', '2026-01-01T11:00:00+00:00'),
      c('r1', 'one', '2026-01-01T10:00:00Z'),
    ];
    expect(planPicks({ ...base, mergeCommitSha: 'r2', mergeParents: ['r1'], chain })).toMatchObject(
      {
        method: 'rebase',
        picks: ['r1', 'r2'],
      },
    );
  });

  it('one parent otherwise: a squash; the squash commit is picked', () => {
    const chain = [
      c('s', 'Title (#9)', '2026-01-02T00:00:00Z'),
      c('x', 'earlier', '2026-01-01T00:00:00Z'),
    ];
    expect(planPicks({ ...base, mergeCommitSha: 's', mergeParents: ['x'], chain })).toMatchObject({
      method: 'squash',
      picks: ['s'],
    });
  });

  it('a merge commit that does not merge the PR head is an error', () => {
    expect(() =>
      planPicks({ ...base, mergeCommitSha: 'm', mergeParents: ['b', 'zz'], chain: [] }),
    ).toThrow(MergeMethodError);
  });
});

describe('names and texts', () => {
  it('templates: placeholders and branch names git accepts', () => {
    expect(
      render('backport/{target}/pr-{number}', {
        target: 'release/1.4',
        number: '12',
        title: '',
        base: 'main',
      }),
    ).toBe('backport/release/1.4/pr-12');
    expect(unknownPlaceholders('backport/{branch}-{number}')).toEqual(['branch']);
    expect(badBranchName('backport/release/1.4/pr-12')).toBeUndefined();
    for (const bad of ['a..b', 'a b', '-x', 'a/', 'a.lock', 'x/.hidden', 'a~1', 'a@{1}'])
      expect(badBranchName(bad), bad).toBeDefined();
  });

  it('shell quoting keeps plain names readable and neutralises the rest', () => {
    expect(shellQuote('release/1.4')).toBe('release/1.4');
    expect(shellQuote("x'; rm -rf ~; '")).toBe(`'x'\\''; rm -rf ~; '\\'''`);
    expect(shellQuote('$(touch pwned)')).toBe(`'$(touch pwned)'`);
  });

  it('conflict commands: cherry-pick, and format-patch/am or diff/apply for -m 1', () => {
    const facts = {
      number: 9,
      target: 'release/1.4',
      branch: 'backport/release/1.4/pr-9',
      base: 'main',
      plan: { method: 'rebase' as const, reason: '', picks: ['a1', 'b2'], mainline: false },
      picks: ['a1', 'b2'],
      conflictAt: 'b2',
      conflicts: [
        { path: 'src/app.ts', kind: 'content' as const, message: '' },
        { path: 'my file.txt', kind: 'deleted on target' as const, message: '' },
      ],
      runUrl: 'u',
    };
    expect(cherryPickCommands(facts)).toContain('git cherry-pick -x a1 b2');
    // A file with markers is added; a file the target deleted stays deleted (quoted).
    expect(cherryPickCommands(facts)).toContain('git add -- src/app.ts');
    expect(cherryPickCommands(facts)).toContain("git rm --quiet -- 'my file.txt'");
    expect(cherryPickCommands(facts)).not.toContain("git add -- 'my file.txt'\n");
    expect(patchCommands(facts)).toContain(
      'git format-patch -k --stdout -1 a1 > pr-9.patch\ngit format-patch -k --stdout -1 b2 >> pr-9.patch',
    );
    expect(patchCommands(facts)).toContain('git am -3 -k pr-9.patch');
    const m = {
      ...facts,
      plan: { ...facts.plan, method: 'merge' as const, mainline: true },
      picks: ['m1'],
    };
    expect(cherryPickCommands(m)).toContain('git cherry-pick -x -m 1 m1');
    expect(patchCommands(m)).toContain('git diff m1^1 m1 > pr-9.patch\n');
    expect(patchCommands(m)).toContain('git apply --3way pr-9.patch');
  });

  it("recognises GitHub's refusal of workflow changes", () => {
    const out =
      ' ! [remote rejected] HEAD -> backport/x (refusing to allow a GitHub App to create or update workflow `.github/workflows/ci.yml` without `workflows` permission)';
    expect(describePushFailure('backport/x', out)).toMatchObject({
      reason: 'workflows',
      file: '.github/workflows/ci.yml',
    });
    expect(
      describePushFailure(
        'x',
        'refusing to allow an OAuth App to create or update workflow `.github/workflows/a.yml` without `workflow` scope',
      ).reason,
    ).toBe('workflows');
    expect(describePushFailure('x', ' ! [rejected] HEAD -> x (fetch first)').reason).toBe(
      'rejected',
    );
    expect(describePushFailure('x', 'fatal: unable to access').reason).toBe('other');
  });

  it('copies severity and hotfix labels, never backport labels', () => {
    expect(
      labelsToCopy(
        ['severity:P1', 'Hotfix', 'hotfix:deps', 'bug', 'backport release/1.4', 'sev-2'],
        ['{severity}', 'hotfix*'],
        labelRe,
      ),
    ).toEqual(['severity:P1', 'Hotfix', 'hotfix:deps', 'sev-2']);
    expect(labelsToCopy(['severity:P1'], [], labelRe)).toEqual([]);
  });
});
