// notify's core flow in process: gatherFacts and notify() against an in-memory NotifyGitHub
// and a fake HTTP sender. No bundle, no server: what the steps decide and in which order.
import { describe, expect, it } from 'vitest';
import { readNotifyInputs } from '../../src/notify/inputs.ts';
import { gatherFacts } from '../../src/notify/facts.ts';
import { notify, type Outcome } from '../../src/notify/notify.ts';
import { decidePostmortem } from '../../src/notify/postmortem.ts';
import type { ApiPull, NotifyGitHub } from '../../src/notify/github.ts';
import type { IssueChange, MarkedIssue, NewIssue } from '../../src/notify/marked-issue.ts';
import type { PostRequest, PostResult } from '../../src/notify/http-post.ts';
import type { Post } from '../../src/notify/send-http.ts';
import type { CommentPort, StickyResult } from '../../src/shared/github/sticky-comment.ts';
import type { DeploymentWithStatuses } from '../../src/shared/github/deployments.ts';
import { resolveSubject } from '../../src/shared/github/subject.ts';
import { inputsFrom } from '../../src/shared/runner/inputs.ts';
import type { RunContext } from '../../src/shared/runner/context.ts';
import { defaultPolicy } from '../../src/shared/policy/policy.ts';
import { renderSlack } from '../../src/notify/render-slack.ts';
import { buildMessage } from '../../src/notify/message.ts';

const HTML = 'https://github.com/acme/shop';

/** The comments of one client: what was upserted, on which issue, under which key. */
class MemoryComments implements CommentPort {
  readonly bodies = new Map<string, string>();
  readonly calls: { issue: number; key: string }[] = [];
  private ids = 0;
  async upsert(issue: number, key: string, body: string): Promise<StickyResult> {
    this.calls.push({ issue, key });
    const at = `${issue}:${key}`;
    const before = this.bodies.get(at);
    this.bodies.set(at, body);
    const url = `${HTML}/issues/${issue}#issuecomment-${++this.ids}`;
    if (before === undefined) return { id: this.ids, url, action: 'created' };
    return { id: this.ids, url, action: before === body ? 'unchanged' : 'updated' };
  }
}

/** A repository's issues, PRs and deployments in memory, behind the port notify uses. */
class MemoryGitHub implements NotifyGitHub {
  readonly issues: MarkedIssue[] = [];
  readonly pulls = new Map<number, ApiPull>();
  readonly deploymentList: DeploymentWithStatuses[] = [];
  readonly issueComments = new MemoryComments();
  readonly pullComments = new MemoryComments();
  readonly writes: string[] = [];

  async pull(number: number): Promise<ApiPull> {
    const pr = this.pulls.get(number);
    if (!pr) throw new Error(`reading PR #${number} failed (404 Not Found)`);
    return pr;
  }
  subject(ctx: RunContext) {
    return resolveSubject(ctx);
  }
  async deployments(): Promise<DeploymentWithStatuses[]> {
    return this.deploymentList;
  }
  async issuesLabelled(label: string): Promise<MarkedIssue[]> {
    return this.issues.filter((i) => i.labels.includes(label)).map((i) => ({ ...i }));
  }
  async createIssue(issue: NewIssue): Promise<MarkedIssue> {
    const number = 100 + this.issues.length;
    const created: MarkedIssue = {
      ...issue,
      number,
      state: 'open',
      url: `${HTML}/issues/${number}`,
      createdAt: '2026-11-24T10:05:00Z',
      closedAt: null,
    };
    this.issues.push(created);
    this.writes.push(`create #${number}`);
    return { ...created };
  }
  async updateIssue(number: number, change: IssueChange): Promise<MarkedIssue> {
    const issue = this.issues.find((i) => i.number === number);
    if (!issue) throw new Error(`updating issue #${number} failed (404)`);
    const { title, body, state, labels } = change;
    Object.assign(issue, {
      ...(title !== undefined ? { title } : {}),
      ...(body !== undefined ? { body } : {}),
      ...(state ? { state } : {}),
      ...(labels ? { labels } : {}),
    });
    this.writes.push(`update #${number}`);
    return { ...issue };
  }
}

function context(): RunContext {
  return {
    eventName: 'workflow_dispatch',
    payload: {},
    owner: 'acme',
    repo: 'shop',
    sha: 'a'.repeat(40),
    ref: 'refs/heads/main',
    actor: 'oncall',
    runId: '7',
    runAttempt: '1',
    serverUrl: 'https://github.com',
    apiUrl: 'https://api.github.com',
    workspace: undefined,
    runUrl: `${HTML}/actions/runs/7`,
    tempDir: '/tmp',
    workflowRef: '',
  };
}

