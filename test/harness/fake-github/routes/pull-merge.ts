// Whether a pull request is merged (GET /pulls/{n}/merge), and merging one (PUT) the way GitHub's merge button does, with real
// git in the repository behind the fake (repo.gitDir): a merge commit, a squash commit or the
// PR's commits replayed on the base, and the base branch moved. GitHub's refusals: a closed
// PR (405), a protected base whose checks have not passed (405), a head that moved since the
// caller looked (409), a PR that does not merge cleanly (405).
import { execFileSync } from 'node:child_process';
import { HttpError, type FakeGitHub } from '../server.ts';
import type { IssueRecord, PullData, RepoState } from '../state.ts';

const METHODS = ['merge', 'squash', 'rebase'];

function gitIn(repo: RepoState, args: string[], input?: string): string {
  return execFileSync('git', ['--git-dir', repo.gitDir!, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_COMMITTER_NAME: 'GitHub',
      GIT_COMMITTER_EMAIL: 'noreply@github.com',
      GIT_AUTHOR_NAME: 'GitHub',
      GIT_AUTHOR_EMAIL: 'noreply@github.com',
    },
    ...(input !== undefined ? { input } : {}),
    stdio: ['pipe', 'pipe', 'pipe'],
  }).trim();
}

/** The merged tree of base and head, or undefined when they conflict. */
function mergedTree(repo: RepoState, base: string, head: string): string | undefined {
  try {
    return gitIn(repo, ['merge-tree', '--write-tree', base, head]).split('\n')[0];
  } catch {
    return undefined;
  }
}

/** The new tip of the base branch after merging `pr` with `method`. */
function mergeWithGit(
  repo: RepoState,
  pr: IssueRecord & { pull: PullData },
  method: string,
  base: string,
  head: string,
): string {
  const notMergeable = new HttpError(405, 'Pull Request is not mergeable');
  if (method === 'rebase') {
    // The PR's commits replayed on the base, authors and messages kept; only a PR based on the
    // base's tip is replayed here (the fake does not rebase across changes).
    if (gitIn(repo, ['merge-base', base, head]) !== base)
      throw new HttpError(405, "This branch can't be rebased");
    let tip = base;
    for (const c of gitIn(repo, ['rev-list', '--reverse', `${base}..${head}`]).split('\n')) {
      const [an, ae, ad] = gitIn(repo, ['log', '-1', '--format=%an%x00%ae%x00%aI', c]).split('\0');
      const message = gitIn(repo, ['log', '-1', '--format=%B', c]);
      tip = execFileSync(
        'git',
        ['--git-dir', repo.gitDir!, 'commit-tree', `${c}^{tree}`, '-p', tip, '-F', '-'],
        {
          encoding: 'utf8',
          input: message,
          env: {
            ...process.env,
            GIT_AUTHOR_NAME: an,
            GIT_AUTHOR_EMAIL: ae,
            GIT_AUTHOR_DATE: ad,
            GIT_COMMITTER_NAME: 'GitHub',
            GIT_COMMITTER_EMAIL: 'noreply@github.com',
          },
        },
      ).trim();
    }
    return tip;
  }
  const tree = mergedTree(repo, base, head);
  if (!tree) throw notMergeable;
  return method === 'squash'
    ? gitIn(repo, ['commit-tree', tree, '-p', base, '-F', '-'], `${pr.title} (#${pr.number})\n`)
    : gitIn(
        repo,
        ['commit-tree', tree, '-p', base, '-p', head, '-F', '-'],
        `Merge pull request #${pr.number} from ${repo.owner}/${pr.pull.head.ref}\n\n${pr.title}\n`,
      );
}

export function pullMergeRoutes(fake: FakeGitHub): void {
  // Whether a PR is merged: 204 when it is, 404 when not.
  fake.route('GET', '/repos/{owner}/{repo}/pulls/{pull_number}/merge', ({ params, state }) => {
    const repo = state.repo(params.owner!, params.repo!);
    if (!state.pull(repo, Number(params.pull_number)).pull.merged)
      throw new HttpError(404, 'Not Found');
    return { status: 204 };
  });

  fake.route(
    'PUT',
    '/repos/{owner}/{repo}/pulls/{pull_number}/merge',
    ({ params, state, body }) => {
      const repo = state.repo(params.owner!, params.repo!);
      const pr = state.pull(repo, Number(params.pull_number));
      const method = typeof body.merge_method === 'string' ? body.merge_method : 'merge';
      if (!METHODS.includes(method))
        throw new HttpError(422, 'Validation Failed', {
          errors: [{ resource: 'PullRequest', field: 'merge_method', code: 'invalid' }],
        });
      if (pr.state !== 'open' || pr.pull.merged)
        throw new HttpError(405, 'Pull Request is not mergeable');
      if (pr.pull.draft) throw new HttpError(405, 'Pull Request is still a draft');
      if (repo.protectedBranches.has(pr.pull.base.ref))
        throw new HttpError(405, 'Required status check "ci" is expected.');
      let head = pr.pull.head.sha;
      let base = pr.pull.base.sha;
      if (repo.gitDir) {
        head = gitIn(repo, ['rev-parse', `refs/heads/${pr.pull.head.ref}`]);
        base = gitIn(repo, ['rev-parse', `refs/heads/${pr.pull.base.ref}`]);
      }
      if (typeof body.sha === 'string' && body.sha !== head)
        throw new HttpError(409, 'Head branch was modified. Review and try the merge again.');
      const sha = repo.gitDir ? mergeWithGit(repo, pr, method, base, head) : head;
      if (repo.gitDir) gitIn(repo, ['update-ref', `refs/heads/${pr.pull.base.ref}`, sha, base]);
      const now = new Date().toISOString();
      Object.assign(pr, { state: 'closed', closedAt: now, updatedAt: now });
      Object.assign(pr.pull, { merged: true, mergedAt: now, mergeCommitSha: sha });
      return { body: { sha, merged: true, message: 'Pull Request successfully merged' } };
    },
  );
}
