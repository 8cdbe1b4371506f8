// notify's first step: the GitHub records, one after the other, before any chat message: the
// post-mortem links the incident issue, the incident issue links the post-mortem, the
// follow-up links the incident issue, and every message links them all. Each record's
// outcome is a result row, never an exception.
import type { LevelPolicy } from '../shared/policy/schema.ts';
import { severityLabel } from '../shared/severity/severity.ts';
import type { NotifyInputs } from './inputs.ts';
import { prSections, type Facts } from './facts.ts';
import type { Link, NotifyMessage } from './message.ts';
import { dueDate, postmortemBody, postmortemTitle, type PostmortemDecision } from './postmortem.ts';
import { incidentBody, incidentTitle } from './incident.ts';
import { FOLLOW_UP_LABEL, INCIDENT_LABEL, POSTMORTEM_LABEL } from '../shared/incident/records.ts';
import { openOnce, syncIncidentIssue, type RecordsPort } from './records.ts';
import {
  followUpBody,
  followUpDue,
  followUpTitle,
  isFollowUpOf,
  type FollowUpDecision,
} from './follow-up.ts';
import type { ChannelResult } from './result.ts';

export interface IssueLink {
  number: number;
  url: string;
}

export interface RecordsRequest {
  /** Absent without a token. */
  github?: RecordsPort;
  input: NotifyInputs;
  facts: Facts;
  level: LevelPolicy;
  /** Gets the links of the records written. */
  message: NotifyMessage;
  postmortem: PostmortemDecision;
  followUp: FollowUpDecision;
  /** Whether routing chose the incident issue. */
  incidentRouted: boolean;
  now: Date;
}

export interface Records {
  results: ChannelResult[];
  incidentIssue?: IssueLink;
  postmortemIssue?: IssueLink & { due?: string };
  followUpIssue?: IssueLink;
}

export async function writeRecords(r: RecordsRequest): Promise<Records> {
  const results: ChannelResult[] = [];
  const existing = r.facts.incidentIssue;
  let incidentIssue: IssueLink | undefined = existing
    ? { number: existing.number, url: existing.url }
    : undefined;
  let postmortemIssue: Records['postmortemIssue'];
  if (r.postmortem.open) {
    const pm = await postmortemRecord(r);
    results.push(pm.result);
    postmortemIssue = pm.issue;
  } else if (r.facts.postmortemIssue) {
    postmortemIssue = { number: r.facts.postmortemIssue.number, url: r.facts.postmortemIssue.url };
  }
  if (r.incidentRouted && r.github && r.input['incident-issue'] !== 'none') {
    const res = await syncIncidentIssue(r.github, {
      mode: r.input['incident-issue'],
      ...(existing ? { existing } : {}),
      key: r.facts.incidentKey,
      label: INCIDENT_LABEL,
      marker: r.facts.incidentMarker,
      title: incidentTitle(r.message),
      body: incidentBody(r.message, r.facts.incidentMarker, postmortemIssue, r.facts.state),
      labels: [INCIDENT_LABEL, severityLabel(r.facts.severity)],
    });
    results.push(res);
    if (res.issue) {
      incidentIssue = { number: res.issue.number, url: res.issue.url };
      addLink(r.message, { label: `Incident issue #${res.issue.number}`, url: res.issue.url });
    }
  }
  let followUpIssue: IssueLink | undefined;
  if (r.followUp.open) {
    const fu = await followUpRecord(r, incidentIssue);
    results.push(fu.result);
    followUpIssue = fu.issue;
  }
  return {
    results,
    ...(incidentIssue ? { incidentIssue } : {}),
    ...(postmortemIssue ? { postmortemIssue } : {}),
    ...(followUpIssue ? { followUpIssue } : {}),
  };
}

/** Opens the post-mortem issue once, due after the resolution (or now). */
async function postmortemRecord(
  r: RecordsRequest,
): Promise<{ result: ChannelResult; issue?: Records['postmortemIssue'] }> {
  const { facts, message, level } = r;
  const resolved = message.timeline.entries.find(
    (e) => e.kind === 'resolved' || e.kind === 'rolled-back',
  );
  const due = dueDate(level, resolved ? new Date(resolved.at) : r.now);
  const dueText = `${due.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  if (!r.github)
    return {
      result: {
        channel: 'postmortem-issue',
        result: 'failed',
        detail: 'no github-token to open it with',
      },
    };
  const incident = facts.incidentIssue;
  const res = await openOnce(r.github, {
    channel: 'postmortem-issue',
    ...(facts.postmortemIssue ? { existing: facts.postmortemIssue } : {}),
    label: POSTMORTEM_LABEL,
    match: facts.postmortemMarker,
    title: postmortemTitle(message),
    body: postmortemBody({
      message,
      marker: facts.postmortemMarker,
      due,
      dueAfter: level['postmortem-due'],
      ...(incident ? { incidentIssue: { number: incident.number, url: incident.url } } : {}),
      ...(facts.pr
        ? { pr: { number: facts.pr.number, url: facts.pr.url, ...prSections(facts.pr) } }
        : {}),
    }),
    labels: [POSTMORTEM_LABEL, severityLabel(facts.severity)],
    due: dueText,
  });
  if (!res.issue) return { result: res };
  addLink(message, { label: `Post-mortem #${res.issue.number}`, url: res.issue.url });
  const { number, url } = res.issue;
  return {
    result: res,
    issue: { number, url, ...(res.result === 'sent' ? { due: dueText } : {}) },
  };
}

/**
 * Opens the follow-up issue of a temporary fix once, due levels.<Pn>.follow-up-due from now.
 * An issue labelled follow-up that is this PR's (ours by its marker, a person's by naming
 * the PR) is the follow-up already: none is added beside it.
 */
async function followUpRecord(
  r: RecordsRequest,
  incidentIssue: IssueLink | undefined,
): Promise<{ result: ChannelResult; issue?: IssueLink }> {
  const { facts, message, level } = r;
  const pr = facts.pr;
  if (!r.github || !pr)
    return {
      result: {
        channel: 'follow-up-issue',
        result: 'failed',
        detail: r.github ? 'no hotfix PR to follow up' : 'no github-token to open it with',
      },
    };
  const due = followUpDue(level, r.now);
  const res = await openOnce(r.github, {
    channel: 'follow-up-issue',
    label: FOLLOW_UP_LABEL,
    match: (body, ours) => isFollowUpOf(body, pr.number, message.repository, ours),
    title: followUpTitle(message),
    body: followUpBody({
      message,
      pr: { number: pr.number, url: pr.url, ...prSections(pr) },
      due,
      dueAfter: level['follow-up-due'],
      incidentKey: facts.incidentKey,
      ...(incidentIssue ? { incidentIssue } : {}),
    }),
    labels: [FOLLOW_UP_LABEL, severityLabel(facts.severity)],
    due,
  });
  if (!res.issue) return { result: res };
  addLink(message, { label: `Follow-up #${res.issue.number}`, url: res.issue.url });
  return { result: res, issue: { number: res.issue.number, url: res.issue.url } };
}

/** Adds a link once, before the last one (the run's log stays last). */
function addLink(message: NotifyMessage, l: Link): void {
  if (!message.links.some((x) => x.url === l.url))
    message.links.splice(message.links.length - 1, 0, l);
}
