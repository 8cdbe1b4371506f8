// Hotfix branch and ticket naming, from the policy: which branches carry hotfixes, the
// required branch name (`hotfix/{ticket}-{slug}`), and the ticket id pattern.
import picomatch from 'picomatch';
import type { Policy } from './schema.ts';

const SLUG = '[a-z0-9][a-z0-9._-]*';

/** True when the branch matches one of the policy's hotfix-branches globs. */
export function isHotfixBranch(branch: string, policy: Policy): boolean {
  return picomatch.isMatch(branch, policy['hotfix-branches']);
}

/** The policy's `branch-name` template as an anchored regular expression. */
export function branchNameRegex(policy: Policy): RegExp {
  const parts = policy['branch-name'].split(/(\{ticket\}|\{slug\})/);
  const source = parts
    .map((p) =>
      p === '{ticket}'
        ? `(?<ticket>${policy['ticket-pattern']})`
        : p === '{slug}'
          ? SLUG
          : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`);
}

/** The first ticket id in the branch, else in the title. */
export function findTicket(policy: Policy, ...texts: (string | undefined)[]): string | undefined {
  const re = new RegExp(policy['ticket-pattern']);
  for (const t of texts) {
    const m = t ? re.exec(t) : null;
    if (m) return m[0];
  }
  return undefined;
}
