// The drill's world: a real git repository (bare origin + checkout) of a small shop with
// main, release/1.4 and release/1.5, a hotfix branch, and the fake GitHub holding the
// repository's PR, tags and deployment history. The "deploy" of a commit switches the local
// service to the behaviour that commit's service.json describes.
import type { FakeGitHub } from '../test/harness/fake-github/server.ts';
import type { RepoState } from '../test/harness/fake-github/state.ts';
import { GitOrigin } from '../test/harness/git-origin.ts';
import { git } from '../src/shared/git/git.ts';
import { prBody } from '../test/fixtures/pr-body.ts';

export const HOTFIX_BRANCH = 'hotfix/ENG-1234-cart-total';
export const HOTFIX_TITLE =
  '[HOTFIX] ENG-1234: cart total ignores the quantity of discounted items';

const CART_V150 = `// Cart totals.
export function total(items) {
  let sum = 0;
  for (const item of items) {
    const price = item.discounted ? item.price * 0.9 : item.price;
    sum += price;
  }
  return Math.round(sum * 100) / 100;
}
`;

// The hotfix: count the quantity of every item, discounted or not.
const CART_FIXED = CART_V150.replace(
  '    sum += price;',
  '    sum += price * (item.quantity ?? 1);',
);

// release/1.4 still has the old loop style, so the fix does not apply there cleanly.
const CART_V14 = `// Cart totals (1.4).
export function total(items) {
  return Math.round(items.reduce((sum, item) => sum + (item.discounted ? item.price * 0.9 : item.price), 0) * 100) / 100;
}
`;

const TEST_V150 = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { total } from '../src/cart.mjs';

