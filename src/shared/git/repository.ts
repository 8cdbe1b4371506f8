// The repository an action changes (backport's picks, auto-rollback's reverts), through
// git.ts (argument arrays; the token reaches git through GIT_CONFIG_* in the environment,
// never argv or .git/config).
//
// Where it comes from: GITHUB_WORKSPACE when it is a checkout of this repository
// (actions/checkout ran first; its objects are reused and one fetch brings what is missing),
// else a fresh blobless repository fetching from ${GITHUB_SERVER_URL}/<owner>/<repo>.git:
// commits and trees at once, file contents only for what a change touches. The work happens
// in a private worktree under RUNNER_TEMP, detached, so the user's checkout, its HEAD and
// its branches stay as they were. Pushes are never forced: a branch that moved is reported,
// not overwritten.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setSecret } from '../runner/secrets.ts';
import { git, gitRun, GitError, isCheckoutOf, tokenEnv, type GitResult } from './git.ts';
import { parseMergeTree, treePickingOf, type TreeMerge, type TreePicking } from './merge-tree.ts';

export interface OpenOptions {
  workspace: string | undefined;
  serverUrl: string;
  owner: string;
  repo: string;
  token: string;
  tempDir: string;
  /** Who the commits are by. */
  identity: { name: string; email: string };
  /** Names the temporary directories: `backport`, `revert`. */
  purpose: string;
}

/** Applying one commit (cherry-pick or revert) onto the worktree's HEAD. */
export type ApplyResult =
  { kind: 'applied'; sha: string } | { kind: 'empty' } | { kind: 'conflict'; files: string[] };

export type ApplyOp = 'cherry-pick' | 'revert';

/** Who wrote a commit, kept when it is replayed: `date` as git reads it (`@<epoch> <tz>`). */
export interface Author {
  name: string;
  email: string;
  date: string;
}

/**
 * A shallow fetch, for a blobless clone only (a checkout's history is never cut): `depth`
 * commits of each branch, and `commits` fetched by sha with the same depth.
 */
export interface ShallowFetch {
  depth: number;
  commits: string[];
}

/** A commit to push as a branch, for pushCommits(). */
export interface BranchPush {
  branch: string;
  sha: string;
}

export type PushResult =
  | { ok: true }
  | {
      ok: false;
      /** workflows: the token may not change .github/workflows; rejected: the branch moved. */
      reason: 'workflows' | 'rejected' | 'other';
      /** The workflow file GitHub named, for `workflows`. */
      file?: string;
      message: string;
    };

// Our commits run no hooks of the user's repository (husky and friends), sign nothing, and
// reuse no recorded resolution.
const COMMIT_CONFIG = [
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'commit.gpgsign=false',
  '-c',
  'rerere.enabled=false',
];

/** `refs/remotes/origin/<branch>`, where fetch puts origin's branches. */
export const remoteRef = (branch: string): string => `refs/remotes/origin/${branch}`;

export class WorkRepository {
  readonly store: string;
  readonly source: 'workspace' | 'clone';
  /** For the log and the summary: `the checkout in /x`, `a blobless clone of <url>`. */
  readonly description: string;
  private readonly env: Record<string, string>;
  private readonly owned: string[] = [];
  private readonly o: OpenOptions;
  private tree: string | undefined;
  private picking: Promise<TreePicking> | undefined;
  /** origin's branches, asked for by URL as the repository opened (the first call uses it). */
  private heads: Promise<string> | undefined;

  private constructor(
    o: OpenOptions,
    store: string,
    source: 'workspace' | 'clone',
    env: Record<string, string>,
  ) {
    this.o = o;
    this.store = store;
    this.source = source;
    this.env = env;
    this.description =
      source === 'workspace' ? `the checkout in ${store}` : `a blobless clone of ${originUrl(o)}`;
  }

