// What auto-rollback tells other steps (outputs: notify reads them) and people (the job
// summary: what failed, where it went back to and how, the health evidence, and when it could
// not restore health, what is live and the exact commands to run next). Pure.
import { healthSummary, measurementsJson } from '../shared/health/report.ts';
import { codeBlock, md, table } from '../shared/text/markdown.ts';
import { formatDuration } from '../shared/text/duration.ts';
import { currentState, deploymentName, displayName } from '../shared/github/deployments.ts';
import { manualSteps } from './escalation.ts';
import type { RollbackOutcome } from './rollback.ts';
import { shortSha } from '../shared/git/sha.ts';

/** The commit this run rolled back to, or that an earlier run (or the environment) has. */
function landed(o: RollbackOutcome): { ref: string; sha: string } | undefined {
  if (o.revert?.kind === 'done') return { ref: o.revert.branch, sha: o.revert.head };
  if (o.existing && (o.kind === 'already-rolled-back' || o.kind === 'already-on-target'))
    return { ref: o.existing.ref, sha: o.existing.sha };
  if (o.target) return { ref: o.target.ref, sha: o.target.sha };
  return undefined;
}

export function outputsOf(o: RollbackOutcome): Record<string, string> {
  const to = landed(o);
  const deploymentId =
    o.run?.deployment?.id ?? (o.kind === 'already-rolled-back' ? o.existing?.id : undefined);
  const v = o.run?.verification;
  return {
    'rolled-back': String(o.rolledBack),
    'target-ref': to?.ref ?? '',
    'target-sha': to?.sha ?? '',
    'deployment-id': deploymentId === undefined ? '' : String(deploymentId),
    healthy: o.healthy === undefined ? '' : String(o.healthy),
    escalate: String(o.escalate),
    reason: o.reason,
    'failed-deployment-id': o.failed ? String(o.failed.id) : '',
    verdict: o.run?.verdict ?? '',
    'failure-reason': o.failureReason,
    measurements: v ? measurementsJson(v) : '',
    'revert-branch': o.revert?.branch && o.revert.kind === 'done' ? o.revert.branch : '',
    'pull-request-url': o.revert?.kind === 'done' ? (o.revert.pull?.url ?? '') : '',
    message: o.message,
  };
}

function headline(o: RollbackOutcome): string {
  const env = md(o.request.environment);
  const to = o.target ? md(displayName(o.target)) : '';
  switch (o.kind) {
    case 'rolled-back':
      return `## ⏪ Rolled back ${env} to ${o.revert ? 'the revert of the failed change' : to}: healthy`;
    case 'already-rolled-back':
      return `## ✅ ${env} was already rolled back: nothing to do`;
    case 'already-on-target':
      return `## ✅ ${env} already runs ${to}: nothing to do`;
    case 'superseded':
      return `## ⚠️ Nothing rolled back: deployment ${o.failed?.id ?? ''} is no longer live in ${env}`;
    case 'revert-prepared':
      return `## ⏪ The failed change is reverted${o.revert?.kind === 'done' && o.revert.pull ? ` in PR #${o.revert.pull.number}` : ''}: ${env} runs it until the revert is deployed`;
    case 'failed':
      return `## 🔥 The rollback of ${env} did not restore health: a person must act now`;
    case 'impossible':
      return `## 🔥 ${env} cannot be rolled back automatically: a person must act now`;
  }
}

