// Pull requests: one, and the list filtered by head, base and state (how a pushed branch finds
// its PR) and sorted by creation or last update (how a report reads a period's merges).
import { HttpError, paginate, type FakeGitHub } from '../server.ts';
import type { IssueRecord } from '../state.ts';
import { pullJson } from '../json.ts';

export function pullRoutes(fake: FakeGitHub): void {
  fake.route('GET', '/repos/{owner}/{repo}/pulls/{pull_number}', ({ params, state, base }) => {
    const repo = state.repo(params.owner!, params.repo!);
    return { body: pullJson(base, repo, state.pull(repo, Number(params.pull_number))) };
  });

  fake.route('GET', '/repos/{owner}/{repo}/pulls', (ctx) => {
    const { params, state, base, query } = ctx;
    const repo = state.repo(params.owner!, params.repo!);
    const wantState = query.get('state') ?? 'open';
    const head = query.get('head');
    const baseRef = query.get('base');
    // GitHub's sort (created by default; updated, popularity, long-running) and direction
    // (desc by default); popularity and long-running are not modelled.
    const sort = query.get('sort') ?? 'created';
    if (!['created', 'updated', 'popularity', 'long-running'].includes(sort))
      throw new HttpError(422, 'Validation Failed', {
        errors: [{ resource: 'PullRequest', code: 'invalid', field: 'sort' }],
      });
    const direction = query.get('direction') ?? 'desc';
    const key = (i: IssueRecord) => Date.parse(sort === 'updated' ? i.updatedAt : i.createdAt);
    const pulls = [...repo.issues.values()]
      .filter((i) => i.pull)
      .filter((i) => wantState === 'all' || i.state === wantState)
      // head is "owner:branch"; forks are not modelled, so the owner must be the repo's.
      .filter((i) => !head || head === `${repo.owner}:${i.pull!.head.ref}`)
      .filter((i) => !baseRef || i.pull!.base.ref === baseRef)
      .sort((a, b) =>
        direction === 'asc'
          ? key(a) - key(b) || a.number - b.number
          : key(b) - key(a) || b.number - a.number,
      );
    return paginate(pulls, ctx, (i) => pullJson(base, repo, i, true));
  });
}
