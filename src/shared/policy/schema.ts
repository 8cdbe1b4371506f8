// The policy file `.github/hotfix.yml`: one zod schema for every action. Every key is
// optional; defaults follow the playbooks (P0 respond < 2 h and deploy immediately, P1 < 4 h
// same day, P2 < 24 h, P3 < 48 h). schema/hotfix-policy.schema.json is generated from this.
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../severity/severity.ts';
import { parseDuration } from '../text/duration.ts';

// The ids are in policy-ids.ts, without zod: code that only needs them does not build the schema.
export { CHECK_IDS, CHANNELS, DEPLOY_WINDOWS, type CheckId, type Channel } from './ids.ts';
import { CHECK_IDS, CHANNELS, DEPLOY_WINDOWS, type CheckId, type Channel } from './ids.ts';

const durationString = z
  .string()
  .regex(/^(\d+(\.\d+)?(ms|s|m|h|d))+$/, 'expected a duration like 30s, 5m or 2h')
  .refine((s) => parseDuration(s) !== undefined, 'expected a duration like 30s, 5m or 2h');

const regexString = z.string().refine((s) => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}, 'expected a valid JavaScript regular expression');

/** Text customers read: one paragraph of plain text, never empty. */
const customerText = (max: number) => z.string().trim().min(1).max(max);

const checkLevel = z.enum(['error', 'warning', 'off']);
type CheckLevel = z.infer<typeof checkLevel>;

interface LevelDefaults {
  respondWithin: string;
  deploy: (typeof DEPLOY_WINDOWS)[number];
  approvals: number;
  waive: boolean;
  staging: boolean;
  postmortem: boolean;
  notify: Channel[];
  escalation: Channel[];
  relaxed: CheckId[];
}

