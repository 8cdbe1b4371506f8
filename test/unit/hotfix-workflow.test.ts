// The reusable hotfix workflow, the composite deploy and the example caller fit together and
// fit the actions: actionlint cannot see inside our own actions, so a misspelt input would
// only show on GitHub, during an incident. Also the promises the workflow makes: a P0 reaches
// production after two parallel jobs, least-privilege permissions, deploys never cancelled,
// untrusted values through env: only; and its trust boundaries, attacked: the jobs' `if:`
// and outputs evaluated by GitHub's own expression library with what an attacker controls.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { auditWorkflow } from '../../scripts/workflow-audit.ts';
import {
  checkCall,
  checkInputRefs,
  checkOurSteps,
  jobRuns,
  readRepoFile as read,
  template,
  type Contexts,
  type Job,
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
const jobs = hotfix.jobs;
const inputs = Object.fromEntries(
  Object.entries(hotfix.on.workflow_call!.inputs!).map(([k, v]) => [k, v.default ?? '']),
);
const stepsOf = (job: string) => jobs[job]!.steps ?? [];
const ours = (s: Step, action: string) => !!s.uses?.includes(`/actions/${action}@`);

/** The contexts of a run: its event and ref, the caller's inputs, and what needed jobs gave. */
function run(
  event: string,
  ref: string,
  needs: Record<string, { result: string; outputs?: Record<string, string> }> = {},
  payload: Record<string, unknown> = {},
): Contexts {
  return { github: { event_name: event, ref, event: payload }, inputs, needs };
}

/** Every needed job succeeded, and every output an attacker could shape says "go". */
function forged(job: Job): Record<string, { result: string; outputs: Record<string, string> }> {
  const needed = [job.needs ?? []].flat();
  const go = { deploy: 'true', staging: 'true', 'is-hotfix': 'true', severity: 'P0', pr: '7' };
  return Object.fromEntries(needed.map((n) => [n, { result: 'success', outputs: go }]));
}

const PR_EVENTS: [string, string, Record<string, unknown>][] = [
  ['pull_request', 'refs/pull/7/merge', { action: 'synchronize' }],
  ['pull_request', 'refs/pull/7/merge', { action: 'closed', pull_request: { merged: true } }],
  ['pull_request_review', 'refs/pull/7/merge', { action: 'submitted' }],
  ['pull_request_target', 'refs/heads/main', { action: 'opened' }],
];

describe('the reusable hotfix workflow', () => {
  it('calls our actions with inputs they declare, and uses only inputs it declares', () => {
    const steps = Object.values(jobs).flatMap((j) => j.steps ?? []);
    expect(checkOurSteps(steps)).toBe(10);
    checkInputRefs('.github/workflows/hotfix.yml', Object.keys(hotfix.on.workflow_call!.inputs!));
  });

  it('reads like the playbook: gate and tests at once -> staging (unless P0) -> production', () => {
    const needs = (job: string) => [jobs[job]!.needs ?? []].flat();
    expect(needs('gate')).toEqual([]);
    expect(needs('tests')).toEqual([]);
    expect(needs('deploy-staging')).toEqual(['gate', 'tests']);
    expect(needs('deploy-production')).toEqual(['gate', 'tests', 'deploy-staging']);
    expect(needs('backport')).toEqual([]);
    expect(needs('declare')).toEqual(['gate']);
    expect(needs('notify-stopped')).toEqual(['gate', 'tests', 'deploy-staging']);
    // A P0 (no staging) reaches production after gate and tests, which run side by side.
    const p0 = run('push', 'refs/heads/main', {
      gate: {
        result: 'success',
        outputs: { deploy: 'true', staging: 'false', 'is-hotfix': 'true' },
      },
      tests: { result: 'success' },
      'deploy-staging': { result: 'skipped' },
    });
    expect(jobRuns(jobs['deploy-staging']!.if, p0)).toBe(false);
    expect(jobRuns(jobs['deploy-production']!.if, p0, 'success')).toBe(true);
  });

  it('production and staging: the one-step deploy in the user environment, one deployment record', () => {
    const prod = jobs['deploy-production']!;
    expect(prod.environment).toEqual({
      name: '${{ inputs.production-environment }}',
      deployment: false,
    });
    expect(jobs['deploy-staging']!.environment).toEqual({
      name: '${{ inputs.staging-environment }}',
      deployment: false,
    });
    const deploy = prod.steps!.find((s) => s.id === 'deploy')!;
    expect(deploy.uses).toBe('acme/hotfix-actions/deploy@v1');
    // What the composite tells, the job and the workflow pass on, under the same names.
    const passed = [
      'healthy',
      'rolled-back',
      'completed-steps',
      'failed-step',
      'weight',
      'aborted',
    ];
    expect(prod.outputs).toEqual(
      Object.fromEntries(passed.map((o) => [o, `\${{ steps.deploy.outputs.${o} }}`])),
    );
    expect(Object.keys(composite.outputs)).toEqual(expect.arrayContaining(passed));
    const outputs = hotfix.on.workflow_call!.outputs!;
    for (const o of passed)
      expect(outputs[o]!.value, o).toBe(`\${{ jobs.deploy-production.outputs.${o} }}`);
  });

  it('gives each job its own permissions and timeout, and never cancels a deploy', () => {
    expect(auditWorkflow(read('.github/workflows/hotfix.yml'), 'hotfix.yml')).toEqual([]);
    for (const name of ['deploy-staging', 'deploy-production']) {
      expect(jobs[name]!.concurrency).toMatchObject({ 'cancel-in-progress': false });
      expect(jobs[name]!.concurrency!.group).toMatch(
        /^hotfix-deploy-\$\{\{ inputs\.\w+-environment \}\}$/,
      );
      expect(jobs[name]!.permissions!['id-token']).toBe('write');
    }
    expect(jobs.gate!.permissions).toEqual({
      contents: 'read',
      'pull-requests': 'write',
      issues: 'write',
    });
    expect(jobs.tests!.permissions).toEqual({ contents: 'read', 'pull-requests': 'read' });
    expect(jobs.backport!.permissions).toEqual({
      contents: 'write',
      'pull-requests': 'write',
    });
  });

  it('runs every job on the runner the caller names (runs-on, as JSON); the tests on their own', () => {
    for (const [name, job] of Object.entries(jobs))
      expect(job['runs-on'], name).toBe(
        name === 'tests'
          ? '${{ fromJSON(inputs.tests-runs-on) }}'
          : '${{ fromJSON(inputs.runs-on) }}',
      );
    expect(JSON.parse(String(inputs['runs-on']))).toBe('ubuntu-latest');
    // The PR's code stays on a GitHub-hosted runner unless the caller says otherwise.
    expect(JSON.parse(String(inputs['tests-runs-on']))).toBe('ubuntu-latest');
  });

  it('logs in to the cloud by OIDC before a deploy, each login only when its input is set', () => {
    for (const name of ['deploy-staging', 'deploy-production']) {
      const steps = stepsOf(name);
      const deploy = steps.findIndex((s) => s.uses?.startsWith('acme/hotfix-actions/'));
      const logins = [
        ['aws-actions/configure-aws-credentials@', 'inputs.aws-role-to-assume'],
        ['google-github-actions/auth@', 'inputs.gcp-workload-identity-provider'],
        ['azure/login@', 'inputs.azure-client-id'],
      ];
      for (const [action, input] of logins) {
        const i = steps.findIndex((s) => s.uses?.startsWith(action!));
        expect(i, `${name}: ${action}`).toBeGreaterThan(-1);
        expect(i).toBeLessThan(deploy);
        expect(steps[i]!.uses).toMatch(/@[0-9a-f]{40}$/);
        expect(steps[i]!.if).toBe(`${input} != ''`);
      }
      const setup = steps.findIndex((s) => s.env?.DEPLOY_SETUP_COMMAND);
      expect(setup).toBeGreaterThan(-1);
      expect(setup).toBeLessThan(deploy);
    }
  });

  it('acts only on hotfixes: an ordinary PR to main is not labelled, validated, tested or backported', () => {
    expect(stepsOf('gate').find((s) => s.id === 'classify')!.with!.label).toBe('hotfix');
    const guarded = stepsOf('tests').filter((s) => s.id !== 'classify');
    for (const s of guarded)
      expect(s.if, s.uses ?? s.run).toContain("steps.classify.outputs.is-hotfix == 'true'");
    const backport = stepsOf('backport').find((s) => ours(s, 'backport'))!;
    expect(backport.if).toBe("steps.classify.outputs.is-hotfix == 'true'");
    expect(jobs['notify-stopped']!.if).toContain("needs.gate.outputs.is-hotfix == 'true'");
  });

  it('an approval re-runs the gate and the tests (attack: a skipped required check reads as passed)', () => {
    // A job its if: skips reports Success; as the newest "hotfix / tests" on the head it
    // would hide the failed run before it, so the review runs the tests again.
    const review = run('pull_request_review', 'refs/pull/7/merge', {}, { action: 'submitted' });
    expect(jobRuns(jobs.gate!.if, review)).toBe(true);
    expect(jobRuns(jobs.tests!.if, review)).toBe(true);
    // Both required checks stay away only from a closed PR, whose merge push is judged anew.
    const closed = run('pull_request', 'refs/pull/7/merge', {}, { action: 'closed' });
    expect(jobRuns(jobs.gate!.if, closed)).toBe(false);
    expect(jobRuns(jobs.tests!.if, closed)).toBe(false);
    const validate = stepsOf('gate').find((s) => ours(s, 'validate-hotfix-pr'))!;
    expect(jobRuns(validate.if, { ...review, steps: classified })).toBe(true);
  });

  it('passes the canary and blue-green inputs to the production deploy only', () => {
    const production = stepsOf('deploy-production').find((s) => s.id === 'deploy')!;
    const names = [
      'strategy',
      'steps',
      'abort-command',
      'promote-command',
      'preview-health-urls',
      'preview-prometheus-queries',
    ];
    for (const name of names) {
      expect(hotfix.on.workflow_call!.inputs![name], name).toBeDefined();
      expect(production.with![name], name).toBe(`\${{ inputs.${name} }}`);
      expect(composite.inputs[name], name).toBeDefined();
    }
    expect(inputs.strategy).toBe('direct');
    const staging = stepsOf('deploy-staging').find((s) => ours(s, 'deploy-with-healthcheck'))!;
    for (const name of names) expect(staging.with![name], name).toBeUndefined();
  });

  it('judges staging by its own checks, and lets notify read what it reports', () => {
    const staging = stepsOf('deploy-staging').find((s) => ours(s, 'deploy-with-healthcheck'))!;
    expect(staging.with!['health-urls']).toBe('${{ inputs.staging-health-urls }}');
    expect(JSON.stringify(staging.with)).not.toContain('inputs.health-urls');
    expect(jobs['notify-stopped']!.permissions).toMatchObject({
      contents: 'read',
      deployments: 'read',
    });
  });

  it('lets no expression into run:', () => {
    for (const job of Object.values(jobs))
      for (const s of job.steps ?? []) if (s.run) expect(s.run).not.toContain('${{');
  });
});

const classified = {
  classify: {
    outputs: {
      'is-hotfix': 'true',
      severity: 'P1',
      number: '7',
      requirements: JSON.stringify({ staging: true }),
    },
  },
};

describe('trust boundaries, attacked', () => {
  it('the gate, whose outputs decide, runs no repository code: no checkout, no run: step', () => {
    for (const s of stepsOf('gate')) {
      expect(s.run, 'a run: step in the gate').toBeUndefined();
      expect(s.uses ?? '').not.toMatch(/^actions\/checkout@/);
    }
  });

  it("the PR's code runs only in tests: a read-only token, no secrets, no outputs", () => {
    // A job runs repository code when it checks it out and then runs a command or the tests.
    const runsCode = (job: Job) => {
      const steps = job.steps ?? [];
      const checkout = steps.findIndex((s) => s.uses?.startsWith('actions/checkout@'));
      return (
        checkout >= 0 &&
        steps.slice(checkout).some((s) => s.run !== undefined || ours(s, 'critical-tests'))
      );
    };
    for (const [name, job] of Object.entries(jobs)) {
      if (!runsCode(job)) continue;
      const onPr = PR_EVENTS.some(([event, ref, payload]) =>
        jobRuns(job.if, run(event, ref, forged(job), payload), 'success'),
      );
      // Only pushes and dispatches, by people with write access: production runs only the
      // reviewed production branch; staging runs a pushed hotfix branch by design.
      if (!onPr) continue;
      expect(name).toBe('tests');
      expect(Object.values(job.permissions ?? {}).every((p) => p === 'read')).toBe(true);
      expect(JSON.stringify(job)).not.toMatch(/secrets\./);
      expect(job.outputs).toBeUndefined();
    }
  });

  it('no output a test job can forge (BASH_ENV, GITHUB_OUTPUT) deploys anything from a PR event', () => {
    // The worst a PR's code can do is make its own job succeed and, were it a job with
    // outputs, say anything in them; forged() hands every needed job success and "go".
    for (const [event, ref, payload] of PR_EVENTS) {
      for (const name of ['deploy-staging', 'deploy-production']) {
        const job = jobs[name]!;
        expect(
          jobRuns(job.if, run(event, ref, forged(job), payload), 'success'),
          `${name} on ${event}`,
        ).toBe(false);
      }
    }
    // Nothing reads the tests job's outputs; it has none.
    expect(read('.github/workflows/hotfix.yml')).not.toMatch(/needs\.tests\.outputs/);
  });

  it('production deploys only from the production branch: not from a hotfix branch, not from a tag', () => {
    const prod = jobs['deploy-production']!;
    for (const ref of ['refs/heads/hotfix/ENG-1-x', 'refs/tags/v1.0.0', 'refs/heads/mainline']) {
      expect(jobRuns(prod.if, run('push', ref, forged(prod)), 'success'), ref).toBe(false);
      expect(jobRuns(prod.if, run('workflow_dispatch', ref, forged(prod)), 'success'), ref).toBe(
        false,
      );
    }
    // The positive control: a push to main with everything green deploys.
    expect(jobRuns(prod.if, run('push', 'refs/heads/main', forged(prod)), 'success')).toBe(true);
    // A hotfix branch push may reach staging (the playbooks' pre-merge check), never production.
    const staging = jobs['deploy-staging']!;
    expect(jobRuns(staging.if, run('push', 'refs/heads/hotfix/ENG-1-x', forged(staging)))).toBe(
      true,
    );
  });

  it('on the merge push, only what passed the gate again deploys', () => {
    const gate = stepsOf('gate');
    const validate = gate.find((s) => ours(s, 'validate-hotfix-pr'))!;
    const mergePush = { ...run('push', 'refs/heads/main'), steps: classified };
    // The merged PR is validated again on the push; its failure fails the gate job.
    expect(jobRuns(validate.if, mergePush)).toBe(true);
    expect(validate['continue-on-error']).toBeUndefined();
    expect(validate.with!['fail-on']).toBeUndefined(); // the default: error fails the step
    const prod = jobs['deploy-production']!;
    const failedGate = {
      ...forged(prod),
      gate: { result: 'failure', outputs: forged(prod).gate!.outputs },
    };
    expect(jobRuns(prod.if, run('push', 'refs/heads/main', failedGate), 'failure')).toBe(false);
    const failedTests = { ...forged(prod), tests: { result: 'failure', outputs: {} } };
    expect(jobRuns(prod.if, run('push', 'refs/heads/main', failedTests), 'failure')).toBe(false);
    // A run someone cancelled deploys nothing, even with every job before it green.
    expect(jobRuns(prod.if, run('push', 'refs/heads/main', forged(prod)), 'cancelled')).toBe(false);
  });

  it('declares the incident when its hotfix PR opens, whatever the paperwork says, and only then', () => {
    const declare = jobs.declare!;
    const notify = declare.steps!.find((s) => ours(s, 'notify'))!;
    expect(notify.with!.event).toBe('declared');
    expect(notify.with!['incident-issue']).toBe('open');
    const gate = (result: string, isHotfix = 'true') => ({
      gate: { result, outputs: { 'is-hotfix': isHotfix, severity: 'P0', pr: '7' } },
    });
    const pr = (action: string, extra: Record<string, unknown> = {}) =>
      run('pull_request', 'refs/pull/7/merge', gate('failure'), { action, ...extra });
    // Opened with an incomplete template: the gate fails, the incident is declared anyway.
    expect(jobRuns(declare.if, pr('opened'), 'failure')).toBe(true);
    expect(jobRuns(declare.if, pr('reopened'), 'failure')).toBe(true);
    expect(jobRuns(declare.if, pr('labeled', { label: { name: 'severity:P0' } }), 'failure')).toBe(
      true,
    );
    // Not on every push to the PR, not on other labels, not for a PR that is no hotfix.
    expect(jobRuns(declare.if, pr('synchronize'), 'success')).toBe(false);
    expect(jobRuns(declare.if, pr('labeled', { label: { name: 'docs' } }), 'success')).toBe(false);
    const plain = run('pull_request', 'refs/pull/7/merge', gate('success', 'false'), {
      action: 'opened',
    });
    expect(jobRuns(declare.if, plain, 'success')).toBe(false);
    expect(jobRuns(declare.if, run('push', 'refs/heads/main', gate('success')), 'success')).toBe(
      false,
    );
    // It holds secrets and write tokens, so it runs no repository code.
    for (const s of declare.steps!) {
      expect(s.run).toBeUndefined();
      expect(s.uses ?? '').not.toMatch(/^actions\/checkout@/);
    }
  });

  it("the gate's deploy output says go only for a hotfix pushed or dispatched on the production branch", () => {
    const deploy = jobs.gate!.outputs!.deploy!;
    const at = (event: string, ref: string) =>
      template(deploy, { ...run(event, ref), steps: classified });
    expect(at('push', 'refs/heads/main')).toBe('true');
    expect(at('workflow_dispatch', 'refs/heads/main')).toBe('true');
    expect(at('pull_request', 'refs/pull/7/merge')).toBe('false');
    expect(at('push', 'refs/heads/hotfix/ENG-1-x')).toBe('false');
  });
});

describe('the example caller', () => {
  it('calls the workflow with inputs it declares, granting what its jobs ask', () => {
    const job = caller.jobs.hotfix!;
    expect(job.uses).toBe('acme/hotfix-actions/.github/workflows/hotfix.yml@v1');
    checkCall(job, hotfix);
    expect(Object.keys(caller.on)).toEqual(['push', 'pull_request', 'pull_request_review']);
    expect(auditWorkflow(read('examples/hotfix.yml'), 'hotfix.yml')).toEqual([]);
  });

  it('maps each secret by name: no secrets: inherit for a workflow referenced by tag', () => {
    const job = caller.jobs.hotfix!;
    expect(job.secrets).not.toBe('inherit');
    expect(Object.keys(job.secrets as object).sort()).toEqual(
      Object.keys(hotfix.on.workflow_call!.secrets!).sort(),
    );
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
