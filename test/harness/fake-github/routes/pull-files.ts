// The changed files of a pull request: paginated (30 a page by default, 100 at most) and,
// as on GitHub, never more than the first 3000 files however large the pull request is.
import { paginate, type FakeGitHub } from '../server.ts';
import { example } from '../openapi.ts';
import { HTML_BASE, repoApi } from '../json.ts';
import { fakeSha, type PullFile, type RepoState } from '../state.ts';

/** GitHub's documented cap on GET /pulls/{n}/files. */
export const FILES_LIST_LIMIT = 3000;

function diffEntryJson(
  api: string,
  repo: RepoState,
  headSha: string,
  f: PullFile,
): Record<string, unknown> {
  const [template] = example('diff-entry-items') as unknown as Record<string, unknown>[];
  const path = f.filename.split('/').map(encodeURIComponent).join('/');
  const json: Record<string, unknown> = {
    ...template,
    sha: fakeSha(`${headSha}:${f.filename}`),
    filename: f.filename,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.additions + f.deletions,
    blob_url: `${HTML_BASE}/${repo.owner}/${repo.name}/blob/${headSha}/${path}`,
    raw_url: `${HTML_BASE}/${repo.owner}/${repo.name}/raw/${headSha}/${path}`,
    contents_url: `${repoApi(api, repo)}/contents/${path}?ref=${headSha}`,
    patch: `@@ -1,${f.deletions} +1,${f.additions} @@`,
  };
  if (f.previousFilename) json.previous_filename = f.previousFilename;
  // GitHub sends no patch for a file without line changes (a pure rename, a binary).
  if (f.additions + f.deletions === 0) delete json.patch;
  return json;
}

export function pullFileRoutes(fake: FakeGitHub): void {
  fake.route('GET', '/repos/{owner}/{repo}/pulls/{pull_number}/files', (ctx) => {
    const repo = ctx.state.repo(ctx.params.owner!, ctx.params.repo!);
    const pr = ctx.state.pull(repo, Number(ctx.params.pull_number));
    // Page over the records and build JSON only for the page: a 3000-file PR stays cheap.
    const reply = paginate(pr.pull.files.slice(0, FILES_LIST_LIMIT), ctx);
    reply.body = (reply.body as PullFile[]).map((f) =>
      diffEntryJson(ctx.base, repo, pr.pull.head.sha, f),
    );
    return reply;
  });
}
