export const id = 409;
export const ids = [409];
export const modules = {

/***/ 5016:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AP: () => (/* binding */ planPicks),
/* harmony export */   Oy: () => (/* binding */ MergeMethodError),
/* harmony export */   pm: () => (/* binding */ API_COMMIT_LIMIT)
/* harmony export */ });
/* harmony import */ var _shared_git_sha_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9348);
// How the PR was merged decides what to cherry-pick, and it is read from facts, never from
// titles: the PR's commits (API), its merge_commit_sha and that commit's parents and
// first-parent history (git).
//
// - merge commit (two parents): the PR's own commits, oldest first. When the PR itself holds
//   merges (main merged into the branch) or is too long for the API's commit list, the merge
//   commit with `-m 1` instead: its diff against the base is exactly what the PR brought,
//   including conflict resolutions that no single commit carries.
// - rebase (one parent, the PR's commits replayed with their authors, dates and messages):
//   the replayed commits on the base, oldest first.
// - squash (one parent, anything else): the squash commit.

/** The API lists at most this many commits of a PR. */
const API_COMMIT_LIMIT = 250;
class MergeMethodError extends Error {
    name = 'MergeMethodError';
}
function planPicks(f) {
    const short = (0,_shared_git_sha_js__WEBPACK_IMPORTED_MODULE_0__/* .shortSha */ .F)(f.mergeCommitSha);
    if (f.mergeParents.length >= 2) {
        if (f.mergeParents[1] !== f.headSha) {
            throw new MergeMethodError(`merge_commit_sha ${short} of PR #${f.number} merges ${f.mergeParents[1] && (0,_shared_git_sha_js__WEBPACK_IMPORTED_MODULE_0__/* .shortSha */ .F)(f.mergeParents[1])}, not the PR head ${(0,_shared_git_sha_js__WEBPACK_IMPORTED_MODULE_0__/* .shortSha */ .F)(f.headSha)}`);
        }
        const merges = f.prCommits.filter((c) => c.parents > 1);
        if (merges.length || f.commitCount > f.prCommits.length || f.prCommits.length === 0) {
            return {
                method: 'merge',
                reason: `${short} has ${f.mergeParents.length} parents; ` +
                    (merges.length
                        ? `the PR contains ${merges.length} merge commit(s), so the merge is replayed with -m 1`
                        : `the API lists ${f.prCommits.length} of its ${f.commitCount} commits, so the merge is replayed with -m 1`),
                picks: [f.mergeCommitSha],
                mainline: true,
            };
        }
        return {
            method: 'merge',
            reason: `${short} has ${f.mergeParents.length} parents: the PR's ${f.prCommits.length} commit(s) are picked`,
            picks: f.prCommits.map((c) => c.sha),
            mainline: false,
        };
    }
    if (f.mergeParents.length === 0)
        throw new MergeMethodError(`merge_commit_sha ${short} of PR #${f.number} has no parent`);
    const n = f.prCommits.length;
    const replayed = [...f.chain.slice(0, n)].reverse();
    const isRebase = n > 0 &&
        n === f.commitCount &&
        replayed.length === n &&
        replayed.every((c, i) => {
            const p = f.prCommits[i];
            return p !== undefined && sameCommit(c, p);
        }) &&
        replayed.every((c) => c.parents === 1);
    if (isRebase) {
        return {
            method: 'rebase',
            reason: `the ${n} commit(s) ending at ${short} on the base carry the PR's authors, dates and messages`,
            picks: n === 1 ? [f.mergeCommitSha] : replayed.map((c) => c.sha),
            mainline: false,
        };
    }
    return {
        method: 'squash',
        reason: `${short} has one parent and does not replay the PR's ${n} commit(s)`,
        picks: [f.mergeCommitSha],
        mainline: false,
    };
}
/** A replayed commit keeps author, author date and message; its sha and committer change. */
function sameCommit(a, b) {
    return (a.authorName === b.authorName &&
        a.authorEmail.toLowerCase() === b.authorEmail.toLowerCase() &&
        Date.parse(a.authorDate) === Date.parse(b.authorDate) &&
        normalize(a.message) === normalize(b.message));
}
function normalize(message) {
    return message.replace(/\r\n/g, '\n').trim();
}


/***/ }),

/***/ 409:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runBackport: () => (/* binding */ runBackport)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 4 modules
var core = __webpack_require__(8838);
// EXTERNAL MODULE: ./src/shared/text/markdown.ts
var markdown = __webpack_require__(7512);
// EXTERNAL MODULE: ./src/shared/runner/errors.ts
var errors = __webpack_require__(589);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/shared/runner/secrets.ts
var secrets = __webpack_require__(9077);
// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 3 modules
var exec = __webpack_require__(1260);
;// CONCATENATED MODULE: ./src/shared/git/git.ts
// git through @actions/exec, with argument arrays: branch names and commit messages are data,
// never shell. Silent: git's output can quote commit subjects, which are untrusted text, and
// a subject that looks like a workflow command must never reach the log unpaused.



class GitError extends Error {
    name = 'GitError';
    args;
    result;
    constructor(args, result) {
        super(`git ${args.join(' ')} failed (exit ${result.code}): ${lastLines(result.stderr || result.stdout, 5)}`);
        this.args = args;
        this.result = result;
    }
}
// Never prompt (a prompt would hang the step); parse-stable messages; and a transfer that
// stalls (under 1 kB/s for a minute) is given up by git itself, so a dead connection cannot
// hold the job: git is not a user command to kill with a process tree.
const BASE_ENV = {
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    GIT_PAGER: 'cat',
    GIT_HTTP_LOW_SPEED_LIMIT: '1000',
    GIT_HTTP_LOW_SPEED_TIME: '60',
};
/** Runs git; the result whatever the exit code. */
async function gitRun(args, opts) {
    const r = await (0,exec/* getExecOutput */.H)('git', args, {
        cwd: opts.cwd,
        env: { ...definedOnly(process.env), ...BASE_ENV, ...opts.env },
        silent: true,
        ignoreReturnCode: true,
        ...(opts.input !== undefined ? { input: Buffer.from(opts.input) } : {}),
    });
    return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}
/** Runs git and returns its trimmed stdout; throws GitError on a non-zero exit. */
async function git(args, opts) {
    const result = await gitRun(args, opts);
    if (result.code !== 0)
        throw new GitError(args, result);
    return result.stdout.trim();
}
function definedOnly(env) {
    return Object.fromEntries(Object.entries(env).filter((e) => e[1] !== undefined));
}
function lastLines(text, n) {
    return text.trimEnd().split('\n').slice(-n).join('\n');
}
/**
 * Environment that makes git authenticate to GitHub over HTTPS with a token, the way
 * actions/checkout does (an http.extraheader), without writing it to .git/config or
 * putting it on a command line where `ps` would show it.
 *
 * The first entry is empty on purpose: git reads an empty extraheader as "forget the headers
 * configured so far", so the credentials actions/checkout persisted in .git/config (usually
 * GITHUB_TOKEN) are replaced by this token instead of being sent as a second Authorization
 * header, which GitHub rejects.
 */
function tokenEnv(token, serverUrl = 'https://github.com') {
    const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
    const key = `http.${serverUrl.replace(/\/$/, '')}/.extraheader`;
    return {
        GIT_CONFIG_COUNT: '2',
        GIT_CONFIG_KEY_0: key,
        GIT_CONFIG_VALUE_0: '',
        GIT_CONFIG_KEY_1: key,
        GIT_CONFIG_VALUE_1: `AUTHORIZATION: basic ${basic}`,
    };
}
/** GITHUB_WORKSPACE is a checkout of owner/repo when its origin points at it (any URL form). */
async function isCheckoutOf(dir, owner, repo) {
    if (!(0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, '.git')))
        return false;
    const r = await gitRun(['remote', 'get-url', 'origin'], { cwd: dir });
    if (r.code !== 0)
        return false;
    const url = r.stdout
        .trim()
        .replace(/\/+$/, '')
        .replace(/\.git$/, '')
        .toLowerCase();
    const suffix = `${owner}/${repo}`.toLowerCase();
    return url.endsWith(`/${suffix}`) || url.endsWith(`:${suffix}`);
}

;// CONCATENATED MODULE: ./src/shared/git/merge-tree.ts
// What `git merge-tree --write-tree -z` says, read: the merged tree (text conflicts carry
// their markers in it), the conflicted paths with the blob of each stage, and git's messages,
// each with a conflict type that git documents as stable ("CONFLICT (contents)",
// "CONFLICT (binary)", "CONFLICT (modify/delete)"...). Which git can do it, from its version.
/** From `git version` ("git version 2.39.5", "git version 2.45.1.windows.1"). */
function treePickingOf(versionLine) {
    const m = /(\d+)\.(\d+)/.exec(versionLine);
    if (!m)
        return 'none';
    const v = Number(m[1]) * 1000 + Number(m[2]);
    return v >= 2040 ? 'merge-base' : v >= 2038 ? 'throwaway' : 'none';
}
/**
 * Index entries with a stage, `<mode> <oid> <stage>\t<path>` as `git ls-files -u -z` and
 * `git merge-tree -z` print them: each path's object per stage, in the order paths appear.
 */
function stagesByPath(entries) {
    const byPath = new Map();
    for (const entry of entries) {
        const m = /^\d+ ([0-9a-f]+) ([123])\t(.*)$/s.exec(entry);
        if (!m)
            continue;
        const [, oid = '', stage = '', path = ''] = m;
        byPath.set(path, { ...byPath.get(path), [Number(stage)]: oid });
    }
    return byPath;
}
/** Parses `git merge-tree --write-tree -z` (without --name-only); `clean` from its exit code. */
function parseMergeTree(out, clean) {
    const fields = out.split('\0');
    const tree = fields[0] ?? '';
    let i = 1;
    // Conflicted file info, up to an empty field.
    while (i < fields.length && fields[i] !== '')
        i++;
    const conflicts = [...stagesByPath(fields.slice(1, i))].map(([path, stages]) => ({
        path,
        stages,
    }));
    i++;
    // Messages: `<count>`, that many paths, the type, the text.
    const messages = [];
    while (i < fields.length && /^\d+$/.test(fields[i] ?? '')) {
        const n = Number(fields[i]);
        const paths = fields.slice(i + 1, i + 1 + n);
        const type = fields[i + 1 + n] ?? '';
        const text = (fields[i + 2 + n] ?? '').trim();
        messages.push({ paths, type, text });
        i += 3 + n;
    }
    return { tree, clean, conflicts, messages };
}