function factsTable(o: RollbackOutcome): string {
  const rows: string[][] = [['Environment', md(o.request.environment)]];
  const f = o.failed;
  if (f)
    rows.push([
      'Failed deployment',
      `${f.id}: ${md(deploymentName(f))} at \`${f.sha}\` (${currentState(f.statuses) ?? 'no status'} before this run)`,
    ]);
  if (o.reason) rows.push(['Reason', md(o.reason)]);
  if (o.target)
    rows.push([
      o.request.strategy === 'revert' ? 'Last good version' : 'Target',
      `${md(displayName(o.target))} at \`${o.target.sha}\` (${md(o.target.how)}${o.target.deployment ? `, deployment ${o.target.deployment.id}` : ''})`,
    ]);
  rows.push(['Strategy', md(o.request.strategy)]);
  if (o.existing)
    rows.push([
      o.kind === 'superseded' ? 'Newer deployment' : 'Found',
      `deployment ${o.existing.id}: ${md(deploymentName(o.existing))} at \`${o.existing.sha}\` (${currentState(o.existing.statuses) ?? 'no status'})`,
    ]);
  const r = o.run;
  if (r) {
    rows.push([
      'Rollback deployment',
      r.deployment ? `${r.deployment.id} of \`${r.sha}\`: ${r.state}` : `not recorded: ${r.state}`,
    ]);
    if (r.command) rows.push(['Command', md(r.command.reason)]);
    const why =
      r.verdict === 'NotVerified'
        ? 'the command did not succeed, so health was not measured'
        : r.failureReason.replace(`${r.verdict}: `, '');
    rows.push(['Verdict', `${r.verdict}${r.healthy ? '' : why ? `: ${md(why)}` : ''}`]);
  }
  return table(['', ''], rows);
}

function revertSection(o: RollbackOutcome): string {
  const rv = o.revert;
  if (!rv) return '';
  const parts = ['### The revert'];
  if (rv.kind === 'done') {
    const how = {
      'pull-request': `Opened PR #${rv.pull?.number} from \`${md(rv.branch)}\` into \`${md(rv.productionBranch)}\``,
      'reused-pull-request': rv.pull
        ? `PR #${rv.pull.number} from \`${md(rv.branch)}\` already proposes it (an earlier run); reused`
        : `The branch \`${md(rv.branch)}\` already carries it (an earlier run); reused`,
      pushed: `Pushed to \`${md(rv.productionBranch)}\` (fast-forward, never forced)`,
      'already-on-branch': `\`${md(rv.productionBranch)}\` already reverts the whole change; nothing pushed`,
    }[rv.how];
    parts.push(`${how}${rv.pull ? `: ${rv.pull.url}` : ''}. Head: \`${rv.head}\`.`);
    if (rv.closedPull)
      parts.push(
        `PR #${rv.closedPull.number} for this revert was closed without merging; it was not reopened and no second PR was opened.`,
      );
    parts.push(
      table(
        ['Failed commit', 'Subject', 'Reverted by'],
        [...rv.reverted]
          .reverse()
          .map((c) => [
            `\`${shortSha(c.sha)}\`${c.merge ? ' (merge, -m 1)' : ''}`,
            md(c.subject),
            c.revertedBy ? `\`${shortSha(c.revertedBy)}\`` : 'already undone',
          ]),
      ),
    );
  } else parts.push(md(rv.message));
  return parts.join('\n\n');
}

function escalationSection(o: RollbackOutcome): string {
  const s = manualSteps(o);
  const parts = [
    '### 🧯 What to do now',
    `**What is live:** ${md(s.live)}`,
    `**What was tried:** ${md(s.tried)}`,
    '**What to run next:**',
    s.next
      .map((step, i) => {
        const body = step.sh ? `\n\n${indent(codeBlock(step.sh, 'sh'))}` : '';
        return `${i + 1}. ${md(step.title)}${body}`;
      })
      .join('\n'),
  ];
  return parts.join('\n\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `   ${l}`)
    .join('\n');
}

export function summaryOf(o: RollbackOutcome): string {
  const parts = [headline(o), md(o.message), factsTable(o)];
  const rv = revertSection(o);
  if (rv) parts.push(rv);
  const r = o.run;
  if (r?.verification) parts.push(healthSummary(r.verification));
  else if (r?.command && r.command.outcome !== 'succeeded') {
    parts.push(
      `### Health was not verified\n\n${md(r.command.reason)}, so there was nothing to verify (${formatDuration(r.command.durationMs)}).`,
    );
    if (r.command.tail) parts.push(`Last lines of its output:\n\n${codeBlock(r.command.tail)}`);
  }
  if (o.escalate) parts.push(escalationSection(o));
  if (o.notes.length) parts.push(o.notes.map((n) => `- ${md(n)}`).join('\n'));
  return parts.join('\n\n');
}
