// Every git operation of a backport, through src/shared/git.ts (argument arrays; the token
// reaches git through GIT_CONFIG_* in the environment, never argv or .git/config).
//
// Where the repository comes from: GITHUB_WORKSPACE when it is a checkout of this repository
// (actions/checkout ran first; its objects are reused and one fetch from its origin brings
// what is missing), else a fresh blobless repository fetching from
// ${GITHUB_SERVER_URL}/${owner}/${repo}.git. Either way the work happens in a private
// worktree under RUNNER_TEMP, detached, so the user's checkout, its HEAD and its branches
// stay as they were.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { git, gitRun, GitError, isCheckoutOf, tokenEnv } from '../shared/git/git.ts';
import { setSecret } from '../shared/runner/secrets.ts';
import type { CommitFacts } from './merge-method.ts';

export interface OpenOptions {
  workspace: string | undefined;
  serverUrl: string;
  owner: string;
  repo: string;
  token: string;
  tempDir: string;
  identity: { name: string; email: string };
}

export type PickResult =
  { kind: 'picked'; sha: string } | { kind: 'empty' } | { kind: 'conflict'; files: string[] };

export type PushResult =
  | { ok: true }
  | { ok: false; reason: 'workflows' | 'exists' | 'other'; file?: string; message: string };

export interface BranchCommit {
  sha: string;
  subject: string;
  /** The sha of `(cherry picked from commit <sha>)`, when the commit has one. */
  pickedFrom?: string;
}

// Our commits run no hooks of the user's repository (husky and friends) and sign nothing.
const COMMIT_CONFIG = [
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'commit.gpgsign=false',
  '-c',
  'rerere.enabled=false',
];

const remoteRef = (branch: string) => `refs/remotes/origin/${branch}`;

export class BackportRepository {
  readonly store: string;
  readonly source: 'workspace' | 'clone';
  readonly description: string;
  private readonly env: Record<string, string>;
  private readonly owned: string[] = [];
  private tree: string | undefined;
  private readonly tempDir: string;

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

  static async open(o: OpenOptions): Promise<BackportRepository> {
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
      const repo = new BackportRepository(
        top,
        'workspace',
        `the checkout in ${top}`,
        env,
        o.tempDir,
      );
      return repo;
    }
    const url = `${o.serverUrl.replace(/\/$/, '')}/${o.owner}/${o.repo}.git`;
    const store = mkdtempSync(join(o.tempDir || tmpdir(), 'backport-repo-'));
    const repo = new BackportRepository(
      store,
      'clone',
      `a blobless clone of ${url}`,
      env,
      o.tempDir,
    );
    repo.owned.push(store);
    await repo.git(['init', '-q']);
    await repo.git(['remote', 'add', 'origin', url]);
    // A partial clone: commits and trees now, file contents only for what a pick touches.
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

  /** Branch -> sha of every branch of origin (`git ls-remote --heads`). */
  async remoteBranches(): Promise<Map<string, string>> {
    const out = await this.git(['ls-remote', '--heads', 'origin']);
    const map = new Map<string, string>();
    for (const line of out.split('\n')) {
      const m = /^([0-9a-f]{40,64})\trefs\/heads\/(.+)$/.exec(line);
      if (m?.[1] && m[2]) map.set(m[2], m[1]);
    }
    return map;
  }

  /** One fetch for every branch the backport reads: the base, the targets, existing backport branches. */
  async fetch(branches: string[]): Promise<void> {
    const args = ['fetch', '--no-tags', '--no-recurse-submodules', '--quiet'];
    if (this.source === 'clone') args.push('--filter=blob:none');
    if ((await this.git(['rev-parse', '--is-shallow-repository'])) === 'true')
      args.push('--unshallow');
    args.push('origin', ...[...new Set(branches)].map((b) => `+refs/heads/${b}:${remoteRef(b)}`));
    await this.git(args);
  }

  async hasCommit(sha: string): Promise<boolean> {
    const r = await this.gitRun(['cat-file', '-e', `${sha}^{commit}`]);
    return r.code === 0;
  }

  /** Fetches one commit by sha (GitHub serves any reachable sha), when the branches did not bring it. */
  async fetchCommit(sha: string): Promise<void> {
    const args = ['fetch', '--no-tags', '--quiet'];
    if (this.source === 'clone') args.push('--filter=blob:none');
    await this.git([...args, 'origin', sha]);
  }

  async parents(sha: string): Promise<string[]> {
    const out = await this.git(['rev-list', '--parents', '-n', '1', sha]);
    return out.split(' ').slice(1);
  }

  /** The first-parent history ending at `sha`, newest first, `n` commits. */
  async firstParentChain(sha: string, n: number): Promise<CommitFacts[]> {
    if (n <= 0) return [];
    const out = await this.git([
      'log',
      '--first-parent',
      `--max-count=${n}`,
      '--format=%H%x00%P%x00%an%x00%ae%x00%aI%x00%B%x1e',
      sha,
    ]);
    return out
      .split('\x1e')
      .map((r) => r.replace(/^\n/, ''))
      .filter((r) => r.trim() !== '')
      .map((r) => {
        const [h = '', p = '', an = '', ae = '', ad = '', ...body] = r.split('\x00');
        return {
          sha: h,
          parents: p.split(' ').filter(Boolean).length,
          authorName: an,
          authorEmail: ae,
          authorDate: ad,
          message: body.join('\x00'),
        };
      });
  }

  async subject(sha: string): Promise<string> {
    return this.git(['log', '-1', '--format=%s', sha]);
  }