function withPull(gh: MemoryGitHub): MemoryGitHub {
  gh.pulls.set(12, {
    number: 12,
    title: 'Fix checkout crash',
    body: '## Impact\nCheckout down for all users.',
    html_url: `${HTML}/pull/12`,
    created_at: '2026-11-24T10:00:00Z',
    merged_at: null,
    labels: [],
    head: { ref: 'hotfix/checkout', sha: 'b'.repeat(40) },
    base: { ref: 'main', sha: 'c'.repeat(40) },
  });
  return gh;
}

/** One notify run, as main.ts wires it, minus the runner. */
async function run(
  env: Record<string, string>,
  o: { github?: MemoryGitHub; post?: Post } = {},
): Promise<Outcome> {
  const input = readNotifyInputs(inputsFrom({ INPUT_PR: '12', INPUT_SEVERITY: 'P0', ...env }));
  const ctx = context();
  const policy = defaultPolicy();
  const now = new Date('2026-11-24T10:30:00Z');
  const facts = await gatherFacts({
    ctx,
    input,
    policy,
    ...(o.github ? { github: o.github } : {}),
    wantPostmortem: (s) =>
      decidePostmortem(input.postmortem, input.event, s, policy.levels[s]).open,
    now,
  });
  return notify({
    ...{ input, ctx, policy, policySource: 'built-in defaults', facts, now },
    ...(o.github ? { github: o.github } : {}),
    ...(o.post ? { post: o.post } : {}),
  });
}

const row = (o: Outcome, channel: string) => o.results.find((r) => r.channel === channel);

/** A sender that answers each URL as told, and records what it was given. */
function fakePost(answers: Record<string, PostResult>): Post & { seen: PostRequest[] } {
  const seen: PostRequest[] = [];
  const post = async (req: PostRequest): Promise<PostResult> => {
    seen.push(req);
    const answer = answers[req.url];
    if (!answer) throw new Error(`unexpected POST to ${req.url}`);
    return answer;
  };
  return Object.assign(post, { seen });
}

const OK: PostResult = { ok: true, attempts: [{ outcome: 'HTTP 200', ms: 1 }] };

/** A deployment as GitHub records it; statuses oldest first, given as [state, time]. */
function deployment(
  id: number,
  version: string,
  createdAt: string,
  statuses: [DeploymentWithStatuses['statuses'][number]['state'], string][],
  payload: DeploymentWithStatuses['payload'] = {},
): DeploymentWithStatuses {
  return {
    id,
    sha: String(id).padStart(40, '0'),
    ref: version,
    environment: 'production',
    description: null,
    payload: { version, ...payload },
    creator: 'bot',
    createdAt,
    statuses: statuses
      .map(([state, at], i) => ({
        id: id * 10 + i,
        state,
        description: state === 'failure' ? 'error rate 12%' : '',
        environmentUrl: '',
        logUrl: '',
        createdAt: at,
      }))
      .reverse(),
  };
}

