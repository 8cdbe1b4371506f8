export const id = 205;
export const ids = [205];
export const modules = {

/***/ 205:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  revertChange: () => (/* binding */ revertChange)
});

// UNUSED EXPORTS: revertBody, revertBranch, revertTitle

// EXTERNAL MODULE: ./src/shared/github/deployments.ts
var deployments = __webpack_require__(6021);
// EXTERNAL MODULE: ./src/shared/text/markdown.ts
var markdown = __webpack_require__(7512);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 4 modules
var core = __webpack_require__(8838);
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

;// CONCATENATED MODULE: ./src/auto-rollback/change.ts
// What auto-rollback's revert strategy reads from git: the failed change (the commits between
// the last good deployment and the failed one) and the reverts a line already carries. Over
// the shared repository adapter.

/**
 * The change between two commits on one line of history, oldest first: the first-parent
 * commits in `from..to`, so a merged PR counts as its merge commit (reverted with -m 1),
 * and a squashed or rebased PR as its commits on the branch.
 */
async function changeBetween(repo, from, to) {
    const out = await repo.git([
        'log',
        '--first-parent',
        '--reverse',
        '--format=%H%x00%P%x00%s%x1e',
        `${from}..${to}`,
    ]);
    return logRecords(out).map(([sha = '', parents = '', subject = '']) => ({
        sha,
        merge: parents.split(' ').filter(Boolean).length > 1,
        subject,
    }));
}
/**
 * The commits a line already reverts since `since` (git's `This reverts commit <sha>`):
 * reverted sha -> the reverting commit, the newest one when there are several.
 */
async function revertsOn(repo, since, branch) {
    const out = await repo.git(['log', '--format=%H%x00%B%x1e', `${since}..${remoteRef(branch)}`]);
    const map = new Map();
    for (const [sha = '', body = ''] of logRecords(out)) {
        for (const m of body.matchAll(/This reverts commit ([0-9a-f]{40,64})/g))
            if (m[1] && !map.has(m[1]))
                map.set(m[1], sha);
    }
    return map;
}

// EXTERNAL MODULE: ./src/shared/git/sha.ts
var git_sha = __webpack_require__(9348);
;// CONCATENATED MODULE: ./src/auto-rollback/revert.ts
// The revert strategy: `git revert` of exactly the failed change's commits (the first-parent
// commits between the last good deployment and the failed one) on the production branch,
// then a pull request (revert-mode pull-request) or a fast-forward push (revert-mode push).
// Never forced. A re-run finds its branch, its PR, or the reverts already on the production
// branch, and does not revert twice. Loaded only when the strategy is revert.







