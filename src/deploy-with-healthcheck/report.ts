// What deploy-with-healthcheck tells other steps (outputs; auto-rollback and notify read
// them) and people (the job summary: what was deployed where, the verdict, and each check's
// table and chart).
import type { DeployOutcome } from './deploy.ts';
import {
  checkSection,
  checksTable,
  healthSummary,
  joinedCheckReports,
  measurementsJson,
  measurementsReport,
  VERDICT_ICON,
} from '../shared/health/report.ts';
import type { ProgressiveOutcome } from '../shared/deploy/progressive.ts';
import { codeBlock, md, table } from '../shared/text/markdown.ts';
import { formatDuration } from '../shared/text/duration.ts';
import { shortSha } from '../shared/git/sha.ts';

export function outputsOf(o: DeployOutcome): Record<string, string> {
  const v = o.run?.verification;
  return {
    healthy: String(o.healthy),
    verdict: o.verdict,
    'deployment-id': o.deploymentId === undefined ? '' : String(o.deploymentId),
    sha: o.sha,
    version: o.version,
    'previous-ref': o.previous?.ref ?? '',
    'previous-sha': o.previous?.sha ?? '',
    'previous-deployment-id': o.previous ? String(o.previous.id) : '',
    measurements: v ? measurementsJson(v) : '',
    'failure-reason': o.failureReason,
    ...stepOutputs(o),
  };
}

/** completed-steps, failed-step, weight, aborted; a direct deploy is one step of 100%. */
function stepOutputs(o: DeployOutcome): Record<string, string> {
  const p = o.run?.progressive;
  if (p)
    return {
      'completed-steps': String(p.completedSteps),
      'failed-step': p.failedStep === undefined ? '' : String(p.failedStep),
      weight: String(p.weight),
      aborted: String(p.aborted),
    };
  const ran = o.alreadyDone !== undefined || o.run?.command?.outcome === 'succeeded';
  return {
    'completed-steps': o.healthy ? '1' : '0',
    'failed-step': o.healthy || !o.run ? '' : '1',
    weight: ran ? '100' : '',
    aborted: 'false',
  };
}

export function summaryOf(o: DeployOutcome): string {
  const req = o.request;
  const what = o.version || (o.sha ? shortSha(o.sha) : req.ref);
  const icon = o.healthy ? '✅' : o.verdict === 'NotVerified' ? '❌' : VERDICT_ICON[o.verdict];
  const headline = o.alreadyDone
    ? `## ✅ ${md(what)} is already deployed to ${md(req.environment)}`
    : o.healthy
      ? `## ${icon} Deployed ${md(what)} to ${md(req.environment)}: healthy`
      : `## ${icon} Deploy of ${md(what)} to ${md(req.environment)}: not healthy`;
  const run = o.run;
  const rows: string[][] = [
    [
      'Environment',
      md(req.environment) + (req.environmentUrl ? ` (${md(req.environmentUrl)})` : ''),
    ],
    ['Ref', `${md(req.ref)}${o.sha && o.sha !== req.ref ? ` at \`${o.sha}\`` : ''}`],
    ['Version', o.version ? `${md(o.version)} (${md(o.versionNote)})${tagText(o)}` : 'none'],
    [
      'Deployment',
      o.deploymentId !== undefined
        ? `${o.deploymentId}: ${o.alreadyDone ? 'success (earlier attempt of this run)' : (run?.state ?? '')}`
        : 'not recorded (no github-token)',
    ],
  ];
  if (o.pr)
    rows.push([
      'Hotfix PR',
      `#${o.pr.number} ${md(o.pr.title)}${o.pr.severity ? ` (${o.pr.severity})` : ''}`,
    ]);
  if (run?.command && !run.progressive) rows.push(['Deploy command', md(run.command.reason)]);
  // failure-reason starts with the verdict for verification failures; say it once.
  const why = o.failureReason.replace(`${o.verdict}: `, '');
  rows.push([
    'Verdict',
    run?.progressive && o.failureReason
      ? md(o.failureReason)
      : `${o.verdict}${why ? `: ${md(why)}` : ''}`,
  ]);
  rows.push([
    'Last good before',
    o.previous
      ? `deployment ${o.previous.id}: ${md(o.previous.ref)} at \`${o.previous.sha}\`${typeof o.previous.payload.version === 'string' ? ` (${md(o.previous.payload.version)})` : ''}, the rollback target`
      : o.recorded
        ? 'none found: a rollback has no earlier good deployment to return to'
        : 'not looked up (no github-token)',
  ]);
  const parts = [headline, table(['', ''], rows)];
  if (run?.progressive) parts.push(...stepsSummary(run.progressive));
  else if (run?.verification) parts.push(healthSummary(run.verification));
  else if (run?.command && run.command.outcome !== 'succeeded') {
    parts.push(
      `### Health was not verified\n\n${md(run.command.reason)}, so there was nothing to verify (${formatDuration(run.command.durationMs)}).`,
    );
    if (run.command.tail) parts.push(`Last lines of its output:\n\n${codeBlock(run.command.tail)}`);
  }
  return parts.join('\n\n');
}

