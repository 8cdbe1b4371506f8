// The one definition of an incident's moments and durations (src/shared/incident/), which
// notify's timeline and hotfix-report share, and how the incident's records are recognised.
import { describe, expect, it } from 'vitest';
import {
  detection,
  durationMs,
  fixDeployments,
  incidentDurations,
  incidentMoments,
  rollbacksAmong,
  type DeploymentFact,
  type IncidentFacts,
} from '../../src/shared/incident/durations.ts';
import {
  dueTime,
  followUpMarker,
  incidentKey,
  incidentMarker,
  isTemporaryFix,
  markedKey,
  parseFollowUpMarker,
  postmortemMarker,
  referencedNumbers,
} from '../../src/shared/incident/records.ts';
import type { DeploymentStatus } from '../../src/shared/github/deployments.ts';
import { deriveTimeline, type TimelineFacts } from '../../src/notify/timeline.ts';

const at = (hhmm: string, day = 24) => `2026-11-${day}T${hhmm}:00Z`;
const MIN = 60_000;
let ids = 500;

function status(state: DeploymentStatus['state'], hhmm: string): DeploymentStatus {
  return {
    id: ++ids,
    state,
    description: '',
    environmentUrl: '',
    logUrl: '',
    createdAt: at(hhmm),
  };
}

function deployment(
  hhmm: string,
  payload: DeploymentFact['payload'],
  statuses: DeploymentStatus[] = [],
  extra: Partial<DeploymentFact> = {},
): DeploymentFact {
  return {
    id: ++ids,
    sha: 'a'.repeat(40),
    ref: String(payload.version ?? 'main'),
    environment: 'production',
    description: null,
    payload,
    creator: 'bot',
    createdAt: at(hhmm),
    statuses,
    ...extra,
  };
}

const PR = { number: 12, createdAt: at('10:00'), mergedAt: at('10:20'), headSha: 'b'.repeat(40) };

function facts(deployments: DeploymentFact[], more: Partial<IncidentFacts> = {}): IncidentFacts {
  return { environment: 'production', deployments, pr: PR, ...more };
}

describe('detection', () => {
  it('is the incident issue or the fix PR opened, whichever came first', () => {
    expect(detection({ pr: PR })).toEqual({ at: at('10:00'), by: 'pr' });
    expect(detection({ pr: PR, incidentIssue: { number: 3, createdAt: at('09:40') } })).toEqual({
      at: at('09:40'),
      by: 'issue',
    });
    expect(detection({ pr: PR, incidentIssue: { number: 3, createdAt: at('10:30') } })).toEqual({
      at: at('10:00'),
      by: 'pr',
    });
    expect(detection({})).toBeUndefined();
    expect(detection({ pr: { ...PR, createdAt: 'not a time' } })).toBeUndefined();
  });
});

describe('fixDeployments', () => {
  it("picks the PR's deployments (payload, head or merge commit) in the environment, oldest first", () => {
    const byPayload = deployment('10:30', { pr: 12 });
    const byHead = deployment('10:40', {}, [], { sha: 'b'.repeat(40) });
    const byMerge = deployment('10:50', {}, [], { sha: 'c'.repeat(40) });
    const other = deployment('10:35', { pr: 13 }, [], { sha: 'd'.repeat(40) });
    const staging = deployment('10:31', { pr: 12 }, [], { environment: 'staging' });
    const rollback = deployment('11:00', { 'rollback-of': byPayload.id });
    const f = facts([byMerge, rollback, other, byHead, staging, byPayload], {
      pr: { ...PR, mergeSha: 'c'.repeat(40) },
    });
    expect(fixDeployments(f, at('10:00')).map((d) => d.id)).toEqual([
      byPayload.id,
      byHead.id,
      byMerge.id,
    ]);
    expect(rollbacksAmong(f.deployments, [byPayload]).map((d) => d.id)).toEqual([rollback.id]);
  });

  it("never takes a deployment older than the detection: an older deploy of the same version is not this incident's", () => {
    const weekOld = deployment('09:00', { version: 'v1.5.0' }, [status('success', '09:05')]);
    weekOld.createdAt = '2026-11-17T09:00:00Z';
    const fix = deployment('10:30', { version: 'v1.5.0' }, [status('success', '10:40')]);
    const f = facts([weekOld, fix], { pr: undefined, version: 'v1.5.0' });
    expect(fixDeployments(f, at('10:00')).map((d) => d.id)).toEqual([fix.id]);
    // The rolled-back event of issue 16: the restored version was deployed a week ago.
    const only = facts([weekOld], {
      pr: undefined,
      version: 'v1.5.0',
      incidentIssue: { number: 4, createdAt: at('10:00') },
    });
    const m = incidentMoments(only);
    expect(m.fixes).toEqual([]);
    expect(incidentDurations(m)).toEqual({});
  });

  it('without a PR or version: the deployments since detection; without detection, the newest', () => {
    const before = deployment('09:00', {});
    const after = deployment('10:10', {});
    const rollback = deployment('10:20', { 'rollback-of': after.id });
    const f: IncidentFacts = { environment: 'production', deployments: [before, after, rollback] };
    expect(fixDeployments(f, at('10:00')).map((d) => d.id)).toEqual([after.id]);
    expect(fixDeployments(f).map((d) => d.id)).toEqual([after.id]);
  });
});

