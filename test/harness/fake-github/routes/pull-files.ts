// The files of a pull request, paginated like GitHub (30 a page by default, at most 3000).
import { paginate, type FakeGitHub } from '../server.ts';
import { example } from '../openapi.ts';
import { repoApi, HTML_BASE } from '../json.ts';
import { fakeSha } from '../state.ts';

/** GitHub lists at most this many files of a pull request. */
const MAX_FILES = 3000;

export function pullFileRoutes(fake: FakeGitHub): void {
  fake.route('GET', '/repos/{owner}/{repo}/pulls/{pull_number}/files', (ctx) => {
    const { params, state, base } = ctx;
    const repo = state.repo(params.owner!, params.repo!);
    const pr = state.pull(repo, Number(params.pull_number));
    // GitHub's example entry, without its made-up patch (the fake has no diffs).
    const template = {
      ...(example('diff-entry-items') as unknown as Record<string, unknown>[])[0],
    };
    delete template.patch;
    const sha = pr.pull.head.sha;
    const files = pr.pull.files.slice(0, MAX_FILES).map((f) => {
      const path = f.filename.split('/').map(encodeURIComponent).join('/');
      return {
        ...template,
        sha: fakeSha(`${sha}:${f.filename}`),
        filename: f.filename,
        status: f.status,
        additions: f.additions,
        deletions: f.deletions,
        changes: f.additions + f.deletions,
        blob_url: `${HTML_BASE}/${repo.owner}/${repo.name}/blob/${sha}/${path}`,
        raw_url: `${HTML_BASE}/${repo.owner}/${repo.name}/raw/${sha}/${path}`,
        contents_url: `${repoApi(base, repo)}/contents/${path}?ref=${sha}`,
        ...(f.previousFilename ? { previous_filename: f.previousFilename } : {}),
      };
    });
    return paginate(files, ctx);
  });
}
