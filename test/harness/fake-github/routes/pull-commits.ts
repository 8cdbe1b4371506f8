// The commits of a pull request, oldest first and paginated, as GitHub lists them (at most
// 250). A test backs them with real commits of its git repository.
import { paginate, type FakeGitHub } from '../server.ts';
import { example } from '../openapi.ts';
import { HTML_BASE, repoApi } from '../json.ts';
import type { PullCommit, RepoState } from '../state.ts';

export function commitJson(api: string, repo: RepoState, c: PullCommit): Record<string, unknown> {
  const ex = (example('commit-items') as unknown as Record<string, unknown>[])[0]!;
  const inner = ex.commit as Record<string, unknown>;
  const url = `${repoApi(api, repo)}/commits/${c.sha}`;
  const html = `${HTML_BASE}/${repo.owner}/${repo.name}/commit/${c.sha}`;
  const tree = c.tree ?? '0'.repeat(40);
  return {
    ...ex,
    url,
    sha: c.sha,
    node_id: `C_${c.sha.slice(0, 20)}`,
    html_url: html,
    comments_url: `${url}/comments`,
    commit: {
      ...inner,
      url: `${repoApi(api, repo)}/git/commits/${c.sha}`,
      author: c.author,
      committer: c.committer ?? c.author,
      message: c.message,
      tree: { url: `${repoApi(api, repo)}/git/trees/${tree}`, sha: tree },
      comment_count: 0,
    },
    // GitHub links commits to accounts by email; the fake's commits belong to no account.
    author: null,
    committer: null,
    parents: c.parents.map((sha) => ({
      url: `${repoApi(api, repo)}/commits/${sha}`,
      html_url: `${HTML_BASE}/${repo.owner}/${repo.name}/commit/${sha}`,
      sha,
    })),
  };
}

export function pullCommitRoutes(fake: FakeGitHub): void {
  fake.route('GET', '/repos/{owner}/{repo}/pulls/{pull_number}/commits', (ctx) => {
    const repo = ctx.state.repo(ctx.params.owner!, ctx.params.repo!);
    const pr = ctx.state.pull(repo, Number(ctx.params.pull_number));
    const list = pr.pull.commits.slice(0, 250).map((c) => commitJson(ctx.base, repo, c));
    return paginate(list, ctx);
  });
}
