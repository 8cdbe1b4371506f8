// The files a user copies must work as they are.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { defaultPolicy, parsePolicy } from '../../src/shared/policy/policy.ts';
import { checkSections } from '../../src/shared/text/pr-sections.ts';
import { checkedUrgencyBoxes, classify } from '../../src/shared/severity/classifier.ts';
import { auditWorkflow } from '../../scripts/workflow-audit.ts';
import { checkInputRefs, checkOurSteps, type Workflow } from '../harness/workflow-files.ts';

const root = join(import.meta.dirname, '..', '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');

describe('examples/hotfix-policy.yml', () => {
  it('validates against the published JSON Schema', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(JSON.parse(read('schema/hotfix-policy.schema.json')) as object);
    const ok = validate(parse(read('examples/hotfix-policy.yml')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('is accepted by the actions, and sets what it says', async () => {
    const policy = await parsePolicy(
      read('examples/hotfix-policy.yml'),
      'examples/hotfix-policy.yml',
    );
    expect(policy.levels.P0).toMatchObject({
      approvals: 0,
      'waive-approvals': true,
      staging: false,
    });
    expect(policy.classification.rules).toHaveLength(1);
  });

  it('the schema rejects what the actions reject', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(JSON.parse(read('schema/hotfix-policy.schema.json')) as object);
    expect(validate({ levels: { P1: { aprovals: 2 } } })).toBe(false);
    expect(validate({ health: { interval: '5 minutes' } })).toBe(false);
  });
});

describe('examples/pull_request_template/hotfix.md', () => {
  const template = read('examples/pull_request_template/hotfix.md');
  const required = defaultPolicy()['pull-request'].sections;
  /** The template as an author fills it in: each placeholder replaced, one box ticked. */
  const filled = template
    .replace('[Who is affected, and how]', 'Checkout fails for card payments since 14:05 UTC.')
    .replace('[What caused it]', 'The card token cache key lost its tenant prefix in 2.3.4.')
    .replace('[What this change does]', 'Restores the tenant prefix in cacheKey().')
    .replace('[How it was tested]', 'A regression test covers two tenants with one card.')
    .replace('[How to roll this back]', 'Redeploy v2.3.4; nothing to migrate.')
    .replace('- [ ] P1 -', '- [x] P1 -');

  it('has every section validate-hotfix-pr requires, each a placeholder until written', () => {
    expect(checkSections(template, required)).toEqual({
      missing: [],
      unfilled: required,
    });
    expect(checkedUrgencyBoxes(template)).toEqual([]);
  });

  it('filled in as it asks, it passes the sections and the urgency check for its severity', () => {
    expect(checkSections(filled, required)).toEqual({ missing: [], unfilled: [] });
    expect(checkedUrgencyBoxes(filled).map((b) => b.severity)).toEqual(['P1']);
    const subject = {
      kind: 'pull_request' as const,
      number: 1,
      title: '[HOTFIX] ENG-1 checkout',
      body: filled,
      labels: [],
      branch: 'hotfix/ENG-1-checkout',
      origin: 'test',
    };
    const decision = classify({ subject, policy: defaultPolicy() });
    expect(decision).toMatchObject({ severity: 'P1', source: 'checkbox' });
    // Its prompts and the unticked boxes trigger no keyword rule of their own.
    expect(
      classify({ subject: { ...subject, body: template }, policy: defaultPolicy() }).source,
    ).toBe('default');
  });

  it('carries the temporary-fix box that opens a follow-up issue', () => {
    expect(template).toContain('- [ ] This is a temporary fix; a proper fix follows');
  });
});

describe('examples/hotfix-report.yml', () => {
  const file = 'examples/hotfix-report.yml';
  const example = parse(read(file)) as Workflow & { on: { schedule?: { cron: string }[] } };
  const job = example.jobs.report!;
  const step = job.steps!.find((s) => s.uses?.includes('/actions/hotfix-report@'))!;

  it('passes hotfix-report only inputs its action.yml declares', () => {
    expect(step.uses).toBe('acme/hotfix-actions/actions/hotfix-report@v1');
    expect(checkOurSteps(job.steps!)).toBe(1);
    const declared = Object.keys(
      (parse(read('actions/hotfix-report/action.yml')) as { inputs: object }).inputs,
    );
    expect(declared).toEqual(expect.arrayContaining(Object.keys(step.with!)));
    // Every inputs.x it reads is one its dispatch form offers.
    checkInputRefs(file, Object.keys(example.on.workflow_dispatch!.inputs!));
  });

  it('only reads, except the report issue it says it writes', () => {
    expect(example.permissions).toEqual({});
    expect(step.with!.issue).toBe('update');
    expect(job.permissions).toEqual({
      contents: 'read',
      deployments: 'read',
      'pull-requests': 'read',
      // issue: update keeps one report issue current; the comment says read is enough without.
      issues: 'write',
    });
    expect(read(file)).toContain('without `issue: update`, `issues: read` is enough');
  });

  it('runs on a weekly cron and by hand, nothing else', () => {
    expect(Object.keys(example.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    const crons = example.on.schedule!.map((s) => s.cron);
    expect(crons).toHaveLength(1);
    // minute hour day-of-month month day-of-week: one fixed time on one day of the week.
    const [minute, hour, dom, month, dow] = crons[0]!.split(/\s+/);
    expect([minute, hour].every((f) => /^\d+$/.test(f ?? ''))).toBe(true);
    expect([dom, month]).toEqual(['*', '*']);
    expect(dow).toMatch(/^[0-6]$/);
  });

  it('passes the workflow audit', () => {
    expect(auditWorkflow(read(file), 'hotfix-report.yml')).toEqual([]);
  });
});