;// CONCATENATED MODULE: ./src/shared/git/repository.ts
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
const remoteRef = (branch) => `refs/remotes/origin/${branch}`;
class WorkRepository {
    store;
    source;
    /** For the log and the summary: `the checkout in /x`, `a blobless clone of <url>`. */
    description;
    env;
    owned = [];
    o;
    tree;
    picking;
    /** origin's branches, asked for by URL as the repository opened (the first call uses it). */
    heads;
    constructor(o, store, source, env) {
        this.o = o;
        this.store = store;
        this.source = source;
        this.env = env;
        this.description =
            source === 'workspace' ? `the checkout in ${store}` : `a blobless clone of ${originUrl(o)}`;
    }
    static async open(o) {
        const auth = o.token ? tokenEnv(o.token, o.serverUrl) : {};
        // The header carries the token base64-encoded: masked in that form too.
        if (auth.GIT_CONFIG_VALUE_1)
            (0,secrets/* setSecret */.Pq)(auth.GIT_CONFIG_VALUE_1.replace(/^.*basic /, ''));
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
    static async openStore(o, env) {
        if (o.workspace && (await isCheckoutOf(o.workspace, o.owner, o.repo))) {
            // isCheckoutOf found .git in it: the workspace is the top of its repository.
            return new WorkRepository(o, o.workspace, 'workspace', env);
        }
        const store = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(o.tempDir, `${o.purpose}-repo-`));
        const repo = new WorkRepository(o, store, 'clone', env);
        repo.owned.push(store);
        await repo.git(['init', '-q']);
        // Our own new repository: its remote and partial-clone settings are written with its
        // config file at once rather than by five more git processes.
        const config = (0,external_node_path_.join)(store, '.git', 'config');
        (0,external_node_fs_.writeFileSync)(config, (0,external_node_fs_.readFileSync)(config, 'utf8').replace(/repositoryformatversion = 0/, 'repositoryformatversion = 1') +
            [
                '[remote "origin"]',
                `\turl = ${originUrl(o)}`,
                '\tfetch = +refs/heads/*:refs/remotes/origin/*',
                '\tpromisor = true',
                '\tpartialclonefilter = blob:none',
                '[extensions]',
                '\tpartialClone = origin',
                '',
            ].join('\n'));
        return repo;
    }
    /** git in the repository (or the worktree, `cwd`); its trimmed stdout, GitError on failure. */
    git(args, cwd = this.store) {
        return git(args, { cwd, env: this.env });
    }
    /** git in the repository (or the worktree); the result whatever the exit code. */
    gitRun(args, cwd = this.store) {
        return gitRun(args, { cwd, env: this.env });
    }
    /** Branch -> sha of every branch of origin (`git ls-remote --heads`). */
    async remoteBranches() {
        const early = this.heads;
        this.heads = undefined;
        const out = await (early ?? this.git(['ls-remote', '--heads', 'origin']));
        const map = new Map();
        for (const line of out.split('\n')) {
            const m = /^([0-9a-f]{40,64})\trefs\/heads\/(.+)$/.exec(line);
            if (m?.[1] && m[2])
                map.set(m[2], m[1]);
        }
        return map;
    }
    /**
     * One fetch of every branch the work reads, with full history (ranges must be walkable), or
     * in a clone its recent history only (`shallow`).
     */
    async fetch(branches, shallow) {
        const clone = this.source === 'clone';
        const options = clone
            ? ['--filter=blob:none', ...(shallow ? [`--depth=${shallow.depth}`] : [])]
            : (await this.isShallow())
                ? ['--unshallow']
                : [];
        // By sha (GitHub serves any reachable commit), kept under a ref of our own.
        const commits = clone && shallow ? shallow.commits.map((sha) => `+${sha}:refs/fetched/${sha}`) : [];
        await this.git([...fetchArgs(options, branches), ...commits]);
    }
    /**
     * A shallow clone holds, for each branch, every commit made since `since` (unix seconds):
     * when a shallow boundary that `exclude` does not reach is that recent, the branches' whole
     * history is fetched after all. True when it was.
     */
    async deepenSince(since, branches, exclude) {
        const file = (0,external_node_path_.join)(this.store, '.git', 'shallow');
        if (this.source !== 'clone' || !(0,external_node_fs_.existsSync)(file))
            return false;
        const boundaries = (0,external_node_fs_.readFileSync)(file, 'utf8').split('\n').filter(Boolean);
        if (!boundaries.length)
            return false;
        const dated = await this.git(['log', '--no-walk=unsorted', '--format=%H %ct', ...boundaries]);
        const recent = dated
            .split('\n')
            .map((l) => l.split(' '))
            .filter(([, t]) => Number(t) >= since)
            .map(([sha = '']) => sha);
        if (!recent.length)
            return false;
        if (!(await this.git(['rev-list', ...recent, '--not', exclude])))
            return false;
        await this.git(fetchArgs(['--filter=blob:none', '--unshallow'], branches));
        return true;
    }
    /** A shallow checkout (actions/checkout's default depth 1): its .git/shallow file says so. */
    async isShallow() {
        const dotGit = (0,external_node_path_.join)(this.store, '.git');
        if ((0,external_node_fs_.existsSync)(dotGit) && (0,external_node_fs_.statSync)(dotGit).isDirectory())
            return (0,external_node_fs_.existsSync)((0,external_node_path_.join)(dotGit, 'shallow'));
        // A worktree or a submodule: .git is a file pointing elsewhere.
        return (await this.git(['rev-parse', '--is-shallow-repository'])) === 'true';
    }
    /** Fetches one commit by sha (GitHub serves any reachable sha), when the branches did not bring it. */
    async fetchCommit(sha) {
        const args = ['fetch', '--no-tags', '--quiet'];
        if (this.source === 'clone')
            args.push('--filter=blob:none');
        await this.git([...args, 'origin', sha]);
    }
    async hasCommit(sha) {
        return (await this.gitRun(['cat-file', '-e', `${sha}^{commit}`])).code === 0;
    }
    /** Whether `ancestor` is reachable from `ref` (a sha, or `origin/<branch>`). */
    async isAncestor(ancestor, ref) {
        const args = ['merge-base', '--is-ancestor', ancestor, resolveRef(ref)];
        const r = await this.gitRun(args);
        if (r.code === 0)
            return true;
        if (r.code === 1)
            return false;
        throw new GitError(args, r);
    }
    /** The sha origin's branch had at the fetch. */
    async tip(branch) {
        return this.git(['rev-parse', '--verify', `${remoteRef(branch)}^{commit}`]);
    }
    /** Each fetched branch of origin: its commit and that commit's tree, in one git call. */
    async remoteTips() {
        const out = await this.git([
            'for-each-ref',
            '--format=%(refname)%00%(objectname)%00%(tree)',
            'refs/remotes/origin/',
        ]);
        const tips = new Map();
        for (const line of out.split('\n')) {
            const [ref = '', sha = '', tree = ''] = line.split('\0');
            if (ref.startsWith('refs/remotes/origin/') && tree)
                tips.set(ref.slice('refs/remotes/origin/'.length), { sha, tree });
        }
        return tips;
    }
    /** Puts the private worktree at origin's branch, clean, with nothing half-applied. */
    async checkout(branch) {
        if (!this.tree) {
            const tree = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(this.o.tempDir, `${this.o.purpose}-tree-`));
            (0,external_node_fs_.rmSync)(tree, { recursive: true, force: true });
            await this.git(['worktree', 'add', '--detach', '--force', tree, remoteRef(branch)]);
            this.tree = tree;
            return;
        }
        for (const op of ['cherry-pick', 'revert'])
            await this.abort(op);
        await this.git(['checkout', '--quiet', '--detach', '--force', remoteRef(branch)], this.tree);
        await this.git(['clean', '-fdq'], this.tree);
    }
    /** The private worktree; checkout() first. */
    get worktree() {
        if (!this.tree)
            throw new Error('checkout() first');
        return this.tree;
    }
    async head() {
        return this.git(['rev-parse', 'HEAD'], this.worktree);
    }
    /**
     * `git cherry-pick -x` or `git revert` of one commit onto the worktree's HEAD, with git's
     * own message (which names the original sha). A merge commit goes against its first parent
     * (`mainline`). A conflict is left in the worktree for the caller to commit or abort.
     */
    async apply(op, sha, mainline) {
        const args = [
            ...COMMIT_CONFIG,
            op,
            ...(op === 'cherry-pick' ? ['-x'] : ['--no-edit']),
            ...(mainline ? ['-m', '1'] : []),
            sha,
        ];
        const r = await this.gitRun(args, this.worktree);
        if (r.code === 0)
            return { kind: 'applied', sha: await this.head() };
        const unmerged = await this.git(['diff', '--name-only', '--diff-filter=U'], this.worktree);
        if (unmerged)
            return { kind: 'conflict', files: unmerged.split('\n') };
        const staged = await this.gitRun(['diff', '--cached', '--quiet'], this.worktree);
        const inProgress = op === 'cherry-pick' ? 'CHERRY_PICK_HEAD' : 'REVERT_HEAD';
        if (staged.code === 0 && (0,external_node_fs_.existsSync)(await this.gitPath(inProgress))) {
            // The change is already there (or already undone): nothing left to commit.
            await this.git([op, '--skip'], this.worktree);
            return { kind: 'empty' };
        }
        throw new GitError(args, r);
    }
    /** Commits a conflicted apply as it stands, markers and all (backport's draft mode). */
    async commitConflict(op) {
        await this.git(['add', '--all'], this.worktree);
        await this.git([...COMMIT_CONFIG, op, '--continue'], this.worktree);
        return this.head();
    }
    async abort(op) {
        if (this.tree)
            await this.gitRun([op, '--abort'], this.tree);
    }
    async gitPath(name) {
        const p = await this.git(['rev-parse', '--git-path', name], this.worktree);
        return p.startsWith('/') ? p : (0,external_node_path_.join)(this.worktree, p);
    }
    /**
     * Pushes the worktree's HEAD to origin's branch, never forced: a new branch is created, an
     * existing one only fast-forwards, and anything else is refused by origin and reported.
     */
    async push(branch) {
        const r = await this.gitRun(['push', '--porcelain', 'origin', `HEAD:refs/heads/${branch}`], this.worktree);
        if (r.code === 0)
            return { ok: true };
        return describePushFailure(branch, `${r.stderr}\n${r.stdout}`);
    }
    /** How this git picks without a working tree; asked once (`git version`). */
    treePicking() {
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
    async mergeTree(ours, theirs, base) {
        const picking = await this.treePicking();
        if (picking === 'none')
            throw new Error(`git merge-tree --write-tree needs git 2.38 or later`);
        let args;
        if (picking === 'merge-base') {
            args = ['merge-tree', '--write-tree', '-z', `--merge-base=${base}`, ours, theirs];
        }
        else {
            const stand = await this.commitTree(`${ours}^{tree}`, [base], 'throwaway merge base\n');
            args = ['merge-tree', '--write-tree', '-z', stand, theirs];
        }
        const r = await this.gitRun([...COMMIT_CONFIG, ...args]);
        if (r.code !== 0 && r.code !== 1)
            throw new GitError(args, r);
        return parseMergeTree(r.stdout, r.code === 0);
    }
    /** A commit of `tree` on `parents` with `message`; by `author` when given, else the identity. */
    async commitTree(tree, parents, message, author) {
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
    async pushCommits(refs) {
        if (!refs.length)
            return [];
        const results = await this.pushBatch(refs);
        if (refs.length === 1)
            return results;
        return Promise.all(refs.map(async (ref, i) => {
            const r = results[i];
            if (!r || r.ok || r.reason === 'rejected')
                return r ?? { ok: true };
            return (await this.pushBatch([ref]))[0] ?? r;
        }));
    }
    async pushBatch(refs) {
        const r = await this.gitRun([
            'push',
            '--porcelain',
            'origin',
            ...refs.map((p) => `${p.sha}:refs/heads/${p.branch}`),
        ]);
        const status = porcelainStatus(r.stdout);
        return refs.map((p) => {
            const line = status.get(`refs/heads/${p.branch}`);
            if (!line)
                return r.code === 0 ? { ok: true } : describePushFailure(p.branch, r.stderr);
            if (line.flag !== '!')
                return { ok: true };
            // Its own status line says whether the branch moved; the server's words (stderr) say why
            // a hook declined it.
            const failure = describePushFailure(p.branch, `${r.stderr}\n${line.summary}`);
            if (failure.reason === 'rejected' && !REJECTED.test(line.summary))
                return { ...failure, reason: 'other' };
            return failure;
        });
    }
    async close() {
        if (this.tree) {
            await this.gitRun(['worktree', 'remove', '--force', this.tree]);
            (0,external_node_fs_.rmSync)(this.tree, { recursive: true, force: true });
            await this.gitRun(['worktree', 'prune']);
        }
        for (const dir of this.owned)
            (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    }
}
/** `git fetch` of origin's `branches` into refs/remotes/origin/, with `options` before them. */
function fetchArgs(options, branches) {
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
function originUrl(o) {
    return `${o.serverUrl.replace(/\/$/, '')}/${o.owner}/${o.repo}.git`;
}
/** `origin/x` -> the ref fetch() wrote; anything else as given. */
function resolveRef(ref) {
    return ref.startsWith('origin/') ? remoteRef(ref.slice('origin/'.length)) : ref;
}
/** How git says a branch moved (or already exists) and was not overwritten. */
const REJECTED = /\[rejected\]|fetch first|non-fast-forward|already exists/i;
/**
 * What a refused push means. GitHub refuses a push that creates or changes a file under
 * .github/workflows/ unless the token has the `workflows` permission, which GITHUB_TOKEN can
 * never have; git prints GitHub's reason in the push output.
 */
function describePushFailure(branch, output) {
    const wf = /refusing to allow an? .*?to create or update workflow `?([^`\s]+)`? without `?(workflows?)`? (permission|scope)/i.exec(output);
    if (wf?.[1]) {
        return {
            ok: false,
            reason: 'workflows',
            file: wf[1],
            message: `GitHub refused the push to ${branch} because it changes ${wf[1]} and the token may not ` +
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
function porcelainStatus(stdout) {
    const map = new Map();
    for (const line of stdout.split('\n')) {
        const m = /^(.)\t[^:]*:(\S+)\t(.*)$/.exec(line);
        const [, flag = '', ref = '', summary = ''] = m ?? [];
        if (m)
            map.set(ref, { flag, summary });
    }
    return map;
}
/** Records of a `%x00`-separated, `%x1e`-terminated `git log --format`. */
function logRecords(out) {
    return out
        .split('\x1e')
        .map((r) => r.replace(/^\n/, ''))
        .filter((r) => r.trim() !== '')
        .map((r) => r.split('\x00'));
}

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(2088);
var semver_default = /*#__PURE__*/__webpack_require__.n(semver);
;// CONCATENATED MODULE: ./src/backport/targets.ts
// Which branches a fix goes to: names and globs from the inputs, the policy, labels and a
// `/backport` comment, resolved against the branches the remote really has. A glob keeps
// only its `latest` highest versions, ordered by semver (release/1.10 above release/1.9).


function isGlob(pattern) {
    return picomatch_default().scan(pattern).isGlob;
}
/** The version a branch name carries (`release/1.10` -> 1.10.0), or undefined. */
function branchVersion(branch) {
    return semver_default().coerce(branch) ?? undefined;
}
/** Highest version first; branches without a version last, by name. */
function byVersionDescending(a, b) {
    const va = branchVersion(a);
    const vb = branchVersion(b);
    if (va && vb)
        return semver_default().rcompare(va, vb) || a.localeCompare(b);
    if (va)
        return -1;
    if (vb)
        return 1;
    return a.localeCompare(b);
}
/**
 * Resolves requested names and globs against the remote's branches. `latest` (0 for all)
 * limits what each glob keeps to its highest versions; branches without a version in their
 * name cannot be ranked, so a limited glob leaves them out and says so.
 */
function resolveTargets(requests, remoteBranches, opts) {
    const out = { targets: [], missing: [], skipped: [], notes: [] };
    const remote = new Set(remoteBranches);
    const seen = new Set();
    const add = (branch, source) => {
        if (seen.has(branch))
            return;
        seen.add(branch);
        const excluded = opts.exclude.find((e) => e.branch === branch);
        if (excluded)
            out.skipped.push({ branch, reason: excluded.reason });
        else
            out.targets.push({ branch, source });
    };
    for (const req of requests) {
        if (!isGlob(req.pattern)) {
            if (remote.has(req.pattern))
                add(req.pattern, req.source);
            else
                out.missing.push({
                    ...req,
                    reason: `origin has no branch ${req.pattern}`,
                });
            continue;
        }
        const matches = remoteBranches.filter((b) => picomatch_default().isMatch(b, req.pattern, { dot: true }));
        if (matches.length === 0) {
            out.notes.push(`${req.pattern} (${req.source}) matches no branch of origin`);
            continue;
        }
        const ranked = [...matches].sort(byVersionDescending);
        let kept = ranked;
        if (opts.latest > 0) {
            const versioned = ranked.filter((b) => branchVersion(b));
            const unversioned = ranked.filter((b) => !branchVersion(b));
            kept = versioned.slice(0, opts.latest);
            if (unversioned.length)
                out.notes.push(`${req.pattern}: ${unversioned.join(', ')} carry no version to rank by latest, left out`);
        }
        out.notes.push(`${req.pattern} (${req.source}) matches ${matches.length} branch(es)` +
            (opts.latest > 0 ? `, keeping the latest ${opts.latest}` : '') +
            `: ${kept.join(', ') || 'none'}`);
        for (const b of kept)
            add(b, req.source);
    }
    return out;
}

// EXTERNAL MODULE: ./src/backport/merge-method.ts
var merge_method = __webpack_require__(5016);
;// CONCATENATED MODULE: ./src/backport/commits.ts
// What a backport reads from git about the commits it picks: the merged history, their
// subjects, whether a target already has them (same patch), and what an earlier run left on
// a backport branch. Over the shared repository adapter.

const PICKED_FROM = /\(cherry picked from commit ([0-9a-f]{40,64})\)/g;
/**
 * The first-parent history ending at `sha`, newest first, `n` commits (at least `sha`
 * itself), with the parents of `sha`, and each of them as a pick needs it: one git call
 * answers what the plan and a squash or rebase pick need.
 */
async function firstParentChain(repo, sha, n) {
    const out = await repo.git([
        'log',
        '--first-parent',
        `--max-count=${Math.max(n, 1)}`,
        '--date=raw',
        `--format=${RECORD_FORMAT}`,
        sha,
    ]);
    const records = logRecords(out).map(toRecord);
    const chain = records.map((r) => ({
        sha: r.sha,
        parents: r.parents.length,
        authorName: r.author.name,
        authorEmail: r.author.email,
        authorDate: r.authorIso,
        message: r.message,
    }));
    return {
        chain: chain.slice(0, n),
        parents: records[0]?.parents ?? [],
        records: new Map(records.map((r) => [r.sha, r])),
    };
}
const RECORD_FORMAT = '%H%x00%P%x00%an%x00%ae%x00%ad%x00%aI%x00%s%x00%B%x1e';
function toRecord([sha = '', p = '', an = '', ae = '', ad = '', iso = '', subject = '', ...body]) {
    return {
        sha,
        parents: p.split(' ').filter(Boolean),
        subject,
        message: body.join('\x00'),
        author: { name: an, email: ae, date: `@${ad}` },
        authorIso: iso,
    };
}
/** The commits to pick, by sha, in one git call; none when `known` has them all. */
async function readCommits(repo, shas, known = new Map()) {
    const missing = [...new Set(shas)].filter((sha) => !known.has(sha));
    const map = new Map();
    for (const sha of shas) {
        const record = known.get(sha);
        if (record)
            map.set(sha, record);
    }
    if (!missing.length)
        return map;
    const out = await repo.git([
        'log',
        '--no-walk=unsorted',
        '--date=raw',
        `--format=${RECORD_FORMAT}`,
        ...missing,
    ]);
    for (const r of logRecords(out).map(toRecord))
        map.set(r.sha, r);
    return map;
}
/**
 * True when the target already has a commit with the same patch-id (`git cherry`). Asked
 * only when a pick turned out empty or conflicting: it reads every diff the target has since
 * it forked, which in a blobless clone fetches their blobs.
 */
async function targetContains(repo, target, c) {
    const [parent, ...more] = c.parents;
    if (!parent || more.length)
        return false; // merges and roots have no single patch to compare
    const out = await repo.git(['cherry', remoteRef(target), c.sha, parent]);
    return out.split('\n').some((l) => l.startsWith('- '));
}
/**
 * Commits of the targets (not of the PR's base: `exclude` is the merge commit) whose message
 * names one of the picks in `(cherry picked from commit <sha>)`: a backport someone made by
 * hand, resolving conflicts, has a different patch-id but still says what it carries. One
 * `git log` for every target; which target holds a find is asked only when there is one.
 */
async function handBackports(repo, targets, picks, exclude) {
    const byTarget = new Map();
    if (!targets.length || !picks.length)
        return byTarget;
    const out = await repo.git([
        'log',
        '--fixed-strings',
        ...picks.map((sha) => `--grep=(cherry picked from commit ${sha})`),
        '--format=%H%x00%s%x00%B%x1e',
        ...targets.map(remoteRef),
        '--not',
        exclude,
        '--',
    ]);
    const wanted = new Set(picks);
    const found = logRecords(out)
        .map(([sha = '', subject = '', ...body]) => ({
        sha,
        subject,
        originals: [...body.join('\x00').matchAll(PICKED_FROM)]
            .map((m) => m[1] ?? '')
            .filter((o) => wanted.has(o)),
    }))
        .filter((f) => f.originals.length);
    for (const f of found) {
        const refs = await repo.git([
            'for-each-ref',
            `--contains=${f.sha}`,
            '--format=%(refname)',
            ...targets.map(remoteRef),
        ]);
        for (const ref of refs.split('\n').filter(Boolean)) {
            const target = targets.find((t) => remoteRef(t) === ref);
            if (target)
                byTarget.set(target, [...(byTarget.get(target) ?? []), f]);
        }
    }
    return byTarget;
}
/** The commits a branch has on top of the target, oldest first, with their -x origins. */
async function commitsOnTop(repo, target, branch) {
    const out = await repo.git([
        'log',
        '--reverse',
        '--no-merges',
        '--format=%H%x00%s%x00%B%x1e',
        `${remoteRef(target)}..${remoteRef(branch)}`,
    ]);
    return logRecords(out).map(([sha = '', subject = '', body = '']) => {
        const from = [...body.matchAll(PICKED_FROM)].pop();
        return { sha, subject, ...(from?.[1] ? { pickedFrom: from[1] } : {}) };
    });
}

// EXTERNAL MODULE: ./src/backport/templates.ts
var templates = __webpack_require__(2475);
// EXTERNAL MODULE: ./src/shared/text/shell-quote.ts
var shell_quote = __webpack_require__(7126);
// EXTERNAL MODULE: ./src/shared/git/sha.ts
var sha = __webpack_require__(9348);
;// CONCATENATED MODULE: ./src/backport/conflicts.ts
const hasMarkers = (c) => c.kind === 'content';
/** The conflicts of a `git merge-tree --write-tree` result, one per file a person must handle. */
function conflictsOf(merge) {
    const stages = new Map(merge.conflicts.map((c) => [c.path, c.stages]));
    const out = new Map();
    const set = (c) => {
        // A binary conflict is reported as binary and as contents: binary wins.
        const seen = out.get(c.path);
        if (seen && seen.kind === 'binary')
            return;
        out.set(c.path, c);
    };
    for (const m of merge.messages) {
        if (!m.type.startsWith('CONFLICT'))
            continue;
        const [first = '', second, third] = m.paths;
        const message = m.text;
        switch (m.type) {
            case 'CONFLICT (contents)':
                set({ path: first, kind: 'content', message });
                break;
            case 'CONFLICT (binary)':
                set({ path: first, kind: 'binary', message });
                break;
            case 'CONFLICT (modify/delete)':
                set({ path: first, kind: deletedBy(stages.get(first)), message });
                break;
            case 'CONFLICT (rename/rename)':
                // paths: the original, the target's name, the fix's name.
                set({
                    path: first,
                    kind: 'renamed on both sides',
                    to: [second ?? '', third ?? ''],
                    message,
                });
                break;
            case 'CONFLICT (rename/delete)': {
                // paths: the new name, the old one; the side holding the new name renamed it.
                const s = stages.get(first);
                set({
                    path: first,
                    kind: 'renamed and deleted',
                    ...(second ? { from: second } : {}),
                    renamedByFix: Boolean(s?.[3]) && !s?.[2],
                    message,
                });
                break;
            }
            case 'CONFLICT (directory rename suggested)':
            case 'CONFLICT (implicit dir rename)':
                set({ path: first, kind: 'file location', ...(second ? { from: second } : {}), message });
                break;
            default:
                set({ path: first, kind: 'other', message });
        }
    }
    // A conflicted path git said nothing typed about is still a conflict.
    for (const c of merge.conflicts)
        if (![...out.values()].some((o) => o.path === c.path || o.to?.includes(c.path)))
            set({ path: c.path, kind: 'other', message: '' });
    return [...out.values()];
}
/** modify/delete: which side deleted it (stage 2 is the target's, 3 the fix's). */
function deletedBy(s) {
    if (s && !s[2])
        return 'deleted on target';
    if (s && !s[3])
        return 'deleted by the fix';
    return 'other';
}
/**
 * Conflicts as the index of a failed `git cherry-pick` shows them (git before 2.38 has no
 * merge-tree --write-tree): by stages, and `markers` tells a text conflict from a binary one.
 */
function conflictsOfIndex(paths) {
    return paths.map(({ path, stages, markers }) => {
        const kind = !stages[2] && stages[3]
            ? 'deleted on target'
            : stages[2] && !stages[3] && stages[1]
                ? 'deleted by the fix'
                : markers
                    ? 'content'
                    : stages[2] && stages[3]
                        ? 'binary'
                        : 'other';
        return { path, kind, message: '' };
    });
}
/** `logo.bin (binary: both sides changed it, no markers)`, for details. */
function describeConflict(c, target) {
    return `${c.path} (${conflictKindText(c, target)})`;
}
/** The kind of a file's conflict in words: `deleted on release/1.0`. */
function conflictKindText(c, target) {
    const what = {
        content: 'conflicting changes',
        binary: 'binary: both sides changed it, no markers',
        'deleted on target': `deleted on ${target}`,
        'moved on target': `moved on ${target} to ${c.to?.[0] ?? '?'}`,
        'deleted by the fix': `deleted by the fix, changed on ${target}`,
        'renamed on both sides': `renamed to ${c.to?.[0] ?? '?'} on ${target} and to ${c.to?.[1] ?? '?'} by the fix`,
        'renamed and deleted': c.renamedByFix
            ? `renamed from ${c.from ?? '?'} by the fix, deleted on ${target}`
            : `renamed from ${c.from ?? '?'} on ${target}, deleted by the fix`,
        'file location': `added by the fix in ${dirOf(c.from)}, which ${target} renamed`,
        other: c.message || 'conflict',
    };
    return what[c.kind];
}
function dirOf(path) {
    if (!path)
        return 'a directory';
    const i = path.lastIndexOf('/');
    return i < 0 ? '.' : `${path.slice(0, i)}/`;
}

;// CONCATENATED MODULE: ./src/backport/conflict-help.ts
// The comment left on the original PR when a target conflicts: what conflicted (each file
// with its kind of conflict), and the exact commands to finish by hand, with cherry-pick or
// with a patch file (git format-patch / git am). The commands depend on the kind: `git add`
// is right for a file with markers but brings back a file the target deleted, so a file
// deleted, moved or renamed on one side gets its own lines. Every value in a command is
// shell-quoted: paths and branch names come from the repository and a person will paste these
// lines into a shell.




function conflictKey(target) {
    return `backport-conflict:${target}`;
}
/** The lines that resolve one file's conflict, once git stopped on it. */
function resolveLines(c, f) {
    const p = (0,shell_quote/* shellQuote */.Z)(c.path);
    const t = f.target;
    switch (c.kind) {
        case 'content':
            return [`# ${c.path}: resolve the <<<<<<< ======= >>>>>>> markers, then`, `git add -- ${p}`];
        case 'binary':
            return [
                `# ${c.path} is binary: take the fix's version (or --ours to keep ${t}'s)`,
                `git checkout --theirs -- ${p}`,
                `git add -- ${p}`,
            ];
        case 'deleted on target':
            return [
                `# ${c.path} was deleted on ${t} and the fix changes it: keep it deleted`,
                `git rm --quiet -- ${p}`,
                `# (or, if ${t} still needs it with the fix: git add -- ${p})`,
            ];
        case 'moved on target': {
            // The fix's change to the old file, merged into the file where the target has it now.
            const to = (0,shell_quote/* shellQuote */.Z)(c.to?.[0] ?? '');
            const parent = f.plan.mainline ? `${f.conflictAt}^1` : `${f.conflictAt}^`;
            return [
                `# ${c.path} moved to ${c.to?.[0] ?? '?'} on ${t}: apply the fix's change there`,
                `git show ${(0,shell_quote/* shellQuote */.Z)(`${parent}:${c.path}`)} > .backport-base`,
                `git show ${(0,shell_quote/* shellQuote */.Z)(`${f.conflictAt}:${c.path}`)} > .backport-fix`,
                `git merge-file ${to} .backport-base .backport-fix # resolve any markers it leaves`,
                'rm .backport-base .backport-fix',
                `git rm --quiet -- ${p}`,
                `git add -- ${to}`,
            ];
        }
        case 'deleted by the fix':
            return [
                `# the fix deletes ${c.path}, which ${t} changed since: delete it`,
                `git rm --quiet -- ${p}`,
                `# (or keep ${t}'s version: git add -- ${p})`,
            ];
        case 'renamed on both sides': {
            const [ours = '', theirs = ''] = c.to ?? [];
            return [
                `# ${c.path} is ${ours} on ${t} and ${theirs} in the fix: keep ${t}'s name`,
                `git rm --quiet --cached -- ${p}`,
                `git rm --quiet -- ${(0,shell_quote/* shellQuote */.Z)(theirs)}`,
                `git add -- ${(0,shell_quote/* shellQuote */.Z)(ours)}`,
            ];
        }
        case 'renamed and deleted':
            return c.renamedByFix
                ? [
                    `# the fix renamed ${c.from ?? '?'} to ${c.path}, which ${t} deleted: keep it deleted`,
                    `git rm --quiet -- ${p}`,
                    `# (or keep it with the fix: git add -- ${p})`,
                ]
                : [
                    `# ${t} renamed ${c.from ?? '?'} to ${c.path}, which the fix deletes: delete it`,
                    `git rm --quiet -- ${p}`,
                    `# (or keep ${t}'s file: git add -- ${p})`,
                ];
        case 'file location':
            return [
                `# the fix adds ${c.from ?? c.path}; ${t} renamed its directory, so git put it at ${c.path}: check it, then`,
                `git add -- ${p}`,
            ];
        default:
            return [`# ${c.path}: ${c.message || 'resolve it'}, then`, `git add -- ${p}`];
    }
}
function resolveAll(f) {
    return f.conflicts.flatMap((c) => resolveLines(c, f));
}
function cherryPickCommands(f) {
    return [
        `git fetch origin ${(0,shell_quote/* shellQuote */.Z)(f.target)} ${(0,shell_quote/* shellQuote */.Z)(f.base)}`,
        `git switch --create ${(0,shell_quote/* shellQuote */.Z)(f.branch)} ${(0,shell_quote/* shellQuote */.Z)(`origin/${f.target}`)}`,
        `git cherry-pick -x${f.plan.mainline ? ' -m 1' : ''} ${f.picks.join(' ')}`,
        ...resolveAll(f),
        'git cherry-pick --continue',
        `git push --set-upstream origin ${(0,shell_quote/* shellQuote */.Z)(f.branch)}`,
        `gh pr create --base ${(0,shell_quote/* shellQuote */.Z)(f.target)} --head ${(0,shell_quote/* shellQuote */.Z)(f.branch)} --fill`,
    ].join('\n');
}
function patchCommands(f) {
    const patch = `pr-${f.number}.patch`;
    const make = f.plan.mainline
        ? [`git diff ${f.picks[0]}^1 ${f.picks[0]} > ${patch}`]
        : f.picks.map((sha, i) => `git format-patch -k --stdout -1 ${sha} ${i === 0 ? '>' : '>>'} ${patch}`);
    const apply = f.plan.mainline
        ? [
            `git apply --3way ${patch}`,
            ...resolveAll(f),
            `git commit -m ${(0,shell_quote/* shellQuote */.Z)(`Backport #${f.number} to ${f.target}`)}`,
        ]
        : [`git am -3 -k ${patch}`, ...resolveAll(f), 'git am --continue'];
    return [
        `git fetch origin ${(0,shell_quote/* shellQuote */.Z)(f.target)} ${(0,shell_quote/* shellQuote */.Z)(f.base)}`,
        ...make,
        `git switch --create ${(0,shell_quote/* shellQuote */.Z)(f.branch)} ${(0,shell_quote/* shellQuote */.Z)(`origin/${f.target}`)}`,
        ...apply,
        `git push --set-upstream origin ${(0,shell_quote/* shellQuote */.Z)(f.branch)}`,
    ].join('\n');
}
function conflictComment(f) {
    return [
        `### ⚠️ Backport to \`${(0,markdown.md)(f.target)}\` needs a hand`,
        `Cherry-picking \`${(0,sha/* shortSha */.F)(f.conflictAt)}\` onto \`${(0,markdown.md)(f.target)}\` conflicts in ` +
            f.conflicts
                .map((c) => `\`${(0,markdown.md)(c.path)}\` (${(0,markdown.md)(conflictKindText(c, f.target))})`)
                .join(', ') +
            `. Nothing was pushed. PR #${f.number} was merged by ${f.plan.method} (${(0,markdown.md)(f.plan.reason)}).`,
        'Finish it by hand with cherry-pick:',
        (0,markdown/* codeBlock */.DV)(cherryPickCommands(f), 'sh'),
        'Or with a patch file (`git am` leaves `(cherry picked from commit …)` out: add it to the message to keep the trail):',
        (0,markdown/* codeBlock */.DV)(patchCommands(f), 'sh'),
        `Re-running the workflow after the branch \`${(0,markdown.md)(f.branch)}\` has its PR reports that PR instead of trying again. <sub>[run](${f.runUrl})</sub>`,
    ].join('\n\n');
}

