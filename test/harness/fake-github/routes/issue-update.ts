// Updating an issue or pull request: title, body, state, and replacing its labels and
// assignees (labels that do not exist yet are created, as GitHub does).
import { HttpError, type FakeGitHub } from '../server.ts';
import { issueJson } from '../json.ts';

function strings(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw new HttpError(
      422,
      `Invalid request.\n\nFor 'properties/${field}', ${JSON.stringify(value)} is not an array.`,
    );
  return value as string[];
}

export function issueUpdateRoutes(fake: FakeGitHub): void {
  fake.route(
    'PATCH',
    '/repos/{owner}/{repo}/issues/{issue_number}',
    ({ params, state, base, body }) => {
      const repo = state.repo(params.owner!, params.repo!);
      const issue = state.issue(repo, Number(params.issue_number));
      if (typeof body.title === 'string') issue.title = body.title;
      if (typeof body.body === 'string' || body.body === null) issue.body = body.body;
      if (body.state === 'open' || body.state === 'closed') {
        issue.state = body.state;
        issue.closedAt = body.state === 'closed' ? new Date().toISOString() : null;
      }
      if (body.labels !== undefined) {
        const labels = strings(body.labels, 'labels');
        issue.labels = [];
        for (const l of labels) state.attachLabel(repo, issue, l);
      }
      if (body.assignees !== undefined)
        // Apps cannot be assigned; GitHub drops them without an error.
        issue.assignees = [...new Set(strings(body.assignees, 'assignees'))]
          .filter((a) => !a.endsWith('[bot]'))
          .slice(0, 10);
      issue.updatedAt = new Date().toISOString();
      return { body: issueJson(base, repo, issue) };
    },
  );
}
