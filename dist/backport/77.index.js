export const id = 77;
export const ids = [77];
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

/***/ 5077:
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
const PARTIAL_CLONE = [
    ['core.repositoryformatversion', '1'],
    ['extensions.partialClone', 'origin'],
    ['remote.origin.promisor', 'true'],
    ['remote.origin.partialCloneFilter', 'blob:none'],
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
        if (o.workspace && (await isCheckoutOf(o.workspace, o.owner, o.repo))) {
            const top = await git(['rev-parse', '--show-toplevel'], { cwd: o.workspace });
            return new WorkRepository(o, top, 'workspace', env);
        }
        const store = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(o.tempDir, `${o.purpose}-repo-`));
        const repo = new WorkRepository(o, store, 'clone', env);
        repo.owned.push(store);
        await repo.git(['init', '-q']);
        await repo.git(['remote', 'add', 'origin', originUrl(o)]);
        for (const [k, v] of PARTIAL_CLONE)
            await repo.git(['config', k, v]);
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
        const out = await this.git(['ls-remote', '--heads', 'origin']);
        const map = new Map();
        for (const line of out.split('\n')) {
            const m = /^([0-9a-f]{40,64})\trefs\/heads\/(.+)$/.exec(line);
            if (m?.[1] && m[2])
                map.set(m[2], m[1]);
        }
        return map;
    }
    /** One fetch of every branch the work reads, with full history (ranges must be walkable). */
    async fetch(branches) {
        const args = ['fetch', '--no-tags', '--no-recurse-submodules', '--quiet'];
        if (this.source === 'clone')
            args.push('--filter=blob:none');
        if ((await this.git(['rev-parse', '--is-shallow-repository'])) === 'true')
            args.push('--unshallow');
        args.push('origin', ...[...new Set(branches)].map((b) => `+refs/heads/${b}:${remoteRef(b)}`));
        await this.git(args);
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
    async parents(sha) {
        const out = await this.git(['rev-list', '--parents', '-n', '1', sha]);
        return out.split(' ').slice(1);
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
function originUrl(o) {
    return `${o.serverUrl.replace(/\/$/, '')}/${o.owner}/${o.repo}.git`;
}
/** `origin/x` -> the ref fetch() wrote; anything else as given. */
function resolveRef(ref) {
    return ref.startsWith('origin/') ? remoteRef(ref.slice('origin/'.length)) : ref;
}
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
    const rejected = /\[rejected\]|fetch first|non-fast-forward|already exists/i.test(output);
    return {
        ok: false,
        reason: rejected ? 'rejected' : 'other',
        message: `git push to ${branch} ${rejected ? 'was refused' : 'failed'}: ${last}`,
    };
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

/** The first-parent history ending at `sha`, newest first, `n` commits. */
async function firstParentChain(repo, sha, n) {
    if (n <= 0)
        return [];
    const out = await repo.git([
        'log',
        '--first-parent',
        `--max-count=${n}`,
        '--format=%H%x00%P%x00%an%x00%ae%x00%aI%x00%B%x1e',
        sha,
    ]);
    return logRecords(out).map(([h = '', p = '', an = '', ae = '', ad = '', ...body]) => ({
        sha: h,
        parents: p.split(' ').filter(Boolean).length,
        authorName: an,
        authorEmail: ae,
        authorDate: ad,
        message: body.join('\x00'),
    }));
}
async function subjectOf(repo, sha) {
    return repo.git(['log', '-1', '--format=%s', sha]);
}
/** True when the target already has a commit with the same patch-id (`git cherry`). */
async function targetContains(repo, target, sha) {
    const [parent, ...more] = await repo.parents(sha);
    if (!parent || more.length)
        return false; // merges and roots have no single patch to compare
    const out = await repo.git(['cherry', remoteRef(target), sha, parent]);
    return out.split('\n').some((l) => l.startsWith('- '));
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
        const from = [...body.matchAll(/\(cherry picked from commit ([0-9a-f]{40,64})\)/g)].pop();
        return { sha, subject, ...(from?.[1] ? { pickedFrom: from[1] } : {}) };
    });
}

// EXTERNAL MODULE: ./src/backport/templates.ts
var templates = __webpack_require__(2475);
// EXTERNAL MODULE: ./src/shared/text/shell-quote.ts
var shell_quote = __webpack_require__(7126);
// EXTERNAL MODULE: ./src/shared/git/sha.ts
var sha = __webpack_require__(9348);
;// CONCATENATED MODULE: ./src/backport/conflict-help.ts
// The comment left on the original PR when a target conflicts (conflicts: comment): what
// conflicted, and the exact commands to finish by hand, with cherry-pick or with a patch
// file (git format-patch / git am). Every value in a command is shell-quoted: branch names
// come from the repository and a person will paste these lines into a shell.



