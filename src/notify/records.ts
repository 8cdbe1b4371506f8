// The GitHub side: the sticky PR comment, the incident issue, the post-mortem issue. Each
// finds what an earlier run did and changes only what differs, so re-runs are safe.
import type { GitHub } from '../shared/github/client.ts';
import type { Repo } from '../shared/github/deployments.ts';
import { messageOf } from '../shared/runner/errors.ts';
import { createOnce, updateIssue, type MarkedIssue } from './marked-issue.ts';
import { upsertStickyComment } from '../shared/github/sticky-comment.ts';
import { parseSeverity } from '../shared/severity/severity.ts';
import type { ChannelResult } from './result.ts';

export const COMMENT_KEY = 'notify';

/** An incident issue: ours (we own its body) or a person's (we comment on it). */
export interface IncidentRef extends MarkedIssue {
  owned: boolean;
}

export async function commentOnPull(
  github: GitHub,
  repo: Repo,
  pr: number,
  body: string,
): Promise<ChannelResult> {
  try {
    const r = await upsertStickyComment(github, repo, pr, COMMENT_KEY, body);
    if (!r)
      return {
        channel: 'github-comment',
        result: 'failed',
        detail: `the token may not comment on PR #${pr} (see the warning above)`,
      };
    const detail = {
      created: `comment posted on PR #${pr}`,
      updated: `comment on PR #${pr} updated`,
      unchanged: `comment on PR #${pr} already current`,
    }[r.action];
    return {
      channel: 'github-comment',
      result: r.action === 'created' ? 'sent' : r.action,
      detail,
      url: r.url,
    };
  } catch (err) {
    return { channel: 'github-comment', result: 'failed', detail: messageOf(err) };
  }
}

export interface IncidentSync {
  mode: 'open' | 'update' | 'close';
  existing?: IncidentRef;
  key: string;
  label: string;
  marker: string;
  title: string;
  body: string;
  /** The labels it must carry: `incident` and the severity's. */
  labels: string[];
}

export async function syncIncidentIssue(
  github: GitHub,
  repo: Repo,
  s: IncidentSync,
): Promise<ChannelResult & { issue?: IncidentRef }> {
  const channel = 'incident-issue';
  try {
    const found = s.existing;
    if (!found) {
      if (s.mode === 'close')
        return { channel, result: 'skipped', detail: 'no incident issue to close' };
      const { issue, created } = await createOnce(github, repo, s.label, s.marker, {
        title: s.title,
        body: s.body,
        labels: s.labels,
      });
      return {
        channel,
        result: created ? 'sent' : 'unchanged',
        detail: created
          ? `opened #${issue.number}`
          : `#${issue.number} was just opened by another job`,
        url: issue.url,
        issue: { ...issue, owned: true },
      };
    }
    const state = s.mode === 'close' ? 'closed' : s.mode === 'open' ? 'open' : found.state;
    if (!found.owned) {
      // A person opened this issue: their description stays; the status goes in a comment.
      const comment = await upsertStickyComment(
        github,
        repo,
        found.number,
        'notify-incident',
        s.body,
      );
      let issue: IncidentRef = found;
      if (state !== found.state)
        issue = { ...(await updateIssue(github, repo, found.number, { state })), owned: false };
      const did = state !== found.state ? (state === 'closed' ? 'closed' : 'reopened') : 'kept';
      return {
        channel,
        result: comment ? 'updated' : 'failed',
        detail: comment
          ? `status comment on #${found.number}; issue ${did}`
          : `the token may not comment on #${found.number}`,
        url: found.url,
        issue,
      };
    }
    const labels = wantedLabels(found.labels, s.labels);
    const same =
      found.title === s.title &&
      found.body === s.body &&
      found.state === state &&
      labels.join('\n') === found.labels.join('\n');
    if (same)
      return {
        channel,
        result: 'unchanged',
        detail: `#${found.number} already current`,
        url: found.url,
        issue: found,
      };
    const updated = await updateIssue(github, repo, found.number, {
      title: s.title,
      body: s.body,
      state,
      labels,
    });
    const verb =
      state === found.state ? 'updated' : state === 'closed' ? 'updated and closed' : 'reopened';
    return {
      channel,
      result: 'updated',
      detail: `#${found.number} ${verb}`,
      url: updated.url,
      issue: { ...updated, owned: true },
    };
  } catch (err) {
    return { channel, result: 'failed', detail: messageOf(err) };
  }
}

/** The issue's labels with the wanted ones added and any other severity label removed. */
export function wantedLabels(current: string[], wanted: string[]): string[] {
  const severities = new Set(wanted.map((w) => parseSeverity(w)).filter(Boolean));
  const kept = current.filter((l) => {
    const s = parseSeverity(l);
    return s === undefined || severities.has(s);
  });
  for (const w of wanted) if (!kept.some((k) => k.toLowerCase() === w.toLowerCase())) kept.push(w);
  return kept;
}

export async function openPostmortem(
  github: GitHub,
  repo: Repo,
  p: {
    existing?: MarkedIssue;
    label: string;
    marker: string;
    title: string;
    body: string;
    labels: string[];
    due: string;
  },
): Promise<ChannelResult & { issue?: MarkedIssue }> {
  const channel = 'postmortem-issue';
  // Once opened it belongs to the people writing it: never rewritten.
  if (p.existing)
    return {
      channel,
      result: 'unchanged',
      detail: `already opened: #${p.existing.number}`,
      url: p.existing.url,
      issue: p.existing,
    };
  try {
    const { issue, created } = await createOnce(github, repo, p.label, p.marker, {
      title: p.title,
      body: p.body,
      labels: p.labels,
    });
    return {
      channel,
      result: created ? 'sent' : 'unchanged',
      detail: created
        ? `opened #${issue.number}, due ${p.due}`
        : `already opened: #${issue.number}`,
      url: issue.url,
      issue,
    };
  } catch (err) {
    return { channel, result: 'failed', detail: messageOf(err) };
  }
}
