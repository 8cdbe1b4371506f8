// Which commit each internal reference of a release may be pinned to.
//
// A `uses: <owner>/hotfix-actions/<path>@<sha>` runs <path> as it is at <sha>, with <path>'s own
// references as they are at <sha> too. So a reference is only pinned if its target was already
// pinned in the commit it names: the composite deploy must be rewritten before a workflow can
// point at it, and the workflows before the examples can. The release therefore stacks one
// commit per layer of the graph "file -> the files it uses", computed from the files themselves
// (a new composite or workflow needs no change here):
//
//   level 0  files naming none of our actions (the node actions): pinned by the build commit
//   level k  files whose references reach at most level k-1: rewritten in the k-th pin commit,
//            each reference naming the first commit in which its target is pinned
//   the rest files nothing uses (examples, docs, READMEs): rewritten in the last commit, the
//            one the release tag names
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The placeholder owner and floating ref of the internal references on the main branch. */
export const PLACEHOLDER = 'acme/hotfix-actions';
const FLOATING = /@v\d+\b/;

// `uses: acme/hotfix-actions[/<path>]@v1`, as a step or a job (a reusable workflow) writes it.
// Whatever follows the ref (a comment) is dropped: the pinned line carries its own.
const OWN_USES = /^(\s*-?\s*uses:\s*)acme\/hotfix-actions(?:\/([^\s@'"]+))?@v\d+\b/;

export class PinError extends Error {
  override name = 'PinError';
}

/** The repository path a line's `uses:` of our own actions names ('' for the root), if any. */
export function ownUses(line: string): string | undefined {
  const m = OWN_USES.exec(line);
  return m ? (m[2] ?? '') : undefined;
}

/**
 * `uses: acme/hotfix-actions/<path>@v1` -> `uses: <owner>/hotfix-actions/<path>@<sha> # vX.Y.Z`
 * with the sha `shaOf(path)` gives; elsewhere (prose, a schema URL) the owner, and the release
 * tag in place of a floating one.
 */
export function pin(
  text: string,
  owner: string,
  shaOf: (path: string) => string,
  version: string,
): string {
  const repo = `${owner}/hotfix-actions`;
  return text
    .split('\n')
    .map((line) => {
      if (!line.includes(PLACEHOLDER)) return line;
      const path = ownUses(line);
      if (path !== undefined) {
        const lead = OWN_USES.exec(line)![1]!;
        return `${lead}${repo}${path ? `/${path}` : ''}@${shaOf(path)} # ${version}`;
      }
      return line
        .split(PLACEHOLDER)
        .join(repo)
        .replace(new RegExp(`(${repo}[^\\s@'"]*)${FLOATING.source}`, 'g'), `$1@${version}`);
    })
    .join('\n');
}

export interface PinPlan {
  /** layers[k - 1]: the files of level k, rewritten in the k-th pin commit (repository paths). */
  layers: string[][];
  /** The files nothing uses, rewritten last. */
  rest: string[];
  /** The level of the file a `uses:` path names: the index of the commit to pin it to. */
  levelOf: (path: string) => number;
}

/** The file GitHub reads for `uses: <owner>/hotfix-actions/<path>@ref`. */
function targetOf(cwd: string, path: string, from: string): string {
  const candidates = /\.ya?ml$/.test(path)
    ? [path]
    : ['action.yml', 'action.yaml'].map((f) => (path ? `${path}/${f}` : f));
  const found = candidates.find((c) => existsSync(join(cwd, c)));
  if (!found)
    throw new PinError(
      `${from} uses ${PLACEHOLDER}/${path}, which is neither an action nor a workflow here`,
    );
  return found;
}

/** Lays out the pin commits for `files` (absolute paths naming the placeholder) under `cwd`. */
export function planPins(cwd: string, files: string[]): PinPlan {
  const level = new Map<string, number>();
  const pathLevel = new Map<string, number>();
  const visit = (file: string, stack: string[]): number => {
    const known = level.get(file);
    if (known !== undefined) return known;
    if (stack.includes(file))
      throw new PinError(
        `a cycle of references cannot be pinned: ${[...stack, file].join(' -> ')}`,
      );
    const text = readFileSync(join(cwd, file), 'utf8');
    let l = 0;
    // A file that names the placeholder anywhere is rewritten, so it is at least level 1.
    if (text.includes(PLACEHOLDER)) {
      l = 1;
      for (const line of text.split('\n')) {
        const path = ownUses(line);
        if (path === undefined) continue;
        const target = visit(targetOf(cwd, path, file), [...stack, file]);
        pathLevel.set(path, target);
        l = Math.max(l, target + 1);
      }
    }
    level.set(file, l);
    return l;
  };
  const own = files.map((f) => relative(cwd, f));
  for (const f of own) visit(f, []);

  const used = new Set(
    [...pathLevel.keys()].map((p) => targetOf(cwd, p, 'a reference')).filter((f) => level.get(f)),
  );
  const layers: string[][] = [];
  for (const f of [...used].sort()) (layers[level.get(f)! - 1] ??= []).push(f);
  return {
    // No level is skipped: a file of level k got it from a target of level k - 1, used too.
    layers,
    rest: own.filter((f) => !used.has(f)).sort(),
    levelOf: (path) => {
      const l = pathLevel.get(path);
      if (l === undefined) throw new PinError(`${path} was not planned`);
      return l;
    },
  };
}
