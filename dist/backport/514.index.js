export const id = 514;
export const ids = [514];
export const modules = {

/***/ 6514:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  PolicyReadError: () => (/* binding */ PolicyReadError),
  loadPolicy: () => (/* binding */ loadPolicy)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/shared/policy/defaults.ts
const DEFAULT_POLICY = {
    'production-branch': 'main',
    'hotfix-branches': ['hotfix/**'],
    'branch-name': 'hotfix/{ticket}-{slug}',
    'ticket-pattern': '[A-Z][A-Z0-9]+-\\d+',
    levels: {
        P0: {
            'respond-within': '2h',
            deploy: 'immediate',
            approvals: 0,
            'waive-approvals': true,
            staging: false,
            postmortem: true,
            'postmortem-due': '48h',
            'follow-up-due': '14d',
            notify: [
                'slack',
                'teams',
                'webhook',
                'github-comment',
                'incident-issue',
                'summary',
                'statuspage',
                'pagerduty',
                'email',
            ],
            escalation: ['pagerduty'],
            checks: {
                'branch-name': 'error',
                ticket: 'error',
                'title-tag': 'warning',
                'base-branch': 'error',
                sections: 'warning',
                urgency: 'error',
                'change-size': 'warning',
                'regression-test': 'warning',
                dependencies: 'error',
                approvals: 'error',
            },
        },
        P1: {
            'respond-within': '4h',
            deploy: 'same-day',
            approvals: 1,
            'waive-approvals': false,
            staging: true,
            postmortem: true,
            'postmortem-due': '48h',
            'follow-up-due': '14d',
            notify: [
                'slack',
                'teams',
                'webhook',
                'github-comment',
                'summary',
                'statuspage',
                'pagerduty',
                'email',
            ],
            escalation: ['pagerduty'],
            checks: {
                'branch-name': 'error',
                ticket: 'error',
                'title-tag': 'error',
                'base-branch': 'error',
                sections: 'error',
                urgency: 'error',
                'change-size': 'error',
                'regression-test': 'error',
                dependencies: 'error',
                approvals: 'error',
            },
        },
        P2: {
            'respond-within': '24h',
            deploy: 'next-business-day',
            approvals: 1,
            'waive-approvals': false,
            staging: true,
            postmortem: false,
            'postmortem-due': '48h',
            'follow-up-due': '14d',
            notify: ['slack', 'github-comment', 'summary'],
            escalation: ['pagerduty'],
            checks: {
                'branch-name': 'error',
                ticket: 'error',
                'title-tag': 'error',
                'base-branch': 'error',
                sections: 'error',
                urgency: 'error',
                'change-size': 'error',
                'regression-test': 'error',
                dependencies: 'error',
                approvals: 'error',
            },
        },
        P3: {
            'respond-within': '48h',
            deploy: 'scheduled',
            approvals: 1,
            'waive-approvals': false,
            staging: true,
            postmortem: false,
            'postmortem-due': '48h',
            'follow-up-due': '14d',
            notify: ['summary'],
            escalation: ['pagerduty'],
            checks: {
                'branch-name': 'error',
                ticket: 'error',
                'title-tag': 'error',
                'base-branch': 'error',
                sections: 'error',
                urgency: 'error',
                'change-size': 'error',
                'regression-test': 'error',
                dependencies: 'error',
                approvals: 'error',
            },
        },
    },
    classification: { default: 'P2', rules: [], 'builtin-rules': true },
    'pull-request': {
        sections: ['Urgency', 'Impact', 'Root Cause', 'The Fix', 'Testing', 'Rollback Plan'],
        'title-tags': ['HOTFIX', 'RELEASE', 'P0', 'P1', 'P2', 'P3'],
        'max-files': 10,
        'max-lines': 300,
        'generated-files': [
            '**/package-lock.json',
            '**/npm-shrinkwrap.json',
            '**/yarn.lock',
            '**/pnpm-lock.yaml',
            '**/go.sum',
            '**/poetry.lock',
            '**/Pipfile.lock',
            '**/Cargo.lock',
            '**/Gemfile.lock',
            '**/composer.lock',
            'dist/**',
            '**/*.snap',
        ],
        'test-files': [
            '**/*.test.*',
            '**/*.spec.*',
            '**/test/**',
            '**/tests/**',
            '**/__tests__/**',
            '**/*_test.go',
            '**/test_*.py',
            '**/*_test.py',
        ],
        'dependency-files': [
            '**/package.json',
            '**/package-lock.json',
            '**/npm-shrinkwrap.json',
            '**/yarn.lock',
            '**/pnpm-lock.yaml',
            '**/go.mod',
            '**/go.sum',
            '**/requirements*.txt',
            '**/Pipfile',
            '**/Pipfile.lock',
            '**/pyproject.toml',
            '**/poetry.lock',
            '**/Cargo.toml',
            '**/Cargo.lock',
            '**/Gemfile',
            '**/Gemfile.lock',
            '**/composer.json',
            '**/composer.lock',
            '**/pom.xml',
            '**/build.gradle',
            '**/build.gradle.kts',
        ],
        'dependency-label': 'hotfix:deps',
        'stale-approvals': 'dismiss',
    },
    backport: { targets: ['develop', 'release/*'], latest: 2 },
    health: {
        interval: '10s',
        duration: '2m',
        'initial-delay': '0s',
        'probe-timeout': '5s',
        'failure-limit': 0,
        'consecutive-error-limit': 4,
        'inconclusive-limit': 0,
        'consecutive-success-limit': 0,
        inconclusive: 'fail',
    },
    rollback: { strategy: 'redeploy', 'revert-mode': 'pull-request', 'allow-any-ref': false },
    statuspage: {
        name: 'Service disruption',
        messages: {
            declared: 'We are investigating reports of a service disruption and will post an update soon.',
            update: 'We are continuing to work on this issue.',
            deployed: 'A fix has been deployed and we are monitoring the results.',
            'rolled-back': 'We rolled back a recent change to restore service and are still working on a fix.',
            'rollback-failed': 'We are continuing to work on this issue.',
            verified: 'This incident has been resolved.',
            resolved: 'This incident has been resolved.',
        },
    },
    report: {
        'resolve-within': { P0: '2h', P1: '4h', P2: 'none', P3: 'none' },
        'rollback-rate-below': 5,
        'change-failure-rate-below': 'none',
        'follow-up-completion': 100,
    },
};

// EXTERNAL MODULE: ./src/shared/runner/errors.ts
var errors = __webpack_require__(589);
;// CONCATENATED MODULE: ./src/shared/policy/policy.ts


const DEFAULT_POLICY_PATH = '.github/hotfix.yml';
class PolicyError extends errors/* UserError */.yo {
    name = 'PolicyError';
}
/** The built-in policy, used when a repository has no policy file. */
function defaultPolicy() {
    // Generated from the schema (npm run schema): building the zod schema costs start-up time
    // that a run without a policy file does not need. A copy, so no caller can change it.
    return structuredClone(DEFAULT_POLICY);
}
/** Parses and validates a policy file's text; `file` is only used in messages. */
async function parsePolicy(text, file) {
    // yaml is loaded only when a repository has a policy file.
    const YAML = await __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19));
    const lineCounter = new YAML.LineCounter();
    const doc = YAML.parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    const syntax = doc.errors[0];
    if (syntax) {
        const line = lineCounter.linePos(syntax.pos[0]).line;
        throw new PolicyError(`${file}:${line}: not valid YAML: ${syntax.message.split('\n')[0]}`);
    }
    const data = doc.toJS() ?? {};
    const { policySchema } = await Promise.all(/* import() */[__webpack_require__.e(0), __webpack_require__.e(464)]).then(__webpack_require__.bind(__webpack_require__, 464));
    const result = policySchema.safeParse(data);
    if (result.success)
        return result.data;
    const issue = result.error.issues[0];
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const where = path.map(String).join('.');
    let message;
    let offset;
    if (issue.code === 'unrecognized_keys') {
        const key = issue.keys[0] ?? '?';
        const known = knownKeys(policySchema, path);
        const guess = closest(key, known);
        message =
            `unknown key "${key}"${where ? ` in ${where}` : ''}` +
                (guess
                    ? ` (did you mean "${guess}"?)`
                    : known.length
                        ? ` (expected one of: ${known.join(', ')})`
                        : '');
        offset = keyOffset(doc, YAML, path, key);
    }
    else {
        message = `${where || '(top level)'}: ${issue.message}`;
        offset = valueOffset(doc, YAML, path);
    }
    const line = offset === undefined ? undefined : lineCounter.linePos(offset).line;
    throw new PolicyError(`${file}${line ? `:${line}` : ''}: ${message}`);
}
function valueOffset(doc, YAML, path) {
    // The deepest node that exists: a missing key is reported at its parent.
    for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true);
        if (YAML.isNode(node) && node.range)
            return node.range[0];
    }
    return undefined;
}
function keyOffset(doc, YAML, path, key) {
    const parent = path.length ? doc.getIn(path, true) : doc.contents;
    if (YAML.isMap(parent)) {
        for (const pair of parent.items) {
            if (YAML.isScalar(pair.key) && String(pair.key.value) === key)
                return pair.key.range?.[0];
        }
    }
    return valueOffset(doc, YAML, path);
}
/** The keys the schema accepts at a path, to suggest the one a typo meant. */
function knownKeys(policySchema, path) {
    let schema = policySchema;
    for (const step of [...path, null]) {
        // Look through wrappers (default, prefault, optional) to the object or array inside.
        for (let def = schema._zod.def; def.innerType;) {
            schema = def.innerType;
            def = schema._zod.def;
        }
        if (step === null)
            break;
        const def = schema._zod.def;
        const next = typeof step === 'number' ? def.element : def.shape?.[step];
        if (!next)
            return [];
        schema = next;
    }
    const shape = schema._zod.def.shape;
    return shape ? Object.keys(shape).filter((k) => k !== '$schema') : [];
}
function closest(word, candidates) {
    let best;
    let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
    for (const c of candidates) {
        const d = editDistance(word.toLowerCase(), c.toLowerCase());
        if (d < bestDistance)
            [best, bestDistance] = [c, d];
    }
    return best;
}
function editDistance(a, b) {
    let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        for (let j = 1; j <= b.length; j++) {
            cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        prev = cur;
    }
    return prev[b.length] ?? 0;
}

