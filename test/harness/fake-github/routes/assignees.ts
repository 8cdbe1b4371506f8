// Adding assignees to an issue or pull request. Like GitHub, logins that cannot be assigned
// are dropped silently rather than refused.
import { HttpError, type FakeGitHub } from '../server.ts';
import { issueJson } from '../json.ts';

export function assigneeRoutes(fake: FakeGitHub): void {
  fake.route(
    'POST',
    '/repos/{owner}/{repo}/issues/{issue_number}/assignees',
    ({ params, state, base, body }) => {
      const repo = state.repo(params.owner!, params.repo!);
      const issue = state.issue(repo, Number(params.issue_number));
      const assignees = body.assignees;
      if (!Array.isArray(assignees) || assignees.some((a) => typeof a !== 'string'))
        throw new HttpError(
          422,
          'Invalid request.\n\nFor \'properties/assignees\', "assignees" is not an array of strings.',
        );
      for (const login of assignees as string[]) {
        // Apps cannot be assigned; GitHub drops them without an error.
        if (/\[bot\]$/.test(login)) continue;
        if (issue.assignees.length >= 10) break;
        if (!issue.assignees.includes(login)) issue.assignees.push(login);
      }
      issue.updatedAt = new Date().toISOString();
      return { status: 201, body: issueJson(base, repo, issue) };
    },
  );
}
