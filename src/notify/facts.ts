// Gathers what the message is about from the event and GitHub: the PR (or incident issue),
// the severity and ticket, the incident and post-mortem issues of earlier runs, and the
// deployments for the timeline. Reading is best effort: a notification must still go out
// when the token cannot read something, so such gaps become warnings, not failures.
import type { RunContext, PayloadPullRequest } from '../shared/runner/context.ts';
import { describeApiError, type GitHub } from '../shared/github/client.ts';
import { fromPull, resolveSubject, type Subject } from '../shared/github/subject.ts';
import { classify } from '../shared/severity/classifier.ts';
import { findTicket } from '../shared/policy/naming.ts';
import { findMarkedIssue, type MarkedIssue } from './marked-issue.ts';
import { marker } from '../shared/github/sticky-comment.ts';
import { gatherTimelineFacts, type PullFact, type TimelineFacts } from './timeline.ts';
import { bodySection } from '../shared/text/pr-sections.ts';
import { messageOf } from '../shared/runner/errors.ts';
import type { Policy } from '../shared/policy/schema.ts';
import type { Severity } from '../shared/severity/severity.ts';
import type { NotifyInputs } from './inputs.ts';
import { incidentKey, INCIDENT_LABEL, POSTMORTEM_LABEL } from './incident.ts';
import type { IncidentRef } from './records.ts';

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
  /** What could not be read; the run goes on without it. */
  warnings: string[];
}

export async function gatherFacts(o: {
  ctx: RunContext;
  input: NotifyInputs;
  policy: Policy;
  github?: () => Promise<GitHub>;
  /** Whether a post-mortem may be opened: only then is the existing one looked up. */
  wantPostmortem: (severity: Severity) => boolean;
  now: Date;
}): Promise<Facts> {
  const { ctx, input, policy } = o;
  const repo = { owner: ctx.owner, repo: ctx.repo };
  const warnings: string[] = [];
  const gh = o.github ? await o.github() : undefined;

  const { subject, pr } = await subjectOf(ctx, input.pr, gh, warnings);
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
  const incidentMarker = marker(`incident:${key}`);
  const postmortemMarker = marker(`postmortem:${key}`);

  let incidentIssue: IncidentRef | undefined;
  if (subject.kind === 'issue' && subject.number !== undefined) {
    // The event is about an issue: a person's incident issue, or one this action opened.
    incidentIssue = {
      number: subject.number,
      title: subject.title,
      body: subject.body,
      state: 'open',
      labels: subject.labels,
      url: subject.url ?? '',
      createdAt: subject.createdAt ?? o.now.toISOString(),
      closedAt: null,
      owned: subject.body.includes(incidentMarker),
    };
  } else if (gh) {
    try {
      const found = await findMarkedIssue(gh, repo, INCIDENT_LABEL, incidentMarker);
      if (found) incidentIssue = { ...found, owned: true };
    } catch (err) {
      warnings.push(`the incident issue could not be looked up: ${messageOf(err)}`);
    }
  }

  let postmortemIssue: MarkedIssue | undefined;
  if (gh && o.wantPostmortem(decision.severity)) {
    try {
      postmortemIssue = await findMarkedIssue(gh, repo, POSTMORTEM_LABEL, postmortemMarker);
    } catch (err) {
      warnings.push(`the post-mortem issue could not be looked up: ${messageOf(err)}`);
    }
  }

  const resolvedAt =
    input.event === 'resolved'
      ? (incidentIssue?.closedAt ?? o.now.toISOString())
      : (incidentIssue?.closedAt ?? undefined);
  const gathered = await gatherTimelineFacts(gh, repo, {
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
    timeline: gathered.facts,
    warnings,
  };
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
  ctx: RunContext,
  prInput: number | undefined,
  gh: GitHub | undefined,
  warnings: string[],
): Promise<{ subject: Subject; pr?: PullInfo }> {
  const payload = ctx.payload;
  const number =
    prInput ??
    payload.pull_request?.number ??
    (payload.issue?.pull_request ? payload.issue.number : undefined);
  if (number !== undefined) {
    let data: ApiPull | undefined =
      payload.pull_request?.number === number ? (payload.pull_request as ApiPull) : undefined;
    let unread = 'no github-token';
    if (gh) {
      try {
        // Fresh: a re-run replays an old payload, and merged_at may have changed since.
        data = (await gh.rest.pulls.get({ owner: ctx.owner, repo: ctx.repo, pull_number: number }))
          .data as ApiPull;
      } catch (err) {
        // The message still goes out: without the PR's details, and saying so.
        unread = describeApiError(err, `reading PR #${number}`, 'pull-requests: read');
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
  let subject: Subject;
  try {
    subject = await resolveSubject(ctx, gh ? async () => gh : undefined);
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

interface ApiPull extends PayloadPullRequest {
  merge_commit_sha?: string | null;
  closed_at?: string | null;
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
