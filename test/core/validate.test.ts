// validate-hotfix-pr's core flow in process: runGate with an in-memory PullData and
// CommentPort. What the gate decides, what it reads, and what it comments.
import { describe, expect, it } from 'vitest';
import { runGate, COMMENT_KEY } from '../../src/validate-hotfix-pr/gate.ts';
import { readValidateInputs } from '../../src/validate-hotfix-pr/inputs.ts';
import type { PullData } from '../../src/validate-hotfix-pr/validate.ts';
import type { Access, Review } from '../../src/validate-hotfix-pr/approvals.ts';
import type { PullFile } from '../../src/shared/github/pull-files.ts';
import type { CommentPort, StickyResult } from '../../src/shared/github/sticky-comment.ts';
import type { Subject } from '../../src/shared/github/subject.ts';
import type { Severity } from '../../src/shared/severity/severity.ts';
import { defaultPolicy } from '../../src/shared/policy/policy.ts';
import { inputsFrom } from '../../src/shared/runner/inputs.ts';
import { prBody } from '../fixtures/pr-body.ts';

const RUN_URL = 'https://github.com/acme/shop/actions/runs/9';

function subject(severity: Severity, over: Partial<Subject> = {}): Subject {
  return {
    kind: 'pull_request',
    number: 7,
    title: '[HOTFIX] ENG-1234: reject expired session tokens',
    body: prBody({ checked: [severity] }),
    labels: [`severity:${severity}`],
    branch: 'hotfix/ENG-1234-expired-tokens',
    baseBranch: 'main',
    author: 'alice',
    origin: 'pull_request event',
    ...over,
  };
}

const FIX: PullFile[] = [
  { filename: 'src/auth/session.ts', status: 'modified', additions: 12, deletions: 3 },
  { filename: 'test/auth/session.test.ts', status: 'added', additions: 30, deletions: 0 },
];

/** The PR's files and, per read, its reviews (the last answer repeats). */
function pullData(files: PullFile[], reviews: Review[][]): PullData & { reads: number } {
  const data = {
    reads: 0,
    files: async () => ({ files, truncated: false }),
    reviews: async () => reviews[Math.min(data.reads++, reviews.length - 1)] ?? [],
    access: async (): Promise<Access> => 'write',
  };
  return data;
}

function comments(): CommentPort & { posted: { n: number; key: string; body: string }[] } {
  const posted: { n: number; key: string; body: string }[] = [];
  return {
    posted,
    upsert: async (n, key, body): Promise<StickyResult> => {
      posted.push({ n, key, body });
      return {
        id: 1,
        url: `https://github.com/acme/shop/pull/${n}#issuecomment-1`,
        action: 'created',
      };
    },
  };
}

const approved = (user: string): Review => ({
  user,
  state: 'APPROVED',
  submittedAt: '2026-11-24T10:10:00Z',
});

function gate(o: {
  subject: Subject;
  data: PullData;
  comments?: CommentPort;
  env?: Record<string, string>;
}) {
  return runGate({
    input: readValidateInputs(inputsFrom({ 'INPUT_GITHUB-TOKEN': 'ghs_test', ...o.env })),
    subject: o.subject,
    policy: defaultPolicy(),
    data: o.data,
    ...(o.comments ? { comments: o.comments } : {}),
    runUrl: RUN_URL,
  });
}

const statuses = (r: Awaited<ReturnType<typeof gate>>) =>
  Object.fromEntries(r.outcome.validation.results.map((c) => [c.id, c.status]));

describe('runGate', () => {
  it('passes a well-formed, approved P1 hotfix and reports it in the one comment', async () => {
    const port = comments();
    const r = await gate({
      subject: subject('P1'),
      data: pullData(FIX, [[approved('bob')]]),
      comments: port,
    });
    expect(r.outcome.verdict).toEqual({ passed: true, failed: [], waived: [], failStep: false });
    expect(new Set(Object.values(statuses(r)))).toEqual(new Set(['pass']));
    expect(port.posted).toHaveLength(1);
    expect(port.posted[0]).toMatchObject({ n: 7, key: COMMENT_KEY });
    expect(port.posted[0]!.body).toBe(
      `${r.text}\n\n<sub>validate-hotfix-pr · [run log](${RUN_URL})</sub>`,
    );
    expect(r.comment).toBe('created: https://github.com/acme/shop/pull/7#issuecomment-1');
  });

  it('a failing check shuts the gate and says which; comment: false posts nothing', async () => {
    const files = [
      ...FIX,
      { filename: 'package.json', status: 'modified', additions: 1, deletions: 1 },
    ];
    const r = await gate({ subject: subject('P1'), data: pullData(files, [[approved('bob')]]) });
    expect(r.outcome.verdict).toMatchObject({
      passed: false,
      failed: ['dependencies'],
      failStep: true,
    });
    const deps = r.outcome.validation.results.find((c) => c.id === 'dependencies');
    expect(deps?.message).toBe(
      'Dependency files changed: package.json. A hotfix changes dependencies only when that is the fix.',
    );
    expect(r.comment).toBe('not posted (comment: false)');
  });

  it('P0 waives the approvals it waited for in vain, and says so', async () => {
    const data = pullData(FIX, [[]]);
    const r = await gate({
      subject: subject('P0'),
      data,
      env: { 'INPUT_APPROVAL-TIMEOUT': '100ms' },
    });
    expect(statuses(r).approvals).toBe('waived');
    expect(r.outcome.verdict).toMatchObject({
      passed: true,
      waived: ['approvals'],
      failStep: false,
    });
    expect(r.outcome.validation.approvals).toMatchObject({
      required: 0,
      wanted: 1,
      timedOut: true,
    });
    expect(data.reads).toBeGreaterThanOrEqual(2);
  });

  it('the fast-track wait reads the reviews again until the approval arrives', async () => {
    const data = pullData(FIX, [[], [approved('bob')]]);
    const r = await gate({
      subject: subject('P1'),
      data,
      env: { 'INPUT_APPROVAL-TIMEOUT': '250ms' },
    });
    expect(statuses(r).approvals).toBe('pass');
    expect(r.outcome.validation.approvals).toMatchObject({
      polls: 2,
      timedOut: false,
      tally: { approvers: ['bob'] },
    });
    expect(r.outcome.verdict.passed).toBe(true);
  });

  it("without a wait, a missing approval fails P1 and the author's own does not count", async () => {
    const own: Review = { ...approved('alice') };
    const r = await gate({ subject: subject('P1'), data: pullData(FIX, [[own]]) });
    expect(r.outcome.verdict.failed).toEqual(['approvals']);
    expect(r.outcome.validation.results.find((c) => c.id === 'approvals')?.message).toBe(
      "0 of 1 required approvals; the author's own approval does not count.",
    );
  });
});
