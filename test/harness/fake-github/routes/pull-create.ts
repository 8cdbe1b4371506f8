// Opening a pull request, with GitHub's 422s: missing fields, a head or base that does not
// exist, no commits between them, and "A pull request already exists for owner:head."
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { HttpError, type FakeGitHub } from '../server.ts';
import { pullJson } from '../json.ts';
import type { RepoState } from '../state.ts';

function invalid(field: string): HttpError {
  return new HttpError(422, 'Validation Failed', {
    errors: [{ resource: 'PullRequest', field, code: 'invalid' }],
  });
}

function custom(message: string): HttpError {
  return new HttpError(422, 'Validation Failed', {
    errors: [{ resource: 'PullRequest', code: 'custom', message }],
  });
}

// git runs asynchronously: the fake shares its event loop with the other tests' servers.
const git = async (repo: RepoState, ...args: string[]) =>
  (await promisify(execFile)('git', ['--git-dir', repo.gitDir!, ...args], { encoding: 'utf8' }))
    .stdout;

/** The sha of a branch of the repository's real git repository, or undefined. */
async function branchSha(repo: RepoState, branch: string): Promise<string | undefined> {
  try {
    return (await git(repo, 'rev-parse', '--verify', '-q', `refs/heads/${branch}^{commit}`)).trim();
  } catch {
    return undefined;
  }
}

async function commitsBetween(repo: RepoState, base: string, head: string): Promise<number> {
  return Number((await git(repo, 'rev-list', '--count', `${base}..${head}`)).trim());
}

export function pullCreateRoutes(fake: FakeGitHub): void {
  fake.route('POST', '/repos/{owner}/{repo}/pulls', async ({ params, state, base, body }) => {
    const repo = state.repo(params.owner!, params.repo!);
    for (const field of ['head', 'base'] as const) {
      if (typeof body[field] !== 'string' || body[field] === '')
        throw new HttpError(422, 'Validation Failed', {
          errors: [{ resource: 'PullRequest', code: 'missing_field', field }],
        });
    }
    if (typeof body.title !== 'string' || body.title === '')
      throw new HttpError(422, 'Validation Failed', {
        errors: [{ resource: 'PullRequest', code: 'missing_field', field: 'title' }],
      });
    // head may be "owner:branch"; forks are not modelled.
    const head = String(body.head).replace(new RegExp(`^${repo.owner}:`), '');
    const baseRef = String(body.base);
    let headSha: string | undefined;
    let baseSha: string | undefined;
    if (repo.gitDir) {
      headSha = await branchSha(repo, head);
      if (!headSha) throw invalid('head');
      baseSha = await branchSha(repo, baseRef);
      if (!baseSha) throw invalid('base');
      if ((await commitsBetween(repo, baseSha, headSha)) === 0)
        throw custom(`No commits between ${baseRef} and ${head}`);
    }
    const open = [...repo.issues.values()].find(
      (i) =>
        i.pull && i.state === 'open' && i.pull.head.ref === head && i.pull.base.ref === baseRef,
    );
    if (open) throw custom(`A pull request already exists for ${repo.owner}:${head}.`);
    const pr = state.addPull(repo, {
      title: body.title,
      ...(typeof body.body === 'string' ? { body: body.body } : {}),
      head,
      base: baseRef,
      ...(headSha ? { headSha } : {}),
      ...(baseSha ? { baseSha } : {}),
      draft: body.draft === true,
      user: fake.actor,
    });
    return { status: 201, body: pullJson(base, repo, pr) };
  });
}
