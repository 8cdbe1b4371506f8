// The git side of the revert strategy, through src/shared/git.ts (argument arrays; the token
// reaches git through GIT_CONFIG_* in the environment, never argv or .git/config).
//
// The repository is GITHUB_WORKSPACE when it is a checkout of this repository (its objects
// are reused; one fetch brings what is missing), else a fresh blobless repository fetching
// from ${GITHUB_SERVER_URL}/<owner>/<repo>.git. The reverts are made in a private worktree
// under RUNNER_TEMP, detached, so the user's checkout and its branches stay as they were.
// Pushes are never forced: a branch that moved is reported, not overwritten.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { git, gitRun, GitError, isCheckoutOf, tokenEnv } from '../shared/git/git.ts';
import { setSecret } from '../shared/runner/secrets.ts';

export interface OpenOptions {
  workspace: string | undefined;
  serverUrl: string;
  owner: string;
  repo: string;
  token: string;
  tempDir: string;
  identity: { name: string; email: string };
}

export interface ChangeCommit {
  sha: string;
  /** A merge commit is reverted against its first parent (-m 1). */
  merge: boolean;
  subject: string;
}

export type RevertStep =
  { kind: 'reverted'; sha: string } | { kind: 'empty' } | { kind: 'conflict'; files: string[] };

export type PushResult = { ok: true } | { ok: false; rejected: boolean; message: string };

// Our commits run no hooks of the user's repository and sign nothing.
const COMMIT_CONFIG = ['-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgsign=false'];

const remoteRef = (branch: string) => `refs/remotes/origin/${branch}`;

export class RevertRepository {
  readonly store: string;
  readonly description: string;
  private readonly source: 'workspace' | 'clone';
  private readonly env: Record<string, string>;
  private readonly owned: string[] = [];
  private readonly tempDir: string;
  private tree: string | undefined;

  private constructor(
    store: string,
    source: 'workspace' | 'clone',
    description: string,
    env: Record<string, string>,
    tempDir: string,
  ) {
    this.store = store;
    this.source = source;
    this.description = description;
    this.env = env;
    this.tempDir = tempDir;
  }

  static async open(o: OpenOptions): Promise<RevertRepository> {
    const auth = o.token ? tokenEnv(o.token, o.serverUrl) : {};
    if (auth.GIT_CONFIG_VALUE_1) setSecret(auth.GIT_CONFIG_VALUE_1.replace(/^.*basic /, ''));
    const env = {
      ...auth,
      GIT_COMMITTER_NAME: o.identity.name,
      GIT_COMMITTER_EMAIL: o.identity.email,
      GIT_AUTHOR_NAME: o.identity.name,
      GIT_AUTHOR_EMAIL: o.identity.email,
      GIT_EDITOR: 'true',
    };
    if (o.workspace && (await isCheckoutOf(o.workspace, o.owner, o.repo))) {
      const top = await git(['rev-parse', '--show-toplevel'], { cwd: o.workspace });
      return new RevertRepository(top, 'workspace', `the checkout in ${top}`, env, o.tempDir);
    }
    const url = `${o.serverUrl.replace(/\/$/, '')}/${o.owner}/${o.repo}.git`;
    const store = mkdtempSync(join(o.tempDir || tmpdir(), 'revert-repo-'));
    const repo = new RevertRepository(store, 'clone', `a blobless clone of ${url}`, env, o.tempDir);
    repo.owned.push(store);
    await repo.git(['init', '-q']);
    await repo.git(['remote', 'add', 'origin', url]);
    // A partial clone: commits and trees now, file contents only for what a revert touches.
    for (const [k, v] of [
      ['core.repositoryformatversion', '1'],
      ['extensions.partialClone', 'origin'],
      ['remote.origin.promisor', 'true'],
      ['remote.origin.partialCloneFilter', 'blob:none'],
    ] as const)
      await repo.git(['config', k, v]);
    return repo;
  }

  private git(args: string[], cwd = this.store): Promise<string> {
    return git(args, { cwd, env: this.env });
  }

  private gitRun(args: string[], cwd = this.store) {
    return gitRun(args, { cwd, env: this.env });
  }

  /** Branch -> sha of every branch of origin. */
  async remoteBranches(): Promise<Map<string, string>> {
    const out = await this.git(['ls-remote', '--heads', 'origin']);
    const map = new Map<string, string>();
    for (const line of out.split('\n')) {
      const m = /^([0-9a-f]{40,64})\trefs\/heads\/(.+)$/.exec(line);
      if (m?.[1] && m[2]) map.set(m[2], m[1]);
    }
    return map;
  }

  /** One fetch of the branches the revert reads (full history: the range must be walkable). */
  async fetch(branches: string[]): Promise<void> {
    const args = ['fetch', '--no-tags', '--no-recurse-submodules', '--quiet'];
    if (this.source === 'clone') args.push('--filter=blob:none');
    if ((await this.git(['rev-parse', '--is-shallow-repository'])) === 'true')
      args.push('--unshallow');
    args.push('origin', ...[...new Set(branches)].map((b) => `+refs/heads/${b}:${remoteRef(b)}`));
    await this.git(args);
  }

  async hasCommit(sha: string): Promise<boolean> {
    return (await this.gitRun(['cat-file', '-e', `${sha}^{commit}`])).code === 0;
  }

