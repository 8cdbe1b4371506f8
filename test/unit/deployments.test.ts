// The deployments record against the fake GitHub: what deploy writes, rollback and notify read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../harness/fake-github/server.ts';
import { contractViolations } from '../harness/fake-github/contract.ts';
import { createGitHub, type GitHub } from '../../src/shared/github/client.ts';
import {
  createDeployment,
  deploymentHistory,
  setDeploymentStatus,
} from '../../src/shared/github/deployments-adapter.ts';
import { lastGood, wasGood, type DeploymentStatus } from '../../src/shared/github/deployments.ts';

const fake = new FakeGitHub();
let gh: GitHub;
const repo = { owner: 'acme', repo: 'shop' };
const sha = (c: string) => c.repeat(40);

beforeAll(async () => {
  process.env.GITHUB_API_URL = await fake.start();
  gh = await createGitHub(fake.token);
  const r = fake.state.addRepo('acme/shop');
  r.refs.set('heads/main', sha('a'));
  r.refs.set('tags/v1.5.0', sha('b'));
});
afterAll(() => fake.stop());

const status = (state: DeploymentStatus['state']): DeploymentStatus => ({
  id: 0,
  state,
  description: '',
  environmentUrl: '',
  logUrl: '',
  createdAt: '',
});

describe('deployments', () => {
  it('records deployments and statuses, and finds the last good one', async () => {
    const good = await createDeployment(gh, repo, {
      ref: 'v1.5.0',
      environment: 'production',
      description: 'v1.5.0',
      payload: { version: 'v1.5.0' },
    });
    expect(good).toMatchObject({
      sha: sha('b'),
      ref: 'v1.5.0',
      environment: 'production',
      payload: { version: 'v1.5.0' },
    });
    await setDeploymentStatus(gh, repo, good.id, {
      state: 'in_progress',
      description: 'deploying',
      logUrl: 'https://github.com/acme/shop/actions/runs/1',
    });
    await setDeploymentStatus(gh, repo, good.id, {
      state: 'success',
      description: 'healthy',
      environmentUrl: 'https://shop.example',
    });
    const bad = await createDeployment(gh, repo, {
      ref: sha('c'),
      environment: 'production',
      description: 'x'.repeat(300),
      payload: { version: 'v1.5.1', pr: 7 },
    });
    await setDeploymentStatus(gh, repo, bad.id, {
      state: 'failure',
      description: 'error rate above 1%',
    });
    await createDeployment(gh, repo, {
      ref: 'main',
      environment: 'staging',
      description: 'staging',
      payload: {},
    });

    const history = await deploymentHistory(gh, repo, 'production');
    expect(history.map((d) => d.id)).toEqual([bad.id, good.id]);
    expect(history[1]!.statuses.map((s) => s.state)).toEqual(['success', 'in_progress']);
    expect(history[0]!.description).toHaveLength(140);
    expect(lastGood(history, bad.id)?.id).toBe(good.id);
    expect(lastGood(history)?.id).toBe(good.id);
    expect(lastGood(history, good.id)).toBeUndefined();
    expect(await contractViolations(fake.requests)).toEqual([]);
  });

  it('an unknown ref is a clear error naming the permission and the ref', async () => {
    await expect(
      createDeployment(gh, repo, {
        ref: 'v9.9.9',
        environment: 'production',
        description: '',
        payload: {},
      }),
    ).rejects.toThrow(
      /creating a deployment of v9\.9\.9 to production failed \(422\): No ref found for: v9\.9\.9/,
    );
  });

  it('wasGood: success counts until a later failure or error; inactive keeps it', () => {
    expect(wasGood([status('inactive'), status('success'), status('in_progress')])).toBe(true);
    expect(wasGood([status('failure'), status('success')])).toBe(false);
    expect(wasGood([status('error')])).toBe(false);
    expect(wasGood([status('in_progress')])).toBe(false);
    expect(wasGood([])).toBe(false);
  });
});
