// The version a deploy ships: none, the next patch after the highest semver tag (auto), or an
// explicit vX.Y.Z; tagged on the deployed sha once healthy.
//
// Tags are read and created through the REST API (adapters.ts: git/matching-refs, git/tags,
// git/refs),
// not with git in the checkout: a deploy job usually has a shallow checkout without tags
// (actions/checkout fetches one commit by default), or none at all, and pushing would need
// credentials in git. The API needs only `contents: write` and sees every tag.
import semver from 'semver';
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

/**
 * The repository's tags, as a deploy reads and writes them. Failures are UserErrors that say
 * what was attempted and which permission it needs.
 */
export interface Tags {
  /** Every tag name. */
  names(): Promise<string[]>;
  /** The commit a tag points at (an annotated tag peeled); undefined when there is no such tag. */
  commitOf(tag: string): Promise<string | undefined>;
  /** Creates the annotated tag on the sha; `taken` when that name exists already. */
  create(t: NewTag): Promise<'created' | 'taken'>;
}

export interface NewTag {
  tag: string;
  sha: string;
  message: string;
}

export type TagResult =
  | { status: 'created'; tag: string }
  | { status: 'exists'; tag: string }
  | { status: 'conflict'; tag: string; sha: string };

/**
 * Creates the annotated tag on the sha. Safe to repeat: a tag already on the sha is left as
 * it is, and a tag on another commit is never moved (reported as a conflict).
 */
export async function createVersionTag(tags: Tags, t: NewTag): Promise<TagResult> {
  const existing = await tags.commitOf(t.tag);
  if (existing) return found(t, existing);
  if ((await tags.create(t)) === 'created') return { status: 'created', tag: t.tag };
  // Created meanwhile (a concurrent run); look at what it points to.
  const now = await tags.commitOf(t.tag);
  if (now) return found(t, now);
  throw new UserError(
    `creating ref refs/tags/${t.tag} failed (422): the tag exists, but it could not be read`,
  );
}

function found(t: NewTag, sha: string): TagResult {
  return sha === t.sha ? { status: 'exists', tag: t.tag } : { status: 'conflict', tag: t.tag, sha };
}
