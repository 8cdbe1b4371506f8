export const id = 641;
export const ids = [641];
export const modules = {

/***/ 1641:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   policySchema: () => (/* binding */ policySchema)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(0);
/* harmony import */ var _severity_severity_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3118);
/* harmony import */ var _text_duration_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(785);
/* harmony import */ var _ids_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8642);
// The policy file `.github/hotfix.yml`: one zod schema for every action. Every key is
// optional; defaults follow the playbooks (P0 respond < 2 h and deploy immediately, P1 < 4 h
// same day, P2 < 24 h, P3 < 48 h). schema/hotfix-policy.schema.json is generated from this.



// The ids are in policy-ids.ts, without zod: code that only needs them does not build the schema.


const durationString = zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP()
    .regex(/^(\d+(\.\d+)?(ms|s|m|h|d))+$/, 'expected a duration like 30s, 5m or 2h')
    .refine((s) => (0,_text_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDuration */ .E9)(s) !== undefined, 'expected a duration like 30s, 5m or 2h');
const regexString = zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().refine((s) => {
    try {
        new RegExp(s);
        return true;
    }
    catch {
        return false;
    }
}, 'expected a valid JavaScript regular expression');
/** Text customers read: one paragraph of plain text, never empty. */
const customerText = (max) => zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().trim().min(1).max(max);
const checkLevel = zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(['error', 'warning', 'off']);
// A P0 deploys immediately and informs after: approvals may be waived, and the paperwork
// checks only warn. Every other level is held to all checks.
const LEVEL_DEFAULTS = {
    P0: {
        respondWithin: '2h',
        deploy: 'immediate',
        approvals: 0,
        waive: true,
        staging: false,
        postmortem: true,
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
        relaxed: ['title-tag', 'sections', 'change-size', 'regression-test'],
    },
    P1: {
        respondWithin: '4h',
        deploy: 'same-day',
        approvals: 1,
        waive: false,
        staging: true,
        postmortem: true,
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
        relaxed: [],
    },
    P2: {
        respondWithin: '24h',
        deploy: 'next-business-day',
        approvals: 1,
        waive: false,
        staging: true,
        postmortem: false,
        notify: ['slack', 'github-comment', 'summary'],
        escalation: ['pagerduty'],
        relaxed: [],
    },
    P3: {
        respondWithin: '48h',
        deploy: 'scheduled',
        approvals: 1,
        waive: false,
        staging: true,
        postmortem: false,
        notify: ['summary'],
        escalation: ['pagerduty'],
        relaxed: [],
    },
};
function levelSchema(severity) {
    const d = LEVEL_DEFAULTS[severity];
    const checks = Object.fromEntries(_ids_js__WEBPACK_IMPORTED_MODULE_3__/* .CHECK_IDS */ .Sh.map((id) => [id, checkLevel.default(d.relaxed.includes(id) ? 'warning' : 'error')]));
    return zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
        'respond-within': durationString
            .default(d.respondWithin)
            .describe('Time to respond from the PR or issue creation.'),
        deploy: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(_ids_js__WEBPACK_IMPORTED_MODULE_3__/* .DEPLOY_WINDOWS */ .uU).default(d.deploy).describe('When a fix of this level ships.'),
        approvals: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig()
            .int()
            .min(0)
            .max(20)
            .default(d.approvals)
            .describe("Approving reviews required from people other than the author (each person's latest decisive review counts)."),
        'waive-approvals': zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY()
            .default(d.waive)
            .describe('Approvals still missing at the approval-timeout of validate-hotfix-pr are waived and recorded (waived-checks output) instead of failing.'),
        staging: zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY().default(d.staging).describe('Deploy to staging before production.'),
        postmortem: zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY().default(d.postmortem).describe('Open a post-mortem issue.'),
        'postmortem-due': durationString.default('48h').describe('Post-mortem due after resolution.'),
        'follow-up-due': durationString
            .default('14d')
            .describe("A temporary fix's follow-up issue (the proper fix) is due this long after the fix is verified."),
        notify: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(_ids_js__WEBPACK_IMPORTED_MODULE_3__/* .CHANNELS */ .l_))
            .default(d.notify)
            .describe('Channels notified for this level.'),
        escalation: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(_ids_js__WEBPACK_IMPORTED_MODULE_3__/* .CHANNELS */ .l_))
            .default(d.escalation)
            .describe('Channels that also hear rollback-failed (the rollback did not restore health: a person must act now), besides notify.'),
        checks: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc(checks)
            .strict()
            .prefault({})
            .describe('validate-hotfix-pr: error, warning or off per check.'),
    })
        .strict()
        .prefault({});
}
const keywordRule = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    severity: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(_severity_severity_js__WEBPACK_IMPORTED_MODULE_0__/* .SEVERITIES */ .oC),
    name: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1),
    pattern: regexString.describe('JavaScript regular expression, matched case-insensitively.'),
})
    .strict();
const globs = (def) => zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1)).default(def);
// `none`: no target, the metric is still reported.
const durationTarget = (def) => durationString.or(zod__WEBPACK_IMPORTED_MODULE_2__/* .literal */ .euz('none')).default(def);
const percentTarget = (def) => zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().min(0).max(100).or(zod__WEBPACK_IMPORTED_MODULE_2__/* .literal */ .euz('none')).default(def);
// The playbooks' targets for the hotfix process itself, measured by hotfix-report. Which
// severities need a post-mortem, and by when, is levels.<Pn>.postmortem and postmortem-due.
const reportSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    'resolve-within': zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
        P0: durationTarget('2h'),
        P1: durationTarget('4h'),
        P2: durationTarget('none'),
        P3: durationTarget('none'),
    })
        .strict()
        .prefault({})
        .describe('Time from detection to resolution each hotfix of a severity must meet, or none.'),
    'rollback-rate-below': percentTarget(5).describe('Met while fewer than this percentage of the deployed hotfixes were rolled back, or none.'),
    'change-failure-rate-below': percentTarget('none').describe('Met while fewer than this percentage of the deployed hotfixes needed a rollback or a second fix, or none.'),
    'follow-up-completion': percentTarget(100).describe('Met while at least this percentage of the temporary fixes due had their follow-up issue closed by its due date, or none.'),
})
    .strict()
    .prefault({});
const policySchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    $schema: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
    'production-branch': zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP()
        .min(1)
        .default('main')
        .describe('The branch a hotfix PR must target (validate-hotfix-pr base-branch).'),
    'hotfix-branches': globs(['hotfix/**']).describe('Globs of branches that carry hotfixes.'),
    'branch-name': zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP()
        .min(1)
        .default('hotfix/{ticket}-{slug}')
        .describe('Required hotfix branch name; {ticket} and {slug} are placeholders.'),
    'ticket-pattern': regexString.default(String.raw `[A-Z][A-Z0-9]+-\d+`),
    levels: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
        P0: levelSchema('P0'),
        P1: levelSchema('P1'),
        P2: levelSchema('P2'),
        P3: levelSchema('P3'),
    })
        .strict()
        .prefault({}),
    classification: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
        default: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(_severity_severity_js__WEBPACK_IMPORTED_MODULE_0__/* .SEVERITIES */ .oC).default('P2'),
        rules: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(keywordRule)
            .default([])
            .describe('Keyword rules tried before the built-in ones.'),
        'builtin-rules': zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY().default(true),
    })
        .strict()
        .prefault({}),
    'pull-request': zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
        sections: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1))
            .default(['Urgency', 'Impact', 'Root Cause', 'The Fix', 'Testing', 'Rollback Plan'])
            .describe('Headings the PR description must have, each filled in (not just the template placeholder).'),
        'title-tags': zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1))
            .default(['HOTFIX', 'RELEASE', 'P0', 'P1', 'P2', 'P3'])
            .describe('Tags, without brackets, of which the PR title must carry one, e.g. [HOTFIX].'),
        'max-files': zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig()
            .int()
            .min(1)
            .default(10)
            .describe('Most changed files a hotfix PR may have.'),
        'max-lines': zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig()
            .int()
            .min(1)
            .default(300)
            .describe('Most changed lines (added plus deleted, generated files excluded).'),
        'generated-files': globs([
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
        ]).describe('Files whose lines do not count toward max-lines.'),
        'test-files': globs([
            '**/*.test.*',
            '**/*.spec.*',
            '**/test/**',
            '**/tests/**',
            '**/__tests__/**',
            '**/*_test.go',
            '**/test_*.py',
            '**/*_test.py',
        ]).describe('Globs of test files; a hotfix PR must add or change one.'),
        'dependency-files': globs([
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
        ]).describe('Globs of dependency manifests and lockfiles a hotfix PR must not change.'),
        'dependency-label': zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP()
            .min(1)
            .default('hotfix:deps')
            .describe('PR label that allows a dependency change, when upgrading is the fix.'),
        'stale-approvals': zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(['dismiss', 'count'])
            .default('dismiss')
            .describe('dismiss: an approval of an older commit than the PR head does not count (as GitHub\'s "dismiss stale approvals"); count: it does.'),
    })
        .strict()
        .prefault({}),
    backport: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
        targets: globs(['develop', 'release/*']),
        latest: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().min(1).default(2),
    })
        .strict()
        .prefault({}),
    health: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
        interval: durationString.default('10s'),
        duration: durationString.default('2m'),
        'initial-delay': durationString.default('0s'),
        'probe-timeout': durationString.default('5s'),
        'failure-limit': zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().min(0).default(0),
        'consecutive-error-limit': zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().min(0).default(4),
        'inconclusive-limit': zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().min(0).default(0),
        'consecutive-success-limit': zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().min(0).default(0),
        inconclusive: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(['fail', 'pass']).default('fail'),
    })
        .strict()
        .prefault({}),
    rollback: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
        strategy: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(['redeploy', 'command', 'revert']).default('redeploy'),
        'revert-mode': zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(['pull-request', 'push']).default('pull-request'),
        'allow-any-ref': zod__WEBPACK_IMPORTED_MODULE_2__/* .boolean */ .zMY()
            .default(false)
            .describe('Let a manual rollback go to any branch, tag or sha; by default only to a commit deployed successfully to the environment before, or a release tag (vX.Y.Z).'),
    })
        .strict()
        .prefault({}),
    statuspage: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
        name: customerText(200)
            .default('Service disruption')
            .describe("The status page incident's name (customers see it; never the PR title)."),
        messages: zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
            declared: customerText(5000).default('We are investigating reports of a service disruption and will post an update soon.'),
            update: customerText(5000).default('We are continuing to work on this issue.'),
            deployed: customerText(5000).default('A fix has been deployed and we are monitoring the results.'),
            'rolled-back': customerText(5000).default('We rolled back a recent change to restore service and are still working on a fix.'),
            'rollback-failed': customerText(5000).default('We are continuing to work on this issue.'),
            verified: customerText(5000).default('This incident has been resolved.'),
            resolved: customerText(5000).default('This incident has been resolved.'),
        })
            .strict()
            .prefault({})
            .describe('What customers read on each event (plain text). The PR body and title are internal and never published.'),
    })
        .strict()
        .prefault({})
        .describe('Atlassian Statuspage: the customer-facing wording notify publishes.'),
    report: reportSchema.describe('hotfix-report: the targets each metric is held to.'),
})
    .strict();


/***/ })

};