;// CONCATENATED MODULE: ./src/backport/pick-message.ts
// The message of a backported commit, byte for byte what `git cherry-pick -x` writes: the
// original message, `(cherry picked from commit <sha>)` after it (in the trailer block when
// the message ends with one, else after a blank line), then git's whitespace cleanup.
// Written here because the picks are committed with `git commit-tree`, which takes a message
// as given. The rules follow git's sequencer.c (has_conforming_footer), trailer.c
// (find_trailer_start) and strbuf_stripspace; a unit test holds them against real git.
const GENERATED = ['Signed-off-by: ', '(cherry picked from commit '];
function cherryPickMessage(message, sha) {
    let msg = message;
    if (msg && !msg.endsWith('\n'))
        msg += '\n';
    if (!hasTrailerBlock(msg))
        msg += '\n';
    msg += `(cherry picked from commit ${sha})\n`;
    return stripSpace(msg);
}
/** git's `--cleanup=whitespace`: trailing whitespace off, blank lines collapsed and trimmed. */
function stripSpace(text) {
    let out = '';
    let empties = 0;
    const lines = text.split('\n');
    if (text.endsWith('\n'))
        lines.pop();
    for (const line of lines) {
        const kept = line.replace(/[ \t\n\v\f\r]+$/, '');
        if (!kept) {
            empties++;
            continue;
        }
        if (empties > 0 && out)
            out += '\n';
        empties = 0;
        out += `${kept}\n`;
    }
    return out;
}
const isBlank = (line) => /^[ \t\v\f\r]*$/.test(line);
const isSpace = (c) => c !== undefined && /[ \t\n\v\f\r]/.test(c);
/** Whether the message ends with a trailer block (git's has_conforming_footer). */
function hasTrailerBlock(msg) {
    const lines = splitLines(msg.slice(0, endOfLog(msg)));
    // The first paragraph is the title and never holds trailers.
    let title = 0;
    for (const line of lines) {
        if (!line.startsWith('#') && isBlank(line))
            break;
        title++;
    }
    let onlySpaces = true;
    let recognized = false;
    let trailers = 0;
    let others = 0;
    let continuations = 0;
    for (let i = lines.length - 1; i >= title; i--) {
        const line = lines[i] ?? '';
        if (line.startsWith('#')) {
            others += continuations;
            continuations = 0;
            continue;
        }
        if (isBlank(line)) {
            if (onlySpaces)
                continue;
            others += continuations;
            return (recognized && trailers * 3 >= others) || (trailers > 0 && others === 0);
        }
        onlySpaces = false;
        if (GENERATED.some((p) => line.startsWith(p))) {
            trailers++;
            continuations = 0;
            recognized = true;
        }
        else if (separatorAt(line) >= 1 && !isSpace(line[0])) {
            trailers++;
            continuations = 0;
        }
        else if (isSpace(line[0])) {
            continuations++;
        }
        else {
            others += 1 + continuations;
            continuations = 0;
        }
    }
    return false;
}
/** Where `Token:` ends (git's find_separator with ":"), or -1. */
function separatorAt(line) {
    let whitespace = false;
    for (const [i, c] of [...line].entries()) {
        if (c === ':')
            return i;
        if (!whitespace && /[A-Za-z0-9-]/.test(c))
            continue;
        if (i > 0 && (c === ' ' || c === '\t')) {
            whitespace = true;
            continue;
        }
        break;
    }
    return -1;
}
/** The message without its trailing run of comment and empty lines (git's ignore_non_trailer). */
function endOfLog(msg) {
    let boc = -1;
    let conflicts = false;
    let bol = 0;
    while (bol < msg.length) {
        const nl = msg.indexOf('\n', bol);
        const next = nl < 0 ? msg.length : nl + 1;
        const line = msg.slice(bol, next);
        if (line.startsWith('#') || line === '\n') {
            if (boc < 0)
                boc = bol;
        }
        else if (line === 'Conflicts:\n') {
            conflicts = true;
            if (boc < 0)
                boc = bol;
        }
        else if (conflicts && line.startsWith('\t')) {
            // a path of an old Conflicts: block
        }
        else if (boc >= 0) {
            boc = -1;
            conflicts = false;
        }
        bol = next;
    }
    return boc >= 0 ? boc : msg.length;
}
/** Lines without their newline; a final newline does not start another line. */
function splitLines(text) {
    const lines = text.split('\n');
    if (text.endsWith('\n'))
        lines.pop();
    return lines;
}

