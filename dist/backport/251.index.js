export const id = 251;
export const ids = [251];
export const modules = {

/***/ 251:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  gitHubBackport: () => (/* binding */ gitHubBackport)
});

// EXTERNAL MODULE: ./src/shared/github/client.ts
var client = __webpack_require__(430);
// EXTERNAL MODULE: ./src/shared/runner/errors.ts
var errors = __webpack_require__(589);
;// CONCATENATED MODULE: ./src/shared/github/pulls.ts
// Pull requests an action opens from a branch it pushed (backport PRs, revert PRs): find the
// one a re-run must reuse, open one, and treat "already exists" from a concurrent run as a
// find, not a failure.


/** The newest PR from `branch` into `target`, open or closed. */
async function findPull(github, repo, branch, target) {
    try {
        const { data } = await github.rest.pulls.list({
            ...repo,
            head: `${repo.owner}:${branch}`,
            base: target,
            state: 'all',
            per_page: 10,
        });
        const open = data.find((p) => p.state === 'open') ?? data[0];
        if (!open)
            return undefined;
        return {
            number: open.number,
            url: open.html_url,
            state: open.state === 'open' ? 'open' : 'closed',
            merged: Boolean(open.merged_at),
            draft: Boolean(open.draft),
        };
    }
    catch (err) {
        throw new errors/* UserError */.yo((0,client/* describeApiError */.gg)(err, `looking for a PR from ${branch}`, 'pull-requests: read'));
    }
}
function gitHubPulls(github, repo) {
    return {
        find: (branch, target) => findPull(github, repo, branch, target),
        create: (p) => createPull(github, repo, p),
    };
}
async function createPull(github, repo, p) {
    try {
        const { data } = await github.rest.pulls.create({ ...repo, ...p, maintainer_can_modify: true });
        return { kind: 'created', number: data.number, url: data.html_url, nodeId: data.node_id };
    }
    catch (err) {
        // Another run opened it between our lookup and now: report that one.
        if ((0,client/* statusOf */.c2)(err) === 422 && /already exists/i.test(JSON.stringify(errorBody(err)))) {
            const pull = await findPull(github, repo, p.head, p.base);
            if (pull)
                return { kind: 'exists', pull };
        }
        throw new errors/* UserError */.yo((0,client/* describeApiError */.gg)(err, `opening the PR ${p.head} -> ${p.base}`, 'pull-requests: write (and "Allow GitHub Actions to create and approve pull requests" in the repository settings)'));
    }
}
function errorBody(err) {
    return err.response?.data ?? String(err);
}

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 4 modules
var core = __webpack_require__(8838);
;// CONCATENATED MODULE: ./src/shared/github/sticky-comment.ts


function gitHubComments(connect, repo) {
    return {
        upsert: async (n, key, body) => upsertStickyComment(await connect(), repo, n, key, body),
    };
}
function marker(key) {
    return `<!-- hotfix-actions:${key} -->`;
}
/**
 * Creates or updates the comment carrying `marker(key)`. Returns undefined, after a warning,
 * when the token may not comment (a fork PR's read-only token): the job summary still has
 * the report, and the run does not fail for it.
 */