// A P0 deploys immediately and informs after: approvals may be waived, and the paperwork
// checks only warn. Every other level is held to all checks.
const LEVEL_DEFAULTS: Record<Severity, LevelDefaults> = {
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

function levelSchema(severity: Severity) {
  const d = LEVEL_DEFAULTS[severity];
  const checks = Object.fromEntries(
    CHECK_IDS.map((id) => [id, checkLevel.default(d.relaxed.includes(id) ? 'warning' : 'error')]),
  ) as Record<CheckId, z.ZodDefault<typeof checkLevel>>;
  return z
    .object({
      'respond-within': durationString
        .default(d.respondWithin)
        .describe('Time to respond from the PR or issue creation.'),
      deploy: z.enum(DEPLOY_WINDOWS).default(d.deploy).describe('When a fix of this level ships.'),
      approvals: z
        .number()
        .int()
        .min(0)
        .max(20)
        .default(d.approvals)
        .describe(
          "Approving reviews required from people other than the author (each person's latest decisive review counts).",
        ),
      'waive-approvals': z
        .boolean()
        .default(d.waive)
        .describe(
          'Approvals still missing at the approval-timeout of validate-hotfix-pr are waived and recorded (waived-checks output) instead of failing.',
        ),
      staging: z.boolean().default(d.staging).describe('Deploy to staging before production.'),
      postmortem: z.boolean().default(d.postmortem).describe('Open a post-mortem issue.'),
      'postmortem-due': durationString.default('48h').describe('Post-mortem due after resolution.'),
      'follow-up-due': durationString
        .default('14d')
        .describe(
          "A temporary fix's follow-up issue (the proper fix) is due this long after the fix is verified.",
        ),
      notify: z
        .array(z.enum(CHANNELS))
        .default(d.notify)
        .describe('Channels notified for this level.'),
      escalation: z
        .array(z.enum(CHANNELS))
        .default(d.escalation)
        .describe(
          'Channels that also hear rollback-failed (the rollback did not restore health: a person must act now), besides notify.',
        ),
      checks: z
        .object(checks)
        .strict()
        .prefault({})
        .describe('validate-hotfix-pr: error, warning or off per check.'),
    })
    .strict()
    .prefault({});
}

const keywordRule = z
  .object({
    severity: z.enum(SEVERITIES),
    name: z.string().min(1),
    pattern: regexString.describe('JavaScript regular expression, matched case-insensitively.'),
  })
  .strict();

const globs = (def: string[]) => z.array(z.string().min(1)).default(def);

// `none`: no target, the metric is still reported.
const durationTarget = (def: string) => durationString.or(z.literal('none')).default(def);
const percentTarget = (def: number | 'none') =>
  z.number().min(0).max(100).or(z.literal('none')).default(def);

// The playbooks' targets for the hotfix process itself, measured by hotfix-report. Which
// severities need a post-mortem, and by when, is levels.<Pn>.postmortem and postmortem-due.
const reportSchema = z
  .object({
    'resolve-within': z
      .object({
        P0: durationTarget('2h'),
        P1: durationTarget('4h'),
        P2: durationTarget('none'),
        P3: durationTarget('none'),
      })
      .strict()
      .prefault({})
      .describe('Time from detection to resolution each hotfix of a severity must meet, or none.'),
    'rollback-rate-below': percentTarget(5).describe(
      'Met while fewer than this percentage of the deployed hotfixes were rolled back, or none.',
    ),
    'change-failure-rate-below': percentTarget('none').describe(
      'Met while fewer than this percentage of the deployed hotfixes needed a rollback or a second fix, or none.',
    ),
    'follow-up-completion': percentTarget(100).describe(
      'Met while at least this percentage of the temporary fixes due had their follow-up issue closed by its due date, or none.',
    ),
  })
  .strict()
  .prefault({});

export const policySchema = z
  .object({
    $schema: z.string().optional(),
    'production-branch': z
      .string()
      .min(1)
      .default('main')
      .describe('The branch a hotfix PR must target (validate-hotfix-pr base-branch).'),
    'hotfix-branches': globs(['hotfix/**']).describe('Globs of branches that carry hotfixes.'),
    'branch-name': z
      .string()
      .min(1)
      .default('hotfix/{ticket}-{slug}')
      .describe('Required hotfix branch name; {ticket} and {slug} are placeholders.'),
    'ticket-pattern': regexString.default(String.raw`[A-Z][A-Z0-9]+-\d+`),
    levels: z
      .object({
        P0: levelSchema('P0'),
        P1: levelSchema('P1'),
        P2: levelSchema('P2'),
        P3: levelSchema('P3'),
      })
      .strict()
      .prefault({}),
    classification: z
      .object({
        default: z.enum(SEVERITIES).default('P2'),
        rules: z
          .array(keywordRule)
          .default([])
          .describe('Keyword rules tried before the built-in ones.'),
        'builtin-rules': z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    'pull-request': z
      .object({
        sections: z
          .array(z.string().min(1))
          .default(['Urgency', 'Impact', 'Root Cause', 'The Fix', 'Testing', 'Rollback Plan'])
          .describe(
            'Headings the PR description must have, each filled in (not just the template placeholder).',
          ),
        'title-tags': z
          .array(z.string().min(1))
          .default(['HOTFIX', 'RELEASE', 'P0', 'P1', 'P2', 'P3'])
          .describe('Tags, without brackets, of which the PR title must carry one, e.g. [HOTFIX].'),
        'max-files': z
          .number()
          .int()
          .min(1)
          .default(10)
          .describe('Most changed files a hotfix PR may have.'),
        'max-lines': z
          .number()
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
        'dependency-label': z
          .string()
          .min(1)
          .default('hotfix:deps')
          .describe('PR label that allows a dependency change, when upgrading is the fix.'),
        'stale-approvals': z
          .enum(['dismiss', 'count'])
          .default('dismiss')
          .describe(
            'dismiss: an approval of an older commit than the PR head does not count (as GitHub\'s "dismiss stale approvals"); count: it does.',
          ),
      })
      .strict()
      .prefault({}),
    backport: z
      .object({
        targets: globs(['develop', 'release/*']),
        latest: z.number().int().min(1).default(2),
      })
      .strict()
      .prefault({}),
    health: z
      .object({
        interval: durationString.default('10s'),
        duration: durationString.default('2m'),
        'initial-delay': durationString.default('0s'),
        'probe-timeout': durationString.default('5s'),
        'failure-limit': z.number().int().min(0).default(0),
        'consecutive-error-limit': z.number().int().min(0).default(4),
        'inconclusive-limit': z.number().int().min(0).default(0),
        'consecutive-success-limit': z.number().int().min(0).default(0),
        inconclusive: z.enum(['fail', 'pass']).default('fail'),
      })
      .strict()
      .prefault({}),
    rollback: z
      .object({
        strategy: z.enum(['redeploy', 'command', 'revert']).default('redeploy'),
        'revert-mode': z.enum(['pull-request', 'push']).default('pull-request'),
        'allow-any-ref': z
          .boolean()
          .default(false)
          .describe(
            'Let a manual rollback go to any branch, tag or sha; by default only to a commit deployed successfully to the environment before, or a release tag (vX.Y.Z).',
          ),
      })
      .strict()
      .prefault({}),
    statuspage: z
      .object({
        name: customerText(200)
          .default('Service disruption')
          .describe("The status page incident's name (customers see it; never the PR title)."),
        messages: z
          .object({
            declared: customerText(5000).default(
              'We are investigating reports of a service disruption and will post an update soon.',
            ),
            update: customerText(5000).default('We are continuing to work on this issue.'),
            deployed: customerText(5000).default(
              'A fix has been deployed and we are monitoring the results.',
            ),
            'rolled-back': customerText(5000).default(
              'We rolled back a recent change to restore service and are still working on a fix.',
            ),
            'rollback-failed': customerText(5000).default(
              'We are continuing to work on this issue.',
            ),
            verified: customerText(5000).default('This incident has been resolved.'),
            resolved: customerText(5000).default('This incident has been resolved.'),
          })
          .strict()
          .prefault({})
          .describe(
            'What customers read on each event (plain text). The PR body and title are internal and never published.',
          ),
      })
      .strict()
      .prefault({})
      .describe('Atlassian Statuspage: the customer-facing wording notify publishes.'),
    report: reportSchema.describe('hotfix-report: the targets each metric is held to.'),
  })
  .strict();

export type Policy = z.output<typeof policySchema>;
export type LevelPolicy = Policy['levels'][Severity];
export type { CheckLevel };
