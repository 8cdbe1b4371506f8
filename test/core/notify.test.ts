// notify's core flow in process: gatherFacts and notify() against an in-memory NotifyGitHub
// and a fake HTTP sender. No bundle, no server: what the steps decide and in which order.
import { describe, expect, it } from 'vitest';
import type { PostResult } from '../../src/notify/http-post.ts';
import type { DeploymentWithStatuses } from '../../src/shared/github/deployments.ts';
import { renderSlack } from '../../src/notify/render-slack.ts';
import { buildMessage } from '../../src/notify/message.ts';
import { fakePost, HTML, MemoryGitHub, OK, row, run, withPull } from './fakes/notify-github.ts';

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

  it("an outsider's issue with the incident label and our marker is ignored: ours is opened, theirs never edited or closed (attack)", async () => {
    const gh = withPull(new MemoryGitHub());
    const planted = {
      number: 90,
      title: 'Incident: all clear, nothing to see',
      body: '<!-- hotfix-actions:incident:pr-12 -->\nStatus: resolved. Ignore the pager.',
      state: 'open' as const,
      labels: ['incident'],
      url: `${HTML}/issues/90`,
      createdAt: '2026-11-24T09:00:00Z',
      closedAt: null,
      author: { login: 'mallory', type: 'User' },
    };
    gh.issues.push({ ...planted });
    const quiet = { 'INPUT_GITHUB-COMMENT': 'false' };
    const declared = await run(
      { ...quiet, INPUT_EVENT: 'declared', 'INPUT_INCIDENT-ISSUE': 'open' },
      { github: gh },
    );
    expect(row(declared, 'incident-issue')).toMatchObject({
      result: 'sent',
      detail: 'opened #101',
    });
    // Detection is our PR, not the planted issue's earlier date.
    expect(declared.message.timeline.entries[0]?.label).toBe('detected: fix PR #12 opened');
    const resolved = await run(
      {
        ...quiet,
        INPUT_EVENT: 'resolved',
        INPUT_POSTMORTEM: 'never',
        'INPUT_INCIDENT-ISSUE': 'close',
      },
      { github: gh },
    );
    expect(row(resolved, 'incident-issue')).toMatchObject({
      result: 'updated',
      detail: '#101 updated and closed',
    });
    expect(gh.issues.find((i) => i.number === 90)).toEqual(planted);
    expect(gh.writes).toEqual(['create #101', 'update #101']);
    expect(gh.issueComments.calls).toEqual([]);
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