describe('notify core flow', () => {
  it('declared opens the incident issue once; a re-run updates that one issue', async () => {
    const gh = withPull(new MemoryGitHub());
    const first = await run(
      { INPUT_EVENT: 'declared', 'INPUT_INCIDENT-ISSUE': 'open', 'INPUT_GITHUB-COMMENT': 'false' },
      { github: gh },
    );
    expect(row(first, 'incident-issue')).toMatchObject({ result: 'sent', detail: 'opened #100' });
    expect(first.incidentIssue).toEqual({ number: 100, url: `${HTML}/issues/100` });
    expect(first.message.links.map((l) => l.label)).toContain('Incident issue #100');

    const again = await run(
      {
        INPUT_EVENT: 'update',
        INPUT_MESSAGE: 'Cause found: a null cart',
        'INPUT_INCIDENT-ISSUE': 'update',
        'INPUT_GITHUB-COMMENT': 'false',
      },
      { github: gh },
    );
    expect(row(again, 'incident-issue')).toMatchObject({
      result: 'updated',
      detail: '#100 updated',
    });
    expect(gh.issues).toHaveLength(1);
    expect(gh.issues[0]!.body).toContain('Cause found: a null cart');
    expect(gh.writes).toEqual(['create #100', 'update #100']);
  });

  it('a failing channel is a result, not an exception: the others still go out', async () => {
    const post = fakePost({
      'https://hooks.slack.test/T1/B1/x': {
        ok: false,
        attempts: [
          { outcome: 'HTTP 500', ms: 1 },
          { outcome: 'HTTP 500', ms: 1 },
        ],
        error: 'HTTP 500',
      },
      'https://teams.test/workflows/hook': OK,
    });
    const out = await run(
      {
        INPUT_EVENT: 'declared',
        'INPUT_SLACK-WEBHOOK-URL': 'https://hooks.slack.test/T1/B1/x',
        'INPUT_TEAMS-WEBHOOK-URL': 'https://teams.test/workflows/hook',
      },
      { post },
    );
    expect(row(out, 'slack')).toMatchObject({
      result: 'failed',
      detail: 'HTTP 500, 2 attempts',
      why: 'P0 routes to it (levels.P0.notify)',
    });
    expect(row(out, 'teams')).toMatchObject({ result: 'sent' });
    expect(post.seen.map((r) => r.url).sort()).toEqual([
      'https://hooks.slack.test/T1/B1/x',
      'https://teams.test/workflows/hook',
    ]);
    // Without a token, the GitHub channels are rows saying so, not errors.
    expect(row(out, 'github-comment')).toMatchObject({
      result: 'skipped',
      why: 'not configured: no github-token',
    });
  });

  it('the PR comment goes through the comment port, not the records client', async () => {
    const gh = withPull(new MemoryGitHub());
    const out = await run({ INPUT_EVENT: 'deployed' }, { github: gh });
    expect(row(out, 'github-comment')).toMatchObject({
      result: 'sent',
      detail: 'comment posted on PR #12',
      url: expect.stringContaining(`${HTML}/issues/12#issuecomment-`),
    });
    expect(gh.pullComments.calls).toEqual([{ issue: 12, key: 'notify' }]);
    expect(gh.issueComments.calls).toEqual([]);
    expect(gh.pullComments.bodies.get('12:notify')).toContain('Fix checkout crash');

    const again = await run({ INPUT_EVENT: 'deployed' }, { github: gh });
    expect(row(again, 'github-comment')).toMatchObject({
      result: 'unchanged',
      detail: 'comment on PR #12 already current',
    });
  });

  it('the post-mortem is opened once, and a re-run finds it instead of opening another', async () => {
    const gh = withPull(new MemoryGitHub());
    const env = { INPUT_EVENT: 'resolved', 'INPUT_GITHUB-COMMENT': 'false' };
    const first = await run(env, { github: gh });
    const pm = row(first, 'postmortem-issue');
    expect(pm).toMatchObject({
      result: 'sent',
      why: 'P0 needs one after resolved (levels.P0.postmortem)',
    });
    expect(pm?.detail).toMatch(/^opened #100, due \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(first.postmortemIssue).toMatchObject({ number: 100, due: expect.any(String) });
    expect(gh.issues[0]!.labels).toEqual(['postmortem', 'severity:P0']);
    expect(gh.issues[0]!.body).toContain('Checkout down for all users.');

    const again = await run(env, { github: gh });
    expect(row(again, 'postmortem-issue')).toMatchObject({
      result: 'unchanged',
      detail: 'already opened: #100',
    });
    expect(gh.issues.filter((i) => i.labels.includes('postmortem'))).toHaveLength(1);
    expect(gh.writes).toEqual(['create #100']);
  });

  it('a PR the port cannot read is a warning; the message still goes out', async () => {
    const gh = new MemoryGitHub();
    const out = await run(
      { INPUT_EVENT: 'declared', 'INPUT_GITHUB-COMMENT': 'false' },
      { github: gh },
    );
    expect(out.warnings).toContain(
      "reading PR #12 failed (404 Not Found); the message goes out without the PR's details",
    );
    expect(row(out, 'summary')).toMatchObject({ result: 'sent' });
  });

  it('rolled-back after an older deployment of the same version: both versions, this incident only', async () => {
    const gh = withPull(new MemoryGitHub());
    const fix = deployment(
      2,
      'v1.5.1',
      '2026-11-24T10:12:00Z',
      [
        ['in_progress', '2026-11-24T10:12:05Z'],
        ['failure', '2026-11-24T10:14:00Z'],
      ],
      { pr: 12 },
    );
    gh.deploymentList.push(
      deployment(3, 'v1.5.0', '2026-11-24T10:14:10Z', [['success', '2026-11-24T10:16:00Z']], {
        'rollback-of': 2,
      }),
      fix,
      deployment(1, 'v1.5.0', '2026-11-17T09:00:00Z', [['success', '2026-11-17T09:02:00Z']]),
    );
    const post = fakePost({ 'https://hooks.test/w': OK });
    const out = await run(
      {
        INPUT_EVENT: 'rolled-back',
        INPUT_VERSION: 'v1.5.1',
        'INPUT_ROLLBACK-VERSION': 'v1.5.0',
        'INPUT_WEBHOOK-URL': 'https://hooks.test/w',
        'INPUT_GITHUB-COMMENT': 'false',
        INPUT_POSTMORTEM: 'never',
      },
      { github: gh, post },
    );
    expect(out.message.rollback).toEqual({ failed: 'v1.5.1', target: 'v1.5.0' });
    expect(out.message.timeline.entries.map((e) => [e.kind, e.at.slice(11, 16)])).toEqual([
      ['detected', '10:00'],
      ['deploy-started', '10:12'],
      ['deploy-failed', '10:14'],
      ['rollback-started', '10:14'],
      ['rolled-back', '10:16'],
    ]);
    expect(out.message.timeline.timeToDeployMs).toBeUndefined();
    expect(out.message.timeline.timeToRollbackMs).toBe(16 * 60_000);
    const body = JSON.parse(post.seen[0]!.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      version: 'v1.5.1',
      rollback: { failed_version: 'v1.5.1', target_version: 'v1.5.0', restored: true },
      durations: { time_to_deploy_seconds: null, time_to_rollback_seconds: 960 },
    });

    // Without the inputs (an older caller), the versions come from the deployments recorded.
    const bare = await run(
      { INPUT_EVENT: 'rolled-back', 'INPUT_GITHUB-COMMENT': 'false', INPUT_POSTMORTEM: 'never' },
      { github: gh },
    );
    expect(bare.message.rollback).toEqual({ failed: 'v1.5.1', target: 'v1.5.0' });
  });

  it('a thread reply reads the first message back and swaps its status line only', async () => {
    const first = renderSlack(
      buildMessage({
        event: 'declared',
        severity: 'P0',
        severityNote: 'respond within 2h',
        title: 'Checkout down',
        message: 'Customers see HTTP 500 at checkout.',
        environment: 'production',
        actor: 'oncall',
        repository: 'acme/shop',
        links: [],
        timeline: { entries: [] },
        runUrl: `${HTML}/actions/runs/6`,
        now: new Date('2026-11-24T10:01:00Z'),
      }),
    );
    const api = 'https://slack.test/api';
    const answer = (body: unknown): PostResult => ({
      ok: true,
      attempts: [{ outcome: 'HTTP 200', ms: 1 }],
      response: { status: 200, headers: {}, body: JSON.stringify(body) },
    });
    const post = fakePost({
      [`${api}/chat.postMessage`]: answer({ ok: true, channel: 'C0INC', ts: '1712345678.000200' }),
      [`${api}/conversations.history`]: answer({
        ok: true,
        messages: [{ ts: '1712345678.000100', text: first.text, blocks: first.blocks }],
      }),
      [`${api}/chat.update`]: answer({ ok: true }),
    });
    const out = await run(
      {
        INPUT_EVENT: 'resolved',
        'INPUT_SLACK-BOT-TOKEN': 'xoxb-test-token',
        'INPUT_SLACK-CHANNEL': '#incidents',
        'INPUT_SLACK-THREAD-TS': '1712345678.000100',
        'INPUT_SLACK-API-URL': api,
        INPUT_POSTMORTEM: 'never',
      },
      { post },
    );
    expect(row(out, 'slack')).toMatchObject({
      result: 'sent',
      detail: "replied in the thread, first message's status updated",
    });
    expect(post.seen.map((r) => r.url.replace(`${api}/`, ''))).toEqual([
      'chat.postMessage',
      'conversations.history',
      'chat.update',
    ]);
    expect(post.seen[1]!.body).toBe(
      'channel=C0INC&latest=1712345678.000100&inclusive=true&limit=1',
    );
    const update = JSON.parse(post.seen[2]!.body) as {
      ts: string;
      text: string;
      blocks: unknown[];
    };
    expect(update.ts).toBe('1712345678.000100');
    expect(update.text).toBe(first.text);
    const changed = update.blocks.filter(
      (b, i) => JSON.stringify(b) !== JSON.stringify(first.blocks[i]),
    );
    expect(changed).toEqual([
      {
        type: 'section',
        block_id: 'hotfix-status',
        text: { type: 'mrkdwn', text: '✅ *Resolved* · P0 · production · 10:30 UTC' },
      },
    ]);
  });
});
