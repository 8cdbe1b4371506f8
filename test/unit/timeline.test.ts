// The incident timeline derived from GitHub's facts, and the adapter that gathers them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deriveTimeline,
  gatherTimelineFacts,
  latestEnvironmentUrl,
  type TimelineFacts,
} from '../../src/notify/timeline.ts';
import { fixDeployments } from '../../src/shared/incident/durations.ts';
import type {
  DeploymentStatus,
  DeploymentWithStatuses,
} from '../../src/shared/github/deployments.ts';
import { FakeGitHub } from '../harness/fake-github/server.ts';
import { createGitHub } from '../../src/shared/github/client.ts';
import { gitHubNotify } from '../../src/notify/github.ts';

const at = (hhmm: string) => `2026-11-24T${hhmm}:00Z`;
let ids = 100;

function status(
  state: DeploymentStatus['state'],
  hhmm: string,
  extra: Partial<DeploymentStatus> = {},
): DeploymentStatus {
  return {
    id: ++ids,
    state,
    description: '',
    environmentUrl: '',
    logUrl: '',
    createdAt: at(hhmm),
    ...extra,
  };
}

/** A deployment; statuses given oldest first, stored newest first as the API returns them. */
function deployment(
  hhmm: string,
  payload: DeploymentWithStatuses['payload'],
  statuses: DeploymentStatus[],
  extra: Partial<DeploymentWithStatuses> = {},
): DeploymentWithStatuses {
  return {
    id: ++ids,
    sha: 'a'.repeat(40),
    ref: String(payload.version ?? 'main'),
    environment: 'production',
    description: null,
    payload,
    creator: 'bot',
    createdAt: at(hhmm),
    statuses: [...statuses].reverse(),
    ...extra,
  };
}

const pr = {
  number: 12,
  createdAt: at('10:00'),
  mergedAt: at('10:30'),
  url: 'https://github.com/a/b/pull/12',
  headSha: 'h'.repeat(40),
  mergeSha: 'm'.repeat(40),
};

function facts(f: Partial<TimelineFacts>): TimelineFacts {
  return { environment: 'production', deployments: [], ...f };
}

describe('deriveTimeline', () => {
  it('PR, merge, deploy and verification, with the time to deploy', () => {
    const d = deployment('10:35', { version: 'v2.3.5', pr: 12 }, [
      status('in_progress', '10:36'),
      status('success', '10:45', { logUrl: 'https://log' }),
    ]);
    const t = deriveTimeline(facts({ pr, deployments: [d] }));
    expect(t.entries.map((e) => [e.kind, e.at.slice(11, 16), e.label])).toEqual([
      ['detected', '10:00', 'detected: fix PR #12 opened'],
      ['merged', '10:30', 'PR #12 merged'],
      ['deploy-started', '10:35', 'v2.3.5 deploy to production started'],
      ['verified', '10:45', 'v2.3.5 verified healthy in production'],
    ]);
    expect(t.entries[3]!.url).toBe('https://log');
    expect(t.timeToDeployMs).toBe(45 * 60_000);
    expect(t.timeToResolveMs).toBeUndefined();
  });

  it('an incident issue opened before the PR is the detection; the PR opening is its own entry', () => {
    const t = deriveTimeline(
      facts({
        incidentIssue: {
          number: 3,
          createdAt: at('09:40'),
          url: 'https://github.com/a/b/issues/3',
        },
        pr,
        resolvedAt: at('11:10'),
      }),
    );
    expect(t.entries.map((e) => e.kind)).toEqual(['detected', 'pr-opened', 'merged', 'resolved']);
    expect(t.entries[0]!.label).toBe('detected: incident issue #3 opened');
    expect(t.timeToResolveMs).toBe(90 * 60_000);
  });

  it('a failed deploy, then a rollback (payload rollback-of), in order', () => {
    const fix = deployment('10:35', { version: 'v2.3.5', pr: 12 }, [
      status('failure', '10:44', { description: 'error rate 12%' }),
    ]);
    const back = deployment('10:46', { version: 'v2.3.4', 'rollback-of': fix.id }, [
      status('success', '10:50'),
    ]);
    const t = deriveTimeline(facts({ pr, deployments: [back, fix] }));
    expect(t.entries.map((e) => e.kind)).toEqual([
      'detected',
      'merged',
      'deploy-started',
      'deploy-failed',
      'rollback-started',
      'rolled-back',
    ]);
    expect(t.entries[3]!.label).toBe('v2.3.5 failed its health check: error rate 12%');
    expect(t.entries[5]!.label).toBe('rolled back to v2.3.4');
    expect(t.timeToRollbackMs).toBe(50 * 60_000);
    expect(t.timeToDeployMs).toBeUndefined();
  });

  it('a rollback that fails is said so', () => {
    const fix = deployment('10:35', { pr: 12 }, [status('failure', '10:40')]);
    const back = deployment('10:41', { 'rollback-of': fix.id }, [status('error', '10:43')], {
      ref: 'v1',
    });
    const kinds = deriveTimeline(facts({ pr, deployments: [back, fix] })).entries.map(
      (e) => e.kind,
    );
    expect(kinds).toContain('rollback-failed');
    expect(kinds).not.toContain('rolled-back');
  });

  it('a failure after a success is still shown; a success after a failure does not hide it', () => {
    const d = deployment('10:35', { pr: 12 }, [
      status('success', '10:40'),
      status('failure', '10:50'),
    ]);
    const kinds = deriveTimeline(facts({ pr, deployments: [d] })).entries.map((e) => e.kind);
    expect(kinds).toEqual(['detected', 'merged', 'deploy-started', 'verified', 'deploy-failed']);
    const healed = deployment('10:35', { pr: 12 }, [
      status('failure', '10:40'),
      status('success', '10:50'),
    ]);
    expect(deriveTimeline(facts({ pr, deployments: [healed] })).entries.map((e) => e.kind)).toEqual(
      ['detected', 'merged', 'deploy-started', 'verified'],
    );
  });

  it('ignores other environments, other PRs, and dates that do not parse', () => {
    const other = deployment('10:35', { pr: 99 }, [status('success', '10:40')], {
      sha: 'x'.repeat(40),
    });
    const staging = deployment('10:35', { pr: 12 }, [status('success', '10:40')], {
      environment: 'staging',
    });
    const t = deriveTimeline(
      facts({ pr: { ...pr, mergedAt: 'not a date' }, deployments: [other, staging] }),
    );
    expect(t.entries.map((e) => e.kind)).toEqual(['detected']);
  });
});

