// The pick step on real git, in-process: the three ways it is made (merge-tree with
// --merge-base on git 2.40+, merge-tree with a throwaway merge-base commit on 2.38/2.39, and
// cherry-pick in a worktree before 2.38) give the same commits; the message is cherry-pick
// -x's byte for byte; every kind of conflict is named, and the commands the comment gives for
// it really finish the backport by hand.
//
// git here is 2.39. The other two versions are played by a `git` on PATH that reports another
// version: 2.45 turns --merge-base into what 2.39 can do (and records that it was asked), 2.37
// refuses merge-tree --write-tree as that git would.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { git } from '../../src/shared/git/git.ts';
import { WorkRepository } from '../../src/shared/git/repository.ts';
import { treePickingOf } from '../../src/shared/git/merge-tree.ts';
import { readCommits } from '../../src/backport/commits.ts';
import { pickCommits, type PickResult } from '../../src/backport/pick.ts';
import { cherryPickMessage } from '../../src/backport/pick-message.ts';
import { cherryPickCommands, type ConflictFacts } from '../../src/backport/conflict-help.ts';
import type { PickedCommit } from '../../src/backport/templates.ts';
import { GitHubState } from '../harness/fake-github/state.ts';
import { GitOrigin } from '../harness/git-origin.ts';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Dana Dev',
  GIT_AUTHOR_EMAIL: 'dana@example.com',
  GIT_COMMITTER_NAME: 'Dana Dev',
  GIT_COMMITTER_EMAIL: 'dana@example.com',
};
const state = new GitHubState();
const dirs: string[] = [];
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), 'backport-pick-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  GitOrigin.removeAll();
});

const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
const PATH = process.env.PATH;
afterEach(() => {
  process.env.PATH = PATH;
});

/** Puts a `git` on PATH that says it is `version`; returns the file it logs --merge-base to. */
function pretendGit(version: string): string {
  const dir = scratch();
  const log = join(dir, 'merge-base.log');
  writeFileSync(log, '');
  writeFileSync(
    join(dir, 'git'),
    `#!/bin/bash
if [ "$1" = version ]; then echo "git version ${version}"; exit 0; fi
args=(); mt=0; base=
for a in "$@"; do
  case "$a" in
    merge-tree) mt=1; args+=("$a");;
    --merge-base=*) base="\${a#--merge-base=}";;
    *) args+=("$a");;
  esac
done
if [ $mt = 1 ]; then
  case "${version}" in 2.3[0-7].*) echo "error: unknown option \\\`write-tree'" >&2; exit 129;; esac
  if [ -n "$base" ]; then
    echo "$base" >> '${log}'
    n=\${#args[@]}; ours="\${args[$((n-2))]}"
    stand=$(${realGit} commit-tree "$ours^{tree}" -p "$base" -m stand-in) || exit 128
    args[$((n-2))]="$stand"
  fi
fi
exec ${realGit} "\${args[@]}"
`,
  );
  chmodSync(join(dir, 'git'), 0o755);
  process.env.PATH = `${dir}:${PATH}`;
  return log;
}

let names = 0;
/** An origin whose main has `files`, and a checkout of it to open as the workspace. */
async function origin(files: Record<string, string>) {
  const repo = state.addRepo(`acme/pick-${++names}`);
  const o = await GitOrigin.create(repo, files);
  return { o, repo };
}

async function open(o: GitOrigin, name: string, branches: string[]) {
  const repo = await WorkRepository.open({
    workspace: await o.clone(),
    serverUrl: o.serverUrl,
    owner: 'acme',
    repo: name,
    token: '',
    tempDir: scratch(),
    identity: { name: 'github-actions[bot]', email: 'bot@example.com' },
    purpose: 'backport',
  });
  await repo.fetch(branches);
  return repo;
}

async function pick(
  repo: WorkRepository,
  target: string,
  picks: string[],
  opts: { mainline?: boolean; conflicts?: 'draft' | 'comment' } = {},
): Promise<{ result: PickResult; commits: PickedCommit[] }> {
  const records = await readCommits(repo, picks);
  const tips = await repo.remoteTips();
  const commits = picks.map((original) => ({
    original,
    subject: '',
    conflicts: [],
    contained: false,
  }));
  const result = await pickCommits({
    git: repo,
    target,
    tip: tips.get(target)!,
    records,
    commits,
    mainline: opts.mainline ?? false,
    mainlineMessage: (sha) => `Fix the retries (#7)\n\n(cherry picked from commit ${sha})\n`,
    conflicts: opts.conflicts ?? 'comment',
  });
  return { result, commits };
}