;// CONCATENATED MODULE: ./src/backport/pick.ts
// The pick step: the commits a target lacks, replayed one after the other onto origin's
// target the way `git cherry-pick -x` does, behind a small interface so how the picks are
// made can change without the rest of the flow noticing. Pushing is not part of it.
//
// With git 2.38 or later nothing is checked out: `git merge-tree --write-tree` computes each
// pick as a tree (only the blobs both sides changed are read, or fetched in a blobless clone)
// and `git commit-tree` commits it with the original's author and cherry-pick's message. Older
// git cherry-picks in a private worktree instead; both give the same trees and messages.







async function pickCommits(r) {
    const picking = await r.git.treePicking();
    const roots = r.commits.some((c) => !c.contained && !r.records.get(c.original)?.parents[0]);
    return picking === 'none' || roots ? pickInWorktree(r) : pickAsTrees(r);
}
function messageOf(r, c) {
    return r.mainline ? r.mainlineMessage(c.sha) : cherryPickMessage(c.message, c.sha);
}
async function pickAsTrees(r) {
    let head = r.tip.sha;
    let tree = r.tip.tree;
    for (const c of r.commits) {
        if (c.contained)
            continue;
        const record = r.records.get(c.original);
        const base = record?.parents[0];
        if (!record || !base)
            throw new Error(`${c.original} was not read, or has no parent`);
        const merged = await r.git.mergeTree(head, c.original, base);
        if (merged.clean && merged.tree === tree) {
            c.contained = true; // an empty pick: the change is already there
            continue;
        }
        if (!merged.clean) {
            if (!r.mainline && (await targetContains(r.git, r.target, record))) {
                c.contained = true;
                continue;
            }
            const conflicts = await withMoves(r, record, conflictsOf(merged));
            if (r.conflicts !== 'draft' || !conflicts.every(hasMarkers))
                return { kind: 'conflict', at: c.original, conflicts };
            c.conflicts = conflicts.map((f) => f.path);
        }
        head = await r.git.commitTree(merged.tree, [head], messageOf(r, record), record.author);
        tree = merged.tree;
        c.backported = head;
    }
    return { kind: 'picked', head };
}
/**
 * A file the fix changes and the target deleted may have moved on the target, changed too
 * much for git's rename detection to follow: the commit that deleted it on the target says,
 * with a looser similarity.
 */