function conflictKey(target) {
    return `backport-conflict:${target}`;
}
function cherryPickCommands(f) {
    const files = f.files.map(shell_quote/* shellQuote */.Z).join(' ');
    return [
        `git fetch origin ${(0,shell_quote/* shellQuote */.Z)(f.target)} ${(0,shell_quote/* shellQuote */.Z)(f.base)}`,
        `git switch --create ${(0,shell_quote/* shellQuote */.Z)(f.branch)} ${(0,shell_quote/* shellQuote */.Z)(`origin/${f.target}`)}`,
        `git cherry-pick -x${f.plan.mainline ? ' -m 1' : ''} ${f.picks.join(' ')}`,
        `# resolve the conflicts in ${files}, then:`,
        `git add ${files}`,
        'git cherry-pick --continue',
        `git push --set-upstream origin ${(0,shell_quote/* shellQuote */.Z)(f.branch)}`,
        `gh pr create --base ${(0,shell_quote/* shellQuote */.Z)(f.target)} --head ${(0,shell_quote/* shellQuote */.Z)(f.branch)} --fill`,
    ].join('\n');
}
function patchCommands(f) {
    const patch = `pr-${f.number}.patch`;
    const files = f.files.map(shell_quote/* shellQuote */.Z).join(' ');
    const make = f.plan.mainline
        ? [`git diff ${f.picks[0]}^1 ${f.picks[0]} > ${patch}`]
        : f.picks.map((sha, i) => `git format-patch -k --stdout -1 ${sha} ${i === 0 ? '>' : '>>'} ${patch}`);
    const apply = f.plan.mainline
        ? [
            `git apply --3way ${patch}`,
            `# resolve the conflicts in ${files}, then:`,
            `git add ${files}`,
            `git commit -m ${(0,shell_quote/* shellQuote */.Z)(`Backport #${f.number} to ${f.target}`)}`,
        ]
        : [
            `git am -3 -k ${patch}`,
            `# resolve the conflicts in ${files}, then:`,
            `git add ${files}`,
            'git am --continue',
        ];
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
            `${f.files.map((p) => `\`${(0,markdown.md)(p)}\``).join(', ')}. Nothing was pushed. ` +
            `PR #${f.number} was merged by ${f.plan.method} (${(0,markdown.md)(f.plan.reason)}).`,
        'Finish it by hand with cherry-pick:',
        (0,markdown/* codeBlock */.DV)(cherryPickCommands(f), 'sh'),
        'Or with a patch file (`git am` leaves `(cherry picked from commit …)` out: add it to the message to keep the trail):',
        (0,markdown/* codeBlock */.DV)(patchCommands(f), 'sh'),
        `Re-running the workflow after the branch \`${(0,markdown.md)(f.branch)}\` has its PR reports that PR instead of trying again. <sub>[run](${f.runUrl})</sub>`,
    ].join('\n\n');
}

;// CONCATENATED MODULE: ./src/backport/pick.ts
async function pickCommits(r) {
    await r.git.checkout(r.target);
    for (const c of r.commits) {
        if (c.contained)
            continue;
        const applied = await r.git.apply('cherry-pick', c.original, r.mainline);
        if (applied.kind === 'applied')
            c.backported = applied.sha;
        else if (applied.kind === 'empty')
            c.contained = true;
        else if (r.conflicts === 'draft') {
            c.conflicts = applied.files;
            c.backported = await r.git.commitConflict('cherry-pick');
        }
        else {
            await r.git.abort('cherry-pick');
            return { kind: 'conflict', at: c.original, files: applied.files };
        }
    }
    return { kind: 'picked' };
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
        return `${o.reused ? 'opened from the existing branch' : 'opened'} #${o.number}${o.draft ? ' (draft, with conflicts)' : ''}`;
    return `${o.status}: ${o.reason}: ${o.detail}`;
}

;// CONCATENATED MODULE: ./src/backport/open-pull.ts
// The last step of a target: the backport PR from the pushed (or reused) branch, a draft when
// conflicts were committed, then its labels, assignees and auto-merge. What goes wrong after
// the PR exists is a warning on the outcome, not a failure of the target.




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
    const o = j.s.original;
    return (0,templates/* render */.XX)(j.s.titleTemplate, {
        target: j.target,
        number: String(o.number),
        title: o.title,
        base: o.baseRef,
    });
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
    if (s.autoMerge && j.draft) {
        warnings.push('auto-merge not enabled: the PR is a draft with conflicts to resolve');
    }
    else if (s.autoMerge) {
        const refusal = await ports.github.enableAutoMerge(j.created.nodeId, s.plan.method);
        autoMerge = refusal ? 'refused' : 'enabled';
        if (refusal)
            warnings.push(`auto-merge not enabled on #${j.created.number}: ${refusal} (turn on "Allow auto-merge" in the repository settings; the token needs contents: write and pull-requests: write)`);
    }
    return { warnings, autoMerge };
}