function tagText(o: DeployOutcome): string {
  if (!o.tag) return o.healthy || !o.version ? '' : '; not tagged: the deploy is not healthy';
  if (o.tag.status === 'created') return `; tag ${md(o.tag.tag)} created`;
  if (o.tag.status === 'exists') return `; tag ${md(o.tag.tag)} already on this commit`;
  return `; tag ${md(o.tag.tag)} NOT created: it points at \`${o.tag.sha}\``;
}

const STEP_ICON = (healthy: boolean, ran: boolean) => (!ran ? '⏭️' : healthy ? '✅' : '❌');

/**
 * A canary or blue-green deploy: a table of steps, one chart per check across the whole run
 * with each step's start marked on the time axis, then a table of checks per step.
 */
function stepsSummary(p: ProgressiveOutcome): string[] {
  const parts: string[] = [
    `### ${p.kind === 'canary' ? 'Canary' : 'Blue-green'}: ${p.completedSteps} of ${p.planned.length} steps healthy${p.failedStep ? `, stopped at step ${p.failedStep}` : ''}; ${p.weight}% on the new version at the end`,
  ];
  const rows = p.planned.map((step) => {
    const r = p.steps.find((x) => x.step.index === step.index);
    const v = r?.verification;
    return [
      `${STEP_ICON(r?.healthy ?? false, r !== undefined)} ${step.index}/${step.count}`,
      `${step.weight}%`,
      r ? md(r.command.reason) : 'not run',
      v
        ? `${VERDICT_ICON[v.verdict]} ${v.verdict}`
        : r && !step.health
          ? 'not judged (no preview checks)'
          : '',
      // Why: the verification's reason, else (a step whose command failed) the command's.
      r ? md(v ? v.reason : r.healthy ? '' : r.reason) : '',
    ];
  });
  parts.push(table(['Step', 'Weight', 'Command', 'Verdict', 'Why'], rows));
  if (p.abort) parts.push(`**Abort:** ${md(p.abort.reason)} (DEPLOY_WEIGHT=0).`);
  const runs = p.steps.flatMap((r) =>
    r.verification ? [{ label: `${r.step.index}: ${r.step.weight}%`, result: r.verification }] : [],
  );
  if (runs.length === 0) return parts;
  const joined = joinedCheckReports(runs);
  parts.push('### Health across the steps');
  for (const c of joined.checks) parts.push(checkSection(c, joined.sections));
  for (const r of p.steps) {
    if (!r.verification) continue;
    const rep = measurementsReport(r.verification);
    parts.push(
      `#### ${STEP_ICON(r.healthy, true)} ${md(r.step.label)}: ${VERDICT_ICON[rep.verdict]} ${rep.verdict}`,
      md(rep.reason),
      checksTable(rep.checks),
    );
  }
  return parts;
}