/** Tree and raw message of each commit of `head` back to `n` commits. */
async function commitsOf(repo: WorkRepository, head: string, n: number) {
  const shas = (await repo.git(['rev-list', `--max-count=${n}`, head])).split('\n');
  return Promise.all(
    shas.map(async (sha) => {
      const raw = await repo.git(['cat-file', 'commit', sha]);
      return {
        tree: await repo.git(['rev-parse', `${sha}^{tree}`]),
        author: /^author (.*)$/m.exec(raw)?.[1],
        message: raw.slice(raw.indexOf('\n\n') + 2),
      };
    }),
  );
}

describe('which git picks how', () => {
  it('reads the version once: merge-base from 2.40, a throwaway commit on 2.38 and 2.39', () => {
    expect(treePickingOf('git version 2.39.5')).toBe('throwaway');
    expect(treePickingOf('git version 2.38.0')).toBe('throwaway');
    expect(treePickingOf('git version 2.40.1')).toBe('merge-base');
    expect(treePickingOf('git version 2.51.0.windows.1')).toBe('merge-base');
    expect(treePickingOf('git version 2.34.1')).toBe('none');
    expect(treePickingOf('git version 3.0.0')).toBe('merge-base');
  });
});

describe('the pick step', { timeout: 60_000 }, () => {
  it('merge-tree with --merge-base, with a throwaway commit, and cherry-pick in a worktree give the same commits', async () => {
    const { o, repo } = await origin({ 'app.txt': 'a\nb\nc\nd\ne\n', 'README.md': 'shop\n' });
    await o.branch('release/1.0', 'main', [{ files: { VERSION: '1.0\n' }, message: 'Release' }]);
    const base = await o.sha('main');
    await o.switch('fix', 'main');
    const one = await o.commit(
      { 'app.txt': 'a\nB\nc\nd\ne\n' },
      'Fix b\n\nBecause.\n\nSigned-off-by: Dana <d@x>',
    );
    const two = await o.commit({ 'app.txt': 'a\nB\nc\nD\ne\n', 'NEW.md': 'new\n' }, 'Fix d   ');
    await o.git(['push', '-q', 'origin', 'fix']);

    const results = [];
    for (const version of ['2.45.0', '', '2.37.1']) {
      const log = version ? pretendGit(version) : '';
      const r = await open(o, repo.name, ['release/1.0', 'fix']);
      const { result, commits } = await pick(r, 'release/1.0', [one, two]);
      expect(result.kind).toBe('picked');
      const head = (result as { head: string }).head;
      results.push(await commitsOf(r, head, 2));
      expect(commits.map((c) => c.backported)).toEqual([
        await r.git(['rev-parse', `${head}~1`]),
        head,
      ]);
      // 2.45 was asked with each pick's parent as --merge-base.
      if (version === '2.45.0')
        expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([base, one]);
      await r.close();
      process.env.PATH = PATH;
    }
    expect(results[0]).toEqual(results[1]);
    expect(results[1]).toEqual(results[2]);
    expect(results[0]![0]!.message).toBe(`Fix d\n\n(cherry picked from commit ${two})`);
    expect(results[0]![1]!.message).toBe(
      `Fix b\n\nBecause.\n\nSigned-off-by: Dana <d@x>\n(cherry picked from commit ${one})`,
    );
    expect(results[0]![1]!.author).toMatch(/^Dana Dev <dana@example.com> \d+ [+-]\d{4}$/);
  });

  it('an empty pick is contained, and nothing is committed for it', async () => {
    const { o, repo } = await origin({ 'app.txt': 'a\nb\n' });
    await o.switch('fix', 'main');
    const fix = await o.commit({ 'app.txt': 'a\nB\n' }, 'Fix b');
    await o.git(['push', '-q', 'origin', 'fix']);
    await o.branch('release/1.0', 'fix', [
      { files: { 'app.txt': 'a\nB\n', V: '1\n' }, message: 'Has it' },
    ]);
    const r = await open(o, repo.name, ['release/1.0', 'fix']);
    const { result, commits } = await pick(r, 'release/1.0', [fix]);
    expect(result).toEqual({ kind: 'picked', head: await r.tip('release/1.0') });
    expect(commits[0]).toMatchObject({ contained: true });
    await r.close();
  });

  it('a -m 1 pick of a merge commit takes the given message and keeps the trailer', async () => {
    const { o, repo } = await origin({ 'app.txt': 'a\nb\n' });
    await o.branch('release/1.0', 'main');
    await o.switch('fix', 'main');
    await o.commit({ 'app.txt': 'a\nB\n' }, 'Fix b');
    await o.switch('main');
    await o.git(['merge', '-q', '--no-ff', '-m', 'Merge pull request #7 from acme/fix', 'fix']);
    await o.git(['push', '-q', 'origin', 'main']);
    const merge = await o.sha('main');
    for (const version of ['', '2.37.1']) {
      if (version) pretendGit(version);
      const r = await open(o, repo.name, ['release/1.0', 'main']);
      const { result } = await pick(r, 'release/1.0', [merge], { mainline: true });
      const [c] = await commitsOf(r, (result as { head: string }).head, 1);
      expect(c!.message).toBe(`Fix the retries (#7)\n\n(cherry picked from commit ${merge})`);
      await r.close();
    }
  });
});

