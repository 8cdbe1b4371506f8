// The reusable rollback workflow and its example caller fit together and fit the actions:
// actionlint cannot see inside our own actions, so a misspelt input would only show on
// GitHub, in an incident. Also the rules the workflow promises: least-privilege permissions
// per job, a concurrency group per environment that never cancels, untrusted text through env:.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { auditWorkflow } from '../../scripts/workflow-audit.ts';

const root = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  uses?: string;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  'timeout-minutes'?: unknown;
  steps?: Step[];
  with?: Record<string, unknown>;
  secrets?: Record<string, string>;
}
interface Workflow {
  on: {
    workflow_call?: {
      inputs: Record<string, { required?: boolean; type: string }>;
      secrets: Record<string, unknown>;
    };
    workflow_dispatch?: { inputs: Record<string, { type: string; options?: string[] }> };
  };
  permissions?: unknown;
  jobs: Record<string, Job>;
}

const workflow = parse(read('.github/workflows/rollback.yml')) as Workflow;
const example = parse(read('examples/rollback-dispatch.yml')) as Workflow;
const actionInputs = (name: string) =>
  Object.keys((parse(read(`actions/${name}/action.yml`)) as { inputs: object }).inputs);

describe('the reusable rollback workflow', () => {
  it('is called with environment (required), target and reason', () => {
    const inputs = workflow.on.workflow_call!.inputs;
    expect(inputs.environment).toMatchObject({ required: true, type: 'string' });
    expect(inputs.target).toMatchObject({ type: 'string', default: 'previous' });
    expect(inputs.reason).toMatchObject({ type: 'string' });
  });

  it('passes only inputs our actions declare, referenced as a reusable workflow must', () => {
    const steps = Object.values(workflow.jobs).flatMap((j) => j.steps ?? []);
    const ours = steps.filter((s) => s.uses?.startsWith('acme/hotfix-actions/'));
    expect(ours.map((s) => s.uses).sort()).toEqual([
      'acme/hotfix-actions/actions/auto-rollback@v1',
      'acme/hotfix-actions/actions/auto-rollback@v1',
      'acme/hotfix-actions/actions/notify@v1',
    ]);
    for (const s of ours) {
      const name = /actions\/([\w-]+)@/.exec(s.uses!)![1]!;
      const declared = actionInputs(name);
      for (const key of Object.keys(s.with ?? {}))
        expect(declared, `${name}: ${key}`).toContain(key);
    }
    // Every `${{ inputs.x }}` names an input the workflow declares.
    const declared = Object.keys(workflow.on.workflow_call!.inputs);
    for (const m of read('.github/workflows/rollback.yml').matchAll(/\binputs\.([\w-]+)/g))
      expect(declared, m[0]).toContain(m[1]);
  });

  it('gives each job only its permissions, a timeout, and never cancels a rollback', () => {
    expect(workflow.permissions).toEqual({});
    const { rollback, revert, notify } = workflow.jobs;
    expect(rollback!.permissions).toEqual({ contents: 'read', deployments: 'write' });
    expect(revert!.permissions).toEqual({
      contents: 'write',
      'pull-requests': 'write',
      deployments: 'write',
    });
    expect(notify!.permissions).toEqual({
      contents: 'read',
      deployments: 'read',
      issues: 'write',
      'pull-requests': 'write',
    });
    for (const job of [rollback!, revert!]) {
      expect(job.concurrency).toEqual({
        group: 'hotfix-deploy-${{ inputs.environment }}',
        'cancel-in-progress': false,
      });
      expect(job['timeout-minutes']).toBeDefined();
      // An `environment:` job would record a deployment of the run's commit in the history.
      expect(job).not.toHaveProperty('environment');
    }
    expect(auditWorkflow(read('.github/workflows/rollback.yml'), 'rollback.yml')).toEqual([]);
  });

  it('lets the target and the reason reach a shell only through env:', () => {
    const runs = Object.values(workflow.jobs).flatMap((j) => (j.steps ?? []).filter((s) => s.run));
    expect(runs.length).toBeGreaterThan(0);
    for (const s of runs) expect(s.run).not.toContain('${{');
    const request = runs.filter((s) => s.env?.TARGET);
    expect(request).toHaveLength(2);
    for (const s of request)
      expect(s.env).toMatchObject({
        TARGET: '${{ inputs.target }}',
        REASON: '${{ inputs.reason }}',
      });
  });
});

describe('the example dispatch caller', () => {
  it('offers a choice of environment and free text for the target and the reason', () => {
    const inputs = example.on.workflow_dispatch!.inputs;
    expect(inputs.environment).toMatchObject({
      type: 'choice',
      options: ['production', 'staging'],
    });
    expect(inputs.target).toMatchObject({ type: 'string' });
    expect(inputs.reason).toMatchObject({ type: 'string' });
  });

  it('calls the reusable workflow with inputs and secrets it declares, granting what its jobs ask', () => {
    const job = example.jobs.rollback!;
    expect(job.uses).toBe('acme/hotfix-actions/.github/workflows/rollback.yml@v1');
    const call = workflow.on.workflow_call!;
    for (const key of Object.keys(job.with ?? {})) expect(Object.keys(call.inputs)).toContain(key);
    for (const key of Object.keys(job.secrets ?? {}))
      expect(Object.keys(call.secrets)).toContain(key);
    // GitHub refuses to start the run when a nested job asks for more than the caller grants.
    const rank = { none: 0, read: 1, write: 2 } as Record<string, number>;
    for (const nested of Object.values(workflow.jobs))
      for (const [scope, level] of Object.entries(nested.permissions ?? {}))
        expect(rank[job.permissions?.[scope] ?? 'none'], scope).toBeGreaterThanOrEqual(
          rank[level]!,
        );
    expect(auditWorkflow(read('examples/rollback-dispatch.yml'), 'rollback-dispatch.yml')).toEqual(
      [],
    );
  });
});
