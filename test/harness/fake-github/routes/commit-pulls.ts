// The pull requests a commit belongs to: how a deploy of a merged commit finds its hotfix PR.
import { paginate, type FakeGitHub } from '../server.ts';
import { pullJson } from '../json.ts';

export function commitPullRoutes(fake: FakeGitHub): void {
  fake.route('GET', '/repos/{owner}/{repo}/commits/{commit_sha}/pulls', (ctx) => {
    const { params, state, base } = ctx;
    const repo = state.repo(params.owner!, params.repo!);
    const sha = params.commit_sha!;
    // GitHub lists the merged PR whose merge commit this is, and open PRs whose head it is.
    const pulls = [...repo.issues.values()]
      .filter(
        (i) =>
          i.pull &&
          (i.pull.mergeCommitSha === sha || (i.state === 'open' && i.pull.head.sha === sha)),
      )
      .sort((a, b) => b.number - a.number)
      .map((i) => pullJson(base, repo, i, true));
    return paginate(pulls, ctx);
  });
}