// EXTERNAL MODULE: ./src/shared/runner/context.ts + 1 modules
var context = __webpack_require__(5545);
// EXTERNAL MODULE: ./src/shared/github/client.ts
var client = __webpack_require__(430);
// EXTERNAL MODULE: ./src/shared/git/sha.ts
var sha = __webpack_require__(9348);
;// CONCATENATED MODULE: ./src/shared/policy/loader.ts
// Where the policy comes from. For pull requests it is read at the base branch through the
// API, never from the PR's own checkout: a PR must not be able to relax the rules it is
// judged by. For a push it is read as it was before the push, for the same reason: the push
// of a merge is judged again (a PR merged while its gate was red), and its own commits must
// not set the rules it is judged by. Otherwise the checked-out file, else the file at the
// event's commit.







/**
 * GitHub did not give us the file (an error, no answer in time), as opposed to a file that
 * is wrong: an action that must run anyway (notify) may fall back to the defaults.
 */
class PolicyReadError extends PolicyError {
    name = 'PolicyReadError';
}
async function loadPolicy(opts) {
    const { ctx } = opts;
    const explicit = opts.path !== '' && opts.path !== DEFAULT_POLICY_PATH;
    const path = (0,external_node_path_.normalize)(opts.path || DEFAULT_POLICY_PATH);
    if ((0,external_node_path_.isAbsolute)(path) || path.startsWith('..')) {
        throw new errors/* InputError */.dz('policy-file', opts.path, 'a path inside the repository, like .github/hotfix.yml');
    }
    const pr = ctx.payload.pull_request;
    if (pr && (0,context/* isPullRequestEvent */.T5)(ctx.eventName)) {
        // The checkout of a PR event holds the PR's own code: never the place to read its rules.
        if (!opts.github) {
            if (explicit)
                throw new errors/* InputError */.dz('policy-file', opts.path, "readable at the PR's base branch: pass github-token (the PR's checkout is never read)");
            return {
                policy: defaultPolicy(),
                source: "built-in defaults (no token to read the policy at the PR's base branch; the PR's checkout is never read)",
            };
        }
        const text = await fetchFile(await opts.github(), ctx, path, pr.base.sha);
        const where = `${path} at ${pr.base.ref} (base of PR #${pr.number})`;
        return finish(text, path, where, explicit);
    }
    const before = pushedOnto(ctx);
    if (before && opts.github) {
        const text = await fetchFile(await opts.github(), ctx, path, before.ref);
        return finish(text, path, `${path} at ${before.name} (before this push)`, explicit);
    }
    if (ctx.workspace && (0,external_node_fs_.existsSync)((0,external_node_path_.join)(ctx.workspace, '.git'))) {
        const file = (0,external_node_path_.join)(ctx.workspace, path);
        const text = (0,external_node_fs_.existsSync)(file) ? (0,external_node_fs_.readFileSync)(file, 'utf8') : undefined;
        return finish(text, path, `${path} in the checkout`, explicit);
    }
    if (opts.github) {
        const ref = ctx.sha || ctx.ref;
        const text = await fetchFile(await opts.github(), ctx, path, ref);
        return finish(text, path, `${path} at ${(0,sha/* shortSha */.F)(ref)}`, explicit);
    }
    if (explicit) {
        throw new errors/* InputError */.dz('policy-file', opts.path, 'readable: check out the repository or pass github-token');
    }
    return {
        policy: defaultPolicy(),
        source: 'built-in defaults (repository not checked out, no token)',
    };
}
const NO_COMMIT = /^0+$/;
/**
 * What a push was made onto: the commit before it, or the default branch for a new branch
 * (whose "before" is all zeros). Undefined for other events.
 */
