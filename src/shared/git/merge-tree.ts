// What `git merge-tree --write-tree -z` says, read: the merged tree (text conflicts carry
// their markers in it), the conflicted paths with the blob of each stage, and git's messages,
// each with a conflict type that git documents as stable ("CONFLICT (contents)",
// "CONFLICT (binary)", "CONFLICT (modify/delete)"...). Which git can do it, from its version.

/** One conflicted path and the blob at each stage it has: 1 base, 2 ours, 3 theirs. */
export interface ConflictedPath {
  path: string;
  stages: { 1?: string; 2?: string; 3?: string };
}

export interface MergeMessage {
  paths: string[];
  /** git's stable type: `CONFLICT (contents)`, `CONFLICT (binary)`, `Auto-merging`... */
  type: string;
  text: string;
}

export interface TreeMerge {
  tree: string;
  clean: boolean;
  conflicts: ConflictedPath[];
  messages: MergeMessage[];
}

/**
 * How this git computes a cherry-pick without a working tree: `merge-base` (2.40+, the pick's
 * parent given as --merge-base), `throwaway` (2.38 and 2.39: a throwaway commit whose parent
 * is the pick's parent makes it the merge base) or `none` (older: a worktree and cherry-pick).
 */
export type TreePicking = 'merge-base' | 'throwaway' | 'none';

/** From `git version` ("git version 2.39.5", "git version 2.45.1.windows.1"). */
export function treePickingOf(versionLine: string): TreePicking {
  const m = /(\d+)\.(\d+)/.exec(versionLine);
  if (!m) return 'none';
  const v = Number(m[1]) * 1000 + Number(m[2]);
  return v >= 2040 ? 'merge-base' : v >= 2038 ? 'throwaway' : 'none';
}

/**
 * Index entries with a stage, `<mode> <oid> <stage>\t<path>` as `git ls-files -u -z` and
 * `git merge-tree -z` print them: each path's object per stage, in the order paths appear.
 */
export function stagesByPath(entries: string[]): Map<string, ConflictedPath['stages']> {
  const byPath = new Map<string, ConflictedPath['stages']>();
  for (const entry of entries) {
    const m = /^\d+ ([0-9a-f]+) ([123])\t(.*)$/s.exec(entry);
    if (!m) continue;
    const [, oid = '', stage = '', path = ''] = m;
    byPath.set(path, { ...byPath.get(path), [Number(stage)]: oid });
  }
  return byPath;
}

/** Parses `git merge-tree --write-tree -z` (without --name-only); `clean` from its exit code. */
export function parseMergeTree(out: string, clean: boolean): TreeMerge {
  const fields = out.split('\0');
  const tree = fields[0] ?? '';
  let i = 1;
  // Conflicted file info, up to an empty field.
  while (i < fields.length && fields[i] !== '') i++;
  const conflicts = [...stagesByPath(fields.slice(1, i))].map(([path, stages]) => ({
    path,
    stages,
  }));
  i++;
  // Messages: `<count>`, that many paths, the type, the text.
  const messages: MergeMessage[] = [];
  while (i < fields.length && /^\d+$/.test(fields[i] ?? '')) {
    const n = Number(fields[i]);
    const paths = fields.slice(i + 1, i + 1 + n);
    const type = fields[i + 1 + n] ?? '';
    const text = (fields[i + 2 + n] ?? '').trim();
    messages.push({ paths, type, text });
    i += 3 + n;
  }
  return { tree, clean, conflicts, messages };
}