async function withMoves(r, record, conflicts) {
    return Promise.all(conflicts.map(async (c) => {
        if (c.kind !== 'deleted on target')
            return c;
        const deleter = await r.git.git([
            'log',
            '-1',
            '--format=%H',
            '--diff-filter=D',
            remoteRef(r.target),
            `^${record.parents[0]}`,
            '--',
            c.path,
        ]);
        if (!deleter)
            return c;
        const out = await r.git.git([
            'diff-tree',
            '-r',
            '-z',
            '--no-commit-id',
            '-M30%',
            '--diff-filter=R',
            '--name-status',
            deleter,
        ]);
        const f = out.split('\0');
        for (let i = 0; i + 2 < f.length; i += 3)
            if (f[i + 1] === c.path)
                return { ...c, kind: 'moved on target', to: [f[i + 2] ?? ''] };
        return c;
    }));
}
async function pickInWorktree(r) {
    const { git } = r;
    await git.checkout(r.target);
    for (const c of r.commits) {
        if (c.contained)
            continue;
        const record = r.records.get(c.original);
        if (!record)
            throw new Error(`${c.original} was not read`);
        const applied = await git.apply('cherry-pick', c.original, r.mainline);
        if (applied.kind === 'empty') {
            c.contained = true;
            continue;
        }
        if (applied.kind === 'conflict') {
            const conflicts = await indexConflicts(git, applied.files);
            if (r.conflicts !== 'draft' || !conflicts.every(hasMarkers)) {
                await git.abort('cherry-pick');
                if (!r.mainline && (await targetContains(git, r.target, record))) {
                    // Same patch already there: pick what follows onto the target as it was.
                    c.contained = true;
                    return pickInWorktree(r);
                }
                return { kind: 'conflict', at: c.original, conflicts };
            }
            c.conflicts = applied.files;
            await git.commitConflict('cherry-pick');
        }
        if (r.mainline)
            await git.git([
                '-c',
                'core.hooksPath=/dev/null',
                '-c',
                'commit.gpgsign=false',
                'commit',
                '--amend',
                '--quiet',
                '--cleanup=verbatim',
                '-m',
                messageOf(r, record).trimEnd(),
            ], git.worktree);
        c.backported = await git.head();
    }
    return { kind: 'picked', head: await git.head() };
}
/** The kind of each conflicted file of a cherry-pick left in the worktree. */
async function indexConflicts(git, files) {
    const out = await git.git(['ls-files', '-u', '-z'], git.worktree);
    const stages = stagesByPath(out.split('\0'));
    return conflictsOfIndex(files.map((path) => {
        const file = (0,external_node_path_.join)(git.worktree, path);
        const text = (0,external_node_fs_.existsSync)(file) ? (0,external_node_fs_.readFileSync)(file, 'latin1') : '';
        return {
            path,
            stages: stages.get(path) ?? {},
            markers: /^<{7} /m.test(text) && /^>{7} /m.test(text),
        };
    }));
}

;// CONCATENATED MODULE: ./src/backport/outcome.ts
/** What every outcome of a target with a branch carries; `commits` as far as they are known. */
function outcomeBase(j) {
    return {
        target: j.target,
        source: j.source,
        branch: j.branch,
        commits: j.commits ?? [],
        warnings: [],
    };
}
function describe(o) {
    if (o.status === 'created')
        return (`${o.reused ? 'opened from the existing branch' : 'opened'} #${o.number}` +
            (o.draft ? ' (draft, with conflicts)' : '') +
            (o.autoMerge === 'merged'
                ? ', merged'
                : o.autoMerge === 'mergeable'
                    ? ', mergeable now'
                    : o.autoMerge === 'checks-not-passing'
                        ? ', mergeable now but checks are failing or pending: not merged'
                        : ''));
    return `${o.status}: ${o.reason}: ${o.detail}`;
}

;// CONCATENATED MODULE: ./src/backport/open-pull.ts
// The last step of a target: the backport PR from the pushed (or reused) branch, a draft when
// conflicts were committed, then its labels, assignees and auto-merge. What goes wrong after
// the PR exists is a warning on the outcome, not a failure of the target.
//
// GitHub enables auto-merge only on a PR something still holds back (a required check or
// review): one that is mergeable now is refused ("Pull request is in clean status"), and a
// fresh backport into an unprotected branch usually is. That is reported as mergeable now, not
// as a settings problem; with `auto-merge: merge-when-clean` it is merged right away instead.
// GitHub also refuses a PR in "unstable" status: mergeable, but a check that no rule requires
// is failing or still running. Merging that would ship a backport whose CI is red or unknown,
// so it is never merged here: it is reported and left open for a person.




/** GitHub's refusal of auto-merge for a PR with nothing left to wait for. */
const MERGEABLE_NOW = /is in (clean|unstable) status/i;
/** The same refusal for a PR whose (not required) checks are failing or pending. */
const CHECKS_NOT_PASSING = /is in unstable status/i;
async function openPull(j) {
    const conflicts = [...new Set(j.commits.flatMap((c) => c.conflicts))];
    const draft = conflicts.length > 0;
    const created = await j.ports.github.createPull({
        title: titleOf(j),
        body: bodyOf(j),
        head: j.branch,
        base: j.target,
        draft,
    });
    if (created.kind === 'exists') {
        return {
            ...outcomeBase(j),
            status: 'skipped',
            reason: 'pull request exists',
            detail: `#${created.pull.number} was opened meanwhile: nothing new opened`,
            number: created.pull.number,
            url: created.pull.url,
        };
    }
    const { warnings, autoMerge } = await finishPull({ ...j, created, draft });
    for (const w of warnings)
        core/* warning */.$e(`${j.target}: ${w}`, { title: 'Backport' });
    return {
        ...outcomeBase(j),
        warnings,
        status: 'created',
        number: created.number,
        url: created.url,
        draft,
        conflicts,
        reused: j.reused,
        autoMerge,
    };
}
function titleOf(j) {
    return (0,templates/* fillTemplate */.ou)(j.s.titleTemplate, j.s.original, j.target);
}
function bodyOf(j) {
    const o = j.s.original;
    return (0,templates/* prBody */.pv)({
        number: o.number,
        url: o.url,
        title: o.title,
        target: j.target,
        branch: j.branch,
        base: o.baseRef,
        severity: j.s.severity,
        plan: j.s.plan,
        commits: j.commits,
        runUrl: j.s.runUrl,
    });
}
/** Labels, assignees and auto-merge of the new PR; what did not work, as warnings. */
async function finishPull(j) {
    const { s, ports } = j;
    const warnings = [];
    await ports.github
        .setLabelsAndAssignees(j.created.number, s.labels, s.assignees)
        .catch((err) => warnings.push(`labels (${s.labels.join(', ') || 'none'}) and assignees (${s.assignees.join(', ') || 'none'}) not set: ${(0,errors/* messageOf */.bD)(err)}`));
    let autoMerge = 'off';
    if (s.autoMerge !== 'off' && j.draft) {
        warnings.push('auto-merge not enabled: the PR is a draft with conflicts to resolve');
    }
    else if (s.autoMerge !== 'off') {
        autoMerge = await autoMergeOf(j, warnings);
    }
    return { warnings, autoMerge };
}
async function autoMergeOf(j, warnings) {
    const { s, ports } = j;
    const n = j.created.number;
    const refusal = await ports.github.enableAutoMerge(j.created.nodeId, s.plan.method);
    if (!refusal)
        return 'enabled';
    if (!MERGEABLE_NOW.test(refusal)) {
        warnings.push(`auto-merge not enabled on #${n}: ${refusal} (turn on "Allow auto-merge" in the repository settings; the token needs contents: write and pull-requests: write)`);
        return 'refused';
    }
    if (CHECKS_NOT_PASSING.test(refusal)) {
        // Asked to merge and did not: a warning. Only asked for auto-merge: a notice is enough.
        // Not in `warnings`: the summary already says it through the auto-merge result.
        const annotate = s.autoMerge === 'merge-when-clean' ? core/* warning */.$e : core/* notice */.lm;
        annotate(`${j.target}: #${n} is mergeable now, but checks are failing or pending: not merged (left open for a person)`, { title: 'Backport' });
        return 'checks-not-passing';
    }
    if (s.autoMerge !== 'merge-when-clean') {
        core/* notice */.lm(`${j.target}: #${n} is mergeable now (no required check or review holds it), so GitHub has no auto-merge to enable; merge it, or set auto-merge: merge-when-clean`, { title: 'Backport' });
        return 'mergeable';
    }
    const notMerged = await ports.github.mergePull(n, s.plan.method, j.head);
    if (!notMerged)
        return 'merged';
    warnings.push(`#${n} is mergeable now but was not merged: ${notMerged}`);
    return 'mergeable';
}

;// CONCATENATED MODULE: ./src/backport/backport.ts
// The backport of one merged PR to each target, in one repository, in four passes so the
// work shared by targets is done once: what the picks are and which targets already carry
// them (one git call each), then per target what an earlier run did (a PR, a branch) and the
// picks (no checkout: see pick.ts), then one push for every new branch (never forced), then
// the PRs. A target that fails is recorded and the others go on.











/**
 * The backport branch of every target and the PR an earlier run (or a person) opened from
 * it, looked up for all targets at once: these are reads (not throttled like writes), and
 * they need nothing from git, so they run while the repository is fetched.
 */
