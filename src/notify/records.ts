// The GitHub side: the sticky PR comment, the incident issue, the post-mortem and follow-up
// issues. Each
// finds what an earlier run did and changes only what differs, so re-runs are safe. The
// calls go through ports (github.ts adapts them to octokit).
import { messageOf } from '../shared/runner/errors.ts';
import type { CommentPort } from '../shared/github/sticky-comment.ts';
import { createOnce, type BodyMatch, type IssueRecords, type MarkedIssue } from './marked-issue.ts';
import { parseSeverity } from '../shared/severity/severity.ts';
import type { ChannelResult } from './result.ts';

export const COMMENT_KEY = 'notify';
/** The status comment on an incident issue a person opened. */
export const INCIDENT_COMMENT_KEY = 'notify-incident';

/** An incident issue: ours (we own its body) or a person's (we comment on it). */
export interface IncidentRef extends MarkedIssue {
  owned: boolean;
}

/** The records' ports: the issues, and comments on them. */
export interface RecordsPort extends IssueRecords {
  issueComments: CommentPort;
}

export async function commentOnPull(
  comments: CommentPort,
  pr: number,
  body: string,
): Promise<ChannelResult> {
  try {
    const r = await comments.upsert(pr, COMMENT_KEY, body);
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

type IncidentResult = ChannelResult & { issue?: IncidentRef };
const INCIDENT = 'incident-issue';

export async function syncIncidentIssue(
  github: RecordsPort,
  s: IncidentSync,
): Promise<IncidentResult> {
  try {
    const found = s.existing;
    if (!found) return await openIncident(github, s);
    const state = s.mode === 'close' ? 'closed' : s.mode === 'open' ? 'open' : found.state;
    if (!found.owned) return await reportOnTheirs(github, found, state, s.body);
    return await updateOurs(github, found, state, s);
  } catch (err) {
    return { channel: INCIDENT, result: 'failed', detail: messageOf(err) };
  }
}

/** No incident issue yet: open one (unless closing), once even when jobs race. */
async function openIncident(github: RecordsPort, s: IncidentSync): Promise<IncidentResult> {
  if (s.mode === 'close')
    return { channel: INCIDENT, result: 'skipped', detail: 'no incident issue to close' };
  const { issue, created } = await createOnce(github, s.label, s.marker, {
    title: s.title,
    body: s.body,
    labels: s.labels,
  });
  return {
    channel: INCIDENT,
    result: created ? 'sent' : 'unchanged',
    detail: created ? `opened #${issue.number}` : `#${issue.number} was just opened by another job`,
    url: issue.url,
    issue: { ...issue, owned: true },
  };
}

/** A person opened this issue: their description stays; the status goes in a comment. */
async function reportOnTheirs(
  github: RecordsPort,
  found: IncidentRef,
  state: 'open' | 'closed',
  body: string,
): Promise<IncidentResult> {
  const comment = await github.issueComments.upsert(found.number, INCIDENT_COMMENT_KEY, body);
  let issue: IncidentRef = found;
  if (state !== found.state)
    issue = { ...(await github.updateIssue(found.number, { state })), owned: false };
  const did = state !== found.state ? (state === 'closed' ? 'closed' : 'reopened') : 'kept';
  return {
    channel: INCIDENT,
    result: comment ? 'updated' : 'failed',
    detail: comment
      ? `status comment on #${found.number}; issue ${did}`
      : `the token may not comment on #${found.number}`,
    url: found.url,
    issue,
  };
}

/** Our own issue: rewritten to the current status, labels and state, when any differs. */
async function updateOurs(
  github: RecordsPort,
  found: IncidentRef,
  state: 'open' | 'closed',
  s: IncidentSync,
): Promise<IncidentResult> {
  const labels = wantedLabels(found.labels, s.labels);
  const same =
    found.title === s.title &&
    found.body === s.body &&
    found.state === state &&
    labels.join('\n') === found.labels.join('\n');
  if (same)
    return {
      channel: INCIDENT,
      result: 'unchanged',
      detail: `#${found.number} already current`,
      url: found.url,
      issue: found,
    };
  const updated = await github.updateIssue(found.number, {
    title: s.title,
    body: s.body,
    state,
    labels,
  });
  const verb =
    state === found.state ? 'updated' : state === 'closed' ? 'updated and closed' : 'reopened';
  return {
    channel: INCIDENT,
    result: 'updated',
    detail: `#${found.number} ${verb}`,
    url: updated.url,
    issue: { ...updated, owned: true },
  };
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

/** An issue opened once and then left to people: the post-mortem, the follow-up. */
export interface OpenOnce {
  channel: 'postmortem-issue' | 'follow-up-issue';
  /** Found by an earlier run already. */
  existing?: MarkedIssue;
  label: string;
  match: BodyMatch;
  title: string;
  body: string;
  labels: string[];
  due: string;
}

export async function openOnce(
  issues: IssueRecords,
  p: OpenOnce,
): Promise<ChannelResult & { issue?: MarkedIssue }> {
  const { channel } = p;
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
    const { issue, created } = await createOnce(issues, p.label, p.match, {
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
