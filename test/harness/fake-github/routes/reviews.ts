// Reviews of a pull request, oldest first (paginated), as GET /pulls/{n}/reviews lists them.
// Tests submit and dismiss reviews through the state (GitHubState.addReview), also while an
// action is running, to play a reviewer approving during a fast-track wait.
import { paginate, type FakeGitHub } from '../server.ts';
import { example } from '../openapi.ts';
import { HTML_BASE, repoApi, userJson } from '../json.ts';
import type { RepoState, ReviewRecord } from '../state.ts';

function reviewJson(
  api: string,
  repo: RepoState,
  number: number,
  r: ReviewRecord,
): Record<string, unknown> {
  const [template] = example('pull-request-review-items') as unknown as Record<string, unknown>[];
  const html = `${HTML_BASE}/${repo.owner}/${repo.name}/pull/${number}#pullrequestreview-${r.id}`;
  const pullUrl = `${repoApi(api, repo)}/pulls/${number}`;
  return {
    ...template,
    id: r.id,
    node_id: `PRR_${r.id}`,
    user: userJson(api, r.user),
    body: r.body,
    state: r.state,
    html_url: html,
    pull_request_url: pullUrl,
    _links: { html: { href: html }, pull_request: { href: pullUrl } },
    submitted_at: r.submittedAt,
    commit_id: r.commitId,
    author_association: 'COLLABORATOR',
  };
}

export function reviewRoutes(fake: FakeGitHub): void {
  fake.route('GET', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews', (ctx) => {
    const repo = ctx.state.repo(ctx.params.owner!, ctx.params.repo!);
    const pr = ctx.state.pull(repo, Number(ctx.params.pull_number));
    const reply = paginate(pr.pull.reviews, ctx);
    reply.body = (reply.body as ReviewRecord[]).map((r) =>
      reviewJson(ctx.base, repo, pr.number, r),
    );
    return reply;
  });
}