async function upsertStickyComment(github, repo, issueNumber, key, body) {
    const tag = marker(key);
    const full = `${tag}\n${body}`;
    try {
        const comments = await github.paginate(github.rest.issues.listComments, {
            ...repo,
            issue_number: issueNumber,
            per_page: 100,
        });
        const me = await ownLogin(github);
        // Ours start with the marker (a quote of ours, "> <!-- ...", is a person's comment) and
        // are written by this token's identity. Unknown identity: none is taken for ours.
        const marked = comments.filter((c) => c.body?.startsWith(tag) && me !== undefined && sameLogin(c.user, me));
        const mine = marked[0];
        if (mine) {
            // A second copy exists when a create landed but its answer was lost and it was retried
            // (or two runs raced): keep the first, remove the copies (all ours, by the filter).
            for (const copy of marked.slice(1))
                await github.rest.issues.deleteComment({ ...repo, comment_id: copy.id });
            if (mine.body === full)
                return { id: mine.id, url: mine.html_url, action: 'unchanged' };
            const { data } = await github.rest.issues.updateComment({
                ...repo,
                comment_id: mine.id,
                body: full,
            });
            return { id: data.id, url: data.html_url, action: 'updated' };
        }
        const { data } = await github.rest.issues.createComment({
            ...repo,
            issue_number: issueNumber,
            body: full,
        });
        return { id: data.id, url: data.html_url, action: 'created' };
    }
    catch (err) {
        const status = (0,client/* statusOf */.c2)(err);
        if (status === 403 || status === 404) {
            core/* warning */.$e(`${(0,client/* describeApiError */.gg)(err, `commenting on #${issueNumber}`, 'pull-requests: write')}; ` +
                'a pull request from a fork gets a read-only token, so the report is in the job summary only');
            return undefined;
        }
        throw err;
    }
}
const logins = new WeakMap();
/**
 * The login this token writes as: `github-actions[bot]` for GITHUB_TOKEN, `<app>[bot]` for
 * an app's installation token, the user for a personal token. GraphQL's `viewer` answers for
 * all three (REST GET /user refuses installation tokens). Asked once per client.
 */
function ownLogin(github) {
    let login = logins.get(github);
    if (!login) {
        login = github
            .graphql('query { viewer { login } }')
            .then((r) => r.viewer.login)
            .catch((err) => {
            core/* warning */.$e(`Could not tell which account this token writes as (${(0,client/* describeApiError */.gg)(err, 'GraphQL viewer')}): ` +
                'an earlier comment is not reused, a new one is posted');
            return undefined;
        });
        logins.set(github, login);
    }
    return login;
}
/**
 * Whether `author` is the identity `me` (a login from ownLogin: GraphQL's viewer names an
 * app's bot `<app>[bot]`, as REST does, and a person by their login). Logins are compared
 * case-insensitively, and the kinds must agree: `foo`, a person, is never `foo[bot]`, an
 * app's bot, nor the other way round (anyone may register the user name an app's bot has,
 * and an app may be named like a person). The kind is REST's `type`, else the login's
 * `[bot]`.
 */
function sameLogin(author, me) {
    const login = author?.login;
    if (!login)
        return false;
    const isBot = (l) => /\[bot\]$/i.test(l);
    const norm = (l) => l.toLowerCase().replace(/\[bot\]$/, '');
    if (norm(login) !== norm(me))
        return false;
    const theirs = author.type ? author.type === 'Bot' : isBot(login);
    return theirs === isBot(me);
}

// EXTERNAL MODULE: ./src/backport/merge-method.ts
var merge_method = __webpack_require__(5016);
;// CONCATENATED MODULE: ./src/backport/pulls.ts
// The octokit calls behind the backport's GitHub port (github.ts): the original PR and its
// commits, the commenter's permission, labels, assignees and auto-merge of a backport PR.
// Finding and opening PRs are in src/shared/github/pulls.ts (auto-rollback opens PRs too).



