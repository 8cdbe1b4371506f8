// File contents at a ref: how actions read the policy file when the repository is not checked out.
import { createHash } from 'node:crypto';
import { HttpError, type FakeGitHub } from '../server.ts';
import { example } from '../openapi.ts';
import { HTML_BASE, repoApi } from '../json.ts';

export function contentRoutes(fake: FakeGitHub): void {
  fake.route('GET', '/repos/{owner}/{repo}/contents/{path}', ({ params, state, base, query }) => {
    const repo = state.repo(params.owner!, params.repo!);
    const ref = query.get('ref') ?? repo.defaultBranch;
    const path = params.path!;
    const content = repo.files.get(ref)?.get(path);
    if (content === undefined) throw new HttpError(404, 'Not Found');
    const sha = createHash('sha1')
      .update(`blob ${Buffer.byteLength(content)}\0${content}`)
      .digest('hex');
    const url = `${repoApi(base, repo)}/contents/${path}?ref=${ref}`;
    const html = `${HTML_BASE}/${repo.owner}/${repo.name}/blob/${ref}/${path}`;
    const git = `${repoApi(base, repo)}/git/blobs/${sha}`;
    return {
      body: {
        ...example('content-file'),
        type: 'file',
        encoding: 'base64',
        size: Buffer.byteLength(content),
        name: path.split('/').pop(),
        path,
        content: Buffer.from(content).toString('base64'),
        sha,
        url,
        git_url: git,
        html_url: html,
        download_url: null,
        _links: { self: url, git, html },
      },
    };
  });
}
