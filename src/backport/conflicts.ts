// What kind of conflict each file of a pick has, read from git's own report (merge-tree's
// typed messages and index stages). Only a text conflict leaves markers for a person to
// resolve in a draft PR; every other kind (a binary file, a file one side deleted or moved,
// a rename on both sides) leaves a file that looks resolved and is not, so those need the
// commands of conflict-help.ts instead.
import type { ConflictedPath, TreeMerge } from '../shared/git/merge-tree.ts';

export type ConflictKind =
  /** Both sides changed the same lines of a text file: markers in the file. */
  | 'content'
  /** Both sides changed a binary file: the target's version stays, without markers. */
  | 'binary'
  /** The fix changes a file the target deleted. */
  | 'deleted on target'
  /** The fix changes a file the target moved (`to`) and changed too much to follow. */
  | 'moved on target'
  /** The fix deletes a file the target changed. */
  | 'deleted by the fix'
  /** The fix and the target renamed the same file differently (`to`: the target's, the fix's). */
  | 'renamed on both sides'
  /** One side renamed a file (`path`, from `from`) the other deleted. */
  | 'renamed and deleted'
  /** The fix adds a file in a directory the target renamed: git moved it (`path`, from `from`). */
  | 'file location'
  | 'other';

export interface FileConflict {
  path: string;
  kind: ConflictKind;
  /** moved on target: where the target has the file now; renamed on both sides: both names. */
  to?: string[];
  /** renamed and deleted, file location: the path it came from. */
  from?: string;
  /** renamed and deleted: true when the fix renamed it (and the target deleted it). */
  renamedByFix?: boolean;
  /** What git said. */
  message: string;
}

export const hasMarkers = (c: FileConflict): boolean => c.kind === 'content';

/** The conflicts of a `git merge-tree --write-tree` result, one per file a person must handle. */
export function conflictsOf(merge: TreeMerge): FileConflict[] {
  const stages = new Map(merge.conflicts.map((c) => [c.path, c.stages]));
  const out = new Map<string, FileConflict>();
  const set = (c: FileConflict) => {
    // A binary conflict is reported as binary and as contents: binary wins.
    const seen = out.get(c.path);
    if (seen && seen.kind === 'binary') return;
    out.set(c.path, c);
  };
  for (const m of merge.messages) {
    if (!m.type.startsWith('CONFLICT')) continue;
    const [first = '', second, third] = m.paths;
    const message = m.text;
    switch (m.type) {
      case 'CONFLICT (contents)':
        set({ path: first, kind: 'content', message });
        break;
      case 'CONFLICT (binary)':
        set({ path: first, kind: 'binary', message });
        break;
      case 'CONFLICT (modify/delete)':
        set({ path: first, kind: deletedBy(stages.get(first)), message });
        break;
      case 'CONFLICT (rename/rename)':
        // paths: the original, the target's name, the fix's name.
        set({
          path: first,
          kind: 'renamed on both sides',
          to: [second ?? '', third ?? ''],
          message,
        });
        break;
      case 'CONFLICT (rename/delete)': {
        // paths: the new name, the old one; the side holding the new name renamed it.
        const s = stages.get(first);
        set({
          path: first,
          kind: 'renamed and deleted',
          ...(second ? { from: second } : {}),
          renamedByFix: Boolean(s?.[3]) && !s?.[2],
          message,
        });
        break;
      }
      case 'CONFLICT (directory rename suggested)':
      case 'CONFLICT (implicit dir rename)':
        set({ path: first, kind: 'file location', ...(second ? { from: second } : {}), message });
        break;
      default:
        set({ path: first, kind: 'other', message });
    }
  }
  // A conflicted path git said nothing typed about is still a conflict.
  for (const c of merge.conflicts)
    if (![...out.values()].some((o) => o.path === c.path || o.to?.includes(c.path)))
      set({ path: c.path, kind: 'other', message: '' });
  return [...out.values()];
}

/** modify/delete: which side deleted it (stage 2 is the target's, 3 the fix's). */
function deletedBy(s: ConflictedPath['stages'] | undefined): ConflictKind {
  if (s && !s[2]) return 'deleted on target';
  if (s && !s[3]) return 'deleted by the fix';
  return 'other';
}

/**
 * Conflicts as the index of a failed `git cherry-pick` shows them (git before 2.38 has no
 * merge-tree --write-tree): by stages, and `markers` tells a text conflict from a binary one.
 */
export function conflictsOfIndex(
  paths: { path: string; stages: ConflictedPath['stages']; markers: boolean }[],
): FileConflict[] {
  return paths.map(({ path, stages, markers }) => {
    const kind: ConflictKind =
      !stages[2] && stages[3]
        ? 'deleted on target'
        : stages[2] && !stages[3] && stages[1]
          ? 'deleted by the fix'
          : markers
            ? 'content'
            : stages[2] && stages[3]
              ? 'binary'
              : 'other';
    return { path, kind, message: '' };
  });
}

/** `logo.bin (binary: both sides changed it, no markers)`, for details. */
export function describeConflict(c: FileConflict, target: string): string {
  return `${c.path} (${conflictKindText(c, target)})`;
}

/** The kind of a file's conflict in words: `deleted on release/1.0`. */
export function conflictKindText(c: FileConflict, target: string): string {
  const what: Record<ConflictKind, string> = {
    content: 'conflicting changes',
    binary: 'binary: both sides changed it, no markers',
    'deleted on target': `deleted on ${target}`,
    'moved on target': `moved on ${target} to ${c.to?.[0] ?? '?'}`,
    'deleted by the fix': `deleted by the fix, changed on ${target}`,
    'renamed on both sides': `renamed to ${c.to?.[0] ?? '?'} on ${target} and to ${c.to?.[1] ?? '?'} by the fix`,
    'renamed and deleted': c.renamedByFix
      ? `renamed from ${c.from ?? '?'} by the fix, deleted on ${target}`
      : `renamed from ${c.from ?? '?'} on ${target}, deleted by the fix`,
    'file location': `added by the fix in ${dirOf(c.from)}, which ${target} renamed`,
    other: c.message || 'conflict',
  };
  return what[c.kind];
}

function dirOf(path: string | undefined): string {
  if (!path) return 'a directory';
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : `${path.slice(0, i)}/`;
}
