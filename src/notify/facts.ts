// Gathers what the message is about from the event and GitHub: the PR (or incident issue),
// the severity and ticket, the incident and post-mortem issues of earlier runs, and the
// deployments for the timeline. Reading is best effort: a notification must still go out
// when the token cannot read something, so such gaps become warnings, not failures.
import type { RunContext } from '../shared/runner/context.ts';
import { fromPull, resolveSubject, type Subject } from '../shared/github/subject.ts';
import { classify } from '../shared/severity/classifier.ts';
import { findTicket } from '../shared/policy/naming.ts';
import { findMarkedIssue, type MarkedIssue } from './marked-issue.ts';
import { sameLogin } from '../shared/github/sticky-comment.ts';
import type { ApiPull, NotifyGitHub } from './github.ts';
import { gatherTimelineFacts, type TimelineFacts } from './timeline.ts';
import type { PullFact } from '../shared/incident/durations.ts';
import { bodySection } from '../shared/text/pr-sections.ts';
import { messageOf } from '../shared/runner/errors.ts';
import type { Policy } from '../shared/policy/schema.ts';
import type { Severity } from '../shared/severity/severity.ts';
import type { NotifyInputs } from './inputs.ts';
import {
  incidentKey,
  incidentMarker as markerOfIncident,
  INCIDENT_LABEL,
  POSTMORTEM_LABEL,
  postmortemMarker as markerOfPostmortem,
} from '../shared/incident/records.ts';
import { COMMENT_KEY, INCIDENT_COMMENT_KEY, type IncidentRef } from './records.ts';
import { readState, type DeliveryState } from './state.ts';

export interface PullInfo extends PullFact {
  title: string;
  body: string;
  url: string;
}

export interface Facts {
  subject: Subject;
  pr?: PullInfo;
  severity: Severity;
  /** Why this severity, for the summary. */
  severityReason: string;
  ticket?: string;
  incidentKey: string;
  incidentMarker: string;
  postmortemMarker: string;
  incidentIssue?: IncidentRef;
  postmortemIssue?: MarkedIssue;
  timeline: TimelineFacts;
  /** What earlier runs recorded: the status page incident, what was paged and emailed. */
  state: DeliveryState;
  /** What could not be read; the run goes on without it. */
  warnings: string[];
}

export interface GatherRequest {
  ctx: RunContext;
  input: NotifyInputs;
  policy: Policy;
  /** Absent without a token: the facts are then what the event carries. */
  github?: NotifyGitHub;
  /** Whether a post-mortem may be opened: only then is the existing one looked up. */
  wantPostmortem: (severity: Severity) => boolean;
  now: Date;
}

export async function gatherFacts(o: GatherRequest): Promise<Facts> {
  const { input, policy } = o;
  const warnings: string[] = [];
  const { subject, pr } = await subjectOf(o, warnings);
  const decision = classify({
    subject,
    policy,
    ...(input.severity ? { explicit: input.severity } : {}),
  });
  const ticket = findTicket(policy, subject.branch, input.title, subject.title);
  const key = incidentKey({
    explicit: input['incident-id'],
    ...(ticket ? { ticket } : {}),
    ...(pr ? { pr: pr.number } : {}),
    title: input.title || subject.title,
  });
  const incidentMarker = markerOfIncident(key);
  const postmortemMarker = markerOfPostmortem(key);
  const incidentIssue = await findIncident(o, subject, incidentMarker, warnings);
  const postmortemIssue =
    o.github && o.wantPostmortem(decision.severity)
      ? await findPostmortem(o.github, postmortemMarker, warnings)
      : undefined;
  const timeline = await timelineOf(o, { incidentIssue, pr }, warnings);
  const state = await stateOf(o, { incidentIssue, pr: pr?.number ?? input.pr }, warnings);
  return {
    subject,
    ...(pr ? { pr } : {}),
    severity: decision.severity,
    severityReason: decision.reason,
    ...(ticket ? { ticket } : {}),
    incidentKey: key,
    incidentMarker,
    postmortemMarker,
    ...(incidentIssue ? { incidentIssue } : {}),
    ...(postmortemIssue ? { postmortemIssue } : {}),
    timeline,
    state,
    warnings,
  };
}

