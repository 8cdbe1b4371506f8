// The version input and the next patch version after the highest release tag.
import { describe, expect, it } from 'vitest';
import { nextPatch } from '../../src/deploy-with-healthcheck/version.ts';
import { parseVersionInput } from '../../src/deploy-with-healthcheck/inputs.ts';
import { earlierAttempt } from '../../src/deploy-with-healthcheck/history.ts';
import {
  rollbackTarget,
  type DeploymentWithStatuses,
  type DeploymentState,
} from '../../src/shared/github/deployments.ts';

describe('nextPatch', () => {
  it('compares versions as semver, not as text: v1.10.0 > v1.2.3', () => {
    expect(nextPatch(['v1.2.3', 'v1.10.0'])).toEqual({ version: 'v1.10.1', after: 'v1.10.0' });
  });

  it('ignores pre-releases and tags that are not versions, and accepts tags without v', () => {
    expect(nextPatch(['v2.0.0-rc.1', 'nightly', 'release-3', 'v1.9.9', '1.11.0', 'v1.10'])).toEqual(
      {
        version: 'v1.11.1',
        after: '1.11.0',
      },
    );
  });

  it('starts at v0.0.1 without any release tag', () => {
    expect(nextPatch([])).toEqual({ version: 'v0.0.1' });
    expect(nextPatch(['latest'])).toEqual({ version: 'v0.0.1' });
  });
});

describe('the version input', () => {
  it.each([
    ['', { kind: 'none' }],
    ['none', { kind: 'none' }],
    ['auto', { kind: 'auto' }],
    ['v1.2.3', { kind: 'explicit', version: 'v1.2.3' }],
    ['1.2.3', { kind: 'explicit', version: 'v1.2.3' }],
    ['v2.0.0-hotfix.1', { kind: 'explicit', version: 'v2.0.0-hotfix.1' }],
  ])('%j', (raw, parsed) => expect(parseVersionInput(raw)).toEqual(parsed));

  it.each(['latest', 'v1.2', 'v1.2.3.4', 'Auto'])('rejects %j', (raw) =>
    expect(() => parseVersionInput(raw)).toThrow(
      `input "version": "${raw}" is not none, auto, or a version like v1.2.3`,
    ),
  );
});

describe('deployment history', () => {
  const d = (
    id: number,
    sha: string,
    states: DeploymentState[],
    payload = {},
  ): DeploymentWithStatuses => ({
    id,
    sha,
    ref: sha,
    environment: 'production',
    description: null,
    payload,
    creator: 'octocat',
    createdAt: '',
    statuses: states.map((state, i) => ({
      id: i,
      state,
      description: '',
      environmentUrl: '',
      logUrl: '',
      createdAt: '',
    })),
  });

  it('finds the last good deployment of another commit', () => {
    // Newest first; statuses newest first.
    const history = [
      d(5, 'c', ['failure']),
      d(4, 'b', ['success']),
      d(3, 'a', ['inactive', 'success']),
    ];
    expect(rollbackTarget(history, { sha: 'c' })?.id).toBe(4);
    // Redeploying b: going back to b itself would change nothing.
    expect(rollbackTarget(history, { sha: 'b' })?.id).toBe(3);
    expect(rollbackTarget(history, { sha: 'c', before: 4 })?.id).toBe(3);
    expect(rollbackTarget([d(2, 'a', ['failure', 'success'])], { sha: 'b' })).toBeUndefined();
  });

  it('finds an earlier attempt of the same run and ref', () => {
    const history = [
      d(7, 'x', ['in_progress'], { 'run-id': '42' }),
      d(6, 'y', ['success'], { 'run-id': '42' }),
    ];
    expect(earlierAttempt(history, { runId: '42', ref: 'y' })?.id).toBe(6);
    expect(earlierAttempt(history, { runId: '43', ref: 'y' })).toBeUndefined();
    expect(earlierAttempt(history, { runId: '', ref: 'y' })).toBeUndefined();
  });
});