function lookUpEarlier(r) {
    return Promise.all(r.targets.map(async ({ branch: target, source }) => {
        const branch = (0,templates/* fillTemplate */.ou)(r.branchTemplate, r.original, target);
        const bad = (0,templates/* badBranchName */.d9)(branch);
        if (bad)
            return {
                target,
                source,
                branch,
                outcome: {
                    target,
                    source,
                    commits: [],
                    warnings: [],
                    status: 'failed',
                    reason: 'bad branch name',
                    detail: `branch-template gives "${branch}", which ${bad}`,
                },
            };
        try {
            const outcome = await earlierPull(r.github, { target, source, branch });
            return { target, source, branch, ...(outcome ? { outcome } : {}) };
        }
        catch (err) {
            return { target, source, branch, outcome: errorOutcome({ target, source }, err) };
        }
    }));
}
const slotOf = (x) => 'status' in x ? { kind: 'done', outcome: x } : { kind: 'ready', job: x };
async function backportAll({ s, earlier, ports, known, }) {
    const { git } = ports;
    const slots = earlier.map((e) => e.outcome
        ? { kind: 'done', outcome: e.outcome }
        : { kind: 'job', job: { s, ports, target: e.target, source: e.source, branch: e.branch } });
    const open = slots.flatMap((x) => (x.kind === 'job' ? [x.job] : []));
    if (open.length) {
        const [records, tips, hand] = await Promise.all([
            readCommits(git, s.plan.picks, known),
            git.remoteTips(),
            handBackports(git, open.map((j) => j.target), s.plan.picks, s.original.mergeCommitSha ?? s.plan.picks.at(-1) ?? ''),
        ]);
        const shared = { records, tips, hand };
        for (const [i, x] of slots.entries())
            if (x.kind === 'job')
                slots[i] = slotOf(await guarded(x.job, () => prepare(x.job, shared)));
    }
    // One push for every new branch; each still gets its own result.
    const toPush = slots.flatMap((x) => (x.kind === 'ready' && !x.job.reused ? [x.job] : []));
    const pushed = await git.pushCommits(toPush.map((j) => ({ branch: j.branch, sha: j.head })));
    const refused = new Map(toPush.flatMap((j, i) => (pushed[i]?.ok === false ? [[j, pushed[i]]] : [])));
    const out = [];
    for (const x of slots) {
        let outcome;
        if (x.kind === 'done')
            outcome = x.outcome;
        else if (x.kind === 'job')
            throw new Error(`${x.job.target} was never prepared`);
        else {
            const failure = refused.get(x.job);
            outcome = failure ? pushFailure(x.job, failure) : await guarded(x.job, () => openPull(x.job));
        }
        core/* info */.pq(`${outcome.target}: ${describe(outcome)}`);
        out.push(outcome);
    }
    return out;
}
/** Runs one target's step; an error fails that target only. */
async function guarded(t, step) {
    try {
        return await step();
    }
    catch (err) {
        return errorOutcome(t, err);
    }
}
function errorOutcome(t, err) {
    return {
        target: t.target,
        source: t.source,
        status: 'failed',
        reason: 'error',
        detail: (0,errors/* messageOf */.bD)(err),
        commits: [],
        warnings: [],
    };
}
/** What the target lacks, then the branch on origin reused or the picks made. */
async function prepare(job, shared) {
    const picks = { ...job, ...whatTargetLacks(job, shared) };
    if (!picks.todo.length)
        return alreadyThere(picks);
    // The branch is on origin: an earlier run's that did not get to open the PR, or someone's.
    if (job.s.remote.has(job.branch)) {
        const refused = await reuseBranch(picks, shared);
        return refused ?? { ...picks, head: job.s.remote.get(job.branch) ?? '', reused: true };
    }
    return pick(picks, shared);
}
/** The PR an earlier run (or a person) opened from the branch: open, merged or closed. */
async function earlierPull(github, j) {
    const existing = await github.findPull(j.branch, j.target);
    if (!existing)
        return undefined;
    const [reason, detail] = existing.state === 'open'
        ? ['pull request exists', `#${existing.number} is open: nothing new opened`]
        : existing.merged
            ? ['already backported', `#${existing.number} was merged`]
            : [
                'pull request closed',
                `#${existing.number} was closed without merging: delete branch ${j.branch} to backport again`,
            ];
    return {
        ...outcomeBase(j),
        status: 'skipped',
        reason,
        detail,
        number: existing.number,
        url: existing.url,
    };
}
/** The picks a commit of the target already names in `(cherry picked from commit …)`. */
function whatTargetLacks(j, shared) {
    const hand = shared.hand.get(j.target) ?? [];
    const commits = j.s.plan.picks.map((sha) => {
        const by = hand.find((h) => h.originals.includes(sha));
        return {
            original: sha,
            subject: shared.records.get(sha)?.subject ?? '',
            conflicts: [],
            contained: Boolean(by),
            ...(by ? { backportedIn: by.sha } : {}),
        };
    });
    return { commits, todo: commits.filter((c) => !c.contained).map((c) => c.original) };
}
/** Every pick is on the target already: by hand (the -x trailer), same patch or an empty pick. */
async function alreadyThere(j, samePatch) {
    const by = [...new Set(j.commits.flatMap((c) => (c.backportedIn ? [c.backportedIn] : [])))];
    if (by.length)
        return {
            ...outcomeBase(j),
            status: 'skipped',
            reason: 'already backported',
            detail: `already backported in ${by.map(sha/* shortSha */.F).join(', ')} (its message names the original: cherry picked from commit …)`,
        };
    return {
        ...outcomeBase(j),
        status: 'skipped',
        reason: 'already contains',
        detail: `${j.target} already has the change (${samePatch === false ? 'the cherry-pick changes nothing' : 'same patch'})`,
    };
}
/**
 * Reuses the branch on origin when it holds these picks (an earlier run's picks, less those
 * that were already on the target); anything else is someone's work, and it is not ours to
 * overwrite. Undefined when reused (the picks then name its commits).
 */
async function reuseBranch(j, shared) {
    const { git } = j.ports;
    const onTop = await commitsOnTop(git, j.target, j.branch);
    const from = onTop.map((c) => c.pickedFrom);
    // Ours when every commit names one of the picks, in order; a pick it lacks must then have
    // been contained by the target (an empty pick), which git cherry confirms.
    let ok = onTop.length > 0 && from.every((f) => f !== undefined);
    let at = 0;
    const missing = [];
    for (const sha of j.todo) {
        if (ok && from[at] === sha)
            at++;
        else
            missing.push(sha);
    }
    ok &&= at === from.length;
    for (const sha of ok ? missing : []) {
        const record = shared.records.get(sha);
        if (!record || !(await targetContains(git, j.target, record)))
            ok = false;
    }
    if (!ok) {
        const foreign = onTop.filter((c) => !c.pickedFrom || !j.todo.includes(c.pickedFrom));
        return {
            ...outcomeBase(j),
            status: 'failed',
            reason: 'branch exists with other commits',
            detail: `origin already has ${j.branch} with commits this backport did not make (` +
                (foreign
                    .slice(0, 3)
                    .map((c) => `${(0,sha/* shortSha */.F)(c.sha)} "${c.subject}"`)
                    .join(', ') || `${onTop.length} commits instead of ${j.todo.length}`) +
                `); nothing was pushed. Delete the branch or change branch-template, then re-run.`,
        };
    }
    for (const c of j.commits) {
        const mine = onTop.find((o) => o.pickedFrom === c.original);
        if (mine)
            c.backported = mine.sha;
        else if (missing.includes(c.original))
            c.contained = true;
    }
    return undefined;
}
function tipOf(shared, target) {
    const tip = shared.tips.get(target);
    if (!tip)
        throw new Error(`origin/${target} was not fetched`);
    return tip;
}
/** Picks onto the target; the commit to push, or why not. */
async function pick(j, shared) {
    const o = j.s.original;
    const picked = await pickCommits({
        git: j.ports.git,
        target: j.target,
        tip: tipOf(shared, j.target),
        records: shared.records,
        commits: j.commits,
        mainline: j.s.plan.mainline,
        // A merge commit's own message is "Merge pull request #N from …": the backport says what
        // the PR did instead, and keeps the trail to the commit it replays.
        mainlineMessage: (sha) => stripSpace(`${o.title} (#${o.number})\n\n(cherry picked from commit ${sha})\n`),
        conflicts: j.s.conflicts,
    });
    if (picked.kind === 'conflict')
        return conflicted({ ...j, at: picked.at, conflicts: picked.conflicts });
    if (j.commits.every((c) => c.contained)) {
        const samePatch = await Promise.all(j.commits
            .filter((c) => !c.backportedIn)
            .map((c) => {
            const record = shared.records.get(c.original);
            return record && !j.s.plan.mainline
                ? targetContains(j.ports.git, j.target, record)
                : false;
        }));
        return alreadyThere(j, samePatch.every(Boolean));
    }
    return { ...j, head: picked.head, reused: false };
}
/**
 * A conflict fails the target (conflicts: fail or comment): the commands to finish by hand go
 * in the outcome, and in a comment on the original PR unless conflicts is fail. In draft mode
 * a conflict without markers (a binary file, a file deleted or moved on one side) lands here
 * too: committing it would look resolved and lose the fix, so it gets the comment instead.
 */
async function conflicted(j) {
    const o = j.s.original;
    const files = j.conflicts.map((c) => describeConflict(c, j.target)).join(', ');
    const detail = `cherry-picking ${(0,sha/* shortSha */.F)(j.at)} conflicts in ${files}` +
        (j.s.conflicts === 'draft'
            ? '; no conflict markers to commit for a draft PR, so the commands to finish by hand are posted instead (conflicts: comment)'
            : '');
    const help = conflictComment({
        number: o.number,
        target: j.target,
        branch: j.branch,
        base: o.baseRef,
        plan: j.s.plan,
        picks: j.todo.filter((sha) => !j.commits.find((c) => c.original === sha)?.contained),
        conflictAt: j.at,
        conflicts: j.conflicts,
        runUrl: j.s.runUrl,
    });
    const failed = { ...outcomeBase(j), status: 'failed', reason: 'conflict', help };
    if (j.s.conflicts === 'fail')
        return { ...failed, detail };
    const comment = await j.ports.github.comments.upsert(o.number, conflictKey(j.target), help);
    if (!comment)
        return {
            ...failed,
            detail: `${detail}; the commands to finish by hand are in the job summary`,
        };
    return { ...failed, detail, commentUrl: comment.url };
}
/** A push that did not go through, as the target's outcome. */
function pushFailure(j, pushed) {
    return {
        ...outcomeBase(j),
        status: 'failed',
        reason: pushed.reason === 'workflows' ? 'push refused: workflows permission' : 'push failed',
        detail: pushed.reason === 'rejected'
            ? `${j.branch} appeared on origin while the backport ran; nothing was overwritten (re-run to reuse or report it)`
            : pushed.message,
    };
}