describe('the rolled-back event after an older deployment of the same version', () => {
  // v1.5.0 was released last week; the incident's fix v1.5.1 failed at 10:44 and
  // auto-rollback redeployed v1.5.0. An older composite passed v1.5.0 (the rollback
  // target) as the version; the new one passes v1.5.1 and the target separately.
  const lastWeek = deployment('09:00', { version: 'v1.5.0' }, [status('success', '09:05')], {
    createdAt: '2026-11-17T09:00:00Z',
    sha: 'o'.repeat(40),
  });
  lastWeek.statuses = lastWeek.statuses.map((s) => ({ ...s, createdAt: '2026-11-17T09:05:00Z' }));
  const fix = deployment('10:35', { version: 'v1.5.1' }, [
    status('in_progress', '10:36'),
    status('failure', '10:44', { description: 'error rate 12%' }),
  ]);
  const back = deployment('10:46', { version: 'v1.5.0', 'rollback-of': fix.id }, [
    status('success', '10:50'),
  ]);
  const deployments = [back, fix, lastWeek];

  it.each([['v1.5.1'], ['v1.5.0']])(
    'version %s: no entry from last week, no negative duration',
    (version) => {
      const t = deriveTimeline(
        facts({ pr: { ...pr, headSha: 'h'.repeat(40) }, version, deployments }),
      );
      expect(t.entries.every((e) => e.at >= at('10:00'))).toBe(true);
      for (const ms of [t.timeToDeployMs, t.timeToResolveMs, t.timeToRollbackMs])
        if (ms !== undefined) expect(ms).toBeGreaterThanOrEqual(0);
      expect(t.timeToDeployMs).toBeUndefined();
      if (version === 'v1.5.1') {
        expect(t.entries.map((e) => e.kind)).toEqual([
          'detected',
          'merged',
          'deploy-started',
          'deploy-failed',
          'rollback-started',
          'rolled-back',
        ]);
        expect(t.timeToRollbackMs).toBe(50 * 60_000);
      }
    },
  );

  it('a resolution recorded before detection gives no duration, never a negative one', () => {
    const t = deriveTimeline(facts({ pr, resolvedAt: at('09:00') }));
    expect(t.timeToResolveMs).toBeUndefined();
  });
});

