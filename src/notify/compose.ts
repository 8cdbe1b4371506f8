// The one message of this run, composed from the inputs and what GitHub recorded: the
// timeline, the version and URL of the fix's deployment, and the links. Pure.
import type { RunContext } from '../shared/runner/context.ts';
import type { LevelPolicy } from '../shared/policy/schema.ts';
import { deploymentName } from '../shared/github/deployments.ts';
import { isSha, shortSha } from '../shared/git/sha.ts';
import { incidentMoments } from '../shared/incident/durations.ts';
import { deriveTimeline, latestEnvironmentUrl } from './timeline.ts';
import type { NotifyInputs } from './inputs.ts';
import type { Facts } from './facts.ts';
import { buildMessage, type Link, type NotifyMessage } from './message.ts';

export function composeMessage(c: {
  input: NotifyInputs;
  ctx: RunContext;
  level: LevelPolicy;
  facts: Facts;
  now: Date;
}): NotifyMessage {
  const { input, ctx, level, facts } = c;
  const incident = facts.incidentIssue;
  // Our own incident issue's title carries our prefix: take the title back out of it.
  const incidentTitle = incident?.owned
    ? incident.title.replace(/^\[P[0-3]\] Incident: /, '')
    : incident?.title;
  const moments = incidentMoments(facts.timeline);
  const timeline = deriveTimeline(facts.timeline, moments);
  const fix = moments.fixes.at(-1);
  const version = input.version || (fix ? deploymentName(fix) : '');
  // The version a rollback went back to: the input (deploy/action.yml passes auto-rollback's
  // target), else the newest rollback of the fix GitHub recorded.
  const rollback = moments.rollbacks.at(-1);
  const given = input['rollback-version'];
  const rollbackTarget =
    (isSha(given) ? shortSha(given) : given) || (rollback ? deploymentName(rollback) : '');
  const deploymentUrl = input['deployment-url'] ?? latestEnvironmentUrl(facts.timeline);
  const links: Link[] = [];
  if (facts.pr?.url) links.push({ label: `Pull request #${facts.pr.number}`, url: facts.pr.url });
  if (deploymentUrl) links.push({ label: `Open ${input.environment}`, url: deploymentUrl });
  if (incident?.url) links.push({ label: `Incident issue #${incident.number}`, url: incident.url });
  if (facts.postmortemIssue)
    links.push({
      label: `Post-mortem #${facts.postmortemIssue.number}`,
      url: facts.postmortemIssue.url,
    });
  links.push({ label: 'Workflow run', url: ctx.runUrl });

  return buildMessage({
    event: input.event,
    severity: facts.severity,
    severityNote: `respond within ${level['respond-within']}`,
    title: input.title || facts.subject.title || incidentTitle || '',
    message: input.message,
    ...(facts.ticket ? { ticket: facts.ticket } : {}),
    environment: input.environment,
    ...(version ? { version } : {}),
    ...(rollbackTarget ? { rollbackTarget } : {}),
    actor: ctx.actor,
    repository: `${ctx.owner}/${ctx.repo}`,
    ...(facts.pr?.url ? { pr: { number: facts.pr.number, url: facts.pr.url } } : {}),
    links,
    timeline,
    runUrl: ctx.runUrl,
    now: c.now,
  });
}