const IDENTITY = {
    name: 'github-actions[bot]',
    email: '41898282+github-actions[bot]@users.noreply.github.com',
};
/** The revert branch of a failed deployment: one per deployment, so a re-run finds it. */
function revertBranch(environment, failedId) {
    const env = environment
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/^[-.]+|[-.]+$/g, '');
    return `rollback/${env || 'environment'}/deployment-${failedId}`;
}
async function revertChange(r) {
    const prod = r.productionBranch;
    const branch = r.mode === 'push' ? prod : revertBranch(r.environment, r.failed.id);
    const base = { change: [], productionBranch: prod, branch };
    const git = await WorkRepository.open({
        workspace: r.workspace,
        serverUrl: r.serverUrl,
        owner: r.repo.owner,
        repo: r.repo.repo,
        token: r.token,
        tempDir: r.tempDir,
        identity: IDENTITY,
        purpose: 'revert',
    });
    try {
        core/* info */.pq(`Reverting in ${git.description}.`);
        return await revertOn({ ...r, git, base });
    }
    catch (err) {
        return failed(base, `The revert stopped on an error: ${(0,errors/* messageOf */.bD)(err)}`);
    }
    finally {
        await git.close();
    }
}
function failed(base, message, conflict) {
    return { ...base, kind: 'failed', message, ...(conflict ? { conflict } : {}) };
}
async function revertOn(j) {
    const { git, base } = j;
    const prod = j.productionBranch;
    const remote = await git.remoteBranches();
    if (!remote.has(prod))
        return failed(base, `The production branch ${prod} (policy production-branch) is not on origin: nothing to revert on.`);
    const revertBranchExists = j.mode === 'pull-request' && remote.has(base.branch);
    await git.fetch(revertBranchExists ? [prod, base.branch] : [prod]);
    const unfit = await whyNotRevertible(j);
    if (unfit)
        return failed(base, unfit);
    base.change = await changeBetween(git, j.target.sha, j.failed.sha);
    if (!base.change.length)
        return failed(base, 'There are no commits between the target and the failed deployment.');
    core/* info */.pq(`The failed change: ${base.change.length} commit${base.change.length === 1 ? '' : 's'} on ${prod} (${base.change.map((c) => (0,git_sha/* shortSha */.F)(c.sha)).join(', ')}).`);
    // Already reverted on the production branch (a merged revert PR, a push, a person)?
    const onProd = await revertsOn(git, j.failed.sha, prod);
    if (base.change.every((c) => onProd.has(c.sha)))
        return await alreadyOnProd({ ...j, onProd });
    if (revertBranchExists)
        return await reuseBranch(j);
    return await revertAndPush({ ...j, onProd });
}
/** Why the change cannot be reverted on the production branch; undefined when it can. */
async function whyNotRevertible(j) {
    const { git } = j;
    const prod = j.productionBranch;
    const failedSha = j.failed.sha;
    const targetSha = j.target.sha;
    for (const [sha, what] of [
        [failedSha, `the failed deployment's commit`],
        [targetSha, 'the last good commit'],
    ]) {
        if (!(await git.hasCommit(sha)) || !(await git.isAncestor(sha, `origin/${prod}`)))
            return `${what} ${(0,git_sha/* shortSha */.F)(sha)} is not on ${prod}: the revert strategy undoes a change on the production branch; use strategy redeploy to deploy the last good version instead.`;
    }
    if (!(await git.isAncestor(targetSha, failedSha)))
        return `${(0,deployments/* displayName */.QC)(j.target)} (${(0,git_sha/* shortSha */.F)(targetSha)}) is not an ancestor of the failed ${(0,git_sha/* shortSha */.F)(failedSha)}: there is no single change between them to revert.`;
    return undefined;
}
async function alreadyOnProd(j) {
    const prod = j.productionBranch;
    const reverted = j.base.change.map((c) => ({ ...c, revertedBy: j.onProd.get(c.sha) ?? '' }));
    core/* info */.pq(`${prod} already reverts every commit of the change; nothing to push.`);
    return {
        ...j.base,
        branch: prod,
        kind: 'done',
        how: 'already-on-branch',
        head: await newestOf(j.git, reverted, prod),
        reverted,
    };
}
/** The revert branch exists (an earlier run): reuse it when it reverts the whole change. */
async function reuseBranch(j) {
    const { git, base } = j;
    const branch = base.branch;
    const onBranch = await revertsOn(git, j.failed.sha, branch);
    if (!base.change.every((c) => onBranch.has(c.sha)))
        return failed(base, `The branch ${branch} exists on origin but does not revert the whole change; it was left as it is (never overwritten). Delete it, or finish it by hand, and run again.`);
    core/* info */.pq(`${branch} already carries the reverts (an earlier run); reusing it.`);
    const reverted = base.change.map((c) => ({ ...c, revertedBy: onBranch.get(c.sha) ?? '' }));
    const head = await git.tip(branch);
    return await withPull(j, { ...base, kind: 'done', how: 'reused-pull-request', head, reverted });
}
/**
 * Reverts newest first on the production branch's tip and pushes; in push mode, once more on
 * a newer tip when someone pushed meanwhile.
 */
