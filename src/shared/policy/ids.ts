// The names the policy file uses for checks, channels and deploy windows: plain constants,
// importable without building the policy's zod schema (which only a policy file needs).
export const CHECK_IDS = [
  'branch-name',
  'ticket',
  'title-tag',
  'base-branch',
  'sections',
  'urgency',
  'change-size',
  'regression-test',
  'dependencies',
  'approvals',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export const CHANNELS = [
  'slack',
  'teams',
  'webhook',
  'github-comment',
  'incident-issue',
  'summary',
  'statuspage',
  'pagerduty',
  'email',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const DEPLOY_WINDOWS = ['immediate', 'same-day', 'next-business-day', 'scheduled'] as const;
