export const id = 3;
export const ids = [3];
export const modules = {

/***/ 4003:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createVersionTag: () => (/* binding */ createVersionTag),
/* harmony export */   nextPatch: () => (/* binding */ nextPatch)
/* harmony export */ });
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3880);
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(semver__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _shared_runner_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5631);
// The version a deploy ships: none, the next patch after the highest semver tag (auto), or an
// explicit vX.Y.Z; tagged on the deployed sha once healthy.
//
// Tags are read and created through the REST API (adapters.ts: git/matching-refs, git/tags,
// git/refs),
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
/**
 * Creates the annotated tag on the sha. Safe to repeat: a tag already on the sha is left as
 * it is, and a tag on another commit is never moved (reported as a conflict).
 */
async function createVersionTag(tags, t) {
    const existing = await tags.commitOf(t.tag);
    if (existing)
        return found(t, existing);
    if ((await tags.create(t)) === 'created')
        return { status: 'created', tag: t.tag };
    // Created meanwhile (a concurrent run); look at what it points to.
    const now = await tags.commitOf(t.tag);
    if (now)
        return found(t, now);
    throw new _shared_runner_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`creating ref refs/tags/${t.tag} failed (422): the tag exists, but it could not be read`);
}
function found(t, sha) {
    return sha === t.sha ? { status: 'exists', tag: t.tag } : { status: 'conflict', tag: t.tag, sha };
}


/***/ })

};