  /** Whether `ancestor` is reachable from `ref` (a sha, or `origin/<branch>`). */
  async isAncestor(ancestor: string, ref: string): Promise<boolean> {
    const r = await this.gitRun(['merge-base', '--is-ancestor', ancestor, this.resolve(ref)]);
    if (r.code === 0) return true;
    if (r.code === 1) return false;
    throw new GitError(['merge-base', '--is-ancestor', ancestor, ref], r);
  }

  async tip(branch: string): Promise<string> {
    return this.git(['rev-parse', '--verify', `${remoteRef(branch)}^{commit}`]);
  }

  /**
   * The change between two commits on one line of history, oldest first: the first-parent
   * commits in `from..to`, so a merged PR counts as its merge commit (reverted with -m 1),
   * and a squashed or rebased PR as its commits on the branch.
   */
  async change(from: string, to: string): Promise<ChangeCommit[]> {
    const out = await this.git([
      'log',
      '--first-parent',
      '--reverse',
      '--format=%H%x00%P%x00%s%x1e',
      `${from}..${to}`,
    ]);
    return records(out).map(([sha = '', parents = '', subject = '']) => ({
      sha,
      merge: parents.split(' ').filter(Boolean).length > 1,
      subject,
    }));
  }

  /**
   * The commits a line already reverts since `since` (git's `This reverts commit <sha>`):
   * reverted sha -> the reverting commit, the newest one when there are several.
   */
  async revertsOn(since: string, ref: string): Promise<Map<string, string>> {
    const out = await this.git(['log', '--format=%H%x00%B%x1e', `${since}..${this.resolve(ref)}`]);
    const map = new Map<string, string>();
    for (const [sha = '', body = ''] of records(out)) {
      for (const m of body.matchAll(/This reverts commit ([0-9a-f]{40,64})/g))
        if (m[1] && !map.has(m[1])) map.set(m[1], sha);
    }
    return map;
  }

  /** Puts the private worktree at the branch's tip, clean. */
  async checkout(branch: string): Promise<void> {
    if (!this.tree) {
      const tree = mkdtempSync(join(this.tempDir || tmpdir(), 'revert-tree-'));
      rmSync(tree, { recursive: true, force: true });
      await this.git(['worktree', 'add', '--detach', '--force', tree, remoteRef(branch)]);
      this.tree = tree;
      return;
    }
    await this.gitRun(['revert', '--abort'], this.tree);
    await this.git(['checkout', '--quiet', '--detach', '--force', remoteRef(branch)], this.tree);
    await this.git(['clean', '-fdq'], this.tree);
  }

  private get worktree(): string {
    if (!this.tree) throw new Error('checkout first');
    return this.tree;
  }

  /** `git revert` of one commit, with git's own message (which names the reverted sha). */
  async revert(c: ChangeCommit): Promise<RevertStep> {
    const args = [...COMMIT_CONFIG, 'revert', '--no-edit', ...(c.merge ? ['-m', '1'] : []), c.sha];
    const r = await this.gitRun(args, this.worktree);
    if (r.code === 0) return { kind: 'reverted', sha: await this.head() };
    const unmerged = await this.git(['diff', '--name-only', '--diff-filter=U'], this.worktree);
    if (unmerged) {
      await this.gitRun(['revert', '--abort'], this.worktree);
      return { kind: 'conflict', files: unmerged.split('\n') };
    }
    const staged = await this.gitRun(['diff', '--cached', '--quiet'], this.worktree);
    if (staged.code === 0 && existsSync(await this.gitPath('REVERT_HEAD'))) {
      // The change is already undone on this line: nothing to commit.
      await this.git(['revert', '--skip'], this.worktree);
      return { kind: 'empty' };
    }
    throw new GitError(args, r);
  }

  async head(): Promise<string> {
    return this.git(['rev-parse', 'HEAD'], this.worktree);
  }

  private async gitPath(name: string): Promise<string> {
    const p = await this.git(['rev-parse', '--git-path', name], this.worktree);
    return p.startsWith('/') ? p : join(this.worktree, p);
  }

  /**
   * Pushes the worktree's HEAD to the branch, never forced: a new branch is created, an
   * existing one only fast-forwards, and anything else is refused by origin and reported.
   */
  async push(branch: string): Promise<PushResult> {
    const r = await this.gitRun(
      ['push', '--porcelain', 'origin', `HEAD:refs/heads/${branch}`],
      this.worktree,
    );
    if (r.code === 0) return { ok: true };
    const output = `${r.stderr}\n${r.stdout}`;
    const last = output.trim().split('\n').filter(Boolean).slice(-3).join(' / ');
    return {
      ok: false,
      rejected: /\[rejected\]|fetch first|non-fast-forward|already exists/i.test(output),
      message: `git push to ${branch} failed: ${last}`,
    };
  }

  async close(): Promise<void> {
    if (this.tree) {
      await this.gitRun(['worktree', 'remove', '--force', this.tree]);
      rmSync(this.tree, { recursive: true, force: true });
      await this.gitRun(['worktree', 'prune']);
    }
    for (const dir of this.owned) rmSync(dir, { recursive: true, force: true });
  }

  private resolve(ref: string): string {
    return ref.startsWith('origin/') ? remoteRef(ref.slice('origin/'.length)) : ref;
  }
}

/** Records of a `%x00`-separated, `%x1e`-terminated git log format. */
function records(out: string): string[][] {
  return out
    .split('\x1e')
    .map((r) => r.replace(/^\n/, ''))
    .filter((r) => r.trim() !== '')
    .map((r) => r.split('\x00'));
}
