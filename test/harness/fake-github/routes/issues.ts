// Issues and their labels; a pull request is an issue too, as on GitHub.
import { HttpError, paginate, type FakeGitHub } from '../server.ts';
import { issueJson, labelJson, labelsOf } from '../json.ts';

export function issueRoutes(fake: FakeGitHub): void {
  fake.route('GET', '/repos/{owner}/{repo}/issues/{issue_number}', ({ params, state, base }) => {
    const repo = state.repo(params.owner!, params.repo!);
    return { body: issueJson(base, repo, state.issue(repo, Number(params.issue_number))) };
  });

  fake.route('GET', '/repos/{owner}/{repo}/issues/{issue_number}/labels', (ctx) => {
    const { params, state, base } = ctx;
    const repo = state.repo(params.owner!, params.repo!);
    return paginate(labelsOf(base, repo, state.issue(repo, Number(params.issue_number))), ctx);
  });

  fake.route(
    'POST',
    '/repos/{owner}/{repo}/issues/{issue_number}/labels',
    ({ params, state, base, body }) => {
      const repo = state.repo(params.owner!, params.repo!);
      const issue = state.issue(repo, Number(params.issue_number));
      const labels = body.labels;
      if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string')) {
        throw new HttpError(
          422,
          'Invalid request.\n\nFor \'properties/labels\', "labels" is not an array of strings.',
        );
      }
      for (const l of labels as string[]) state.attachLabel(repo, issue, l);
      issue.updatedAt = new Date().toISOString();
      return { body: labelsOf(base, repo, issue) };
    },
  );

  fake.route(
    'DELETE',
    '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}',
    ({ params, state, base }) => {
      const repo = state.repo(params.owner!, params.repo!);
      const issue = state.issue(repo, Number(params.issue_number));
      const before = issue.labels.length;
      issue.labels = issue.labels.filter((l) => l.toLowerCase() !== params.name!.toLowerCase());
      if (issue.labels.length === before) throw new HttpError(404, 'Label does not exist');
      return { body: labelsOf(base, repo, issue) };
    },
  );

  fake.route('GET', '/repos/{owner}/{repo}/labels/{name}', ({ params, state, base }) => {
    const repo = state.repo(params.owner!, params.repo!);
    const label = repo.labels.get(params.name!.toLowerCase());
    if (!label) throw new HttpError(404, 'Not Found');
    return { body: labelJson(base, repo, label) };
  });

  fake.route('POST', '/repos/{owner}/{repo}/labels', ({ params, state, base, body }) => {
    const repo = state.repo(params.owner!, params.repo!);
    const name = body.name;
    if (typeof name !== 'string' || name === '')
      throw new HttpError(422, 'Validation Failed', {
        errors: [{ resource: 'Label', code: 'missing_field', field: 'name' }],
      });
    if (repo.labels.has(name.toLowerCase())) {
      throw new HttpError(422, 'Validation Failed', {
        errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
      });
    }
    const label = state.ensureLabel(
      repo,
      name,
      typeof body.color === 'string' ? body.color : 'ededed',
      typeof body.description === 'string' ? body.description : '',
    );
    return { status: 201, body: labelJson(base, repo, label) };
  });
}
