// The version a deploy ships: none, the next patch after the highest semver tag (auto), or an
// explicit vX.Y.Z; tagged on the deployed sha once healthy.
//
// Tags are read and created through the REST API (git/matching-refs, git/tags, git/refs),
// not with git in the checkout: a deploy job usually has a shallow checkout without tags
// (actions/checkout fetches one commit by default), or none at all, and pushing would need
// credentials in git. The API needs only `contents: write` and sees every tag.
import semver from 'semver';
import { describeApiError, statusOf, type GitHub } from '../shared/github/client.ts';
import type { Repo } from '../shared/github/deployments.ts';
import { UserError } from '../shared/runner/errors.ts';

/** The next patch after the highest release tag (`v1.10.0` > `v1.2.3`); v0.0.1 when none. */
export function nextPatch(tags: readonly string[]): { version: string; after?: string } {
  const releases = tags
    .filter((t) => /^v?\d+\.\d+\.\d+$/.test(t) && semver.valid(t))
    .sort((a, b) => semver.rcompare(a, b));
  const highest = releases[0];
  if (!highest) return { version: 'v0.0.1' };
  return { version: `v${semver.inc(highest, 'patch')}`, after: highest };
}

const PERMISSION_READ = 'contents: read';
const PERMISSION_WRITE = 'contents: write';

/** Every tag name of the repository. */
export async function listTags(github: GitHub, repo: Repo): Promise<string[]> {
  try {
    const { data } = await github.rest.git.listMatchingRefs({ ...repo, ref: 'tags/' });
    return data.map((r) => r.ref.replace(/^refs\/tags\//, ''));
  } catch (err) {
    throw new UserError(describeApiError(err, 'listing the tags (version: auto)', PERMISSION_READ));
  }
}

/** The commit a tag points at (peeling an annotated tag); undefined when there is no tag. */
export async function tagCommit(
  github: GitHub,
  repo: Repo,
  tag: string,
): Promise<string | undefined> {
  let object: { type: string; sha: string };
  try {
    ({ object } = (await github.rest.git.getRef({ ...repo, ref: `tags/${tag}` })).data);
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw new UserError(describeApiError(err, `reading tag ${tag}`, PERMISSION_READ));
  }
  // An annotated tag may point at another tag object; follow the chain to the commit.
  for (let depth = 0; object.type === 'tag' && depth < 5; depth++) {
    try {
      ({ object } = (await github.rest.git.getTag({ ...repo, tag_sha: object.sha })).data);
    } catch (err) {
      throw new UserError(
        describeApiError(err, `reading tag object ${object.sha}`, PERMISSION_READ),
      );
    }
  }
  return object.sha;
}

export type TagResult =
  | { status: 'created'; tag: string }
  | { status: 'exists'; tag: string }
  | { status: 'conflict'; tag: string; sha: string };

/**
 * Creates the annotated tag on the sha. Safe to repeat: a tag already on the sha is left as
 * it is, and a tag on another commit is never moved (reported as a conflict).
 */
export async function createVersionTag(
  github: GitHub,
  repo: Repo,
  t: { tag: string; sha: string; message: string },
): Promise<TagResult> {
  const existing = await tagCommit(github, repo, t.tag);
  if (existing) {
    return existing === t.sha
      ? { status: 'exists', tag: t.tag }
      : { status: 'conflict', tag: t.tag, sha: existing };
  }
  let objectSha: string;
  try {
    const { data } = await github.rest.git.createTag({
      ...repo,
      tag: t.tag,
      message: t.message,
      object: t.sha,
      type: 'commit',
    });
    objectSha = data.sha;
  } catch (err) {
    throw new UserError(describeApiError(err, `creating tag ${t.tag}`, PERMISSION_WRITE));
  }
  try {
    await github.rest.git.createRef({ ...repo, ref: `refs/tags/${t.tag}`, sha: objectSha });
    return { status: 'created', tag: t.tag };
  } catch (err) {
    // 422: created meanwhile (a concurrent run); look at what it points to.
    if (statusOf(err) === 422) {
      const now = await tagCommit(github, repo, t.tag);
      if (now === t.sha) return { status: 'exists', tag: t.tag };
      if (now) return { status: 'conflict', tag: t.tag, sha: now };
    }
    throw new UserError(describeApiError(err, `creating ref refs/tags/${t.tag}`, PERMISSION_WRITE));
  }
}
