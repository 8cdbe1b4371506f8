// GitHub enables auto-merge only through GraphQL, so the fake answers the one mutation the
// actions send, the way GitHub does: HTTP 200 with `data`, or with `errors` (type, path,
// message) when the repository does not allow auto-merge, the node does not exist, or the PR
// is mergeable now (nothing protects its base: "Pull request is in clean status", or "... in
// unstable status" when a check no rule requires is failing or pending on its head). It also
// answers the query hotfix-report reads deployment statuses with: `nodes(ids:)` of
// deployments (by the node_id the REST answers carry), each with `databaseId` and
// `statuses(first: N)` (oldest first, with pageInfo.hasNextPage). Other queries get GitHub's
// answer for a field it does not know. GraphQL is outside the REST OpenAPI description: the
// queries are checked against GitHub's GraphQL schema (@octokit/graphql-schema) in the tests.
import type { FakeGitHub } from '../server.ts';
import { deploymentNodeId } from '../json.ts';
import type { DeploymentRecord, GitHubState, IssueRecord, PullData, RepoState } from '../state.ts';

const METHODS = ['MERGE', 'SQUASH', 'REBASE'];

function gqlError(
  type: string,
  message: string,
  path: (string | number)[],
): Record<string, unknown> {
  return { type, path, locations: [{ line: 2, column: 3 }], message };
}

export function graphqlRoutes(fake: FakeGitHub): void {
  fake.route('POST', '/graphql', ({ state, body }) => {
    const query = typeof body.query === 'string' ? body.query : '';
    const vars = (body.variables ?? {}) as Record<string, unknown>;
    // Who the token is: GitHub answers an app's installation token with its bot's login.
    if (/^\s*(query\s*)?\{\s*viewer\s*\{\s*login\s*\}\s*\}\s*$/.test(query))
      return { body: { data: { viewer: { login: fake.actor } } } };
    if (/\bnodes\s*\(\s*ids:/.test(query) && /\.\.\.\s*on\s+Deployment\b/.test(query))
      return deploymentNodes(state, query, vars);
    if (!/enablePullRequestAutoMerge/.test(query)) {
      return {
        body: {
          errors: [
            {
              extensions: { code: 'undefinedField' },
              message:
                'The fake GitHub answers only viewer { login }, nodes(ids:) of deployments and enablePullRequestAutoMerge',
            },
          ],
        },
      };
    }
    const path = ['enablePullRequestAutoMerge'];
    const id = String(vars.id ?? vars.pullRequestId ?? '');
    let found: { repo: RepoState; pr: IssueRecord & { pull: PullData } } | undefined;
    for (const repo of state.repos.values())
      for (const i of repo.issues.values())
        if (i.pull && `PR_${i.id}` === id)
          found = { repo, pr: i as IssueRecord & { pull: PullData } };
    if (!found)
      return {
        body: {
          data: { enablePullRequestAutoMerge: null },
          errors: [
            gqlError(
              'NOT_FOUND',
              `Could not resolve to a node with the global id of '${id}'.`,
              path,
            ),
          ],
        },
      };
    const method = String(vars.mergeMethod ?? 'MERGE');
    const refuse = (message: string) => ({
      body: {
        data: { enablePullRequestAutoMerge: null },
        errors: [gqlError('UNPROCESSABLE', message, path)],
      },
    });
    if (!found.repo.allowAutoMerge) return refuse('Auto merge is not allowed for this repository');
    if (!METHODS.includes(method))
      return refuse(`Argument 'mergeMethod' on InputObject has an invalid value (${method}).`);
    if (found.pr.state !== 'open') return refuse('Pull request is closed');
    if (found.pr.pull.draft) return refuse("Can't enable auto-merge for this pull request.");
    // Nothing holds a PR into an unprotected branch: GitHub has no auto-merge to wait for.
    if (!found.repo.protectedBranches.has(found.pr.pull.base.ref))
      return refuse(
        found.repo.checksNotPassing.has(found.pr.pull.head.ref)
          ? 'Pull request Pull request is in unstable status'
          : 'Pull request Pull request is in clean status',
      );
    const enabledAt = new Date().toISOString();
    found.pr.pull.autoMerge = { mergeMethod: method, enabledAt, enabledBy: fake.actor };
    return {
      body: {
        data: {
          enablePullRequestAutoMerge: {
            pullRequest: { number: found.pr.number, autoMergeRequest: { enabledAt } },
          },
        },
      },
    };
  });
}

/** `nodes(ids:)` of deployments: null and a NOT_FOUND error for an id that names none. */
function deploymentNodes(state: GitHubState, query: string, vars: Record<string, unknown>) {
  const ids = Array.isArray(vars.ids) ? vars.ids.map(String) : [];
  const first = Number(/statuses\s*\(\s*first:\s*(\d+)/.exec(query)?.[1] ?? 10);
  const byNode = new Map<string, DeploymentRecord>();
  for (const repo of state.repos.values())
    for (const d of repo.deployments) byNode.set(deploymentNodeId(d), d);
  const errors: Record<string, unknown>[] = [];
  const nodes = ids.map((id, i) => {
    const d = byNode.get(id);
    if (!d) {
      errors.push(
        gqlError('NOT_FOUND', `Could not resolve to a node with the global id of '${id}'`, [
          'nodes',
          i,
        ]),
      );
      return null;
    }
    return {
      databaseId: d.id,
      statuses: {
        pageInfo: { hasNextPage: d.statuses.length > first },
        nodes: d.statuses.slice(0, first).map((s) => ({
          state: s.state.toUpperCase(),
          description: s.description || null,
          environmentUrl: s.environmentUrl || null,
          logUrl: s.logUrl || null,
          createdAt: s.createdAt,
        })),
      },
    };
  });
  return { body: { data: { nodes }, ...(errors.length ? { errors } : {}) } };
}
