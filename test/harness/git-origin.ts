// A real git remote for tests: a bare repository at <root>/<owner>/<name>.git (so
// `file://<root>` works as GITHUB_SERVER_URL), a working clone to author commits in, and
// GitHub's three ways of merging a pull request done with real git, recorded in the fake
// GitHub with the real shas (merge_commit_sha, head, commits).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { git } from '../../src/shared/git/git.ts';
import type { FakeGitHub } from './fake-github/server.ts';
import type { PullCommit, RepoState } from './fake-github/state.ts';

export type MergeMethod = 'squash' | 'rebase' | 'merge';

let clock = Date.parse('2026-11-20T08:00:00Z');
/** Distinct, increasing author dates, so a replayed commit is told from a new one. */
function nextDate(): string {
  clock += 60_000;
  return new Date(clock).toISOString();
}

/** Every directory the origins and their clones made, for removeAll(). */
const made: string[] = [];

export class GitOrigin {
  readonly root: string;
  readonly bare: string;
  readonly work: string;
  readonly serverUrl: string;

  private constructor(root: string, owner: string, name: string) {
    this.root = root;
    this.bare = join(root, owner, `${name}.git`);
    this.work = join(root, 'work');
    this.serverUrl = `file://${root}`;
  }

  /** An origin whose main has `files`; `repo.gitDir` is pointed at it. */
  static async create(repo: RepoState, files: Record<string, string>): Promise<GitOrigin> {
    const o = new GitOrigin(mkdtempSync(join(tmpdir(), 'origin-')), repo.owner, repo.name);
    made.push(o.root);
    mkdirSync(dirname(o.bare), { recursive: true });
    await git(['init', '-q', '--bare', '-b', 'main', o.bare], { cwd: o.root });
    await GitOrigin.serveLikeGitHub(o.bare);
    await git(['init', '-q', '-b', 'main', o.work], { cwd: o.root });
    await git(['remote', 'add', 'origin', o.bare], { cwd: o.work });
    await o.commit(files, 'initial');
    await o.git(['push', '-q', 'origin', 'main']);
    repo.gitDir = o.bare;
    return o;
  }

  /**
   * Serves what GitHub serves: partial clones (a blobless clone then fetches file contents
   * on demand, as it would from GitHub) and any reachable commit by sha.
   */
  static async serveLikeGitHub(bare: string): Promise<void> {
    await git(['config', 'uploadpack.allowFilter', 'true'], { cwd: bare });
    await git(['config', 'uploadpack.allowAnySHA1InWant', 'true'], { cwd: bare });
  }

  /** Removes every origin and clone made so far (call it in afterAll). */
  static removeAll(): void {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  }

  /** An origin that already exists at <root>/<owner>/<name>.git (no working clone). */
  static open(repo: RepoState, root: string): GitOrigin {
    const o = new GitOrigin(root, repo.owner, repo.name);
    repo.gitDir = o.bare;
    return o;
  }

  git(args: string[], env: Record<string, string> = {}): Promise<string> {
    const date = nextDate();
    return git(args, {
      cwd: this.work,
      env: {
        GIT_AUTHOR_NAME: 'Dana Dev',
        GIT_AUTHOR_EMAIL: 'dana@example.com',
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_NAME: 'Dana Dev',
        GIT_COMMITTER_EMAIL: 'dana@example.com',
        GIT_COMMITTER_DATE: date,
        ...env,
      },
    });
  }

