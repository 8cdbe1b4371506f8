// One commit by sha, branch or tag (GET /commits/{ref}): how an action turns a ref a person
// typed into the commit it names. Answers from the real git repository when the test has one
// (repo.gitDir), else from the state's refs; an unknown ref is GitHub's 422.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { HttpError, type FakeGitHub } from '../server.ts';
import { example } from '../openapi.ts';
import { HTML_BASE, repoApi } from '../json.ts';
import type { RepoState } from '../state.ts';

interface CommitFacts {
  sha: string;
  parents: string[];
  tree: string;
  author: { name: string; email: string; date: string };
  committer: { name: string; email: string; date: string };
  message: string;
}

/**
 * The commit from the real repository, or undefined when git does not know the ref. git runs
 * asynchronously: the fake shares its event loop with the other tests' servers.
 */
async function fromGit(repo: RepoState, ref: string): Promise<CommitFacts | undefined> {
  let out: string;
  try {
    ({ stdout: out } = await promisify(execFile)(
      'git',
      [
        '--git-dir',
        repo.gitDir!,
        'log',
        '-1',
        '--format=%H%x00%P%x00%T%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B',
        '--end-of-options',
        `${ref}^{commit}`,
        '--',
      ],
      { encoding: 'utf8' },
    ));
  } catch {
    return undefined;
  }
  const [sha, parents, tree, an, ae, ad, cn, ce, cd, ...body] = out.split('\x00');
  return {
    sha: sha!,
    parents: (parents ?? '').split(' ').filter(Boolean),
    tree: tree!,
    author: { name: an!, email: ae!, date: new Date(ad!).toISOString() },
    committer: { name: cn!, email: ce!, date: new Date(cd!).toISOString() },
    message: body.join('\x00').replace(/\n+$/, ''),
  };
}

export function commitRoutes(fake: FakeGitHub): void {
  fake.route('GET', '/repos/{owner}/{repo}/commits/{ref}', async ({ params, state, base }) => {
    const repo = state.repo(params.owner!, params.repo!);
    const ref = params.ref!;
    let facts = repo.gitDir ? await fromGit(repo, ref) : undefined;
    if (!facts && !(repo.gitDir && /^[0-9a-f]{40}$/.test(ref))) {
      const sha = state.resolveRef(repo, ref);
      if (sha) {
        const when = new Date(0).toISOString();
        const who = { name: 'Dana Dev', email: 'dana@example.com', date: when };
        facts = {
          sha,
          parents: [],
          tree: sha,
          author: who,
          committer: who,
          message: `commit ${sha}`,
        };
      }
    }
    if (!facts) throw new HttpError(422, `No commit found for SHA: ${ref}`);
    const api = repoApi(base, repo);
    const ex = example('commit') as { commit: Record<string, unknown> };
    return {
      body: {
        ...ex,
        url: `${api}/commits/${facts.sha}`,
        sha: facts.sha,
        node_id: `C_${facts.sha}`,
        html_url: `${HTML_BASE}/${repo.owner}/${repo.name}/commit/${facts.sha}`,
        comments_url: `${api}/commits/${facts.sha}/comments`,
        commit: {
          ...ex.commit,
          url: `${api}/git/commits/${facts.sha}`,
          author: facts.author,
          committer: facts.committer,
          message: facts.message,
          tree: { url: `${api}/git/trees/${facts.tree}`, sha: facts.tree },
          comment_count: 0,
        },
        // Commit authors are not mapped to accounts here.
        author: null,
        committer: null,
        parents: facts.parents.map((p) => ({
          sha: p,
          url: `${api}/commits/${p}`,
          html_url: `${HTML_BASE}/${repo.owner}/${repo.name}/commit/${p}`,
        })),
        stats: { additions: 0, deletions: 0, total: 0 },
        files: [],
      },
    };
  });
}
