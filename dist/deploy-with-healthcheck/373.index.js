export const id = 373;
export const ids = [373];
export const modules = {

/***/ 4373:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createVersionTag: () => (/* binding */ createVersionTag),
/* harmony export */   listTags: () => (/* binding */ listTags),
/* harmony export */   nextPatch: () => (/* binding */ nextPatch)
/* harmony export */ });
/* unused harmony export tagCommit */
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2088);
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(semver__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _shared_github_client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(430);
/* harmony import */ var _shared_runner_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(589);
// The version a deploy ships: none, the next patch after the highest semver tag (auto), or an
// explicit vX.Y.Z; tagged on the deployed sha once healthy.
//
// Tags are read and created through the REST API (git/matching-refs, git/tags, git/refs),
// not with git in the checkout: a deploy job usually has a shallow checkout without tags
// (actions/checkout fetches one commit by default), or none at all, and pushing would need
// credentials in git. The API needs only `contents: write` and sees every tag.



/** The next patch after the highest release tag (`v1.10.0` > `v1.2.3`); v0.0.1 when none. */
function nextPatch(tags) {
    const releases = tags
        .filter((t) => /^v?\d+\.\d+\.\d+$/.test(t) && semver__WEBPACK_IMPORTED_MODULE_0___default().valid(t))
        .sort((a, b) => semver__WEBPACK_IMPORTED_MODULE_0___default().rcompare(a, b));
    const highest = releases[0];
    if (!highest)
        return { version: 'v0.0.1' };
    return { version: `v${semver__WEBPACK_IMPORTED_MODULE_0___default().inc(highest, 'patch')}`, after: highest };
}
const PERMISSION_READ = 'contents: read';
const PERMISSION_WRITE = 'contents: write';
/** Every tag name of the repository. */
async function listTags(github, repo) {
    try {
        const { data } = await github.rest.git.listMatchingRefs({ ...repo, ref: 'tags/' });
        return data.map((r) => r.ref.replace(/^refs\/tags\//, ''));
    }
    catch (err) {
        throw new _shared_runner_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo((0,_shared_github_client_js__WEBPACK_IMPORTED_MODULE_1__/* .describeApiError */ .gg)(err, 'listing the tags (version: auto)', PERMISSION_READ));
    }
}
/** The commit a tag points at (peeling an annotated tag); undefined when there is no tag. */
async function tagCommit(github, repo, tag) {
    let object;
    try {
        ({ object } = (await github.rest.git.getRef({ ...repo, ref: `tags/${tag}` })).data);
    }
    catch (err) {
        if ((0,_shared_github_client_js__WEBPACK_IMPORTED_MODULE_1__/* .statusOf */ .c2)(err) === 404)
            return undefined;
        throw new _shared_runner_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo((0,_shared_github_client_js__WEBPACK_IMPORTED_MODULE_1__/* .describeApiError */ .gg)(err, `reading tag ${tag}`, PERMISSION_READ));
    }
    // An annotated tag may point at another tag object; follow the chain to the commit.
    for (let depth = 0; object.type === 'tag' && depth < 5; depth++) {
        try {
            ({ object } = (await github.rest.git.getTag({ ...repo, tag_sha: object.sha })).data);
        }
        catch (err) {
            throw new _shared_runner_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo((0,_shared_github_client_js__WEBPACK_IMPORTED_MODULE_1__/* .describeApiError */ .gg)(err, `reading tag object ${object.sha}`, PERMISSION_READ));
        }
    }
    return object.sha;
}
/**
 * Creates the annotated tag on the sha. Safe to repeat: a tag already on the sha is left as
 * it is, and a tag on another commit is never moved (reported as a conflict).
 */
async function createVersionTag(github, repo, t) {
    const existing = await tagCommit(github, repo, t.tag);
    if (existing) {
        return existing === t.sha
            ? { status: 'exists', tag: t.tag }
            : { status: 'conflict', tag: t.tag, sha: existing };
    }
    let objectSha;
    try {
        const { data } = await github.rest.git.createTag({
            ...repo,
            tag: t.tag,
            message: t.message,
            object: t.sha,
            type: 'commit',
        });
        objectSha = data.sha;
    }
    catch (err) {
        throw new _shared_runner_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo((0,_shared_github_client_js__WEBPACK_IMPORTED_MODULE_1__/* .describeApiError */ .gg)(err, `creating tag ${t.tag}`, PERMISSION_WRITE));
    }
    try {
        await github.rest.git.createRef({ ...repo, ref: `refs/tags/${t.tag}`, sha: objectSha });
        return { status: 'created', tag: t.tag };
    }
    catch (err) {
        // 422: created meanwhile (a concurrent run); look at what it points to.
        if ((0,_shared_github_client_js__WEBPACK_IMPORTED_MODULE_1__/* .statusOf */ .c2)(err) === 422) {
            const now = await tagCommit(github, repo, t.tag);
            if (now === t.sha)
                return { status: 'exists', tag: t.tag };
            if (now)
                return { status: 'conflict', tag: t.tag, sha: now };
        }
        throw new _shared_runner_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yo((0,_shared_github_client_js__WEBPACK_IMPORTED_MODULE_1__/* .describeApiError */ .gg)(err, `creating ref refs/tags/${t.tag}`, PERMISSION_WRITE));
    }
}


/***/ })

};