/**
 * The state earlier runs left on the incident issue (its body when ours, else our comment on
 * it) and on the PR comment; read only when a channel that needs it is configured.
 */
async function stateOf(
  o: GatherRequest,
  known: { incidentIssue: IncidentRef | undefined; pr: number | undefined },
  warnings: string[],
): Promise<DeliveryState> {
  const { input, github } = o;
  const needed =
    (input['statuspage-api-key'] && input['statuspage-page-id']) ||
    input['pagerduty-routing-key'] ||
    input['smtp-url'];
  const { incidentIssue, pr } = known;
  if (!needed) return readState(incidentIssue?.owned ? incidentIssue.body : undefined);
  const bodies: (string | undefined)[] = [incidentIssue?.owned ? incidentIssue.body : undefined];
  if (github) {
    const reads: [number, string][] = [
      ...(pr !== undefined ? [[pr, COMMENT_KEY] as [number, string]] : []),
      ...(incidentIssue && !incidentIssue.owned
        ? [[incidentIssue.number, INCIDENT_COMMENT_KEY] as [number, string]]
        : []),
    ];
    for (const [n, key] of reads) {
      try {
        bodies.push(await github.stickyBody(n, key));
      } catch (err) {
        warnings.push(
          `what earlier runs sent could not be read (${messageOf(err)}): the status page, the pager and email may repeat`,
        );
      }
    }
  }
  return readState(...bodies);
}

/** The incident issue: the event's own issue, else the one an earlier run opened. */
async function findIncident(
  o: GatherRequest,
  subject: Subject,
  incidentMarker: string,
  warnings: string[],
): Promise<IncidentRef | undefined> {
  if (subject.kind === 'issue' && subject.number !== undefined) {
    // The event is about an issue: a person's incident issue, or one this action opened (our
    // marker, and opened by this token's identity: anyone can paste the marker).
    const me = o.github ? await ownLoginOf(o.github, warnings) : undefined;
    return {
      number: subject.number,
      title: subject.title,
      body: subject.body,
      state: 'open',
      labels: subject.labels,
      url: subject.url ?? '',
      createdAt: subject.createdAt ?? o.now.toISOString(),
      closedAt: null,
      owned:
        subject.body.includes(incidentMarker) &&
        me !== undefined &&
        sameLogin(subject.author ? { login: subject.author } : undefined, me),
    };
  }
  if (!o.github) return undefined;
  try {
    const found = await findMarkedIssue(o.github, INCIDENT_LABEL, incidentMarker);
    return found ? { ...found, owned: true } : undefined;
  } catch (err) {
    warnings.push(`the incident issue could not be looked up: ${messageOf(err)}`);
    return undefined;
  }
}

/** The token's identity; undefined (nothing is taken for ours) when it cannot be told. */
async function ownLoginOf(github: NotifyGitHub, warnings: string[]): Promise<string | undefined> {
  try {
    return await github.ownLogin();
  } catch (err) {
    warnings.push(`which account the token writes as could not be told: ${messageOf(err)}`);
    return undefined;
  }
}

async function findPostmortem(
  github: NotifyGitHub,
  postmortemMarker: string,
  warnings: string[],
): Promise<MarkedIssue | undefined> {
  try {
    return await findMarkedIssue(github, POSTMORTEM_LABEL, postmortemMarker);
  } catch (err) {
    warnings.push(`the post-mortem issue could not be looked up: ${messageOf(err)}`);
    return undefined;
  }
}