async function revertAndPush(j) {
    const { git, base } = j;
    const prod = j.productionBranch;
    for (let attempt = 1;; attempt++) {
        await git.checkout(prod);
        const reverted = await revertEach(j);
        if (!Array.isArray(reverted))
            return reverted;
        const head = await git.head();
        const pushed = await git.push(base.branch);
        if (pushed.ok) {
            core/* info */.pq(`Pushed ${head} to ${base.branch}.`);
            if (j.mode === 'push')
                return { ...base, kind: 'done', how: 'pushed', head, reverted };
            return await withPull(j, { ...base, kind: 'done', how: 'pull-request', head, reverted });
        }
        if (pushed.reason !== 'rejected' || attempt >= 2 || j.mode !== 'push')
            return failed(base, pushed.message);
        core/* warning */.$e(`${prod} moved while reverting; reverting again on its new tip.`);
        await git.fetch([prod]);
    }
}
/** One pass of `git revert` over the change, newest first; a conflict is aborted and reported. */
async function revertEach(j) {
    const reverted = [];
    for (const c of [...j.base.change].reverse()) {
        if (j.onProd.has(c.sha)) {
            reverted.push({ ...c, revertedBy: j.onProd.get(c.sha) ?? '' });
            continue;
        }
        const step = await j.git.apply('revert', c.sha, c.merge);
        if (step.kind === 'conflict') {
            await j.git.abort('revert');
            return failed(j.base, `Reverting ${(0,git_sha/* shortSha */.F)(c.sha)} (${c.subject}) conflicts with what ${j.productionBranch} has now, in ${step.files.join(', ')}.`, { commit: c, files: step.files });
        }
        reverted.push({ ...c, revertedBy: step.kind === 'applied' ? step.sha : '' });
    }
    return reverted.reverse();
}
/** The newest of the reverting commits (all on `branch`): deploying it deploys every revert. */
async function newestOf(git, reverted, branch) {
    const shas = [...new Set(reverted.map((c) => c.revertedBy).filter(Boolean))];
    let newest = shas[0];
    if (!newest)
        return git.tip(branch);
    for (const sha of shas.slice(1))
        if (await git.isAncestor(newest, sha))
            newest = sha;
    return newest;
}
/** Finds the revert PR (a re-run reuses it) or opens it. */
async function withPull(r, done) {
    try {
        const existing = await r.pulls.find(done.branch, done.productionBranch);
        if (existing?.state === 'open' || existing?.merged) {
            core/* info */.pq(`PR #${existing.number} already proposes this revert.`);
            return { ...done, how: 'reused-pull-request', pull: existing };
        }
        if (existing) {
            core/* warning */.$e(`PR #${existing.number} for this revert was closed without merging; it is not reopened and no second PR is opened. Reopen it to go on.`);
            return { ...done, closedPull: existing };
        }
        const created = await r.pulls.create({
            title: revertTitle(r),
            body: revertBody(r, done),
            head: done.branch,
            base: done.productionBranch,
            draft: false,
        });
        const pull = created.kind === 'exists'
            ? created.pull
            : { number: created.number, url: created.url, state: 'open', merged: false, draft: false };
        core/* info */.pq(`${created.kind === 'exists' ? 'Found' : 'Opened'} PR #${pull.number}: ${pull.url}`);
        return { ...done, pull };
    }
    catch (err) {
        return {
            change: done.change,
            productionBranch: done.productionBranch,
            branch: done.branch,
            kind: 'failed',
            message: `The reverts are pushed to ${done.branch}, but the PR could not be opened: ${(0,errors/* messageOf */.bD)(err)}`,
        };
    }
}
function revertTitle(r) {
    const what = (0,deployments/* deploymentName */.pC)(r.failed);
    return `Revert ${what}: roll back ${r.environment} (deployment ${r.failed.id})`;
}
function revertBody(r, done) {
    const failedName = (0,deployments/* deploymentName */.pC)(r.failed);
    return [
        `Rolls back **${(0,markdown.md)(r.environment)}**: deployment ${r.failed.id} of ${(0,markdown.md)(failedName)} (\`${r.failed.sha}\`) is not healthy.`,
        `**Reason:** ${(0,markdown.md)(r.reason)}`,
        `This reverts exactly the change deployed since the last good version, ${(0,markdown.md)((0,deployments/* displayName */.QC)(r.target))} (\`${r.target.sha}\`), newest first:`,
        (0,markdown/* table */.tp)(['Commit', 'Subject', 'Reverted by'], [...done.reverted]
            .reverse()
            .map((c) => [
            `\`${(0,git_sha/* shortSha */.F)(c.sha)}\`${c.merge ? ' (merge, -m 1)' : ''}`,
            (0,markdown.md)(c.subject),
            c.revertedBy ? `\`${(0,git_sha/* shortSha */.F)(c.revertedBy)}\`` : 'already undone',
        ])),
        `<sub>Opened by hotfix-actions/auto-rollback in [this run](${r.runUrl}). Running it again reuses this PR.</sub>`,
    ].join('\n\n');
}


/***/ })

};