describe('cherry-pick -x messages', () => {
  it('are what git writes, trailer blocks and whitespace included', async () => {
    const dir = scratch();
    const g = (...a: string[]) => git(a, { cwd: dir, env: IDENTITY });
    await g('init', '-q', '-b', 'main');
    writeFileSync(join(dir, 'f'), '0');
    await g('add', 'f');
    await g('commit', '-qm', 'init');
    await g('branch', 'rel');
    const messages = [
      'plain',
      'subject\n\nbody line\n',
      'subject\n\nSigned-off-by: A <a@x>',
      'subject\n\n# not a comment\ntrailing   \n\n\n',
      'subject\n\nbody\n\nFixes: #12\nCo-authored-by: B <b@x>\n',
      'subject\r\n\r\nbody\r\n',
      'only subject\n\n\n',
      'subject\n\nbody\n(cherry picked from commit 1234567890123456789012345678901234567890)',
      'subject\n\na\nb\nc\nd\ne\nSigned-off-by: X <x@y>\n',
      'subject\n\nReviewed-by: Q\n  continued here\nAcked-by: Z\n',
      'subject\n\nnot: a trailer because space\n',
      'subject\nsecond title line\n\nKey: v\n',
      'subject\n\nbody\n\nKey: v\n\n# trailing comment\n',
      'Key: v\n',
      'subject\n\nPR-URL: https://github.com/nodejs/undici/pull/1\nReviewed-By: A <a@b>\nnot trailer\n',
      'fix(core): thing (#123)\n\n* first\n\n---------\n\nCo-authored-by: A <a@b>\n',
    ];
    for (const [i, m] of messages.entries()) {
      await g('switch', '-q', 'main');
      writeFileSync(join(dir, `f${i}`), String(i));
      await g('add', '.');
      await g('commit', '-q', '--cleanup=verbatim', '-m', m);
      const sha = await g('rev-parse', 'HEAD');
      const raw = (await gitRaw(dir, sha)).message;
      await g('switch', '-q', 'rel');
      await g('cherry-pick', '-x', sha);
      expect(cherryPickMessage(raw, sha), JSON.stringify(m)).toBe(
        (await gitRaw(dir, 'HEAD')).message,
      );
    }
  });
});

async function gitRaw(dir: string, rev: string): Promise<{ message: string }> {
  const raw = execFileSync('git', ['cat-file', 'commit', rev], { cwd: dir, encoding: 'utf8' });
  return { message: raw.slice(raw.indexOf('\n\n') + 2) };
}

