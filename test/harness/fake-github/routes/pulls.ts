// Pull requests: one, and the list filtered by head and state (how a pushed branch finds its PR).
import { paginate, type FakeGitHub } from '../server.ts';
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
    const pulls = [...repo.issues.values()]
      .filter((i) => i.pull)
      .filter((i) => wantState === 'all' || i.state === wantState)
      // head is "owner:branch"; forks are not modelled, so the owner must be the repo's.
      .filter((i) => !head || head === `${repo.owner}:${i.pull!.head.ref}`)
      .filter((i) => !baseRef || i.pull!.base.ref === baseRef)
      .sort((a, b) => b.number - a.number)
      .map((i) => pullJson(base, repo, i, true));
    return paginate(pulls, ctx);
  });
}