  static async open(o: OpenOptions): Promise<WorkRepository> {
    const auth = o.token ? tokenEnv(o.token, o.serverUrl) : {};
    // The header carries the token base64-encoded: masked in that form too.
    if (auth.GIT_CONFIG_VALUE_1) setSecret(auth.GIT_CONFIG_VALUE_1.replace(/^.*basic /, ''));
    const env = {
      ...auth,
      GIT_COMMITTER_NAME: o.identity.name,
      GIT_COMMITTER_EMAIL: o.identity.email,
      GIT_AUTHOR_NAME: o.identity.name,
      GIT_AUTHOR_EMAIL: o.identity.email,
      GIT_EDITOR: 'true',
    };
    // Every user lists origin's branches first: by URL, that needs no repository, so it runs
    // while the workspace is looked at (the same repository either way: isCheckoutOf checks).
    const heads = git(['ls-remote', '--heads', originUrl(o)], { cwd: o.tempDir, env });
    heads.catch(() => undefined);
    const opened = await WorkRepository.openStore(o, env);
    opened.heads = heads;
    return opened;
  }

  private static async openStore(
    o: OpenOptions,
    env: Record<string, string>,
  ): Promise<WorkRepository> {
    if (o.workspace && (await isCheckoutOf(o.workspace, o.owner, o.repo))) {
      // isCheckoutOf found .git in it: the workspace is the top of its repository.
      return new WorkRepository(o, o.workspace, 'workspace', env);
    }
    const store = mkdtempSync(join(o.tempDir, `${o.purpose}-repo-`));
    const repo = new WorkRepository(o, store, 'clone', env);
    repo.owned.push(store);
    await repo.git(['init', '-q']);
    // Our own new repository: its remote and partial-clone settings are written with its
    // config file at once rather than by five more git processes.
    const config = join(store, '.git', 'config');
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace(
        /repositoryformatversion = 0/,
        'repositoryformatversion = 1',
      ) +
        [
          '[remote "origin"]',
          `\turl = ${originUrl(o)}`,
          '\tfetch = +refs/heads/*:refs/remotes/origin/*',
          '\tpromisor = true',
          '\tpartialclonefilter = blob:none',
          '[extensions]',
          '\tpartialClone = origin',
          '',
        ].join('\n'),
    );
    return repo;
  }

  /** git in the repository (or the worktree, `cwd`); its trimmed stdout, GitError on failure. */
  git(args: string[], cwd = this.store): Promise<string> {
    return git(args, { cwd, env: this.env });
  }

  /** git in the repository (or the worktree); the result whatever the exit code. */
  gitRun(args: string[], cwd = this.store): Promise<GitResult> {
    return gitRun(args, { cwd, env: this.env });
  }

  /** Branch -> sha of every branch of origin (`git ls-remote --heads`). */
  async remoteBranches(): Promise<Map<string, string>> {
    const early = this.heads;
    this.heads = undefined;
    const out = await (early ?? this.git(['ls-remote', '--heads', 'origin']));
    const map = new Map<string, string>();
    for (const line of out.split('\n')) {
      const m = /^([0-9a-f]{40,64})\trefs\/heads\/(.+)$/.exec(line);
      if (m?.[1] && m[2]) map.set(m[2], m[1]);
    }
    return map;
  }

  /**
   * One fetch of every branch the work reads, with full history (ranges must be walkable), or
   * in a clone its recent history only (`shallow`).
   */
  async fetch(branches: string[], shallow?: ShallowFetch): Promise<void> {
    const clone = this.source === 'clone';
    const options = clone
      ? ['--filter=blob:none', ...(shallow ? [`--depth=${shallow.depth}`] : [])]
      : (await this.isShallow())
        ? ['--unshallow']
        : [];
    // By sha (GitHub serves any reachable commit), kept under a ref of our own.
    const commits =
      clone && shallow ? shallow.commits.map((sha) => `+${sha}:refs/fetched/${sha}`) : [];
    await this.git([...fetchArgs(options, branches), ...commits]);
  }

  /**
   * A shallow clone holds, for each branch, every commit made since `since` (unix seconds):
   * when a shallow boundary that `exclude` does not reach is that recent, the branches' whole
   * history is fetched after all. True when it was.
   */
  async deepenSince(since: number, branches: string[], exclude: string): Promise<boolean> {
    const file = join(this.store, '.git', 'shallow');
    if (this.source !== 'clone' || !existsSync(file)) return false;
    const boundaries = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    if (!boundaries.length) return false;
    const dated = await this.git(['log', '--no-walk=unsorted', '--format=%H %ct', ...boundaries]);
    const recent = dated
      .split('\n')
      .map((l) => l.split(' '))
      .filter(([, t]) => Number(t) >= since)
      .map(([sha = '']) => sha);
    if (!recent.length) return false;
    if (!(await this.git(['rev-list', ...recent, '--not', exclude]))) return false;
    await this.git(fetchArgs(['--filter=blob:none', '--unshallow'], branches));
    return true;
  }

  /** A shallow checkout (actions/checkout's default depth 1): its .git/shallow file says so. */
  private async isShallow(): Promise<boolean> {
    const dotGit = join(this.store, '.git');
    if (existsSync(dotGit) && statSync(dotGit).isDirectory())
      return existsSync(join(dotGit, 'shallow'));
    // A worktree or a submodule: .git is a file pointing elsewhere.
    return (await this.git(['rev-parse', '--is-shallow-repository'])) === 'true';
  }

  /** Fetches one commit by sha (GitHub serves any reachable sha), when the branches did not bring it. */
  async fetchCommit(sha: string): Promise<void> {
    const args = ['fetch', '--no-tags', '--quiet'];
    if (this.source === 'clone') args.push('--filter=blob:none');
    await this.git([...args, 'origin', sha]);
  }

  async hasCommit(sha: string): Promise<boolean> {
    return (await this.gitRun(['cat-file', '-e', `${sha}^{commit}`])).code === 0;
  }

  /** Whether `ancestor` is reachable from `ref` (a sha, or `origin/<branch>`). */
  async isAncestor(ancestor: string, ref: string): Promise<boolean> {
    const args = ['merge-base', '--is-ancestor', ancestor, resolveRef(ref)];
    const r = await this.gitRun(args);
    if (r.code === 0) return true;
    if (r.code === 1) return false;
    throw new GitError(args, r);
  }

  /** The sha origin's branch had at the fetch. */
  async tip(branch: string): Promise<string> {
    return this.git(['rev-parse', '--verify', `${remoteRef(branch)}^{commit}`]);
  }

  /** Each fetched branch of origin: its commit and that commit's tree, in one git call. */
  async remoteTips(): Promise<Map<string, { sha: string; tree: string }>> {
    const out = await this.git([
      'for-each-ref',
      '--format=%(refname)%00%(objectname)%00%(tree)',
      'refs/remotes/origin/',
    ]);
    const tips = new Map<string, { sha: string; tree: string }>();
    for (const line of out.split('\n')) {
      const [ref = '', sha = '', tree = ''] = line.split('\0');
      if (ref.startsWith('refs/remotes/origin/') && tree)
        tips.set(ref.slice('refs/remotes/origin/'.length), { sha, tree });
    }
    return tips;
  }

  /** Puts the private worktree at origin's branch, clean, with nothing half-applied. */
  async checkout(branch: string): Promise<void> {
    if (!this.tree) {
      const tree = mkdtempSync(join(this.o.tempDir, `${this.o.purpose}-tree-`));
      rmSync(tree, { recursive: true, force: true });
      await this.git(['worktree', 'add', '--detach', '--force', tree, remoteRef(branch)]);
      this.tree = tree;
      return;
    }
    for (const op of ['cherry-pick', 'revert'] as const) await this.abort(op);
    await this.git(['checkout', '--quiet', '--detach', '--force', remoteRef(branch)], this.tree);
    await this.git(['clean', '-fdq'], this.tree);
  }

  /** The private worktree; checkout() first. */
  get worktree(): string {
    if (!this.tree) throw new Error('checkout() first');
    return this.tree;
  }

  async head(): Promise<string> {
    return this.git(['rev-parse', 'HEAD'], this.worktree);
  }

  /**
   * `git cherry-pick -x` or `git revert` of one commit onto the worktree's HEAD, with git's
   * own message (which names the original sha). A merge commit goes against its first parent
   * (`mainline`). A conflict is left in the worktree for the caller to commit or abort.
   */
  async apply(op: ApplyOp, sha: string, mainline: boolean): Promise<ApplyResult> {
    const args = [
      ...COMMIT_CONFIG,
      op,
      ...(op === 'cherry-pick' ? ['-x'] : ['--no-edit']),
      ...(mainline ? ['-m', '1'] : []),
      sha,
    ];
    const r = await this.gitRun(args, this.worktree);
    if (r.code === 0) return { kind: 'applied', sha: await this.head() };
    const unmerged = await this.git(['diff', '--name-only', '--diff-filter=U'], this.worktree);
    if (unmerged) return { kind: 'conflict', files: unmerged.split('\n') };
    const staged = await this.gitRun(['diff', '--cached', '--quiet'], this.worktree);
    const inProgress = op === 'cherry-pick' ? 'CHERRY_PICK_HEAD' : 'REVERT_HEAD';
    if (staged.code === 0 && existsSync(await this.gitPath(inProgress))) {
      // The change is already there (or already undone): nothing left to commit.
      await this.git([op, '--skip'], this.worktree);
      return { kind: 'empty' };
    }
    throw new GitError(args, r);
  }

  /** Commits a conflicted apply as it stands, markers and all (backport's draft mode). */
  async commitConflict(op: ApplyOp): Promise<string> {
    await this.git(['add', '--all'], this.worktree);
    await this.git([...COMMIT_CONFIG, op, '--continue'], this.worktree);
    return this.head();
  }

  async abort(op: ApplyOp): Promise<void> {
    if (this.tree) await this.gitRun([op, '--abort'], this.tree);
  }

  private async gitPath(name: string): Promise<string> {
    const p = await this.git(['rev-parse', '--git-path', name], this.worktree);
    return p.startsWith('/') ? p : join(this.worktree, p);
  }

  /**
   * Pushes the worktree's HEAD to origin's branch, never forced: a new branch is created, an
   * existing one only fast-forwards, and anything else is refused by origin and reported.
   */
  async push(branch: string): Promise<PushResult> {
    const r = await this.gitRun(
      ['push', '--porcelain', 'origin', `HEAD:refs/heads/${branch}`],
      this.worktree,
    );
    if (r.code === 0) return { ok: true };
    return describePushFailure(branch, `${r.stderr}\n${r.stdout}`);
  }

  /** How this git picks without a working tree; asked once (`git version`). */
  treePicking(): Promise<TreePicking> {
    this.picking ??= this.git(['version']).then(treePickingOf);
    return this.picking;
  }

  /**
   * The cherry-pick of `theirs` onto `ours` as a tree, with `base` (the pick's parent) as the
   * merge base, computed by `git merge-tree --write-tree` without touching any working tree; in
   * a blobless clone only the blobs both sides changed are fetched. Before git 2.40 there is no
   * --merge-base: a throwaway commit of ours' tree whose parent is `base` makes `base` the
   * merge base. Text conflicts leave their markers in the tree, as cherry-pick leaves them in
   * the worktree.
   */
  async mergeTree(ours: string, theirs: string, base: string): Promise<TreeMerge> {
    const picking = await this.treePicking();
    if (picking === 'none') throw new Error(`git merge-tree --write-tree needs git 2.38 or later`);
    let args: string[];
    if (picking === 'merge-base') {
      args = ['merge-tree', '--write-tree', '-z', `--merge-base=${base}`, ours, theirs];
    } else {
      const stand = await this.commitTree(`${ours}^{tree}`, [base], 'throwaway merge base\n');
      args = ['merge-tree', '--write-tree', '-z', stand, theirs];
    }
    const r = await this.gitRun([...COMMIT_CONFIG, ...args]);
    if (r.code !== 0 && r.code !== 1) throw new GitError(args, r);
    return parseMergeTree(r.stdout, r.code === 0);
  }

  /** A commit of `tree` on `parents` with `message`; by `author` when given, else the identity. */
  async commitTree(
    tree: string,
    parents: string[],
    message: string,
    author?: Author,
  ): Promise<string> {
    const args = [...COMMIT_CONFIG, 'commit-tree', tree, ...parents.flatMap((p) => ['-p', p])];
    const env = author
      ? {
          ...this.env,
          GIT_AUTHOR_NAME: author.name,
          GIT_AUTHOR_EMAIL: author.email,
          GIT_AUTHOR_DATE: author.date,
        }
      : this.env;
    // The message goes through stdin (-F -): it is the original's, untrusted text.
    return git([...args, '-F', '-'], { cwd: this.store, env, input: message });
  }

  /**
   * Pushes each commit as a new branch (or a fast-forward of one) in one `git push`, never
   * forced; every branch gets its own result. Refs the batch refused for a reason that is not
   * "the branch moved" are pushed again one at a time: a server hook refusing one ref (GitHub's
   * workflows rule) declines the whole batch, and only a push of its own tells whose it was.
   */
  async pushCommits(refs: BranchPush[]): Promise<PushResult[]> {
    if (!refs.length) return [];
    const results = await this.pushBatch(refs);
    if (refs.length === 1) return results;
    return Promise.all(
      refs.map(async (ref, i) => {
        const r = results[i];
        if (!r || r.ok || r.reason === 'rejected') return r ?? { ok: true };
        return (await this.pushBatch([ref]))[0] ?? r;
      }),
    );
  }

  private async pushBatch(refs: BranchPush[]): Promise<PushResult[]> {
    const r = await this.gitRun([
      'push',
      '--porcelain',
      'origin',
      ...refs.map((p) => `${p.sha}:refs/heads/${p.branch}`),
    ]);
    const status = porcelainStatus(r.stdout);
    return refs.map((p): PushResult => {
      const line = status.get(`refs/heads/${p.branch}`);
      if (!line) return r.code === 0 ? { ok: true } : describePushFailure(p.branch, r.stderr);
      if (line.flag !== '!') return { ok: true };
      // Its own status line says whether the branch moved; the server's words (stderr) say why
      // a hook declined it.
      const failure = describePushFailure(p.branch, `${r.stderr}\n${line.summary}`);
      if (failure.reason === 'rejected' && !REJECTED.test(line.summary))
        return { ...failure, reason: 'other' };
      return failure;
    });
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

/** `git fetch` of origin's `branches` into refs/remotes/origin/, with `options` before them. */
function fetchArgs(options: string[], branches: string[]): string[] {
  return [
    'fetch',
    '--no-tags',
    '--no-recurse-submodules',
    '--quiet',
    ...options,
    'origin',
    ...[...new Set(branches)].map((b) => `+refs/heads/${b}:${remoteRef(b)}`),
  ];
}

function originUrl(o: Pick<OpenOptions, 'serverUrl' | 'owner' | 'repo'>): string {
  return `${o.serverUrl.replace(/\/$/, '')}/${o.owner}/${o.repo}.git`;
}

/** `origin/x` -> the ref fetch() wrote; anything else as given. */
function resolveRef(ref: string): string {
  return ref.startsWith('origin/') ? remoteRef(ref.slice('origin/'.length)) : ref;
}

/** How git says a branch moved (or already exists) and was not overwritten. */
const REJECTED = /\[rejected\]|fetch first|non-fast-forward|already exists/i;

/**
 * What a refused push means. GitHub refuses a push that creates or changes a file under
 * .github/workflows/ unless the token has the `workflows` permission, which GITHUB_TOKEN can
 * never have; git prints GitHub's reason in the push output.
 */
export function describePushFailure(branch: string, output: string): PushResult & { ok: false } {
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
        `GitHub refused the push to ${branch} because it changes ${wf[1]} and the token may not ` +
        'change workflow files. GITHUB_TOKEN never can: pass as github-token a GitHub App token ' +
        'with the "workflows: write" permission (actions/create-github-app-token) or a ' +
        'personal access token with the "workflow" scope.',
    };
  }
  const last = output.trim().split('\n').filter(Boolean).slice(-3).join(' / ');
  const rejected = REJECTED.test(output);
  return {
    ok: false,
    reason: rejected ? 'rejected' : 'other',
    message: `git push to ${branch} ${rejected ? 'was refused' : 'failed'}: ${last}`,
  };
}

/** `git push --porcelain`'s ref lines: `<flag>\t<from>:<to>\t<summary>`, by destination ref. */
function porcelainStatus(stdout: string): Map<string, { flag: string; summary: string }> {
  const map = new Map<string, { flag: string; summary: string }>();
  for (const line of stdout.split('\n')) {
    const m = /^(.)\t[^:]*:(\S+)\t(.*)$/.exec(line);
    const [, flag = '', ref = '', summary = ''] = m ?? [];
    if (m) map.set(ref, { flag, summary });
  }
  return map;
}

/** Records of a `%x00`-separated, `%x1e`-terminated `git log --format`. */
export function logRecords(out: string): string[][] {
  return out
    .split('\x1e')
    .map((r) => r.replace(/^\n/, ''))
    .filter((r) => r.trim() !== '')
    .map((r) => r.split('\x00'));
}