function pushedOnto(ctx) {
    if (ctx.eventName !== 'push')
        return undefined;
    const before = typeof ctx.payload.before === 'string' ? ctx.payload.before : '';
    if (before && !NO_COMMIT.test(before))
        return { ref: before, name: (0,sha/* shortSha */.F)(before) };
    const base = ctx.payload.repository?.default_branch;
    return base ? { ref: base, name: base } : undefined;
}
async function finish(text, path, where, explicit) {
    if (text === undefined) {
        if (explicit)
            throw new errors/* InputError */.dz('policy-file', path, `an existing file: there is no ${where}`);
        return { policy: defaultPolicy(), source: `built-in defaults (no ${where})` };
    }
    return { policy: await parsePolicy(text, path), source: where };
}
async function fetchFile(github, ctx, path, ref) {
    try {
        const { data } = await github.rest.repos.getContent({
            owner: ctx.owner,
            repo: ctx.repo,
            path,
            ref,
        });
        if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) {
            throw new PolicyError(`${path} at ${ref} is not a file`);
        }
        return Buffer.from(data.content, 'base64').toString('utf8');
    }
    catch (err) {
        if ((0,client/* statusOf */.c2)(err) === 404)
            return undefined;
        if (err instanceof PolicyError)
            throw err;
        throw new PolicyReadError((0,client/* describeApiError */.gg)(err, `reading ${path} at ${ref}`, 'contents: read'));
    }
}


/***/ })

};
