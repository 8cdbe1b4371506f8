// How the PR was merged decides what to cherry-pick, and it is read from facts, never from
// titles: the PR's commits (API), its merge_commit_sha and that commit's parents and
// first-parent history (git).
//
// - merge commit (two parents): the PR's own commits, oldest first. When the PR itself holds
//   merges (main merged into the branch) or is too long for the API's commit list, the merge
//   commit with `-m 1` instead: its diff against the base is exactly what the PR brought,
//   including conflict resolutions that no single commit carries.
// - rebase (one parent, the PR's commits replayed with their authors, dates and messages):
//   the replayed commits on the base, oldest first.
// - squash (one parent, anything else): the squash commit.
import { shortSha } from '../shared/git/sha.ts';

export type MergeMethod = 'squash' | 'rebase' | 'merge';

export interface CommitFacts {
  sha: string;
  message: string;
  authorName: string;
  authorEmail: string;
  authorDate: string;
  /** Number of parents. */
  parents: number;
}

export interface MergeFacts {
  number: number;
  mergeCommitSha: string;
  /** Parents of the merge commit. */
  mergeParents: string[];
  headSha: string;
  /** The PR's commits from the API, oldest first (the API lists at most 250). */
  prCommits: CommitFacts[];
  /** The PR's commit count from the API (`commits` of the pull request). */
  commitCount: number;
  /** The first-parent history ending at the merge commit, newest first, as long as the PR. */
  chain: CommitFacts[];
}

export interface PickPlan {
  method: MergeMethod;
  /** One sentence: which fact decided. */
  reason: string;
  /** Commits to cherry-pick, in order. */
  picks: string[];
  /** `-m 1`: the picks are one merge commit replayed against its first parent. */
  mainline: boolean;
}

/** The API lists at most this many commits of a PR. */
export const API_COMMIT_LIMIT = 250;

export class MergeMethodError extends Error {
  override name = 'MergeMethodError';
}

export function planPicks(f: MergeFacts): PickPlan {
  const short = shortSha(f.mergeCommitSha);
  if (f.mergeParents.length >= 2) {
    if (f.mergeParents[1] !== f.headSha) {
      throw new MergeMethodError(
        `merge_commit_sha ${short} of PR #${f.number} merges ${f.mergeParents[1] && shortSha(f.mergeParents[1])}, not the PR head ${shortSha(f.headSha)}`,
      );
    }
    const merges = f.prCommits.filter((c) => c.parents > 1);
    if (merges.length || f.commitCount > f.prCommits.length || f.prCommits.length === 0) {
      return {
        method: 'merge',
        reason:
          `${short} has ${f.mergeParents.length} parents; ` +
          (merges.length
            ? `the PR contains ${merges.length} merge commit(s), so the merge is replayed with -m 1`
            : `the API lists ${f.prCommits.length} of its ${f.commitCount} commits, so the merge is replayed with -m 1`),
        picks: [f.mergeCommitSha],
        mainline: true,
      };
    }
    return {
      method: 'merge',
      reason: `${short} has ${f.mergeParents.length} parents: the PR's ${f.prCommits.length} commit(s) are picked`,
      picks: f.prCommits.map((c) => c.sha),
      mainline: false,
    };
  }
  if (f.mergeParents.length === 0)
    throw new MergeMethodError(`merge_commit_sha ${short} of PR #${f.number} has no parent`);

  const n = f.prCommits.length;
  const replayed = [...f.chain.slice(0, n)].reverse();
  const isRebase =
    n > 0 &&
    n === f.commitCount &&
    replayed.length === n &&
    replayed.every((c, i) => {
      const p = f.prCommits[i];
      return p !== undefined && sameCommit(c, p);
    }) &&
    replayed.every((c) => c.parents === 1);
  if (isRebase) {
    return {
      method: 'rebase',
      reason: `the ${n} commit(s) ending at ${short} on the base carry the PR's authors, dates and messages`,
      picks: n === 1 ? [f.mergeCommitSha] : replayed.map((c) => c.sha),
      mainline: false,
    };
  }
  return {
    method: 'squash',
    reason: `${short} has one parent and does not replay the PR's ${n} commit(s)`,
    picks: [f.mergeCommitSha],
    mainline: false,
  };
}

/** A replayed commit keeps author, author date and message; its sha and committer change. */
function sameCommit(a: CommitFacts, b: CommitFacts): boolean {
  return (
    a.authorName === b.authorName &&
    a.authorEmail.toLowerCase() === b.authorEmail.toLowerCase() &&
    Date.parse(a.authorDate) === Date.parse(b.authorDate) &&
    normalize(a.message) === normalize(b.message)
  );
}

function normalize(message: string): string {
  return message.replace(/\r\n/g, '\n').trim();
}
