// How the suite's incident records are recognised on GitHub: the labels of the incident,
// post-mortem and follow-up issues, the incident key every job of an incident computes the
// same way, the hidden markers in those issues' bodies, and a temporary fix. notify writes
// these records and hotfix-report reads them: both use this file, so they cannot drift.
import { marker } from '../github/sticky-comment.ts';

export const INCIDENT_LABEL = 'incident';
export const POSTMORTEM_LABEL = 'postmortem';
export const FOLLOW_UP_LABEL = 'follow-up';
/** A hotfix PR label saying the fix is temporary and a proper fix follows. */
export const TEMPORARY_LABEL = 'hotfix:temporary';
/** The PR template's box saying the same (examples/pull_request_template/hotfix.md). */
export const TEMPORARY_BOX = 'This is a temporary fix; a proper fix follows';

/**
 * The incident's key: the incident-id input, else the ticket, else the PR, else the title;
 * lower case, and no character that could end the HTML comment the key lives in.
 */
export function incidentKey(o: {
  explicit?: string;
  ticket?: string;
  pr?: number;
  title?: string;
}): string {
  const raw = o.explicit || o.ticket || (o.pr ? `pr-${o.pr}` : '') || o.title || 'incident';
  return (
    raw
      .toLowerCase()
      .replace(/[^a-z0-9._:#/]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'incident'
  );
}

/** The hidden marker of the incident issue of `key`. */
export function incidentMarker(key: string): string {
  return marker(`incident:${key}`);
}

/** The hidden marker of the post-mortem issue of `key`. */
export function postmortemMarker(key: string): string {
  return marker(`postmortem:${key}`);
}

/** The incident key an incident or post-mortem issue's marker names, if it carries one. */
export function markedKey(body: string, kind: 'incident' | 'postmortem'): string | undefined {
  const m = new RegExp(`<!-- hotfix-actions:${kind}:([a-z0-9._:#/-]+) -->`).exec(body);
  return m?.[1];
}

export interface FollowUpMark {
  /** The hotfix PR whose proper fix this is. */
  pr: number;
  /** Due: a date (YYYY-MM-DD, the end of that day in UTC) or a time (ISO-8601). */
  due?: string;
  /** The incident key, when the incident has one. */
  incident?: string;
}

/**
 * The follow-up issue's hidden marker, first line of its body:
 * `<!-- hotfix-actions:follow-up pr=123 due=2026-12-08 incident=eng-42 -->`.
 */
export function followUpMarker(m: FollowUpMark): string {
  const fields = [
    `pr=${m.pr}`,
    ...(m.due ? [`due=${m.due}`] : []),
    ...(m.incident ? [`incident=${m.incident}`] : []),
  ];
  return `<!-- hotfix-actions:follow-up ${fields.join(' ')} -->`;
}

/** The follow-up marker in an issue body, fields in any order; undefined without one. */
export function parseFollowUpMarker(body: string): FollowUpMark | undefined {
  const m = /<!-- hotfix-actions:follow-up ([^>]*?) ?-->/.exec(body);
  if (!m?.[1]) return undefined;
  const fields = new Map(
    m[1]
      .split(/\s+/)
      .map((f) => f.split('='))
      .filter((kv): kv is [string, string] => kv.length === 2 && !!kv[0] && !!kv[1]),
  );
  const pr = Number(fields.get('pr'));
  if (!Number.isInteger(pr) || pr <= 0) return undefined;
  const due = fields.get('due');
  const incident = fields.get('incident');
  return {
    pr,
    ...(due && dueTime(due) !== undefined ? { due } : {}),
    ...(incident ? { incident } : {}),
  };
}

/** The moment a due date ends, in ms: a date's last millisecond (UTC), or the time itself. */
export function dueTime(due: string): number | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(due)) {
    const start = Date.parse(`${due}T00:00:00Z`);
    return Number.isNaN(start) ? undefined : start + 86_400_000 - 1;
  }
  const t = /^\d{4}-\d{2}-\d{2}T/.test(due) ? Date.parse(due) : Number.NaN;
  return Number.isNaN(t) ? undefined : t;
}

/** True when a hotfix PR says it is temporary: the label, or the template's box ticked. */
export function isTemporaryFix(labels: string[], body: string): boolean {
  if (labels.some((l) => l.trim().toLowerCase() === TEMPORARY_LABEL)) return true;
  const box = TEMPORARY_BOX.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^[ \\t]*[-*+][ \\t]+\\[[xX]\\][ \\t]+${box}`, 'm').test(body);
}

/**
 * The issue and PR numbers a text references in this repository: `#12`, `PR #12`,
 * `owner/repo#12`, or a link to /issues/12 or /pull/12 of `repo` (`owner/name`).
 */
export function referencedNumbers(text: string, repo: string): Set<number> {
  const found = new Set<number>();
  const name = repo.toLowerCase();
  for (const m of text.matchAll(/(?<![\w/&])(?:([\w.-]+\/[\w.-]+))?#(\d+)\b/g)) {
    if (!m[1] || m[1].toLowerCase() === name) found.add(Number(m[2]));
  }
  for (const m of text.matchAll(/\/([\w.-]+\/[\w.-]+)\/(?:issues|pull)\/(\d+)\b/g)) {
    if (m[1]?.toLowerCase() === name) found.add(Number(m[2]));
  }
  return found;
}