// EXTERNAL MODULE: ./src/backport/report.ts
var backport_report = __webpack_require__(8176);
;// CONCATENATED MODULE: ./src/shared/severity/keyword-rules.ts
// Keep each pattern anchored on words (\b) and bounded ([^.\n]{0,40}) so a long PR body
// cannot make a rule match across unrelated sentences or backtrack for long.
const BUILTIN_RULES = [
    // P0: security, or the whole service is gone, or user data is at risk.
    {
        severity: 'P0',
        name: 'security vulnerability',
        pattern: String.raw `\bsecurity (vulnerabilit(y|ies)|hole|flaw|issue|incident)\b|\bvulnerabilit(y|ies)\b|\bCVE-\d{4}-\d{4,}\b|\bzero[- ]day\b|\bactive(ly)? exploit(ed)?\b`,
    },
    {
        severity: 'P0',
        name: 'auth bypass',
        pattern: String.raw `\b(auth|authentication|authorization|authz|login|permission|access[- ]control|2fa|mfa)[- ]bypass\b|\bbypass(es|ed|ing)? (the )?(auth|authentication|authorization|login|2fa|mfa|permission)|\bprivilege escalation\b`,
    },
    {
        severity: 'P0',
        name: 'data breach or leak',
        pattern: String.raw `\bdata (breach|leak|leakage|exposure)\b|\b(pii|personal data|credentials?|secrets?|api keys?|tokens?|passwords?) (are |is |were |was )?(leak(ed|ing)?|exposed)\b`,
    },
    {
        severity: 'P0',
        name: 'remote code execution',
        pattern: String.raw `\bremote code execution\b|\bRCE\b`,
    },
    {
        severity: 'P0',
        name: 'data loss or corruption',
        pattern: String.raw `\bdata (loss|corruption)\b|\b(corrupt(ed|s|ing)?|los(t|ing)|delet(ed|ing)|wip(ed|ing)) [^.\n]{0,20}\b(user|customer|account|order|payment)s?'? (data|records|rows)\b`,
    },
    {
        severity: 'P0',
        name: 'service unavailable',
        pattern: String.raw `\b(complete|total|full|global) (outage|downtime)\b|\b(site|service|api|app|application|platform|production|everything) (is |are )?(completely|totally|entirely) (down|unavailable|unreachable)\b|\b(whole|entire) (site|service|api|app|application|platform) (is )?(down|unavailable|unreachable)\b`,
    },
    // P1: production down for a critical feature, most users failing.
    {
        severity: 'P1',
        name: 'production down',
        pattern: String.raw `\b(production|prod) (is )?down\b|\bcritical (feature|path|flow|service) [^.\n]{0,20}\b(broken|down|failing|unavailable)\b|\bfeature (is )?completely broken\b`,
    },
    {
        severity: 'P1',
        name: 'application crash',
        pattern: String.raw `\bcrash(es|ed|ing)?\b|\bcrash[- ]?loop|\bsegfault\b|\bout of memory\b|\bOOM(Killed)?\b`,
    },
    {
        severity: 'P1',
        name: 'errors for most users',
        pattern: String.raw `\b(most|majority of|all) (users|customers|requests)\b[^.\n]{0,40}\b(errors?|fail(s|ing|ed)?|cannot|can't|unable|500s?|5xx)\b|\b(errors?|5xx|500s?) (for|affecting) (most|all|the majority of) (users|customers|requests)\b`,
    },
    {
        severity: 'P1',
        name: 'payments failing',
        pattern: String.raw `\b(payments?|checkout|billing|charges?|transactions?) [^.\n]{0,20}\b(fail(s|ing|ed|ure)?|down|broken|declin(ed|ing))\b`,
    },
    {
        severity: 'P1',
        name: 'database connectivity',
        pattern: String.raw `\b(database|db|postgres(ql)?|mysql|redis|mongo(db)?) (connection|connectivity)\b|\b(cannot|can't|unable to) connect to (the )?(database|db)\b|\bconnection pool (is )?exhausted\b`,
    },
    {
        severity: 'P1',
        name: 'critical integration failing',
        pattern: String.raw `\b(third[- ]party|external|upstream|vendor|provider) [^.\n]{0,30}\b(integration|service|api)\b[^.\n]{0,20}\b(fail(s|ing|ed|ure)?|down|outage|broken|unavailable)\b`,
    },
    // P2: degraded, partial, one segment, a workaround exists.
    {
        severity: 'P2',
        name: 'degraded performance',
        pattern: String.raw `\b(degraded|degradation|slow(ness|er)?|high latency|latency spike|timeouts?)\b`,
    },
    {
        severity: 'P2',
        name: 'partial breakage',
        pattern: String.raw `\bpartial(ly)? (broken|outage|failure|down|working)\b|\bpartially\b`,
    },
    {
        severity: 'P2',
        name: 'one user segment',
        pattern: String.raw `\b(some|a subset of|specific|certain|a few) (users|customers|regions?|accounts|tenants)\b`,
    },
    {
        severity: 'P2',
        name: 'workaround exists',
        pattern: String.raw `\bworkaround\b`,
    },
    // P3: business urgency rather than breakage.
    {
        severity: 'P3',
        name: 'business deadline',
        pattern: String.raw `\b(deadline|marketing|campaign|partner|launch date|go-live)\b`,
    },
    {
        severity: 'P3',
        name: 'cosmetic',
        pattern: String.raw `\b(cosmetic|typo|copy change|styling|visual glitch)\b`,
    },
];

// EXTERNAL MODULE: ./src/shared/severity/severity.ts
var severity_severity = __webpack_require__(3118);
;// CONCATENATED MODULE: ./src/shared/policy/naming.ts
// Hotfix branch and ticket naming, from the policy: which branches carry hotfixes, the
// required branch name (`hotfix/{ticket}-{slug}`), and the ticket id pattern.

