// auto-rollback's pure parts: the decision from the deployment history, the target input,
// the request from inputs and policy, the escalation steps (quoted for a shell) and the
// outputs. The harness test (test/actions/auto-rollback.test.ts) runs the bundle end to end.
import { inputsFrom } from '../../src/shared/runner/inputs.ts';
import { displayName } from '../../src/shared/github/deployments.ts';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import type {
  DeploymentState,
  DeploymentWithStatuses,
} from '../../src/shared/github/deployments.ts';
import {
  decide,
  defaultReason,
  givenTarget,
  impliedFailed,
  previousTarget,
} from '../../src/auto-rollback/decide.ts';
import {
  parseTarget,
  readRollbackInputs,
  rollbackRequest,
} from '../../src/auto-rollback/inputs.ts';
import { revertBranch } from '../../src/auto-rollback/revert.ts';
import { manualSteps } from '../../src/auto-rollback/escalation.ts';
import { outputsOf, summaryOf } from '../../src/auto-rollback/report.ts';
import { dispatchWorkflow, type RollbackOutcome } from '../../src/auto-rollback/rollback.ts';
import { defaultPolicy } from '../../src/shared/policy/policy.ts';
import { shellQuote } from '../../src/shared/text/shell-quote.ts';

const sha = (c: string) => c.repeat(40);
let ids = 0;

/** A deployment with statuses given oldest first (stored newest first, as the API returns). */
function dep(
  id: number,
  s: string,
  states: DeploymentState[],
  payload: DeploymentWithStatuses['payload'] = {},
): DeploymentWithStatuses {
  return {
    id,
    sha: sha(s),
    ref: typeof payload.version === 'string' ? payload.version : sha(s),
    environment: 'production',
    description: null,
    payload,
    creator: 'octocat',
    createdAt: '2026-11-24T10:00:00Z',
    statuses: states
      .map((state) => ({
        id: ++ids,
        state,
        description: state === 'failure' ? 'Failed: 503 on /health' : '',
        environmentUrl: '',
        logUrl: '',
        createdAt: '2026-11-24T10:00:00Z',
      }))
      .reverse(),
  };
}

/** Newest first, as deploymentHistory returns it. */
const history = (...ds: DeploymentWithStatuses[]) => [...ds].sort((a, b) => b.id - a.id);

describe('parseTarget', () => {
  it('takes previous (any case, or empty) and refs a person types', () => {
    expect(parseTarget('')).toEqual({ kind: 'previous' });
    expect(parseTarget(' Previous ')).toEqual({ kind: 'previous' });
    for (const ref of ['v1.4.0', 'release/1.4', sha('a'), 'abc1234', 'hotfix/ENG-1_x'])
      expect(parseTarget(ref)).toEqual({ kind: 'ref', ref });
  });

  it('refuses what git would refuse, naming the input', () => {
    for (const bad of [
      'HEAD~1',
      'main^',
      'a..b',
      '-x',
      'x y',
      'x.lock',
      'a:b',
      'x@{1}',
      '/x',
      'x/',
      'café',
    ])
      expect(() => parseTarget(bad), bad).toThrow(
        /^input "target": .* is not previous, or a branch/,
      );
  });
});