/** The timeline's facts: the issue, the PR, the environment's deployments. */
async function timelineOf(
  o: GatherRequest,
  known: { incidentIssue: IncidentRef | undefined; pr: PullInfo | undefined },
  warnings: string[],
): Promise<TimelineFacts> {
  const { input } = o;
  const { incidentIssue, pr } = known;
  const resolvedAt =
    input.event === 'resolved'
      ? (incidentIssue?.closedAt ?? o.now.toISOString())
      : (incidentIssue?.closedAt ?? undefined);
  const gathered = await gatherTimelineFacts(o.github, {
    environment: input.environment,
    ...(incidentIssue
      ? {
          incidentIssue: {
            number: incidentIssue.number,
            createdAt: incidentIssue.createdAt,
            closedAt: incidentIssue.closedAt,
            url: incidentIssue.url,
          },
        }
      : {}),
    ...(pr ? { pr } : {}),
    ...(input.version ? { version: input.version } : {}),
    ...(resolvedAt ? { resolvedAt } : {}),
  });
  if (gathered.warning) warnings.push(gathered.warning);
  return gathered.facts;
}

/** The PR sections a post-mortem quotes. */
export function prSections(pr: PullInfo | undefined): {
  impact?: string;
  rootCause?: string;
  fix?: string;
} {
  if (!pr) return {};
  const impact = bodySection(pr.body, 'Impact');
  const rootCause = bodySection(pr.body, 'Root Cause');
  const fix = bodySection(pr.body, 'The Fix') ?? bodySection(pr.body, 'Fix');
  return {
    ...(impact ? { impact } : {}),
    ...(rootCause ? { rootCause } : {}),
    ...(fix ? { fix } : {}),
  };
}

/** The PR of the `pr` input or the event; else the event's subject as shared code finds it. */
async function subjectOf(
  o: GatherRequest,
  warnings: string[],
): Promise<{ subject: Subject; pr?: PullInfo }> {
  const payload = o.ctx.payload;
  const number =
    o.input.pr ??
    payload.pull_request?.number ??
    (payload.issue?.pull_request ? payload.issue.number : undefined);
  if (number !== undefined) return pullSubject(o, number, warnings);
  let subject: Subject;
  try {
    subject = o.github ? await o.github.subject(o.ctx) : await resolveSubject(o.ctx);
  } catch (err) {
    warnings.push(`${messageOf(err)}; the message goes out without it`);
    subject = { kind: 'none', title: '', body: '', labels: [], origin: 'not read' };
  }
  if (subject.kind === 'pull_request' && subject.number !== undefined && subject.createdAt) {
    return {
      subject,
      pr: {
        number: subject.number,
        createdAt: subject.createdAt,
        title: subject.title,
        body: subject.body,
        url: subject.url ?? '',
        ...(subject.headSha ? { headSha: subject.headSha } : {}),
      },
    };
  }
  return { subject };
}

/** A PR known by number: read fresh when there is a token, else what the payload says. */
async function pullSubject(
  o: GatherRequest,
  number: number,
  warnings: string[],
): Promise<{ subject: Subject; pr?: PullInfo }> {
  const payload = o.ctx.payload;
  let data: ApiPull | undefined =
    payload.pull_request?.number === number ? (payload.pull_request as ApiPull) : undefined;
  let unread = 'no github-token';
  if (o.github) {
    try {
      // Fresh: a re-run replays an old payload, and merged_at may have changed since.
      data = await o.github.pull(number);
    } catch (err) {
      // The message still goes out: without the PR's details, and saying so.
      unread = messageOf(err);
      warnings.push(`${unread}; the message goes out without the PR's details`);
    }
  }
  if (data) return { subject: fromPull(data, `PR #${data.number}`), pr: pullInfo(data) };
  return {
    subject: {
      kind: 'pull_request',
      number,
      title: '',
      body: '',
      labels: [],
      origin: `PR #${number} (not read: ${unread})`,
    },
  };
}

function pullInfo(pr: ApiPull): PullInfo {
  return {
    number: pr.number,
    createdAt: pr.created_at ?? '',
    mergedAt: pr.merged_at ?? null,
    closedAt: pr.closed_at ?? null,
    headSha: pr.head.sha,
    mergeSha: pr.merge_commit_sha ?? null,
    title: pr.title,
    body: pr.body ?? '',
    url: pr.html_url ?? '',
  };
}