test('critical: total of plain items', () => {
  assert.equal(total([{ price: 10 }, { price: 5 }]), 15);
});
`;

const TEST_FIXED = `${TEST_V150}
test('ENG-1234: discounted items count their quantity', () => {
  assert.equal(total([{ price: 10, discounted: true, quantity: 3 }]), 27);
});
`;

// What a deploy of a commit does: switch the local service to what the commit's
// service.json says (health status and error rate), as a real rollout would change what runs.
const DEPLOY_SCRIPT = `// Deploys DEPLOY_SHA: the local service takes the behaviour of that commit's service.json.
import { execFileSync } from 'node:child_process';
const sha = process.env.DEPLOY_SHA;
const config = JSON.parse(execFileSync('git', ['show', \`\${sha}:service.json\`], { encoding: 'utf8' }));
const version = process.env.DEPLOY_VERSION || sha.slice(0, 7);
const res = await fetch(\`\${process.env.SERVICE_URL}/control\`, {
  method: 'POST',
  body: JSON.stringify({ ...config, version }),
});
if (!res.ok) throw new Error(\`the service refused the deploy: \${res.status}\`);
console.log(\`deployed \${version} (\${sha.slice(0, 7)}) to \${process.env.DEPLOY_ENVIRONMENT}\`);
`;

// The shop's policy: the playbook's defaults, except that this shop has one environment, so a
// P1 goes straight to production (the reusable workflow reads the same key to skip staging).
const POLICY = `levels:
  P1:
    staging: false # one environment: no staging to deploy to first
`;

const HEALTHY = JSON.stringify({ health: 200, errorRate: 0 }, null, 2) + '\n';
const BROKEN = JSON.stringify({ health: 503, errorRate: 0.3 }, null, 2) + '\n';

export interface DrillRepo {
  origin: GitOrigin;
  repo: RepoState;
  /** The checkout the actions run in (GITHUB_WORKSPACE). */
  workspace: string;
  /** The open hotfix PR's number. */
  pr: number;
  /** v1.5.0, live in production before the incident. */
  goodSha: string;
}

/**
 * Builds the repository, its branches and the open hotfix PR. `breaks`: v1.5.1 makes the
 * service unhealthy; `conflict`: release/1.4's cart has diverged, so the fix conflicts there.
 */
export async function buildRepo(
  fake: FakeGitHub,
  { breaks, conflict }: { breaks: boolean; conflict: boolean },
): Promise<DrillRepo> {
  const repo = fake.state.addRepo('acme/shop');
  const origin = await GitOrigin.create(repo, {
    'src/cart.mjs': CART_V150,
    'test/cart.test.mjs': TEST_V150,
    'scripts/deploy.mjs': DEPLOY_SCRIPT,
    'service.json': HEALTHY,
    '.github/hotfix.yml': POLICY,
  });
  const goodSha = await origin.sha('main');
  // On PR events the actions read the policy at the base commit through the API.
  fake.state.setFile(repo, goodSha, '.github/hotfix.yml', POLICY);
  await origin.git(['tag', 'v1.5.0']);
  await origin.git(['push', '-q', 'origin', 'v1.5.0']);
  await origin.branch('release/1.5', 'main');
  await origin.branch(
    'release/1.4',
    'main',
    conflict
      ? [{ files: { 'src/cart.mjs': CART_V14 }, message: 'release 1.4: the cart as shipped' }]
      : [],
  );
  // The hotfix: the fix, its regression test and, in the failing drill, a config that breaks.
  await origin.branch(HOTFIX_BRANCH, 'main', [
    {
      files: {
        'src/cart.mjs': CART_FIXED,
        'test/cart.test.mjs': TEST_FIXED,
        ...(breaks ? { 'service.json': BROKEN } : {}),
      },
      message: 'fix(cart): count the quantity of discounted items\n\nTicket: ENG-1234',
    },
  ]);
  const head = await origin.sha(HOTFIX_BRANCH);
  const commits = await origin.commitsOf(`main..${HOTFIX_BRANCH}`);
  const numstat = await origin.git(['diff', '--numstat', `main...${HOTFIX_BRANCH}`]);
  const files = numstat
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [add, del, filename] = l.split('\t');
      return { filename: filename!, additions: Number(add), deletions: Number(del) };
    });

  for (const ref of ['main', 'release/1.4', 'release/1.5', HOTFIX_BRANCH]) {
    repo.refs.set(`heads/${ref}`, await origin.sha(ref));
  }
  repo.refs.set('tags/v1.5.0', goodSha);
  // Last week's release, verified healthy: the version auto-rollback will return to.
  fake.state.addDeployment(repo, {
    sha: goodSha,
    ref: 'v1.5.0',
    version: 'v1.5.0',
    description: 'v1.5.0',
    creator: fake.actor,
    createdAt: new Date(Date.now() - 7 * 86_400_000).toISOString(),
    statuses: ['in_progress', { state: 'success', description: 'healthy' }],
  });

  const pr = fake.state.addPull(repo, {
    title: HOTFIX_TITLE,
    head: HOTFIX_BRANCH,
    base: 'main',
    headSha: head,
    baseSha: goodSha,
    body: prBody({
      checked: ['P1'],
      impact:
        'Customers buying several discounted items are charged for one: revenue loss on every such order.',
      rootCause:
        'The discount branch of `total()` dropped the quantity when the loop was refactored.',
      fix: 'Multiply every price by its quantity; a regression test covers discounted quantities.',
      rollback: 'Redeploy v1.5.0 (auto-rollback does it when health fails).',
    }),
    user: 'dana',
    files,
    commits,
  });
  // Sam is on the team (write access): only such an approval counts.
  repo.collaborators.set('sam', 'write');
  fake.state.addReview(pr, { user: 'sam', state: 'APPROVED', body: 'Ship it.' });
  // The gate's checkout: the PR's head, as actions/checkout gives a pull_request job.
  const workspace = await origin.clone();
  await git(['checkout', '-q', '--detach', head], { cwd: workspace });
  return { origin, repo, workspace, pr: pr.number, goodSha };
}

/** Squash-merges the hotfix PR the way GitHub does, and records it in the fake. */
export async function mergeHotfix(fake: FakeGitHub, d: DrillRepo): Promise<string> {
  const { origin, repo } = d;
  await origin.switch('main');
  await origin.git(['merge', '-q', '--squash', HOTFIX_BRANCH]);
  await origin.git(['commit', '-q', '-m', `${HOTFIX_TITLE} (#${d.pr})`]);
  const sha = await origin.git(['rev-parse', 'HEAD']);
  await origin.git(['push', '-q', 'origin', 'main', `${HOTFIX_BRANCH}:refs/pull/${d.pr}/head`]);
  repo.refs.set('heads/main', sha);
  const pr = fake.state.pull(repo, d.pr);
  const now = new Date().toISOString();
  Object.assign(pr, { state: 'closed', closedAt: now, updatedAt: now });
  Object.assign(pr.pull, { merged: true, mergedAt: now, mergeCommitSha: sha });
  // The checkout the deploy job gets: the merge commit.
  await git(['fetch', '-q', 'origin'], { cwd: d.workspace });
  await git(['checkout', '-q', '--detach', sha], { cwd: d.workspace });
  return sha;
}