describe('decide', () => {
  const good = dep(10, 'a', ['in_progress', 'success'], { version: 'v1.4.0' });
  const failed = dep(20, 'b', ['in_progress', 'failure'], { version: 'v1.5.1' });

  it('rolls back to the last good deployment of another commit before the failed one', () => {
    const h = history(dep(5, 'c', ['success'], { version: 'v1.3.0' }), good, failed);
    const target = previousTarget(h, failed);
    expect(target).toMatchObject({ sha: sha('a'), version: 'v1.4.0', ref: 'v1.4.0' });
    expect(target!.how).toBe('the last good deployment before 20');
    expect(decide(h, failed, target)).toMatchObject({ kind: 'roll-back', abandoned: [] });
  });

  it('skips good deployments of the failed commit itself and bad ones', () => {
    const h = history(
      good,
      dep(12, 'b', ['success']), // the same commit, deployed earlier: no way back
      dep(14, 'd', ['success', 'failure']), // verified, then failed: not good
      failed,
    );
    expect(previousTarget(h, failed)?.sha).toBe(sha('a'));
  });

  it('a good rollback of the failed deployment means it is done, whatever came before it', () => {
    const firstTry = dep(21, 'a', ['in_progress', 'failure'], { 'rollback-of': 20 });
    const secondTry = dep(22, 'a', ['in_progress', 'success'], { 'rollback-of': 20 });
    const h = history(good, failed, firstTry, secondTry);
    expect(decide(h, failed, previousTarget(h, failed))).toEqual({
      kind: 'already-rolled-back',
      rollback: secondTry,
    });
  });

  it('retries after a failed rollback and closes an unfinished one', () => {
    const failedTry = dep(21, 'a', ['in_progress', 'failure'], { 'rollback-of': 20 });
    const died = dep(22, 'a', ['in_progress'], { 'rollback-of': 20 });
    const h = history(good, failed, failedTry, died);
    expect(decide(h, failed, previousTarget(h, failed))).toMatchObject({
      kind: 'roll-back',
      abandoned: [died],
      retryOf: failedTry,
    });
  });

  it('nowhere to go: impossible, with what to pass', () => {
    const h = history(dep(10, 'a', ['failure']), failed);
    const d = decide(h, failed, previousTarget(h, failed));
    expect(d).toMatchObject({ kind: 'impossible' });
    if (d.kind !== 'impossible') throw new Error('unreachable');
    expect(d.message).toBe(
      'No earlier successful deployment of production before deployment 20 (v1.5.1) among the last 2 deployments: there is no last good version to roll back to.',
    );
    expect(d.hint).toMatch(/^Pass target: /);
  });

  it('the environment already runs the target: nothing to do', () => {
    const current = dep(30, 'a', ['success'], { version: 'v1.4.0' });
    const h = history(good, failed, current);
    expect(decide(h, current, givenTarget(h, 'v1.4.0', sha('a')))).toMatchObject({
      kind: 'already-on-target',
      current,
    });
  });

  it('a newer deployment replaced the failed one: superseded, not rolled back', () => {
    const newer = dep(30, 'e', ['in_progress', 'success'], { version: 'v1.5.2' });
    const h = history(good, failed, newer);
    expect(decide(h, failed, previousTarget(h, failed))).toEqual({ kind: 'superseded', newer });
  });

  it('a target that is the failed commit changes nothing: impossible', () => {
    const h = history(good, failed);
    expect(decide(h, failed, givenTarget(h, 'main', sha('b')))).toMatchObject({
      kind: 'impossible',
      message: expect.stringContaining('rolling back to it changes nothing'),
    });
  });

  it('a given target takes its good deployment and version, or a version-like tag', () => {
    const h = history(good, failed);
    expect(givenTarget(h, 'release/1.4', sha('a'))).toMatchObject({
      version: 'v1.4.0',
      deployment: good,
      how: 'given as target',
    });
    const tag = givenTarget(h, 'v1.2.0', sha('f'));
    expect(tag.version).toBe('v1.2.0');
    expect(tag.deployment).toBeUndefined();
    expect(givenTarget(h, 'main', sha('f')).version).toBe('');
    expect(displayName({ ref: sha('f'), sha: sha('f') })).toBe('ffffffffffff');
  });

  it('without an id, the failed deployment is the newest, or what a rollback on top replaced', () => {
    const prev = { targetGiven: false };
    expect(impliedFailed([], prev)).toBeUndefined();
    expect(impliedFailed(history(good, failed), prev)).toBe(20);
    const died = dep(21, 'a', ['in_progress'], { 'rollback-of': 20 });
    expect(impliedFailed(history(good, failed, died), prev)).toBe(20);
    // A re-run or a second click finds the good rollback, never rolls it back in turn...
    const done = dep(22, 'a', ['in_progress', 'success'], { 'rollback-of': 20 });
    expect(impliedFailed(history(good, failed, died, done), prev)).toBe(20);
    // ...unless a person names an earlier version to go back to.
    expect(impliedFailed(history(good, failed, died, done), { targetGiven: true })).toBe(22);
    expect(impliedFailed(history(good, failed, died), { targetGiven: true })).toBe(20);
  });

  it('the default reason is the failed deployment’s failure status, else who asked', () => {
    expect(defaultReason(failed, 'dana')).toBe('Failed: 503 on /health');
    expect(defaultReason(dep(40, 'b', ['in_progress', 'success']), 'dana')).toBe(
      'rollback of deployment 40 (success) requested by dana',
    );
  });
});