async function getOriginal(github, repo, number) {
    try {
        const { data } = await github.rest.pulls.get({ ...repo, pull_number: number });
        return {
            number: data.number,
            title: data.title,
            body: data.body ?? '',
            url: data.html_url,
            merged: data.merged,
            mergeCommitSha: data.merge_commit_sha,
            headSha: data.head.sha,
            headRef: data.head.ref,
            baseRef: data.base.ref,
            commitCount: data.commits,
            labels: data.labels.map((l) => l.name),
            assignees: (data.assignees ?? []).map((a) => a.login),
            author: data.user.login,
            createdAt: data.created_at,
        };
    }
    catch (err) {
        throw new errors/* UserError */.yo((0,client/* describeApiError */.gg)(err, `reading PR #${number}`, 'pull-requests: read'));
    }
}
/** The PR's commits, oldest first, as the API lists them (at most 250). */
async function listPullCommits(github, repo, number) {
    try {
        const commits = await github.paginate(github.rest.pulls.listCommits, {
            ...repo,
            pull_number: number,
            per_page: 100,
        });
        return commits.slice(0, merge_method/* API_COMMIT_LIMIT */.pm).map((c) => ({
            sha: c.sha,
            message: c.commit.message,
            authorName: c.commit.author?.name ?? '',
            authorEmail: c.commit.author?.email ?? '',
            authorDate: c.commit.author?.date ?? '',
            parents: c.parents.length,
        }));
    }
    catch (err) {
        throw new errors/* UserError */.yo((0,client/* describeApiError */.gg)(err, `listing the commits of PR #${number}`, 'pull-requests: read'));
    }
}
/** admin, write, read or none: the permission GitHub reports for a user on the repository. */
async function permissionOf(github, repo, login) {
    try {
        const { data } = await github.rest.repos.getCollaboratorPermissionLevel({
            ...repo,
            username: login,
        });
        return data.permission;
    }
    catch (err) {
        if ((0,client/* statusOf */.c2)(err) === 404)
            return 'none';
        throw new errors/* UserError */.yo((0,client/* describeApiError */.gg)(err, `checking ${login}'s permission`, 'metadata: read'));
    }
}
/**
 * Labels and assignees in one PATCH: mutating requests are throttled to one a second
 * (GitHub's guidance against secondary rate limits), so each saved call is a second saved
 * per target. The PR is new: setting replaces nothing.
 */
async function setLabelsAndAssignees(github, repo, number, labels, assignees) {
    if (!labels.length && !assignees.length)
        return;
    await github.rest.issues.update({
        ...repo,
        issue_number: number,
        ...(labels.length ? { labels } : {}),
        ...(assignees.length ? { assignees } : {}),
    });
}
const GRAPHQL_METHOD = {
    merge: 'MERGE',
    squash: 'SQUASH',
    rebase: 'REBASE',
};
/**
 * GitHub enables auto-merge only through GraphQL. Returns undefined when enabled, else what
 * GitHub said (auto-merge not allowed in the repository settings, a draft PR, ...).
 */
async function enableAutoMerge(github, nodeId, method) {
    try {
        await github.graphql(`mutation($id: ID!, $mergeMethod: PullRequestMergeMethod!) {
        enablePullRequestAutoMerge(input: { pullRequestId: $id, mergeMethod: $mergeMethod }) {
          pullRequest { number autoMergeRequest { enabledAt } }
        }
      }`, { id: nodeId, mergeMethod: GRAPHQL_METHOD[method] });
        return undefined;
    }
    catch (err) {
        const errors = err.errors;
        return errors?.map((e) => e.message).join('; ') || err.message;
    }
}
/**
 * Merges a PR now (PUT /pulls/{n}/merge), only if its head is still `sha`. Undefined when
 * merged, else what GitHub said (a required check or review, a merge method the repository
 * does not allow, a head that moved).
 */
async function mergePull(github, repo, number, method, sha) {
    try {
        await github.rest.pulls.merge({ ...repo, pull_number: number, merge_method: method, sha });
        return undefined;
    }
    catch (err) {
        return (0,client/* describeApiError */.gg)(err, `merging #${number}`, 'contents: write');
    }
}

;// CONCATENATED MODULE: ./src/backport/github.ts



function gitHubBackport(connect, repo) {
    return {
        permissionOf: async (login) => permissionOf(await connect(), repo, login),
        original: async (number) => getOriginal(await connect(), repo, number),
        pullCommits: async (number) => listPullCommits(await connect(), repo, number),
        findPull: async (branch, target) => findPull(await connect(), repo, branch, target),
        createPull: async (p) => createPull(await connect(), repo, p),
        setLabelsAndAssignees: async (number, labels, assignees) => setLabelsAndAssignees(await connect(), repo, number, labels, assignees),
        enableAutoMerge: async (nodeId, method) => enableAutoMerge(await connect(), nodeId, method),
        mergePull: async (number, method, sha) => mergePull(await connect(), repo, number, method, sha),
        comments: gitHubComments(connect, repo),
    };
}


/***/ }),

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


/***/ })

};