const SLUG = '[a-z0-9][a-z0-9._-]*';
/** True when the branch matches one of the policy's hotfix-branches globs. */
function isHotfixBranch(branch, policy) {
    return picomatch_default().isMatch(branch, policy['hotfix-branches']);
}
/** The policy's `branch-name` template as an anchored regular expression. */
function branchNameRegex(policy) {
    const parts = policy['branch-name'].split(/(\{ticket\}|\{slug\})/);
    const source = parts
        .map((p) => p === '{ticket}'
        ? `(?<ticket>${policy['ticket-pattern']})`
        : p === '{slug}'
            ? SLUG
            : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('');
    return new RegExp(`^${source}$`);
}
/** The first ticket id in the branch, else in the title. */
function findTicket(policy, ...texts) {
    const re = new RegExp(policy['ticket-pattern']);
    for (const t of texts) {
        const m = t ? re.exec(t) : null;
        if (m)
            return m[0];
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/shared/severity/classifier.ts
// Decides a severity from every signal a hotfix carries, in a fixed precedence, and says why.
// Pure: the same subject and policy always give the same decision.



const SOURCES = (/* unused pure expression or super */ null && (['input', 'label', 'title', 'checkbox', 'keyword', 'default']));
function classify(req) {
    const { subject, policy } = req;
    const found = [];
    if (req.explicit) {
        found.push({
            source: 'input',
            severity: req.explicit.severity,
            detail: `severity input "${req.explicit.raw}"`,
        });
    }
    found.push(...strongest(labelSignals(subject.labels)));
    found.push(...strongest(titleSignals(subject.title)));
    found.push(...strongest(checkboxSignals(subject.body)));
    const keyword = keywordSignal(req, rulesOf(policy));
    if (keyword)
        found.push(keyword);
    const fallback = req.defaultSeverity ?? policy.classification.default;
    const winner = found[0] ?? {
        source: 'default',
        severity: fallback,
        detail: `default severity ${fallback}`,
    };
    const conflicts = found.filter((s) => s.severity !== winner.severity);
    const hotfix = hotfixReason(subject, policy);
    const ticket = findTicket(policy, subject.branch, subject.title);
    return {
        severity: winner.severity,
        level: (0,severity_severity/* levelOf */.In)(winner.severity),
        source: winner.source,
        reason: reasonFor(winner, conflicts),
        signals: found.length ? found : [winner],
        conflicts,
        isHotfix: hotfix !== undefined,
        hotfixReason: hotfix ?? 'not a hotfix: no hotfix branch, hotfix label or [HOTFIX]/[RELEASE] title tag',
        ...(ticket ? { ticket } : {}),
    };
}
/** Of several signals from one source, the most urgent; the others add nothing. */
function strongest(signals) {
    let best;
    for (const s of signals)
        if (!best || (0,severity_severity/* higher */.uz)(s.severity, best.severity) !== best.severity)
            best = s;
    return best ? [best] : [];
}
function labelSignals(labels) {
    return labels.flatMap((name) => {
        const severity = (0,severity_severity/* parseSeverity */.lv)(name);
        return severity ? [{ source: 'label', severity, detail: `label "${name}"` }] : [];
    });
}
/** `[P0]`, `[p1]`, `[SEV2]`, `[Sev 1]` in the title. */
function titleTags(title) {
    return [...title.matchAll(/\[([^\]\n]{1,32})\]/g)].map((m) => (m[1] ?? '').trim());
}
function titleSignals(title) {
    return titleTags(title).flatMap((tag) => {
        const severity = parseTagSeverity(tag);
        return severity ? [{ source: 'title', severity, detail: `title tag [${tag}]` }] : [];
    });
}
// Words like "high" are accepted as labels but not as tags or boxes: "[x] High memory usage"
// must not read as P1. Tags and boxes need a P or SEV level.
function parseTagSeverity(text) {
    return /^(p|sev(erity)?)\s*[-_ ]?\s*[0-3]$/i.test(text.trim()) ? (0,severity_severity/* parseSeverity */.lv)(text) : undefined;
}
/** The checked urgency boxes of the PR template: `- [x] P0 - Security vulnerability`. */
function checkedUrgencyBoxes(body) {
    const boxes = [];
    for (const m of body.matchAll(/^[ \t]*[-*+][ \t]+\[[xX]\][ \t]+(.+)$/gm)) {
        const text = (m[1] ?? '').trim();
        const lead = /^\**((?:p|sev(?:erity)?)\s*[-_ ]?\s*[0-3])\b/i.exec(text);
        const severity = lead?.[1] ? parseTagSeverity(lead[1]) : undefined;
        if (severity)
            boxes.push({ severity, text });
    }
    return boxes;
}
function checkboxSignals(body) {
    return checkedUrgencyBoxes(body).map((b) => ({
        source: 'checkbox',
        severity: b.severity,
        detail: `checked box "${b.text}"`,
    }));
}
function rulesOf(policy) {
    const own = policy.classification.rules;
    return policy.classification['builtin-rules'] ? [...own, ...BUILTIN_RULES] : own;
}
/**
 * Text for keyword rules, without what a template carries whatever the incident: comments,
 * code blocks, unchecked boxes, urgency boxes (their own signal) and `[placeholders]`.
 */
function keywordText(body) {
    return body
        .replace(/<!--[\s\S]*?-->/g, ' ')
        .replace(/^(```|~~~)[\s\S]*?^\1/gm, ' ')
        .replace(/^[ \t]*[-*+][ \t]+\[ \][^\n]*$/gm, ' ')
        .replace(/^[ \t]*[-*+][ \t]+\[[xX]\][ \t]+\**(p|sev(erity)?)\s*[-_ ]?\s*[0-3]\b[^\n]*$/gim, ' ')
        .replace(/^[ \t]*[-*+][ \t]+\[[xX]\][ \t]+/gm, '')
        .replace(/\[[^\]\n]*\](?!\()/g, ' ');
}
function keywordSignal(req, rules) {
    const texts = [
        ['the title', req.subject.title],
        ['the body', keywordText(req.subject.body)],
        ['the text input', req.text ?? ''],
    ];
    let best;
    for (const rule of rules) {
        if (best && (0,severity_severity/* levelOf */.In)(rule.severity) >= (0,severity_severity/* levelOf */.In)(best.severity))
            continue;
        const re = new RegExp(rule.pattern, 'i');
        for (const [where, text] of texts) {
            const m = text ? re.exec(text) : null;
            if (m) {
                best = {
                    source: 'keyword',
                    severity: rule.severity,
                    detail: `keyword rule "${rule.name}" (matched "${m[0].trim()}" in ${where})`,
                };
                break;
            }
        }
    }
    return best;
}
function hotfixReason(subject, policy) {
    if (subject.branch && isHotfixBranch(subject.branch, policy))
        return `branch ${subject.branch} is a hotfix branch`;
    const label = subject.labels.find((l) => l.toLowerCase() === 'hotfix');
    if (label)
        return `label "${label}"`;
    const tag = titleTags(subject.title).find((t) => /^(hotfix|release)$/i.test(t));
    if (tag)
        return `title tag [${tag}]`;
    return undefined;
}
function reasonFor(winner, conflicts) {
    const why = winner.source === 'default'
        ? `${winner.severity} by default: no severity input, label, title tag, checked urgency box or keyword rule named one`
        : `${winner.severity} from the ${winner.detail}`;
    if (conflicts.length === 0)
        return `${why}.`;
    const others = conflicts.map((c) => `${c.detail} says ${c.severity}`).join('; ');
    return `${why}, which outranks the rest (${others}).`;
}

// EXTERNAL MODULE: ./src/backport/trigger.ts
var backport_trigger = __webpack_require__(3216);
;// CONCATENATED MODULE: ./src/backport/from-original.ts
// What a backport takes from the event and the original PR: the targets asked for (and by
// whom), the labels and assignees the backport PRs copy, and the severity line of their body.




function targetRequests(trigger, input, policyTargets, original) {
    if (trigger.kind === 'labeled')
        return [
            {
                // readTrigger only makes `labeled` of a label that names a target.
                pattern: (0,backport_trigger/* targetOfLabel */.tG)(trigger.label, input.labelPattern) ?? trigger.label,
                source: `label "${trigger.label}"`,
            },
        ];
    if (trigger.kind === 'command' && trigger.targets.length)
        return trigger.targets.map((pattern) => ({
            pattern,
            source: `/backport by @${trigger.commenter}`,
        }));
    const configured = input.targets
        ? input.targets.map((pattern) => ({ pattern, source: 'targets input' }))
        : policyTargets.map((pattern) => ({ pattern, source: 'policy backport.targets' }));
    const fromLabels = original.labels.flatMap((l) => {
        const t = (0,backport_trigger/* targetOfLabel */.tG)(l, input.labelPattern);
        return t ? [{ pattern: t, source: `label "${l}"` }] : [];
    });
    return [...configured, ...fromLabels];
}
/** The labels to copy: those matching copy-labels globs; `{severity}` stands for any severity label. */
function labelsToCopy(labels, patterns, backportLabel) {
    const globs = patterns.filter((p) => p !== '{severity}');
    const severity = patterns.includes('{severity}');
    return labels.filter((l) => !backportLabel.test(l) &&
        ((severity && (0,severity_severity/* parseSeverity */.lv)(l) !== undefined) ||
            (globs.length > 0 && picomatch_default().isMatch(l, globs, { nocase: true, dot: true }))));
}
function assigneesOf(o) {
    if (o.assignees.length)
        return o.assignees;
    return o.author && !o.author.endsWith('[bot]') ? [o.author] : [];
}
function severityText(o, policy) {
    const d = classify({
        subject: {
            kind: 'pull_request',
            number: o.number,
            title: o.title,
            body: o.body,
            labels: o.labels,
            branch: o.headRef,
            baseBranch: o.baseRef,
            origin: 'the original PR',
        },
        policy,
    });
    const by = d.signals[0];
    return `${d.severity} (${d.source === 'default' ? 'policy default: no signal' : (by?.detail ?? d.source)})`;
}

;// CONCATENATED MODULE: ./src/backport/run-backport.ts
// From the event to the report: who asked for which targets, whether they may, what the PR
// merged, then the backport of each target in one repository fetched once.











const WRITE = ['admin', 'maintain', 'write'];
/** How many commits of each target a clone of our own fetches (see fetch()). */
const SHALLOW_DEPTH = 50;
async function runBackport(r) {
    const flow = {
        ...r,
        report: { outcomes: [], unresolved: [], excluded: [], notes: [] },
        reply: replyTo(r),
    };
    const { report } = flow;
    if (await refused(flow))
        return report;
    // The repository and origin's branches need only the run's context: asked for beside the
    // PR (a git init and one ls-remote, closed again when the PR turns out not to be merged).
    const opened = openAndList(flow);
    opened.catch(() => undefined);
    const close = () => opened.then(({ git }) => git.close(), () => undefined);
    const original = await readMerged(flow).catch(async (err) => {
        await close();
        throw err;
    });
    if (!original) {
        await close();
        return report;
    }
    // What needs only the PR's number starts at once: its commits and the policy, beside the
    // repository already being opened.
    const prCommits = r.github.pullCommits(original.number);
    // The policy is awaited where it is needed: the targets when no input names them, the
    // severity in each PR's body. Both are awaited later; not unhandled meanwhile.
    const policy = r.loadPolicy().then((p) => {
        report.notes.unshift(`policy: ${p.source}`);
        return p.policy;
    });
    for (const p of [prCommits, policy])
        p.catch(() => undefined);
    const { git, remote } = await opened;
    try {
        report.notes.push(`repository: ${git.description}`);
        const job = { ...flow, original, policy, git, prCommits };
        if (!(await backportInRepository({ ...job, remote })))
            return report;
        await policy;
    }
    finally {
        await git.close();
    }
    await flow.reply(`Backport of #${original.number}:\n\n${(0,backport_report/* resultTable */.AD)(report)}\n\n<sub>[run](${r.ctx.runUrl})</sub>`);
    return report;
}
function replyTo(r) {
    const t = r.trigger;
    return async (body) => {
        if (t.kind === 'command')
            await r.github.comments.upsert(t.number, `backport-reply:${t.commentId}`, body);
    };
}
/**
 * A /backport, or a backport label added to a merged PR, by someone without write permission:
 * refused, saying why (a reply to the comment; the log and the summary for a label). Both
 * push branches with the action's token, which an account that may only triage or read must
 * not be able to drive.
 */
async function refused(f) {
    const t = f.trigger;
    if (t.kind !== 'command' && t.kind !== 'labeled')
        return false;
    const who = t.kind === 'command' ? t.commenter : t.sender;
    const permission = await f.github.permissionOf(who);
    if (WRITE.includes(permission))
        return false;
    const what = t.kind === 'command' ? '/backport' : 'a backport label';
    const why = `@${who} has ${permission} permission on ${f.ctx.owner}/${f.ctx.repo}; ${what} needs write`;
    if (t.kind === 'command') {
        core/* warning */.$e(`Refused the /backport command: ${why}.`, { title: 'Backport refused' });
        await f.reply(`Backport refused: ${(0,markdown.md)(why)}. Ask a maintainer to comment \`/backport\` instead.`);
    }
    else {
        core/* warning */.$e(`Refused the label "${t.label}" added by @${who}: ${why}.`, {
            title: 'Backport refused',
        });
    }
    Object.assign(f.report, { number: t.number, refused: true, nothing: `Refused: ${why}.` });
    return true;
}
/** The original PR, when it is merged; else undefined, after saying so. */
async function readMerged(f) {
    const original = await f.github.original(f.trigger.number);
    Object.assign(f.report, { number: original.number, title: original.title, url: original.url });
    if (original.merged && original.mergeCommitSha)
        return { ...original, mergeCommitSha: original.mergeCommitSha };
    const why = `PR #${original.number} is not merged: only merged PRs are backported`;
    core/* notice */.lm(`Nothing to backport: ${why}.`);
    await f.reply(`Nothing to backport: ${(0,markdown.md)(why)}.`);
    f.report.nothing = `Nothing to backport: ${why}.`;
    return undefined;
}
/** The repository, and origin's branches (`git ls-remote`). */
async function openAndList(f) {
    const git = await WorkRepository.open({
        workspace: f.ctx.workspace,
        serverUrl: f.ctx.serverUrl,
        owner: f.ctx.owner,
        repo: f.ctx.repo,
        token: f.input.token,
        tempDir: f.ctx.tempDir,
        identity: f.input.gitUser,
        purpose: 'backport',
    });
    try {
        return { git, remote: await git.remoteBranches() };
    }
    catch (err) {
        await git.close();
        throw err;
    }
}
/** Resolve, fetch once, plan, backport each target. False when there was no target. */
async function backportInRepository(j) {
    const { git, report, remote } = j;
    const targets = await core/* group */.Os('Resolve targets', () => resolve(j));
    if (!targets.length)
        return false;
    // Looked up while git fetches: the PR each target's branch may already have.
    const earlier = lookUpEarlier({
        github: j.github,
        branchTemplate: j.input.branchTemplate,
        original: j.original,
        targets,
    });
    const existing = targets
        .map((t) => (0,templates/* fillTemplate */.ou)(j.input.branchTemplate, j.original, t.branch))
        .filter((b) => remote.has(b));
    git.treePicking().catch(() => undefined); // asked once, beside the fetch
    const branches = [...targets.map((t) => t.branch), ...existing];
    await core/* group */.Os('Fetch', () => fetch(j, branches));
    const { plan, known } = await core/* group */.Os('What the PR merged', () => planOf(j));
    report.plan = plan;
    if (git.source === 'clone' && (await deepened(j, branches)))
        report.notes.push('a target may hold a backport made since the PR: its whole history fetched');
    const settings = settingsOf({ ...j, plan, remote, policy: await j.policy });
    report.outcomes = await core/* group */.Os('Backport', async () => backportAll({ s: settings, earlier: await earlier, ports: { git, github: j.github }, known }));
    return true;
}
/**
 * The target branches the requests name on origin, with what was missing or left out in the
 * report; none, after a reply saying why, when nothing is left.
 */
async function resolve(j) {
    const { report } = j;
    // The policy only when it decides: the targets when neither the input nor the event names
    // them, and `latest` when the input does not give it.
    const t = j.trigger;
    const fromPolicy = j.input.targets === undefined &&
        (t.kind === 'merged' || (t.kind === 'command' && !t.targets.length));
    const policy = fromPolicy || j.input.latest === undefined ? await j.policy : undefined;
    const requests = targetRequests(j.trigger, j.input, policy?.backport.targets ?? [], j.original);
    const resolved = resolveTargets(requests, [...j.remote.keys()], {
        latest: j.input.latest ?? policy?.backport.latest ?? 0,
        exclude: [{ branch: j.original.baseRef, reason: 'is the base the PR merged into' }],
    });
    report.notes.push(...resolved.notes);
    for (const n of resolved.notes)
        core/* info */.pq(n);
    report.unresolved = resolved.missing.map((m) => ({
        target: m.pattern,
        source: m.source,
        reason: 'no such branch',
        detail: `${m.reason} (asked by ${m.source})`,
    }));
    report.excluded = resolved.skipped.map((s) => ({
        target: s.branch,
        reason: 'base branch',
        detail: `${s.branch} ${s.reason}`,
    }));
    if (resolved.targets.length)
        return resolved.targets;
    report.nothing = requests.length
        ? 'No target branch to backport to.'
        : 'No targets: set the targets input, backport.targets in the policy, or add a backport label.';
    await j.reply(report.nothing + '\n\n' + (0,backport_report/* resultTable */.AD)(report));
    return [];
}
/**
 * A checkout fetches the base and the targets, history and all. A clone of our own fetches
 * less: each target's last SHALLOW_DEPTH commits (no backport of this PR can be older than
 * the PR, so the window usually holds every commit the hand-backport and same-patch checks
 * need), and the merge commit by sha, deep enough for the PR's commits and their parents.
 */
async function fetch(j, branches) {
    if (j.git.source !== 'clone')
        return j.git.fetch([j.original.baseRef, ...branches]);
    const depth = Math.max(SHALLOW_DEPTH, j.original.commitCount + 2);
    return j.git.fetch(branches, { depth, commits: [j.original.mergeCommitSha] });
}
/**
 * When a target's window may miss commits made since the PR was opened (its oldest commit is
 * newer than that), its whole history is fetched: a backport made by hand could be there.
 */
async function deepened(j, branches) {
    const dates = [j.original.createdAt, ...(await j.prCommits).map((c) => c.authorDate)];
    const since = Math.min(...dates.map((d) => Date.parse(d)).filter((t) => !Number.isNaN(t)));
    // A day's margin for clocks that disagree; no date at all: everything counts.
    const cutoff = Number.isFinite(since) ? Math.floor(since / 1000) - 86_400 : 0;
    return j.git.deepenSince(cutoff, branches, j.original.mergeCommitSha);
}
/** What the PR merged (merge commit, squash or rebase) and so which commits to pick. */
async function planOf(j) {
    const { git, original } = j;
    const sha = original.mergeCommitSha;
    const prCommits = await j.prCommits;
    // The branches fetched usually bring the merge commit; GitHub serves it by sha otherwise.
    const history = await firstParentChain(git, sha, prCommits.length).catch(async () => {
        await git.fetchCommit(sha);
        return firstParentChain(git, sha, prCommits.length);
    });
    const facts = {
        number: original.number,
        mergeCommitSha: sha,
        mergeParents: history.parents,
        headSha: original.headSha,
        prCommits,
        commitCount: original.commitCount,
        chain: history.chain,
    };
    try {
        const p = (0,merge_method/* planPicks */.AP)(facts);
        core/* info */.pq(`${p.method}: ${p.reason}; picking ${p.picks.join(' ')}`);
        return { plan: p, known: history.records };
    }
    catch (err) {
        if (err instanceof merge_method/* MergeMethodError */.Oy)
            throw new errors/* UserError */.yo(err.message);
        throw err;
    }
}
function settingsOf(j) {
    const { input, original } = j;
    return {
        runUrl: j.ctx.runUrl,
        original,
        plan: j.plan,
        severity: severityText(original, j.policy),
        branchTemplate: input.branchTemplate,
        titleTemplate: input.titleTemplate,
        conflicts: input.conflicts,
        labels: labelsToCopy(original.labels, input.copyLabels, input.labelPattern),
        assignees: input.copyAssignees ? assigneesOf(original) : [],
        autoMerge: input.autoMerge,
        remote: j.remote,
    };
}


/***/ })

};