describe('the request', () => {
  const env = (inputs: Record<string, string>) =>
    inputsFrom(
      Object.fromEntries(
        Object.entries({ 'github-token': 'tok', environment: 'production', ...inputs }).map(
          ([k, v]) => [`INPUT_${k.toUpperCase()}`, v],
        ),
      ),
    );

  it('takes the strategy and revert mode from the policy unless given', () => {
    const policy = defaultPolicy();
    policy.rollback = { strategy: 'revert', 'revert-mode': 'push', 'allow-any-ref': false };
    policy['production-branch'] = 'trunk';
    const req = rollbackRequest(readRollbackInputs(env({})), policy);
    expect(req).toMatchObject({
      strategy: 'revert',
      revertMode: 'push',
      productionBranch: 'trunk',
      command: '',
      target: { kind: 'previous' },
    });
    const given = rollbackRequest(
      readRollbackInputs(
        env({ strategy: 'command', command: 'undo', 'revert-mode': 'pull-request' }),
      ),
      policy,
    );
    expect(given).toMatchObject({ strategy: 'command', revertMode: 'pull-request' });
  });

  it('needs a command for redeploy and command, but not for revert', () => {
    expect(() => rollbackRequest(readRollbackInputs(env({})), defaultPolicy())).toThrow(
      'input "command" is required: the deploy command to run for the target (strategy redeploy)',
    );
    expect(
      rollbackRequest(readRollbackInputs(env({ strategy: 'revert' })), defaultPolicy()).command,
    ).toBe('');
  });

  it('a bad value stops it before anything, naming the input, the value and what was expected', () => {
    const cases: [Record<string, string>, string][] = [
      [
        { target: 'HEAD~1' },
        'input "target": "HEAD~1" is not previous, or a branch, tag or commit sha',
      ],
      [
        { 'failed-deployment-id': 'latest' },
        'input "failed-deployment-id": "latest" is not a whole number',
      ],
      [
        { 'failed-deployment-id': '0' },
        'input "failed-deployment-id": "0" is not a whole number from 1',
      ],
      [
        { 'revert-mode': 'force' },
        'input "revert-mode": "force" is not one of: pull-request, push',
      ],
      [{ 'github-token': '' }, 'input "github-token" is required: a token with deployments: write'],
      [{ interval: 'often' }, 'input "interval": "often" is not a duration like 30s, 5m or 1h'],
      [{ 'health-urls': 'api/health' }, 'input "health-urls": "api/health" is not'],
      [{ 'command-timeout': 'soon' }, 'input "command-timeout": "soon" is not a duration'],
    ];
    for (const [inputs, message] of cases)
      expect(
        () =>
          rollbackRequest(readRollbackInputs(env({ command: 'x', ...inputs })), defaultPolicy()),
        JSON.stringify(inputs),
      ).toThrow(message);
    expect(() =>
      rollbackRequest(readRollbackInputs(env({ strategy: 'command' })), defaultPolicy()),
    ).toThrow('input "command" is required: your rollback command (strategy command)');
  });

  it('revert branches are named after the environment and the failed deployment', () => {
    expect(revertBranch('production', 42)).toBe('rollback/production/deployment-42');
    expect(revertBranch('EU West (blue)', 7)).toBe('rollback/eu-west-blue/deployment-7');
    expect(revertBranch('..', 7)).toBe('rollback/environment/deployment-7');
  });
});

function outcome(extra: Partial<RollbackOutcome>): RollbackOutcome {
  const policy = defaultPolicy();
  const base: RollbackOutcome = {
    request: {
      ...rollbackRequest(
        readRollbackInputs(
          inputsFrom({
            'INPUT_GITHUB-TOKEN': 't',
            INPUT_ENVIRONMENT: 'production',
            INPUT_COMMAND: 'x',
          }),
        ),
        policy,
      ),
    },
    kind: 'failed',
    repo: { owner: 'acme', repo: 'shop' },
    runUrl: 'https://github.com/acme/shop/actions/runs/1',
    reason: 'r',
    rolledBack: false,
    escalate: true,
    failureReason: 'boom',
    message: 'boom',
    notes: [],
  };
  return { ...base, ...extra };
}

