// The reusable rollback workflow and its example caller fit together and fit the actions:
// actionlint cannot see inside our own actions, so a misspelt input would only show on
// GitHub, in an incident. Also the rules the workflow promises: least-privilege permissions
// per job, a concurrency group per environment that never cancels, untrusted text through env:.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { auditWorkflow } from '../../scripts/workflow-audit.ts';
import {
  checkCall,
  checkInputRefs,
  checkOurSteps,
  readRepoFile as read,
  type Workflow,
} from '../harness/workflow-files.ts';

const workflow = parse(read('.github/workflows/rollback.yml')) as Workflow;
const example = parse(read('examples/rollback-dispatch.yml')) as Workflow;

describe('the reusable rollback workflow', () => {
  it('is called with environment (required), target and reason', () => {
    const inputs = workflow.on.workflow_call!.inputs!;
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
    expect(checkOurSteps(steps)).toBe(3);
    checkInputRefs(
      '.github/workflows/rollback.yml',
      Object.keys(workflow.on.workflow_call!.inputs!),
    );
  });

  it('gives each job only its permissions, a timeout, and never cancels a rollback', () => {
    expect(workflow.permissions).toEqual({});
    const { rollback, revert, notify } = workflow.jobs;
    expect(rollback!.permissions).toEqual({
      contents: 'read',
      deployments: 'write',
      'id-token': 'write',
    });
    expect(revert!.permissions).toEqual({
      contents: 'write',
      'pull-requests': 'write',
      deployments: 'write',
      'id-token': 'write',
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
      // Inside the environment (its reviewers, branch rules and secrets apply), without
      // GitHub's own deployment record of the run's commit, which would falsify the history.
      expect(job.environment).toEqual({ name: '${{ inputs.environment }}', deployment: false });
      const steps = job.steps ?? [];
      const rollbackStep = steps.findIndex((s) => s.id === 'rollback');
      for (const login of ['aws-actions/', 'google-github-actions/', 'azure/login@']) {
        const i = steps.findIndex((s) => s.uses?.startsWith(login));
        expect(i, login).toBeGreaterThan(-1);
        expect(i).toBeLessThan(rollbackStep);
        expect(steps[i]!.uses).toMatch(/@[0-9a-f]{40}$/);
      }
    }
    expect(auditWorkflow(read('.github/workflows/rollback.yml'), 'rollback.yml')).toEqual([]);
  });

  it('tells notify the version it rolled back to, from outputs the jobs and the action have', () => {
    const { rollback, revert, notify } = workflow.jobs;
    const step = notify!.steps!.find((s) => s.uses?.includes('/actions/notify@'))!;
    expect(step.with!['rollback-version']).toBe(
      '${{ needs.rollback.outputs.target-ref || needs.revert.outputs.target-sha }}',
    );
    const action = parse(read('actions/auto-rollback/action.yml')) as {
      outputs: Record<string, unknown>;
    };
    for (const [job, output] of [
      [rollback!, 'target-ref'],
      [revert!, 'target-sha'],
    ] as const) {
      expect(job.outputs![output]).toBe(`\${{ steps.rollback.outputs.${output} }}`);
      expect(Object.keys(action.outputs)).toContain(output);
    }
  });

  it('runs every job on the runner named as JSON, as hotfix.yml does', () => {
    for (const [name, job] of Object.entries(workflow.jobs))
      expect(job['runs-on'], name).toBe('${{ fromJSON(inputs.runs-on) }}');
    expect(JSON.parse(String(workflow.on.workflow_call!.inputs!['runs-on']!.default))).toBe(
      'ubuntu-latest',
    );
  });

  it('lets the target and the reason reach a shell only through env:', () => {
    const runs = Object.values(workflow.jobs).flatMap((j) => (j.steps ?? []).filter((s) => s.run));
    expect(runs.length).toBeGreaterThan(0);
    for (const s of runs) expect(s.run).not.toContain('${{');
    const request = runs.filter((s) => s.env?.TARGET);
    for (const s of runs.filter((r) => r.env?.DEPLOY_SETUP_COMMAND))
      expect(s.run).toBe('bash -c "$DEPLOY_SETUP_COMMAND"');
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
    const inputs = example.on.workflow_dispatch!.inputs!;
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
    checkCall(job, workflow);
    expect(auditWorkflow(read('examples/rollback-dispatch.yml'), 'rollback-dispatch.yml')).toEqual(
      [],
    );
  });
});
