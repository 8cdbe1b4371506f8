// What became of one target: a PR opened, skipped (with why) or failed (with why and, for a
// conflict, how to finish by hand). The outputs, the summary and the reply are made of these.
import type { PickedCommit } from './templates.ts';

/**
 * What became of auto-merge: enabled, off, refused (the repository or the PR does not allow
 * it), mergeable (nothing holds the PR, so GitHub has nothing to wait for), merged (mergeable,
 * and merged at once: auto-merge: merge-when-clean), checks-not-passing (mergeable, but a check
 * is failing or pending: never merged by the action).
 */
export type AutoMergeResult =
  'enabled' | 'off' | 'refused' | 'mergeable' | 'merged' | 'checks-not-passing';

interface Base {
  target: string;
  source: string;
  branch?: string;
  commits: PickedCommit[];
  /** Things that went wrong without failing the target (a label, auto-merge). */
  warnings: string[];
}
export type TargetOutcome =
  | (Base & {
      status: 'created';
      branch: string;
      number: number;
      url: string;
      draft: boolean;
      conflicts: string[];
      reused: boolean;
      autoMerge: AutoMergeResult;
    })
  | (Base & { status: 'skipped'; reason: string; detail: string; number?: number; url?: string })
  | (Base & {
      status: 'failed';
      reason: string;
      detail: string;
      commentUrl?: string;
      /** For a conflict: what to run to finish by hand (markdown), also in the job summary. */
      help?: string;
    });

/** What every outcome of a target with a branch carries; `commits` as far as they are known. */
export function outcomeBase(j: {
  target: string;
  source: string;
  branch: string;
  commits?: PickedCommit[];
}) {
  return {
    target: j.target,
    source: j.source,
    branch: j.branch,
    commits: j.commits ?? [],
    warnings: [] as string[],
  };
}

export function describe(o: TargetOutcome): string {
  if (o.status === 'created')
    return (
      `${o.reused ? 'opened from the existing branch' : 'opened'} #${o.number}` +
      (o.draft ? ' (draft, with conflicts)' : '') +
      (o.autoMerge === 'merged'
        ? ', merged'
        : o.autoMerge === 'mergeable'
          ? ', mergeable now'
          : o.autoMerge === 'checks-not-passing'
            ? ', mergeable now but checks are failing or pending: not merged'
            : '')
    );
  return `${o.status}: ${o.reason}: ${o.detail}`;
}
