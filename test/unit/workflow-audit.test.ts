import { describe, expect, it } from 'vitest';
import { auditCompositeAction, auditWorkflow } from '../../scripts/workflow-audit.ts';
import { checkCall, type Workflow } from '../harness/workflow-files.ts';

const audit = (text: string) => auditWorkflow(text, 'w.yml').map((f) => `${f.line} ${f.rule}`);

const GOOD = `
on: pull_request
permissions: {}
jobs:
  gate:
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions: { contents: read }
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
      - uses: ./actions/classify-severity
      - uses: acme/hotfix-actions/actions/notify@v1
      - run: echo "$TITLE $SHA"
        env:
          TITLE: \${{ github.event.pull_request.title }}
          SHA: \${{ github.sha }}
  call:
    uses: acme/hotfix-actions/.github/workflows/hotfix.yml@v1
    permissions: { contents: read }
`;

describe('workflow audit', () => {
  it('passes a workflow that follows the rules', () => {
    expect(audit(GOOD)).toEqual([]);
  });

  it.each([
    ['github.event.pull_request.title'],
    ['github.head_ref'],
    ['inputs.target'],
    ['github.event.inputs.target'],
    ['steps.severity.outputs.reason'],
    ['needs.gate.outputs.severity'],
  ])('flags ${{ %s }} inside run:', (expr) => {
    const wf = GOOD.replace('echo "$TITLE $SHA"', `echo "\${{ ${expr} }}"`);
    expect(audit(wf)).toEqual(['13 untrusted-expression']);
  });

  it('leaves trusted expressions in run: alone', () => {
    expect(
      audit(GOOD.replace('echo "$TITLE $SHA"', 'echo "${{ github.sha }} ${{ runner.temp }}"')),
    ).toEqual([]);
  });

  it('flags a job without permissions, without a timeout, or with write-all', () => {
    expect(
      audit(GOOD.replace('    permissions: { contents: read }\n    steps:', '    steps:')),
    ).toEqual(['5 job-permissions']);
    expect(audit(GOOD.replace('    timeout-minutes: 10\n', ''))).toEqual(['5 job-timeout']);
    expect(
      audit(
        GOOD.replace(
          'permissions: { contents: read }\n    steps:',
          'permissions: write-all\n    steps:',
        ),
      ),
    ).toEqual(['8 write-all']);
    expect(audit(GOOD.replace('permissions: {}', 'permissions: write-all'))).toEqual([
      '3 write-all',
    ]);
  });

  it('flags third-party actions pinned by tag or branch, not our own', () => {
    expect(
      audit(
        GOOD.replace(
          'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683',
          'actions/checkout@v4',
        ),
      ),
    ).toEqual(['10 unpinned-action']);
    expect(
      audit(
        GOOD.replace(
          'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683',
          'evil/action@main',
        ),
      ),
    ).toEqual(['10 unpinned-action']);
    // Another owner's copy of this suite is a third party like any other.
    expect(
      audit(
        GOOD.replace(
          'acme/hotfix-actions/actions/notify@v1',
          'mallory/hotfix-actions/actions/notify@v1',
        ),
      ),
    ).toEqual(['12 unpinned-action']);
    expect(audit(GOOD.replace('./actions/classify-severity', 'docker://alpine:3.20'))).toEqual([
      '11 unpinned-action',
    ]);
    expect(
      audit(
        GOOD.replace('./actions/classify-severity', `docker://alpine@sha256:${'a'.repeat(64)}`),
      ),
    ).toEqual([]);
  });

  it('flags a pull_request_target job that checks out the PR head', () => {
    const wf = GOOD.replace('on: pull_request', 'on: pull_request_target').replace(
      '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683',
      '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}',
    );
    expect(audit(wf)).toEqual(['10 pr-target-checkout']);
  });

  it.each([
    ['with:\n          ref: ${{ github.event.pull_request.merge_commit_sha }}', 10],
    ['with:\n          ref: refs/pull/${{ github.event.number }}/merge', 10],
    ['with:\n          repository: ${{ github.event.pull_request.head.repo.full_name }}', 10],
  ])('flags every way a pull_request_target checkout takes the PR code: %s', (withBlock, line) => {
    const wf = GOOD.replace('on: pull_request', 'on: pull_request_target').replace(
      '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683',
      `      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n        ${withBlock}`,
    );
    expect(audit(wf)).toEqual([`${line} pr-target-checkout`]);
  });

  it('flags a run: that fetches the PR code in pull_request_target, not in pull_request', () => {
    const fetch = GOOD.replace(
      '      - run: echo "$TITLE $SHA"',
      '      - run: git fetch origin "pull/$NUMBER/head" && git checkout FETCH_HEAD',
    );
    expect(audit(fetch)).toEqual([]);
    expect(audit(fetch.replace('on: pull_request', 'on: pull_request_target'))).toEqual([
      '13 pr-target-checkout',
    ]);
  });

  it('flags secrets: inherit on a job that calls a workflow; secrets by name pass', () => {
    const call = '    uses: acme/hotfix-actions/.github/workflows/hotfix.yml@v1\n';
    expect(audit(GOOD.replace(call, `${call}    secrets: inherit\n`))).toEqual([
      '19 secrets-inherit',
    ]);
    expect(
      audit(
        GOOD.replace(call, `${call}    secrets:\n      DEPLOY_ENV: \${{ secrets.DEPLOY_ENV }}\n`),
      ),
    ).toEqual([]);
  });

  it('holds a composite action to the same step rules', () => {
    const composite = `name: x
runs:
  using: composite
  steps:
    - uses: acme/hotfix-actions/actions/notify@v1
    - uses: actions/cache@v4
    - shell: bash
      run: echo "\${{ inputs.reason }}"
    - shell: bash
      run: echo "$REASON"
      env:
        REASON: \${{ inputs.reason }}
`;
    expect(auditCompositeAction(composite, 'a.yml').map((f) => `${f.line} ${f.rule}`)).toEqual([
      '6 unpinned-action',
      '8 untrusted-expression',
    ]);
  });

  it("the callers' check (checkCall) fails on secrets: inherit instead of skipping the secrets", () => {
    const called: Workflow = {
      on: { workflow_call: { inputs: {}, secrets: { DEPLOY_ENV: {} } } },
      jobs: { deploy: { permissions: { contents: 'read' } } },
    };
    const caller = { uses: 'acme/hotfix-actions/.github/workflows/hotfix.yml@v1' };
    const permissions = { contents: 'read' };
    expect(() =>
      checkCall({ ...caller, permissions, secrets: { DEPLOY_ENV: 'x' } }, called),
    ).not.toThrow();
    expect(() => checkCall({ ...caller, permissions, secrets: { OTHER: 'x' } }, called)).toThrow();
    expect(() => checkCall({ ...caller, permissions, secrets: 'inherit' }, called)).toThrow(
      /secrets: inherit/,
    );
  });
});