  /** Commits files (path -> content) on the current branch; returns the sha. */
  async commit(files: Record<string, string>, message: string): Promise<string> {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(this.work, path)), { recursive: true });
      writeFileSync(join(this.work, path), content);
      await this.git(['add', path]);
    }
    await this.git(['commit', '-q', '-m', message]);
    return this.git(['rev-parse', 'HEAD']);
  }

  async switch(branch: string, from?: string): Promise<void> {
    await this.git(from ? ['switch', '-q', '-c', branch, from] : ['switch', '-q', branch]);
  }

  /** A branch from `from` with optional commits, pushed to origin. */
  async branch(
    name: string,
    from: string,
    commits: { files: Record<string, string>; message: string }[] = [],
  ): Promise<string> {
    await this.switch(name, from);
    for (const c of commits) await this.commit(c.files, c.message);
    await this.git(['push', '-q', 'origin', `HEAD:refs/heads/${name}`]);
    await this.switch('main');
    return this.sha(name);
  }

  /** The sha of a ref in origin. */
  sha(ref: string): Promise<string> {
    return git(['rev-parse', '--verify', `${ref}^{commit}`], { cwd: this.bare });
  }

  /** Runs git in the origin (bare) repository, to assert what the action pushed. */
  inOrigin(args: string[]): Promise<string> {
    return git(args, { cwd: this.bare });
  }

  async branches(): Promise<string[]> {
    const out = await this.inOrigin(['for-each-ref', '--format=%(refname:short)', 'refs/heads']);
    return out.split('\n').filter(Boolean);
  }

  /** A fresh clone, as actions/checkout leaves GITHUB_WORKSPACE. */
  async clone(): Promise<string> {
    const ws = mkdtempSync(join(tmpdir(), 'workspace-'));
    made.push(ws);
    await git(['clone', '-q', this.bare, ws], { cwd: this.root });
    return ws;
  }

  /** Commits as GET /pulls/{n}/commits reports them, oldest first. */
  async commitsOf(range: string, where: 'work' | 'origin' = 'work'): Promise<PullCommit[]> {
    const out = await (where === 'work' ? this.git.bind(this) : this.inOrigin.bind(this))([
      'log',
      '--reverse',
      '--format=%H%x00%P%x00%T%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B%x1e',
      range,
    ]);
    return out
      .split('\x1e')
      .map((r) => r.replace(/^\n/, ''))
      .filter((r) => r.trim())
      .map((r) => {
        const [sha, parents, tree, an, ae, ad, cn, ce, cd, body] = r.split('\x00');
        return {
          sha: sha!,
          parents: parents!.split(' ').filter(Boolean),
          tree: tree!,
          author: { name: an!, email: ae!, date: new Date(ad!).toISOString() },
          committer: { name: cn!, email: ce!, date: new Date(cd!).toISOString() },
          message: body!.replace(/\n+$/, ''),
        };
      });
  }

  /**
   * Merges `branch` into `base` the way GitHub's merge button does with `method`, pushes the
   * base and refs/pull/<n>/head, and records the merged PR in the fake.
   */
  async mergePull(
    fake: FakeGitHub,
    repo: RepoState,
    p: {
      branch: string;
      base?: string;
      method: MergeMethod;
      title: string;
      labels?: string[];
      assignees?: string[];
      body?: string;
    },
  ) {
    const base = p.base ?? 'main';
    const number = repo.nextNumber;
    const head = await this.git(['rev-parse', p.branch]);
    const baseSha = await this.git(['rev-parse', base]);
    const commits = await this.commitsOf(`${base}..${p.branch}`);
    await this.switch(base);
    if (p.method === 'squash') {
      await this.git(['merge', '-q', '--squash', p.branch]);
      await this.git(['commit', '-q', '-m', `${p.title} (#${number})`]);
    } else if (p.method === 'rebase') {
      // GitHub replays each commit on the base, keeping author, author date and message.
      for (const c of commits)
        await this.git(['cherry-pick', c.sha], {
          GIT_AUTHOR_DATE: c.author.date,
          GIT_AUTHOR_NAME: c.author.name,
          GIT_AUTHOR_EMAIL: c.author.email,
        });
    } else {
      await this.git([
        'merge',
        '-q',
        '--no-ff',
        '-m',
        `Merge pull request #${number} from ${repo.owner}/${p.branch}`,
        p.branch,
      ]);
    }
    const mergeCommitSha = await this.git(['rev-parse', 'HEAD']);
    await this.git(['push', '-q', 'origin', base, `${head}:refs/pull/${number}/head`]);
    const pr = fake.state.addPull(repo, {
      title: p.title,
      body: p.body ?? 'Fixes the checkout crash.',
      head: p.branch,
      base,
      headSha: head,
      baseSha,
      merged: true,
      mergeCommitSha,
      commits,
      user: 'dana',
      ...(p.labels ? { labels: p.labels } : {}),
      ...(p.assignees ? { assignees: p.assignees } : {}),
    });
    return { pr, number, mergeCommitSha, head, commits };
  }

  /**
   * Records in the fake a PR that origin already shows merged by squash: main's tip is the
   * squash commit, refs/pull/<n>/head the PR's head.
   */
  async recordMerged(
    fake: FakeGitHub,
    repo: RepoState,
    p: { branch: string; title: string; labels?: string[] },
  ) {
    const number = repo.nextNumber;
    const mergeCommitSha = await this.sha('main');
    const baseSha = await this.sha('main~1');
    const head = await this.sha(`refs/pull/${number}/head`);
    const commits = await this.commitsOf(`${baseSha}..${head}`, 'origin');
    fake.state.addPull(repo, {
      title: p.title,
      head: p.branch,
      base: 'main',
      headSha: head,
      baseSha,
      merged: true,
      mergeCommitSha,
      commits,
      user: 'dana',
      ...(p.labels ? { labels: p.labels } : {}),
    });
    return { number, mergeCommitSha, head, baseSha, commits };
  }

  /**
   * Makes origin refuse pushes that touch .github/workflows/, with GitHub's message, as GitHub
   * does for a token without the `workflows` permission.
   */
  refuseWorkflowPushes(): void {
    const hook = join(this.bare, 'hooks', 'pre-receive');
    writeFileSync(
      hook,
      [
        '#!/bin/sh',
        'while read old new ref; do',
        '  file=$(git rev-list "$new" --not --all | while read c; do git diff-tree --no-commit-id --name-only -r "$c"; done | grep "^\\.github/workflows/" | head -n 1)',
        '  if [ -n "$file" ]; then',
        '    echo "refusing to allow a GitHub App to create or update workflow \\`$file\\` without \\`workflows\\` permission" >&2',
        '    exit 1',
        '  fi',
        'done',
        'exit 0',
        '',
      ].join('\n'),
    );
    chmodSync(hook, 0o755);
  }
}
