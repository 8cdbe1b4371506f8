// The reusable hotfix workflow, the composite deploy and the example caller fit together and
// fit the actions: actionlint cannot see inside our own actions, so a misspelt input would
// only show on GitHub, during an incident. Also the promises the workflow makes: a P0 reaches
// production after two jobs, least-privilege permissions, deploys never cancelled, untrusted
// values through env: only.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { auditWorkflow } from '../../scripts/workflow-audit.ts';
import {
  checkCall,
  checkInputRefs,
  checkOurSteps,
  readRepoFile as read,
  type Step,
  type Workflow,
} from '../harness/workflow-files.ts';

const hotfix = parse(read('.github/workflows/hotfix.yml')) as Workflow;
const caller = parse(read('examples/hotfix.yml')) as Workflow;
const composite = parse(read('deploy/action.yml')) as {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  runs: { steps: Step[] };
};
const compositeOutputs = composite.outputs;

describe('the reusable hotfix workflow', () => {
  it('calls our actions with inputs they declare, and uses only inputs it declares', () => {
    const steps = Object.values(hotfix.jobs).flatMap((j) => j.steps ?? []);
    expect(checkOurSteps(steps)).toBe(8);
    checkInputRefs('.github/workflows/hotfix.yml', Object.keys(hotfix.on.workflow_call!.inputs!));
  });

  it('reads like the playbook: gate -> staging (unless P0) -> production; backport on merge', () => {
    const needs = (job: string) => [hotfix.jobs[job]!.needs ?? []].flat();
    expect(needs('gate')).toEqual([]);
    expect(needs('deploy-staging')).toEqual(['gate']);
    expect(needs('deploy-production')).toEqual(['gate', 'deploy-staging']);
    expect(needs('backport')).toEqual([]);
    expect(needs('notify-stopped')).toEqual(['gate', 'deploy-staging']);
    // Staging runs only when the severity's policy asks for it; production also runs when
    // staging was skipped, so a P0 reaches production after two jobs: gate, deploy-production.
    expect(hotfix.jobs['deploy-staging']!.if).toContain("needs.gate.outputs.staging == 'true'");
    expect(hotfix.jobs['deploy-production']!.if).toContain(
      "needs.deploy-staging.result == 'skipped'",
    );
    // The gate's work shares one job: classify, validate (on PRs), critical tests.
    const gate = hotfix.jobs.gate!.steps!.map((s) => s.uses ?? s.run ?? '');
    const order = ['classify-severity', 'validate-hotfix-pr', 'critical-tests'].map((a) =>
      gate.findIndex((u) => u.includes(`/actions/${a}@`)),
    );
    expect(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]!))).toBe(true);
  });

  it('production: the one-step deploy (deploy, roll back, notify) in the user environment', () => {
    const prod = hotfix.jobs['deploy-production']!;
    expect(prod.environment).toBe('${{ inputs.production-environment }}');
    const deploy = prod.steps!.find((s) => s.id === 'deploy')!;
    expect(deploy.uses).toBe('acme/hotfix-actions/deploy@v1');
    // The job's outputs are the composite's.
    expect(Object.values(prod.outputs!)).toEqual([
      '${{ steps.deploy.outputs.healthy }}',
      '${{ steps.deploy.outputs.rolled-back }}',
    ]);
    expect(Object.keys(compositeOutputs)).toEqual(
      expect.arrayContaining(['healthy', 'rolled-back']),
    );
  });

  it('gives each job its own permissions and timeout, and never cancels a deploy', () => {
    expect(auditWorkflow(read('.github/workflows/hotfix.yml'), 'hotfix.yml')).toEqual([]);
    for (const name of ['deploy-staging', 'deploy-production']) {
      expect(hotfix.jobs[name]!.concurrency).toMatchObject({ 'cancel-in-progress': false });
      expect(hotfix.jobs[name]!.concurrency!.group).toMatch(
        /^hotfix-deploy-\$\{\{ inputs\.\w+-environment \}\}$/,
      );
    }
    expect(hotfix.jobs.gate!.permissions).toEqual({
      contents: 'read',
      'pull-requests': 'write',
      issues: 'write',
    });
    expect(hotfix.jobs.backport!.permissions).toEqual({
      contents: 'write',
      'pull-requests': 'write',
    });
  });

  it('acts only on hotfixes: an ordinary PR to main is not labelled, validated, tested or backported', () => {
    const gate = hotfix.jobs.gate!.steps!;
    expect(gate.find((s) => s.id === 'classify')!.with!.label).toBe('hotfix');
    const guarded = gate.filter(
      (s) => s.id !== 'classify' && s.id !== 'plan' && !s.uses?.startsWith('actions/checkout'),
    );
    for (const s of guarded)
      expect(s.if, s.uses ?? s.run).toContain("steps.classify.outputs.is-hotfix == 'true'");
    const backport = hotfix.jobs.backport!.steps!.find((s) => s.uses?.includes('/backport@'))!;
    expect(backport.if).toBe("steps.classify.outputs.is-hotfix == 'true'");
    expect(hotfix.jobs['notify-stopped']!.if).toContain("needs.gate.outputs.is-hotfix == 'true'");
  });

  it('judges staging by its own checks, and lets notify read what it reports', () => {
    const staging = hotfix.jobs['deploy-staging']!.steps!.find((s) =>
      s.uses?.includes('deploy-with-healthcheck'),
    )!;
    expect(staging.with!['health-urls']).toBe('${{ inputs.staging-health-urls }}');
    expect(JSON.stringify(staging.with)).not.toContain('inputs.health-urls');
    expect(hotfix.jobs['notify-stopped']!.permissions).toMatchObject({
      contents: 'read',
      deployments: 'read',
    });
  });

  it('lets no expression into run:', () => {
    for (const job of Object.values(hotfix.jobs))
      for (const s of job.steps ?? []) if (s.run) expect(s.run).not.toContain('${{');
  });
});

describe('the example caller', () => {
  it('calls the workflow with inputs it declares, granting what its jobs ask', () => {
    const job = caller.jobs.hotfix!;
    expect(job.uses).toBe('acme/hotfix-actions/.github/workflows/hotfix.yml@v1');
    expect(job.secrets).toBe('inherit');
    checkCall(job, hotfix);
    expect(Object.keys(caller.on)).toEqual(['push', 'pull_request']);
    expect(auditWorkflow(read('examples/hotfix.yml'), 'hotfix.yml')).toEqual([]);
  });
});

describe('the composite deploy action', () => {
  it('deploys, rolls back when not healthy, notifies, then fails an unhealthy deploy', () => {
    const steps = composite.runs.steps;
    expect(checkOurSteps(steps)).toBe(3);
    checkInputRefs('deploy/action.yml', Object.keys(composite.inputs));
    expect(
      steps.map(
        (s) => /^acme\/hotfix-actions\/actions\/([\w-]+)@/.exec(s.uses ?? '')?.[1] ?? 'run',
      ),
    ).toEqual(['deploy-with-healthcheck', 'auto-rollback', 'notify', 'run']);
    expect(steps.at(-1)!.run).not.toContain('${{');
  });
});