describe('escalation steps', () => {
  const failed = dep(20, 'b', ['failure'], { version: 'v1.5.1' });
  const target = givenTarget([], "it's $(v1)", sha('a'));

  it('quote every value of a command so that, run as printed, it does what the action did', () => {
    const hostile = `echo "$DEPLOY_REF|$DEPLOY_VERSION|$DEPLOY_ENVIRONMENT" ; echo 'single' \`true\``;
    const o = outcome({
      request: { ...outcome({}).request, command: hostile, environment: "prod 'eu'" },
      failed,
      target: { ...target, version: "v1 '$(x)'" },
      reason: "it's $(rm -rf ~)",
    });
    const steps = manualSteps(o);
    const byHand = steps.next.find((s) => s.sh?.includes('bash --noprofile'))!.sh!;
    const r = spawnSync('bash', ['-c', byHand], { encoding: 'utf8' });
    expect(r.stdout).toBe(`${sha('a')}|v1 '$(x)'|prod 'eu'\nsingle\n`);
    const dispatch = steps.next.find((s) => s.sh?.includes('gh workflow run'))!.sh!;
    expect(dispatch).toContain(shellQuote("reason=it's $(rm -rf ~)"));
    expect(dispatch).toContain(shellQuote("environment=prod 'eu'"));
  });

  it('a revert conflict gets the git commands, merges reverted with -m 1, newest first', () => {
    const change = [
      { sha: sha('c'), merge: true, subject: 'Merge pull request #1' },
      { sha: sha('d'), merge: false, subject: 'tweak' },
    ];
    const o = outcome({
      request: { ...outcome({}).request, strategy: 'revert', command: '' },
      failed,
      target,
      revert: {
        kind: 'failed',
        change,
        productionBranch: 'main',
        branch: 'rollback/production/deployment-20',
        message: 'conflict',
        conflict: { commit: change[1]!, files: ['app file.txt'] },
      },
    });
    const steps = manualSteps(o);
    expect(steps.live).toBe(
      'Still the failed deployment of v1.5.1 (bbbbbbbbbbbb, deployment 20): nothing was deployed.',
    );
    const git = steps.next.find((s) => s.sh?.includes('git revert'))!.sh!.split('\n');
    expect(git.slice(0, 4)).toEqual([
      'git fetch origin main',
      'git switch -c rollback/production/deployment-20 origin/main',
      `git revert --no-edit ${sha('d')}`,
      `git revert --no-edit -m 1 ${sha('c')}`,
    ]);
    expect(git).toContain("git add 'app file.txt'");
  });

  it('suggests running again the workflow a person dispatched this run from', () => {
    const ref = 'acme/shop/.github/workflows/oops-rollback.yaml@refs/heads/main';
    expect(dispatchWorkflow('workflow_dispatch', ref)).toBe('oops-rollback.yaml');
    expect(dispatchWorkflow('push', ref)).toBeUndefined();
    const o = outcome({
      failed: dep(20, 'b', ['failure']),
      target: givenTarget([], 'v1.4.0', sha('a')),
      fallback: dep(5, 'c', ['success'], { version: 'v1.3.0' }),
      dispatchWorkflow: 'oops-rollback.yaml',
    });
    const step = manualSteps(o).next.find((s) => s.sh?.startsWith('gh workflow run'))!;
    expect(step.sh).toBe(
      `gh workflow run oops-rollback.yaml -f environment=production -f target=${sha('c')} -f reason=r`,
    );
    expect(step.title).toContain('the workflow this run was started from, oops-rollback.yaml');
  });

  it('without a recorded good version, lists the recent deployments to choose from', () => {
    const steps = manualSteps(outcome({ kind: 'impossible', failed }));
    expect(steps.live).toContain('nothing was changed');
    expect(steps.next.map((s) => s.sh ?? '').join('\n')).toContain(
      "gh api 'repos/acme/shop/deployments?environment=production&per_page=10' --jq",
    );
  });
});

describe('outputs and summary', () => {
  it('a revert left to the pipeline: not rolled back, health unknown, no escalation', () => {
    const failed = dep(20, 'b', ['failure'], { version: 'v1.5.1' });
    const o = outcome({
      kind: 'revert-prepared',
      escalate: false,
      failureReason: '',
      message: 'reverted in PR #3',
      failed,
      target: givenTarget([], 'v1.4.0', sha('a')),
      revert: {
        kind: 'done',
        how: 'pull-request',
        change: [{ sha: sha('d'), merge: false, subject: 'x | y' }],
        productionBranch: 'main',
        branch: 'rollback/production/deployment-20',
        head: sha('e'),
        reverted: [{ sha: sha('d'), merge: false, subject: 'x | y', revertedBy: sha('e') }],
        pull: {
          number: 3,
          url: 'https://github.com/acme/shop/pull/3',
          state: 'open',
          merged: false,
          draft: false,
        },
      },
    });
    expect(outputsOf(o)).toMatchObject({
      'rolled-back': 'false',
      healthy: '',
      escalate: 'false',
      'target-ref': 'rollback/production/deployment-20',
      'target-sha': sha('e'),
      'revert-branch': 'rollback/production/deployment-20',
      'pull-request-url': 'https://github.com/acme/shop/pull/3',
      'failed-deployment-id': '20',
      'deployment-id': '',
    });
    const summary = summaryOf(o);
    expect(summary).toContain('## ⏪ The failed change is reverted in PR #3');
    expect(summary).toContain('x \\| y');
    expect(summary).not.toContain('What to do now');
  });
});
