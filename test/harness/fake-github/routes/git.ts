// Git references and annotated tag objects (the Git database API): how a healthy deploy reads
// the release tags and creates its own `vX.Y.Z` without a checkout.
import { HttpError, type FakeGitHub } from '../server.ts';
import { example } from '../openapi.ts';
import { repoApi } from '../json.ts';
import { fakeSha, nextId, type RepoState, type TagObjectRecord } from '../state.ts';

const OBJECT_TYPES = ['commit', 'tree', 'blob', 'tag'] as const;

function refJson(api: string, repo: RepoState, name: string, sha: string) {
  const type = repo.tagObjects.has(sha) ? 'tag' : 'commit';
  return {
    ...example('git-ref'),
    ref: `refs/${name}`,
    node_id: `REF_${Buffer.from(`${repo.name}:${name}`).toString('base64url')}`,
    url: `${repoApi(api, repo)}/git/refs/${name}`,
    object: {
      type,
      sha,
      url: `${repoApi(api, repo)}/git/${type === 'tag' ? 'tags' : 'commits'}/${sha}`,
    },
  };
}

function tagJson(api: string, repo: RepoState, t: TagObjectRecord) {
  return {
    ...example('git-tag'),
    node_id: `TAG_${t.sha}`,
    tag: t.tag,
    sha: t.sha,
    url: `${repoApi(api, repo)}/git/tags/${t.sha}`,
    message: t.message,
    tagger: t.tagger,
    object: {
      type: t.object.type,
      sha: t.object.sha,
      url: `${repoApi(api, repo)}/git/${t.object.type === 'tag' ? 'tags' : 'commits'}/${t.object.sha}`,
    },
    verification: {
      verified: false,
      reason: 'unsigned',
      signature: null,
      payload: null,
      verified_at: null,
    },
  };
}

const missing = (field: string) =>
  new HttpError(422, `Invalid request.\n\n"${field}" wasn't supplied.`);

export function gitRoutes(fake: FakeGitHub): void {
  // Every ref whose name starts with the given text; [] when none (GitHub does not 404).
  fake.route('GET', '/repos/{owner}/{repo}/git/matching-refs/{ref}', ({ params, state, base }) => {
    const repo = state.repo(params.owner!, params.repo!);
    const prefix = params.ref!.replace(/^refs\//, '');
    const refs = [...repo.refs.entries()]
      .filter(([name]) => name.startsWith(prefix))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, sha]) => refJson(base, repo, name, sha));
    return { body: refs };
  });

  fake.route('GET', '/repos/{owner}/{repo}/git/ref/{ref}', ({ params, state, base }) => {
    const repo = state.repo(params.owner!, params.repo!);
    const name = params.ref!.replace(/^refs\//, '');
    const sha = repo.refs.get(name);
    if (sha === undefined) throw new HttpError(404, 'Not Found');
    return { body: refJson(base, repo, name, sha) };
  });

  fake.route('POST', '/repos/{owner}/{repo}/git/refs', ({ params, state, base, body }) => {
    const repo = state.repo(params.owner!, params.repo!);
    if (typeof body.ref !== 'string') throw missing('ref');
    if (typeof body.sha !== 'string') throw missing('sha');
    if (!/^refs\/[^/]+\/.+/.test(body.ref)) {
      throw new HttpError(
        422,
        "Reference name must start with 'refs/' and have at least two slashes.",
      );
    }
    if (!/^[0-9a-f]{40}$/.test(body.sha)) throw new HttpError(422, 'Object does not exist');
    const name = body.ref.slice('refs/'.length);
    if (repo.refs.has(name)) throw new HttpError(422, 'Reference already exists');
    repo.refs.set(name, body.sha);
    return { status: 201, body: refJson(base, repo, name, body.sha) };
  });

  fake.route('POST', '/repos/{owner}/{repo}/git/tags', ({ params, state, base, body }) => {
    const repo = state.repo(params.owner!, params.repo!);
    for (const field of ['tag', 'message', 'object', 'type'])
      if (typeof body[field] !== 'string') throw missing(field);
    const type = body.type as TagObjectRecord['object']['type'];
    if (!OBJECT_TYPES.includes(type)) {
      throw new HttpError(422, 'Validation Failed', {
        errors: [{ resource: 'Tag', code: 'invalid', field: 'type' }],
      });
    }
    if (!/^[0-9a-f]{40}$/.test(body.object as string)) {
      throw new HttpError(422, 'Object does not exist');
    }
    const given = body.tagger as { name?: string; email?: string; date?: string } | undefined;
    const actor = state.user(fake.actor);
    const t: TagObjectRecord = {
      sha: fakeSha(`tag-object:${body.tag as string}:${nextId()}`),
      tag: body.tag as string,
      message: body.message as string,
      object: { type, sha: body.object as string },
      // Without a tagger, GitHub records the token's user.
      tagger: {
        name: given?.name ?? actor.login,
        email: given?.email ?? `${actor.id}+${actor.login}@users.noreply.github.com`,
        date: given?.date ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      },
    };
    repo.tagObjects.set(t.sha, t);
    return { status: 201, body: tagJson(base, repo, t) };
  });

  fake.route('GET', '/repos/{owner}/{repo}/git/tags/{tag_sha}', ({ params, state, base }) => {
    const repo = state.repo(params.owner!, params.repo!);
    const t = repo.tagObjects.get(params.tag_sha!);
    if (!t) throw new HttpError(404, 'Not Found');
    return { body: tagJson(base, repo, t) };
  });
}