describe('conflicts by kind', { timeout: 60_000 }, () => {
  const lines = (tag: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${tag} line ${i + 1} with some words to compare`).join(
      '\n',
    ) + '\n';

  /** One fix that meets every kind of conflict on release/1.0. */
  async function scenario() {
    const { o, repo } = await origin({
      'app.txt': 'a\nb\nretries = 0\nd\ne\n',
      'logo.bin': '\u0000\u0001logo v1',
      'gone.txt': lines('gone', 10),
      'moved.txt': lines('moved', 30),
      'mod.txt': lines('mod', 10),
      'ren.txt': lines('ren', 20),
      'b.txt': lines('b', 20),
      'd/one': 'one\n',
    });
    await o.switch('release/1.0', 'main');
    await o.commit(
      { 'app.txt': 'a\nb\nretries = 5\nd\ne\n', 'logo.bin': '\u0000\u0002logo rel' },
      'Tune',
    );
    await o.git(['rm', '-q', 'gone.txt']);
    await o.git(['mv', 'moved.txt', 'lib-moved.txt']);
    await o.git(['mv', 'ren.txt', 'ren-rel.txt']);
    await o.git(['rm', '-q', 'b.txt']);
    await o.git(['mv', 'd', 'e']);
    // Moved and rewritten past git's 50% rename threshold: the first 12 of 30 lines are kept.
    await o.commit(
      {
        'lib-moved.txt': lines('moved', 12) + lines('rewritten', 18),
        'mod.txt': lines('mod', 10) + 'more\n',
      },
      'Restructure',
    );
    await o.git(['push', '-q', 'origin', 'release/1.0']);
    await o.switch('main');
    await o.git(['rm', '-q', 'mod.txt']);
    await o.git(['mv', 'ren.txt', 'ren-main.txt']);
    await o.git(['mv', 'b.txt', 'b2.txt']);
    const fix = await o.commit(
      {
        'app.txt': 'a\nb\nretries = 3\nd\ne\n',
        'logo.bin': '\u0000\u0003logo fix',
        'gone.txt': lines('gone', 10) + 'fixed\n',
        'moved.txt': lines('moved', 30).replace('moved line 5 ', 'moved line 5 FIXED '),
        'd/two': 'two\n',
      },
      'The fix',
    );
    await o.git(['push', '-q', 'origin', 'main']);
    return { o, repo, fix };
  }

  it('each file is named with its kind; a draft refuses what has no markers', async () => {
    const { o, repo, fix } = await scenario();
    const r = await open(o, repo.name, ['release/1.0', 'main']);
    const { result, commits } = await pick(r, 'release/1.0', [fix], { conflicts: 'draft' });
    expect(result.kind).toBe('conflict');
    const conflicts = (result as Extract<PickResult, { kind: 'conflict' }>).conflicts;
    expect(Object.fromEntries(conflicts.map((c) => [c.path, c.kind]))).toEqual({
      'app.txt': 'content',
      'logo.bin': 'binary',
      'gone.txt': 'deleted on target',
      'moved.txt': 'moved on target',
      'mod.txt': 'deleted by the fix',
      'ren.txt': 'renamed on both sides',
      'b2.txt': 'renamed and deleted',
      'e/two': 'file location',
    });
    expect(conflicts.find((c) => c.path === 'moved.txt')?.to).toEqual(['lib-moved.txt']);
    expect(conflicts.find((c) => c.path === 'ren.txt')?.to).toEqual([
      'ren-rel.txt',
      'ren-main.txt',
    ]);
    expect(conflicts.find((c) => c.path === 'b2.txt')).toMatchObject({
      from: 'b.txt',
      renamedByFix: true,
    });
    expect(commits[0]).toMatchObject({ contained: false, conflicts: [] });
    await r.close();
  });

  it('the commands the comment gives finish the backport by hand', async () => {
    const { o, repo, fix } = await scenario();
    const r = await open(o, repo.name, ['release/1.0', 'main']);
    const { result } = await pick(r, 'release/1.0', [fix]);
    await r.close();
    const facts: ConflictFacts = {
      number: 7,
      target: 'release/1.0',
      branch: 'backport/release/1.0/pr-7',
      base: 'main',
      plan: { method: 'squash', reason: '', picks: [fix], mainline: false },
      picks: [fix],
      conflictAt: fix,
      conflicts: (result as Extract<PickResult, { kind: 'conflict' }>).conflicts,
      runUrl: 'u',
    };
    const person = await o.clone();
    const sh = (line: string) =>
      execFileSync('bash', ['-c', line], {
        cwd: person,
        env: { ...process.env, ...IDENTITY },
        stdio: 'pipe',
      });
    for (const line of cherryPickCommands(facts).split('\n')) {
      if (line.startsWith('#') || line.startsWith('gh ')) continue;
      if (line.startsWith('git cherry-pick -x')) {
        expect(() => sh(line)).toThrow(); // stops on the conflicts
        continue;
      }
      // What the person does where the comment says to resolve the markers.
      if (line === 'git add -- app.txt')
        writeFileSync(join(person, 'app.txt'), 'a\nb\nretries = 3 # was 5\nd\ne\n');
      sh(line);
    }
    const branch = 'backport/release/1.0/pr-7';
    const show = (path: string) =>
      git(['show', `${branch}:${path}`], { cwd: o.bare }).catch(() => undefined);
    const files = (await git(['ls-tree', '-r', '--name-only', branch], { cwd: o.bare })).split(
      '\n',
    );
    // Deleted stays deleted, moved and renamed files keep the target's names, and the file
    // the fix added lands in the directory the target renamed.
    expect(files.sort()).toEqual([
      'app.txt',
      'e/one',
      'e/two',
      'lib-moved.txt',
      'logo.bin',
      'ren-rel.txt',
    ]);
    expect(await show('app.txt')).toBe('a\nb\nretries = 3 # was 5\nd\ne');
    expect(await show('lib-moved.txt')).toContain('moved line 5 FIXED ');
    expect(await show('logo.bin')).toBe('\u0000\u0003logo fix');
    expect(await git(['log', '-1', '--format=%B', branch], { cwd: o.bare })).toContain(
      `(cherry picked from commit ${fix})`,
    );
  });
});
