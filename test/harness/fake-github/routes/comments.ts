// Issue and PR comments: list (paginated), create, update, delete.
import { HttpError, paginate, type FakeGitHub } from '../server.ts';
import { example } from '../openapi.ts';
import { HTML_BASE, repoApi, userJson } from '../json.ts';
import { nextId, type RepoState, type CommentRecord } from '../state.ts';

function commentJson(api: string, repo: RepoState, c: CommentRecord): Record<string, unknown> {
  return {
    ...example('issue-comment'),
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${repoApi(api, repo)}/issues/comments/${c.id}`,
    html_url: `${HTML_BASE}/${repo.owner}/${repo.name}/issues/${c.issue}#issuecomment-${c.id}`,
    issue_url: `${repoApi(api, repo)}/issues/${c.issue}`,
    body: c.body,
    user: userJson(api, c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: 'MEMBER',
  };
}

export function commentRoutes(fake: FakeGitHub): void {
  fake.route('GET', '/repos/{owner}/{repo}/issues/{issue_number}/comments', (ctx) => {
    const repo = ctx.state.repo(ctx.params.owner!, ctx.params.repo!);
    const issue = ctx.state.issue(repo, Number(ctx.params.issue_number));
    const list = repo.comments
      .filter((c) => c.issue === issue.number)
      .map((c) => commentJson(ctx.base, repo, c));
    return paginate(list, ctx);
  });

  fake.route(
    'POST',
    '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    ({ params, state, base, body }) => {
      const repo = state.repo(params.owner!, params.repo!);
      const issue = state.issue(repo, Number(params.issue_number));
      if (typeof body.body !== 'string' || body.body === '') {
        throw new HttpError(422, 'Validation Failed', {
          errors: [{ resource: 'IssueComment', code: 'missing_field', field: 'body' }],
        });
      }
      if (body.body.length > 65536) {
        throw new HttpError(422, 'Validation Failed', {
          errors: [
            {
              resource: 'IssueComment',
              code: 'custom',
              field: 'body',
              message: 'body is too long (maximum is 65536 characters)',
            },
          ],
        });
      }
      const now = new Date().toISOString();
      const c: CommentRecord = {
        id: nextId(),
        issue: issue.number,
        body: body.body,
        user: state.user(fake.actor),
        createdAt: now,
        updatedAt: now,
      };
      repo.comments.push(c);
      return { status: 201, body: commentJson(base, repo, c) };
    },
  );

  fake.route(
    'PATCH',
    '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    ({ params, state, base, body }) => {
      const repo = state.repo(params.owner!, params.repo!);
      const c = repo.comments.find((x) => x.id === Number(params.comment_id));
      if (!c) throw new HttpError(404, 'Not Found');
      if (typeof body.body !== 'string' || body.body === '') {
        throw new HttpError(422, 'Validation Failed', {
          errors: [{ resource: 'IssueComment', code: 'missing_field', field: 'body' }],
        });
      }
      c.body = body.body;
      c.updatedAt = new Date().toISOString();
      return { body: commentJson(base, repo, c) };
    },
  );

  fake.route(
    'DELETE',
    '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    ({ params, state }) => {
      const repo = state.repo(params.owner!, params.repo!);
      const i = repo.comments.findIndex((x) => x.id === Number(params.comment_id));
      if (i < 0) throw new HttpError(404, 'Not Found');
      repo.comments.splice(i, 1);
      return { status: 204 };
    },
  );
}
