// Issues as records an action keeps: list a repository's issues (by label, state and last
// update, paginated, pull requests included as on GitHub), open one, edit or close one.
import { HttpError, paginate, type FakeGitHub } from '../server.ts';
import { issueJson } from '../json.ts';
import type { IssueRecord, RepoState, GitHubState } from '../state.ts';

const STATE_REASONS = ['completed', 'not_planned', 'duplicate', 'reopened'];

function labelNames(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return undefined;
  const names = value.map((l) =>
    typeof l === 'string' ? l : l && typeof l === 'object' ? (l as { name?: unknown }).name : l,
  );
  return names.every((n) => typeof n === 'string') ? (names as string[]) : undefined;
}

function invalid(field: string, code = 'invalid'): HttpError {
  return new HttpError(422, 'Validation Failed', {
    errors: [{ resource: 'Issue', code, field }],
  });
}

function setLabels(state: GitHubState, repo: RepoState, issue: IssueRecord, names: string[]) {
  issue.labels = [];
  for (const n of names) state.attachLabel(repo, issue, n);
}

export function issueLifecycleRoutes(fake: FakeGitHub): void {
  fake.route('GET', '/repos/{owner}/{repo}/issues', (ctx) => {
    const repo = ctx.state.repo(ctx.params.owner!, ctx.params.repo!);
    const q = ctx.query;
    const state = q.get('state') ?? 'open';
    if (!['open', 'closed', 'all'].includes(state)) throw invalid('state');
    // `labels` is a comma-separated list; an issue must carry every one of them.
    const wanted = (q.get('labels') ?? '')
      .split(',')
      .map((l) => l.trim().toLowerCase())
      .filter(Boolean);
    const direction = q.get('direction') ?? 'desc';
    const sort = q.get('sort') ?? 'created';
    const key = (i: IssueRecord) => Date.parse(sort === 'updated' ? i.updatedAt : i.createdAt);
    // since: only issues updated at or after this time (ISO-8601), as GitHub documents.
    const since = q.get('since');
    const after = since ? Date.parse(since) : Number.NEGATIVE_INFINITY;
    if (Number.isNaN(after)) throw invalid('since');
    const list = [...repo.issues.values()]
      .filter((i) => state === 'all' || i.state === state)
      .filter((i) => Date.parse(i.updatedAt) >= after)
      .filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)))
      .sort((a, b) =>
        direction === 'asc'
          ? key(a) - key(b) || a.number - b.number
          : key(b) - key(a) || b.number - a.number,
      );
    return paginate(list, ctx, (i) => issueJson(ctx.base, repo, i));
  });

  fake.route('POST', '/repos/{owner}/{repo}/issues', ({ params, state, base, body }) => {
    const repo = state.repo(params.owner!, params.repo!);
    const title = typeof body.title === 'number' ? String(body.title) : body.title;
    if (typeof title !== 'string' || title.trim() === '') throw invalid('title', 'missing_field');
    if (title.length > 256) throw invalid('title', 'custom');
    if (body.body !== undefined && body.body !== null && typeof body.body !== 'string')
      throw invalid('body');
    if (typeof body.body === 'string' && body.body.length > 65536) throw invalid('body', 'custom');
    const labels = labelNames(body.labels ?? []);
    if (!labels) throw invalid('labels');
    const issue = state.addIssue(repo, {
      title,
      ...(typeof body.body === 'string' ? { body: body.body } : {}),
      labels,
      user: fake.actor,
    });
    return { status: 201, body: issueJson(base, repo, issue) };
  });

  fake.route(
    'PATCH',
    '/repos/{owner}/{repo}/issues/{issue_number}',
    ({ params, state, base, body }) => {
      const repo = state.repo(params.owner!, params.repo!);
      const issue = state.issue(repo, Number(params.issue_number));
      if (body.title !== undefined) {
        const title = typeof body.title === 'number' ? String(body.title) : body.title;
        if (typeof title !== 'string' || title.trim() === '' || title.length > 256)
          throw invalid('title');
        issue.title = title;
      }
      if (body.body !== undefined) {
        if (body.body !== null && typeof body.body !== 'string') throw invalid('body');
        if (typeof body.body === 'string' && body.body.length > 65536)
          throw invalid('body', 'custom');
        issue.body = body.body as string | null;
      }
      if (body.state !== undefined) {
        if (body.state !== 'open' && body.state !== 'closed') throw invalid('state');
        if (
          body.state_reason !== undefined &&
          body.state_reason !== null &&
          !STATE_REASONS.includes(String(body.state_reason))
        )
          throw invalid('state_reason');
        if (body.state !== issue.state) {
          issue.state = body.state;
          issue.closedAt = body.state === 'closed' ? new Date().toISOString() : null;
          // As on GitHub: a reason only counts with a change of state.
          issue.stateReason =
            body.state === 'closed'
              ? ((body.state_reason as IssueRecord['stateReason']) ?? 'completed')
              : 'reopened';
        }
      }
      if (body.labels !== undefined) {
        const labels = labelNames(body.labels);
        if (!labels) throw invalid('labels');
        setLabels(state, repo, issue, labels);
      }
      if (body.assignees !== undefined) {
        if (!Array.isArray(body.assignees) || body.assignees.some((x) => typeof x !== 'string'))
          throw invalid('assignees');
        // Apps cannot be assigned; GitHub drops them without an error. At most 10.
        issue.assignees = [...new Set(body.assignees as string[])]
          .filter((x) => !x.endsWith('[bot]'))
          .slice(0, 10);
      }
      issue.updatedAt = new Date().toISOString();
      return { body: issueJson(base, repo, issue) };
    },
  );
}