  /** True when the target already has a commit with the same patch-id (`git cherry`). */
  async contains(target: string, sha: string): Promise<boolean> {
    const parents = await this.parents(sha);
    const [parent, ...more] = parents;
    if (!parent || more.length) return false; // merges and roots have no single patch to compare
    const out = await this.git(['cherry', remoteRef(target), sha, parent]);
    return out.split('\n').some((l) => l.startsWith('- '));
  }

  /** Puts the private worktree at the target's tip, clean. */
  async checkoutTarget(target: string): Promise<void> {
    if (!this.tree) {
      const tree = mkdtempSync(join(this.tempDir || tmpdir(), 'backport-tree-'));
      rmSync(tree, { recursive: true, force: true });
      await this.git(['worktree', 'add', '--detach', '--force', tree, remoteRef(target)]);
      this.tree = tree;
      return;
    }
    await this.gitRun(['cherry-pick', '--abort'], this.tree);
    await this.git(['checkout', '--quiet', '--detach', '--force', remoteRef(target)], this.tree);
    await this.git(['clean', '-fdq'], this.tree);
  }

  private get worktree(): string {
    if (!this.tree) throw new Error('checkoutTarget first');
    return this.tree;
  }

  async pick(sha: string, mainline: boolean): Promise<PickResult> {
    const args = [...COMMIT_CONFIG, 'cherry-pick', '-x', ...(mainline ? ['-m', '1'] : []), sha];
    const r = await this.gitRun(args, this.worktree);
    if (r.code === 0) return { kind: 'picked', sha: await this.head() };
    const unmerged = await this.git(['diff', '--name-only', '--diff-filter=U'], this.worktree);
    if (unmerged) return { kind: 'conflict', files: unmerged.split('\n') };
    const staged = await this.gitRun(['diff', '--cached', '--quiet'], this.worktree);
    if (staged.code === 0 && existsSync(await this.gitPath('CHERRY_PICK_HEAD'))) {
      // The change is already there: nothing left to commit.
      await this.git(['cherry-pick', '--skip'], this.worktree);
      return { kind: 'empty' };
    }
    throw new GitError(args, r);
  }

  /** Commits the conflicted pick with its markers (conflicts: draft). */
  async commitConflict(): Promise<string> {
    await this.git(['add', '--all'], this.worktree);
    await this.git([...COMMIT_CONFIG, 'cherry-pick', '--continue'], this.worktree);
    return this.head();
  }

  async abortPick(): Promise<void> {
    await this.gitRun(['cherry-pick', '--abort'], this.worktree);
  }

  async head(): Promise<string> {
    return this.git(['rev-parse', 'HEAD'], this.worktree);
  }

  private async gitPath(name: string): Promise<string> {
    const p = await this.git(['rev-parse', '--git-path', name], this.worktree);
    return p.startsWith('/') ? p : join(this.worktree, p);
  }

  /** The commits a branch has on top of the target, oldest first, with their -x origins. */
  async commitsOnTop(target: string, branch: string): Promise<BranchCommit[]> {
    const out = await this.git([
      'log',
      '--reverse',
      '--no-merges',
      '--format=%H%x00%s%x00%B%x1e',
      `${remoteRef(target)}..${remoteRef(branch)}`,
    ]);
    return out
      .split('\x1e')
      .map((r) => r.replace(/^\n/, ''))
      .filter((r) => r.trim() !== '')
      .map((r) => {
        const [sha = '', subject = '', body = ''] = r.split('\x00');
        const from = [...body.matchAll(/\(cherry picked from commit ([0-9a-f]{40,64})\)/g)].pop();
        return { sha, subject, ...(from?.[1] ? { pickedFrom: from[1] } : {}) };
      });
  }

  /** Pushes the worktree's HEAD as a new branch. Never forced: an existing branch is refused. */
  async pushNew(branch: string): Promise<PushResult> {
    const r = await this.gitRun(
      ['push', '--porcelain', 'origin', `HEAD:refs/heads/${branch}`],
      this.worktree,
    );
    if (r.code === 0) return { ok: true };
    return describePushFailure(`${r.stderr}\n${r.stdout}`);
  }

  async close(): Promise<void> {
    if (this.tree) {
      await this.gitRun(['worktree', 'remove', '--force', this.tree]);
      rmSync(this.tree, { recursive: true, force: true });
      await this.gitRun(['worktree', 'prune']);
    }
    for (const dir of this.owned) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What a refused push means. GitHub refuses a push that creates or changes a file under
 * .github/workflows/ unless the token has the `workflows` permission, which GITHUB_TOKEN can
 * never have; git prints GitHub's reason in the push output.
 */
export function describePushFailure(output: string): PushResult & { ok: false } {
  const wf =
    /refusing to allow an? .*?to create or update workflow `?([^`\s]+)`? without `?(workflows?)`? (permission|scope)/i.exec(
      output,
    );
  if (wf?.[1]) {
    return {
      ok: false,
      reason: 'workflows',
      file: wf[1],
      message:
        `GitHub refused the push because the backport changes ${wf[1]} and the token may not ` +
        'change workflow files. GITHUB_TOKEN never can: pass as github-token a GitHub App token ' +
        'with the "workflows: write" permission (actions/create-github-app-token) or a ' +
        'personal access token with the "workflow" scope.',
    };
  }
  if (/\[rejected\]|fetch first|non-fast-forward|already exists/i.test(output)) {
    return {
      ok: false,
      reason: 'exists',
      message:
        'the branch appeared on origin while the backport ran; nothing was overwritten (re-run to reuse or report it)',
    };
  }
  const last = output.trim().split('\n').filter(Boolean).slice(-3).join(' / ');
  return { ok: false, reason: 'other', message: `git push failed: ${last}` };
}