describe('incidentMoments and incidentDurations', () => {
  it('deployed is the first verification; rolled back the first rollback completed', () => {
    const first = deployment('10:30', { pr: 12 }, [status('failure', '10:40')]);
    const rollback = deployment('10:42', { 'rollback-of': first.id }, [status('success', '10:50')]);
    const second = deployment('11:00', { pr: 12 }, [
      status('in_progress', '11:01'),
      status('success', '11:10'),
    ]);
    const f = facts([second, rollback, first], {
      incidentIssue: { number: 4, createdAt: at('09:50'), closedAt: at('12:00') },
    });
    const m = incidentMoments(f);
    expect(m.detected).toEqual({ at: at('09:50'), by: 'issue' });
    expect(m.deployed?.at).toBe(at('11:10'));
    expect(m.rolledBack?.at).toBe(at('10:50'));
    expect(m.resolved).toEqual({ at: at('12:00'), by: 'incident-closed' });
    expect(incidentDurations(m)).toEqual({
      timeToDeployMs: 80 * MIN,
      timeToResolveMs: 130 * MIN,
      timeToRollbackMs: 60 * MIN,
    });
  });

  it('resolved: the given time, else the incident issue closed; open means unresolved', () => {
    const fix = deployment('10:30', { pr: 12 }, [status('success', '10:40')]);
    const open = facts([fix], { incidentIssue: { number: 4, createdAt: at('10:00') } });
    expect(incidentMoments(open).resolved).toBeUndefined();
    expect(incidentMoments(open, 'recorded-or-verified').resolved).toBeUndefined();
    expect(incidentMoments({ ...open, resolvedAt: at('11:00') }).resolved).toEqual({
      at: at('11:00'),
      by: 'recorded',
    });
    // Without an incident issue, only the rule that accepts a verified fix resolves it.
    expect(incidentMoments(facts([fix])).resolved).toBeUndefined();
    expect(incidentMoments(facts([fix]), 'recorded-or-verified').resolved).toEqual({
      at: at('10:40'),
      by: 'fix-verified',
      deployment: fix,
    });
  });

  it('a verified fix that a rollback or a later failure undid does not resolve it', () => {
    const fix = deployment('10:30', { pr: 12 }, [status('success', '10:40')]);
    const rollback = deployment('11:00', { 'rollback-of': fix.id }, [status('success', '11:05')]);
    expect(
      incidentMoments(facts([fix, rollback]), 'recorded-or-verified').resolved,
    ).toBeUndefined();
    const degraded = deployment('10:30', { pr: 12 }, [
      status('success', '10:40'),
      status('failure', '10:55'),
    ]);
    expect(incidentMoments(facts([degraded]), 'recorded-or-verified').resolved).toBeUndefined();
    // Fixed again after the rollback: resolved when that one was verified.
    const again = deployment('11:30', { pr: 12 }, [status('success', '11:45')]);
    expect(
      incidentMoments(facts([fix, rollback, again]), 'recorded-or-verified').resolved?.at,
    ).toBe(at('11:45'));
  });

  it('a duration whose facts are missing is absent, and none is ever negative', () => {
    const noStatus = deployment('10:30', { pr: 12 });
    expect(incidentDurations(incidentMoments(facts([noStatus])))).toEqual({});
    // A resolution recorded before the detection (a clock or a hand edit): absent, not negative.
    const m = incidentMoments(facts([], { resolvedAt: at('09:00') }));
    expect(m.resolved?.at).toBe(at('09:00'));
    expect(incidentDurations(m)).toEqual({});
    expect(durationMs(at('10:00'), at('09:59'))).toBeUndefined();
    expect(durationMs(at('10:00'), at('10:00'))).toBe(0);
    expect(durationMs(undefined, at('10:00'))).toBeUndefined();
    expect(durationMs(at('10:00'), null)).toBeUndefined();
  });
});