;// CONCATENATED MODULE: ./src/backport/backport.ts
// The backport of one merged PR to each target, one target after the other in one
// repository: find what an earlier run did (a PR, a branch), pick what the target lacks,
// push a new branch (never forced), open the PR. A target that fails is recorded and the
// next one goes on.









async function backportAll({ s, targets, ports, }) {
    const out = [];
    for (const t of targets) {
        let outcome;
        try {
            outcome = await backportOne({ s, ports, target: t.branch, source: t.source });
        }
        catch (err) {
            outcome = {
                target: t.branch,
                source: t.source,
                status: 'failed',
                reason: 'error',
                detail: (0,errors/* messageOf */.bD)(err),
                commits: [],
                warnings: [],
            };
        }
        core/* info */.pq(`${t.branch}: ${describe(outcome)}`);
        out.push(outcome);
    }
    return out;
}
/** The backport branch for `target`: branch-template filled in. */
function branchName(template, o, target) {
    return (0,templates/* render */.XX)(template, { target, number: String(o.number), title: o.title, base: o.baseRef });
}
async function backportOne(r) {
    const branch = branchName(r.s.branchTemplate, r.s.original, r.target);
    const bad = (0,templates/* badBranchName */.d9)(branch);
    if (bad)
        return {
            target: r.target,
            source: r.source,
            commits: [],
            warnings: [],
            status: 'failed',
            reason: 'bad branch name',
            detail: `branch-template gives "${branch}", which ${bad}`,
        };
    const job = { ...r, branch };
    const earlier = await earlierPull(job);
    if (earlier)
        return earlier;
    const picks = { ...job, ...(await whatTargetLacks(job)) };
    if (!picks.todo.length)
        return alreadyContained(picks);
    // The branch is on origin: an earlier run's that did not get to open the PR, or someone's.
    const reused = r.s.remote.has(branch);
    const stopped = reused ? await reuseBranch(picks) : await pickAndPush(picks);
    return stopped ?? openPull({ ...picks, reused });
}
/** The PR an earlier run (or a person) opened from the branch: open, merged or closed. */
async function earlierPull(j) {
    const existing = await j.ports.github.findPull(j.branch, j.target);
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
/** What the target lacks, by patch-id (a mainline pick is never compared). */
async function whatTargetLacks(j) {
    const { git } = j.ports;
    const commits = [];
    const todo = [];
    for (const sha of j.s.plan.picks) {
        const contained = !j.s.plan.mainline && (await targetContains(git, j.target, sha));
        commits.push({ original: sha, subject: await subjectOf(git, sha), conflicts: [], contained });
        if (!contained)
            todo.push(sha);
    }
    return { commits, todo };
}
function alreadyContained(j) {
    return {
        ...outcomeBase(j),
        status: 'skipped',
        reason: 'already contains',
        detail: `${j.target} already has the change (same patch)`,
    };
}
/**
 * Reuses the branch on origin when it holds exactly these picks; anything else is someone's
 * work, and it is not ours to overwrite. Undefined when reused (the picks then name its commits).
 */
async function reuseBranch(j) {
    const onTop = await commitsOnTop(j.ports.git, j.target, j.branch);
    const same = onTop.length === j.todo.length && onTop.every((c, i) => c.pickedFrom === j.todo[i]);
    if (!same) {
        const foreign = onTop.filter((c, i) => c.pickedFrom !== j.todo[i]).slice(0, 3);
        return {
            ...outcomeBase(j),
            status: 'failed',
            reason: 'branch exists with other commits',
            detail: `origin already has ${j.branch} with commits this backport did not make (` +
                (foreign.map((c) => `${(0,sha/* shortSha */.F)(c.sha)} "${c.subject}"`).join(', ') ||
                    `${onTop.length} commits instead of ${j.todo.length}`) +
                `); nothing was pushed. Delete the branch or change branch-template, then re-run.`,
        };
    }
    for (const c of j.commits) {
        const mine = onTop[j.todo.indexOf(c.original)];
        if (mine)
            c.backported = mine.sha;
    }
    return undefined;
}
/** Picks onto the target and pushes the branch; undefined when the branch is on origin. */
async function pickAndPush(j) {
    const picked = await pickCommits({
        git: j.ports.git,
        target: j.target,
        commits: j.commits,
        mainline: j.s.plan.mainline,
        conflicts: j.s.conflicts,
    });
    if (picked.kind === 'conflict')
        return conflicted({ ...j, at: picked.at, files: picked.files });
    if (j.commits.every((c) => c.contained))
        return alreadyContained(j);
    return pushBranch(j);
}
/** conflicts: fail or comment. The commands to finish by hand go in the outcome either way. */
async function conflicted(j) {
    const o = j.s.original;
    const detail = `cherry-picking ${(0,sha/* shortSha */.F)(j.at)} conflicts in ${j.files.join(', ')}`;
    const help = conflictComment({
        number: o.number,
        target: j.target,
        branch: j.branch,
        base: o.baseRef,
        plan: j.s.plan,
        picks: j.todo,
        conflictAt: j.at,
        files: j.files,
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
/** Pushes the worktree's HEAD as the new branch, never forced; undefined when pushed. */
async function pushBranch(j) {
    const pushed = await j.ports.git.push(j.branch);
    if (pushed.ok)
        return undefined;
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
async function runBackport(r) {
    const flow = {
        ...r,
        report: { outcomes: [], unresolved: [], excluded: [], notes: [] },
        reply: replyTo(r),
    };
    const { report } = flow;
    if (await refused(flow))
        return report;
    const original = await readMerged(flow);
    if (!original)
        return report;
    const { policy, source } = await r.loadPolicy();
    report.notes.push(`policy: ${source}`);
    const git = await openRepository(flow);
    report.notes.push(`repository: ${git.description}`);
    try {
        if (!(await backportInRepository({ ...flow, original, policy, git })))
            return report;
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
/** A /backport by someone without write permission: refused, with a reply saying why. */
async function refused(f) {
    const t = f.trigger;
    if (t.kind !== 'command')
        return false;
    const permission = await f.github.permissionOf(t.commenter);
    if (WRITE.includes(permission))
        return false;
    const why = `@${t.commenter} has ${permission} permission on ${f.ctx.owner}/${f.ctx.repo}; /backport needs write`;
    core/* warning */.$e(`Refused the /backport command: ${why}.`, { title: 'Backport refused' });
    await f.reply(`Backport refused: ${(0,markdown.md)(why)}. Ask a maintainer to comment \`/backport\` instead.`);
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
function openRepository(f) {
    return WorkRepository.open({
        workspace: f.ctx.workspace,
        serverUrl: f.ctx.serverUrl,
        owner: f.ctx.owner,
        repo: f.ctx.repo,
        token: f.input.token,
        tempDir: f.ctx.tempDir,
        identity: f.input.gitUser,
        purpose: 'backport',
    });
}
/** Resolve, fetch once, plan, backport each target. False when there was no target. */
async function backportInRepository(j) {
    const { git, report } = j;
    const remote = await core/* group */.Os('Resolve targets', () => git.remoteBranches());
    const targets = await resolve({ ...j, remote });
    if (!targets.length)
        return false;
    const existing = targets
        .map((t) => branchName(j.input.branchTemplate, j.original, t.branch))
        .filter((b) => remote.has(b));
    await core/* group */.Os('Fetch', () => git.fetch([j.original.baseRef, ...targets.map((t) => t.branch), ...existing]));
    const plan = await core/* group */.Os('What the PR merged', () => planOf(j));
    report.plan = plan;
    report.outcomes = await core/* group */.Os('Backport', () => backportAll({
        s: settingsOf({ ...j, plan, remote }),
        targets,
        ports: { git, github: j.github },
    }));
    return true;
}
/**
 * The target branches the requests name on origin, with what was missing or left out in the
 * report; none, after a reply saying why, when nothing is left.
 */
async function resolve(j) {
    const { report } = j;
    const requests = targetRequests(j.trigger, j.input, j.policy.backport.targets, j.original);
    const resolved = resolveTargets(requests, [...j.remote.keys()], {
        latest: j.input.latest ?? j.policy.backport.latest,
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
/** What the PR merged (merge commit, squash or rebase) and so which commits to pick. */
async function planOf(j) {
    const { git, original } = j;
    const sha = original.mergeCommitSha;
    if (!(await git.hasCommit(sha)))
        await git.fetchCommit(sha);
    const prCommits = await j.github.pullCommits(original.number);
    const facts = {
        number: original.number,
        mergeCommitSha: sha,
        mergeParents: await git.parents(sha),
        headSha: original.headSha,
        prCommits,
        commitCount: original.commitCount,
        chain: await firstParentChain(git, sha, prCommits.length),
    };
    try {
        const p = (0,merge_method/* planPicks */.AP)(facts);
        core/* info */.pq(`${p.method}: ${p.reason}; picking ${p.picks.join(' ')}`);
        return p;
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