describe('fixDeployments', () => {
  const byPr = deployment('10:35', { pr: 12 }, [], { sha: 'z'.repeat(40) });
  const bySha = deployment('10:40', {}, [], { sha: 'm'.repeat(40) });
  const byVersion = deployment('10:45', { version: 'v9' }, [], { sha: 'y'.repeat(40) });
  const old = deployment('09:00', {}, [], { sha: 'q'.repeat(40) });
  const all = [byVersion, bySha, byPr, old];

  it('matches the PR in the payload, its head or merge commit, or the version; oldest first', () => {
    expect(fixDeployments(facts({ pr, deployments: all }), at('10:00')).map((d) => d.id)).toEqual([
      byPr.id,
      bySha.id,
    ]);
    expect(
      fixDeployments(facts({ version: 'v9', deployments: all }), at('10:00')).map((d) => d.id),
    ).toEqual([byVersion.id]);
  });

  it("only this incident's: created at or after detection, never an older one of the same version", () => {
    const lastWeek = deployment('09:00', { version: 'v9' }, [], {
      createdAt: '2026-11-17T09:00:00Z',
    });
    const f = facts({ version: 'v9', deployments: [byVersion, lastWeek] });
    expect(fixDeployments(f, at('10:00')).map((d) => d.id)).toEqual([byVersion.id]);
    expect(fixDeployments(f, at('10:50')).map((d) => d.id)).toEqual([]);
    // Without a detection time, the newest one only: older ones may be another incident's.
    expect(fixDeployments(f).map((d) => d.id)).toEqual([byVersion.id]);
  });

  it('without a PR or version: the deployments since detection, else the newest one', () => {
    expect(fixDeployments(facts({ deployments: all }), at('10:38')).map((d) => d.id)).toEqual([
      bySha.id,
      byVersion.id,
    ]);
    expect(fixDeployments(facts({ deployments: all })).map((d) => d.id)).toEqual([byVersion.id]);
  });

  it('the newest environment URL any status recorded', () => {
    const d = deployment('10:35', {}, [
      status('success', '10:40', { environmentUrl: 'https://app' }),
    ]);
    expect(latestEnvironmentUrl(facts({ deployments: [byPr, d] }))).toBe('https://app');
    expect(latestEnvironmentUrl(facts({ deployments: [byPr] }))).toBeUndefined();
  });
});

describe('gatherTimelineFacts', () => {
  const fake = new FakeGitHub();
  beforeAll(async () => {
    process.env.GITHUB_API_URL = await fake.start();
    const r = fake.state.addRepo('acme/tl');
    r.refs.set('heads/main', 'a'.repeat(40));
  });
  afterAll(() => fake.stop());

  it('reads the environment deployments with their statuses', async () => {
    const gh = await createGitHub(fake.token);
    const repo = { owner: 'acme', repo: 'tl' };
    const { data } = await gh.rest.repos.createDeployment({
      ...repo,
      ref: 'main',
      environment: 'production',
      payload: { pr: 12 },
      required_contexts: [],
    });
    await gh.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: (data as { id: number }).id,
      state: 'success',
    });
    const { facts: f, warning } = await gatherTimelineFacts(
      gitHubNotify(repo, async () => gh),
      {
        environment: 'production',
        pr,
      },
    );
    expect(warning).toBeUndefined();
    expect(f.deployments).toHaveLength(1);
    expect(f.deployments[0]!.statuses.map((s) => s.state)).toEqual(['success']);
  });

  it('a token that may not read deployments gives a warning, not a failure', async () => {
    const gh = await createGitHub(fake.token);
    fake.inject({
      path: /\/tl\/deployments$/,
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    });
    const port = gitHubNotify({ owner: 'acme', repo: 'tl' }, async () => gh);
    const { facts: f, warning } = await gatherTimelineFacts(port, { environment: 'production' });
    expect(f.deployments).toEqual([]);
    expect(warning).toMatch(
      /^the timeline has no deployments: listing deployments of production failed \(403/,
    );
    expect(warning).toContain('deployments: read');
  });

  it('without a token: the facts given, no deployments', async () => {
    const { facts: f } = await gatherTimelineFacts(undefined, {
      environment: 'production',
      pr,
      resolvedAt: at('11:00'),
    });
    expect(f).toMatchObject({
      environment: 'production',
      deployments: [],
      pr,
      resolvedAt: at('11:00'),
    });
  });
});
