// Which branches a fix goes to: names and globs from the inputs, the policy, labels and a
// `/backport` comment, resolved against the branches the remote really has. A glob keeps
// only its `latest` highest versions, ordered by semver (release/1.10 above release/1.9).
import picomatch from 'picomatch';
import semver from 'semver';

export interface TargetRequest {
  /** A branch name or a glob, e.g. `develop` or `release/*`. */
  pattern: string;
  /** Where it came from, for the summary: `targets input`, `label "backport x"`... */
  source: string;
}

export interface ResolvedTargets {
  /** Branches to backport to, in the order they were asked for (globs: highest first). */
  targets: { branch: string; source: string }[];
  /** Requests that name no branch of the remote; each fails its target. */
  missing: { pattern: string; source: string; reason: string }[];
  /** Branches left out on purpose, with why. */
  skipped: { branch: string; reason: string }[];
  /** Notes for the log: what each glob matched and kept. */
  notes: string[];
}

export function isGlob(pattern: string): boolean {
  return picomatch.scan(pattern).isGlob;
}

/** The version a branch name carries (`release/1.10` -> 1.10.0), or undefined. */
export function branchVersion(branch: string): semver.SemVer | undefined {
  return semver.coerce(branch) ?? undefined;
}

/** Highest version first; branches without a version last, by name. */
export function byVersionDescending(a: string, b: string): number {
  const va = branchVersion(a);
  const vb = branchVersion(b);
  if (va && vb) return semver.rcompare(va, vb) || a.localeCompare(b);
  if (va) return -1;
  if (vb) return 1;
  return a.localeCompare(b);
}

/**
 * Resolves requested names and globs against the remote's branches. `latest` (0 for all)
 * limits what each glob keeps to its highest versions; branches without a version in their
 * name cannot be ranked, so a limited glob leaves them out and says so.
 */
export function resolveTargets(
  requests: TargetRequest[],
  remoteBranches: string[],
  opts: { latest: number; exclude: { branch: string; reason: string }[] },
): ResolvedTargets {
  const out: ResolvedTargets = { targets: [], missing: [], skipped: [], notes: [] };
  const remote = new Set(remoteBranches);
  const seen = new Set<string>();
  const add = (branch: string, source: string) => {
    if (seen.has(branch)) return;
    seen.add(branch);
    const excluded = opts.exclude.find((e) => e.branch === branch);
    if (excluded) out.skipped.push({ branch, reason: excluded.reason });
    else out.targets.push({ branch, source });
  };
  for (const req of requests) {
    if (!isGlob(req.pattern)) {
      if (remote.has(req.pattern)) add(req.pattern, req.source);
      else
        out.missing.push({
          ...req,
          reason: `origin has no branch ${req.pattern}`,
        });
      continue;
    }
    const matches = remoteBranches.filter((b) => picomatch.isMatch(b, req.pattern, { dot: true }));
    if (matches.length === 0) {
      out.notes.push(`${req.pattern} (${req.source}) matches no branch of origin`);
      continue;
    }
    const ranked = [...matches].sort(byVersionDescending);
    let kept = ranked;
    if (opts.latest > 0) {
      const versioned = ranked.filter((b) => branchVersion(b));
      const unversioned = ranked.filter((b) => !branchVersion(b));
      kept = versioned.slice(0, opts.latest);
      if (unversioned.length)
        out.notes.push(
          `${req.pattern}: ${unversioned.join(', ')} carry no version to rank by latest, left out`,
        );
    }
    out.notes.push(
      `${req.pattern} (${req.source}) matches ${matches.length} branch(es)` +
        (opts.latest > 0 ? `, keeping the latest ${opts.latest}` : '') +
        `: ${kept.join(', ') || 'none'}`,
    );
    for (const b of kept) add(b, req.source);
  }
  return out;
}