describe("notify's timeline", () => {
  // Until notify's timeline measures with these functions (the coordinator's step after
  // issues 16 and 21), its facts fit them as they are, and a plain incident reads the same.
  it('measures a plain incident as the shared definitions do', () => {
    const fix = deployment('10:30', { pr: 12, version: 'v1.5.1' }, [
      status('in_progress', '10:31'),
      status('failure', '10:40'),
    ]);
    const rollback = deployment('10:42', { 'rollback-of': fix.id }, [status('success', '10:50')]);
    const again = deployment('11:00', { pr: 12 }, [status('success', '11:10')]);
    const f: TimelineFacts = {
      environment: 'production',
      deployments: [again, rollback, fix].map((d) => ({ ...d, statuses: d.statuses ?? [] })),
      pr: PR,
      incidentIssue: { number: 4, createdAt: at('09:50'), closedAt: at('12:00') },
      resolvedAt: at('12:00'),
    };
    const t = deriveTimeline(f);
    const theirs = {
      timeToDeployMs: t.timeToDeployMs,
      timeToResolveMs: t.timeToResolveMs,
      timeToRollbackMs: t.timeToRollbackMs,
    };
    expect(incidentDurations(incidentMoments(f))).toEqual(theirs);
    expect(theirs).toEqual({
      timeToDeployMs: 80 * MIN,
      timeToResolveMs: 130 * MIN,
      timeToRollbackMs: 60 * MIN,
    });
  });
});

describe('incident records', () => {
  it('the incident key and markers are notify’s', () => {
    expect(incidentKey({ ticket: 'ENG-42', pr: 12 })).toBe('eng-42');
    expect(incidentKey({ pr: 12, title: 'x' })).toBe('pr-12');
    expect(incidentKey({ explicit: 'INC 7 -->', ticket: 'ENG-1' })).toBe('inc-7');
    expect(incidentKey({})).toBe('incident');
    expect(incidentMarker('eng-42')).toBe('<!-- hotfix-actions:incident:eng-42 -->');
    expect(markedKey(`${postmortemMarker('pr-12')}\n# Post-mortem`, 'postmortem')).toBe('pr-12');
    expect(markedKey(incidentMarker('eng-42'), 'postmortem')).toBeUndefined();
  });

  it('the follow-up marker carries the PR, the due date and the incident, in any order', () => {
    const marker = followUpMarker({ pr: 123, due: '2026-12-08', incident: 'eng-42' });
    expect(marker).toBe('<!-- hotfix-actions:follow-up pr=123 due=2026-12-08 incident=eng-42 -->');
    expect(parseFollowUpMarker(`${marker}\nProper fix`)).toEqual({
      pr: 123,
      due: '2026-12-08',
      incident: 'eng-42',
    });
    expect(
      parseFollowUpMarker('<!-- hotfix-actions:follow-up due=2026-12-08T12:00:00Z pr=7 -->'),
    ).toEqual({
      pr: 7,
      due: '2026-12-08T12:00:00Z',
    });
    expect(parseFollowUpMarker('<!-- hotfix-actions:follow-up pr=7 due=someday -->')).toEqual({
      pr: 7,
    });
    expect(parseFollowUpMarker('<!-- hotfix-actions:follow-up due=2026-12-08 -->')).toBeUndefined();
    expect(parseFollowUpMarker('no marker #7')).toBeUndefined();
  });

  it('a due date is the end of that day in UTC, or the time given', () => {
    expect(dueTime('2026-12-08')).toBe(Date.parse('2026-12-09T00:00:00Z') - 1);
    expect(dueTime('2026-12-08T12:00:00Z')).toBe(Date.parse('2026-12-08T12:00:00Z'));
    expect(dueTime('2026-13-40')).toBeUndefined();
    expect(dueTime('tomorrow')).toBeUndefined();
  });

  it('a temporary fix: the label, or the template box ticked (not merely present)', () => {
    expect(isTemporaryFix(['Hotfix:Temporary'], '')).toBe(true);
    expect(
      isTemporaryFix([], '### Follow-up\n- [x] This is a temporary fix; a proper fix follows'),
    ).toBe(true);
    expect(
      isTemporaryFix([], '### Follow-up\n- [ ] This is a temporary fix; a proper fix follows'),
    ).toBe(false);
    expect(isTemporaryFix(['hotfix'], 'temporary fix')).toBe(false);
  });

  it('references: #N, owner/repo#N and links to this repository only', () => {
    const text =
      'Fixes #12, see acme/shop#13 and other/repo#14, https://github.com/acme/shop/issues/15, ' +
      'https://github.com/other/repo/pull/16, a&#17; entity and color #fff.';
    expect([...referencedNumbers(text, 'acme/shop')].sort()).toEqual([12, 13, 15]);
  });
});
