// When the rollback cannot restore health, a person takes over at once: the summary tells them
// what is live, what was tried, and the exact commands to run next. Every value printed inside
// a command is shell-quoted (a reason, a ref or a URL may hold quotes or `$(...)`). The texts
// are plain (the report escapes them for markdown). Pure.
import { commandLine, shellQuote } from '../shared/text/shell-quote.ts';
import {
  deploymentName,
  displayName,
  type DeploymentWithStatuses,
} from '../shared/github/deployments.ts';
import type { RollbackOutcome } from './rollback.ts';
import { shortSha } from '../shared/git/sha.ts';

export interface ManualStep {
  title: string;
  /** Commands to copy, one per line; absent for a step that is only advice. */
  sh?: string;
}

export interface ManualSteps {
  live: string;
  tried: string;
  next: ManualStep[];
}

function named(d: DeploymentWithStatuses): string {
  return `${deploymentName(d)} (${shortSha(d.sha)}, deployment ${d.id})`;
}

function whatIsLive(o: RollbackOutcome): string {
  const f = o.failed;
  if (!f) return `Unknown to GitHub: no deployment of ${o.request.environment} is recorded.`;
  const before = `deployment of ${named(f)}`;
  if (o.kind === 'impossible') return `Still the failed ${before}: nothing was changed.`;
  const revert = o.revert;
  if (!o.run) {
    if (revert?.kind === 'failed' && /reverts are pushed/.test(revert.message))
      return `Still the failed ${before}: the reverts are on the branch ${revert.branch} but nothing was deployed.`;
    return `Still the failed ${before}: nothing was deployed.`;
  }
  const r = o.run;
  const to = `${revert ? `the revert ${shortSha(r.sha)}` : o.target ? displayName(o.target) : shortSha(r.sha)} (rollback deployment ${r.deployment?.id ?? '?'})`;
  const cmd = r.command;
  if (!cmd) return `Still the failed ${before}: the run was cancelled before the command started.`;
  if (cmd.outcome === 'failed')
    return `Unknown: the command for ${to} failed part-way (${cmd.reason}). Before it, the failed ${before} ran.`;
  if (cmd.outcome !== 'succeeded')
    return `Unknown: the command for ${to} was stopped (${cmd.reason}). Before it, the failed ${before} ran.`;
  if (r.verification?.cancelled)
    return `${to} was deployed, but its health was not verified (the run was cancelled).`;
  return `${to} was deployed, and it is NOT healthy: ${r.failureReason}`;
}

function whatWasTried(o: RollbackOutcome): string {
  const req = o.request;
  if (o.kind === 'impossible') return `Nothing: ${o.message}`;
  const parts = [`Strategy ${req.strategy}`];
  const t = o.target;
  if (o.revert) {
    const change = o.revert.change.map((c) => shortSha(c.sha)).join(', ');
    parts.push(
      `git revert of ${change || 'the failed change'} on ${o.revert.productionBranch}` +
        (o.revert.kind === 'failed' ? `: ${o.revert.message}` : ` (on ${o.revert.branch})`),
    );
  } else if (t) parts.push(`back to ${displayName(t)} (${shortSha(t.sha)}, ${t.how})`);
  const r = o.run;
  if (r?.command) parts.push(r.command.reason);
  if (r?.verification) parts.push(`health: ${r.verdict}: ${r.verification.reason}`);
  else if (r && r.command?.outcome === 'succeeded') parts.push('health: not verified');
  if (!r && o.kind === 'failed' && !o.revert) parts.push(o.failureReason);
  return parts.join('; ') + '.';
}

function checkService(o: RollbackOutcome): ManualStep {
  const specs = o.request.health.specs;
  if (!specs.length)
    return {
      title:
        'See what the service answers now (no health checks were configured: check it by hand).',
    };
  const lines = specs.map((s) =>
    s.kind === 'http'
      ? `curl -sS -o /dev/null -w '%{http_code} %{time_total}s\\n' ${shellQuote(s.url)}`
      : `curl -sG ${shellQuote(`${(o.request.health.prometheusUrl ?? '').replace(/\/$/, '')}/api/v1/query`)} --data-urlencode ${shellQuote(`query=${s.query}`)}`,
  );
  return { title: 'See what the service answers now:', sh: lines.join('\n') };
}

function retryByHand(o: RollbackOutcome): ManualStep | undefined {
  const req = o.request;
  const revert = o.revert;
  if (revert?.kind === 'failed' && revert.conflict) {
    const c = revert.conflict;
    const todo = [...revert.change].reverse();
    const branch =
      revert.branch === revert.productionBranch
        ? `rollback/manual-${o.failed?.id ?? 'revert'}`
        : revert.branch;
    return {
      title: `Revert the change by hand; the conflict is in ${c.files.join(', ')}:`,
      sh: [
        commandLine(['git', 'fetch', 'origin', revert.productionBranch]),
        commandLine(['git', 'switch', '-c', branch, `origin/${revert.productionBranch}`]),
        ...todo.map((x) =>
          commandLine(['git', 'revert', '--no-edit', ...(x.merge ? ['-m', '1'] : []), x.sha]),
        ),
        `# at the conflict: fix ${c.files.map(shellQuote).join(' ')}, then`,
        commandLine(['git', 'add', ...c.files]),
        'git revert --continue',
        commandLine(['git', 'push', 'origin', `HEAD:${branch}`]),
      ].join('\n'),
    };
  }
  if (!req.command || !o.target) return undefined;
  const sha = o.run?.sha || o.target.sha;
  const ref = o.revert ? sha : o.target.sha;
  const version = o.revert ? '' : o.target.version;
  const assign = (k: string, v: string) => `${k}=${shellQuote(v)}`;
  return {
    title: `Run the ${req.strategy === 'command' ? 'rollback' : 'deploy'} command by hand, as this action ran it (from the repository's root):`,
    sh: [
      [
        assign('DEPLOY_REF', ref),
        assign('DEPLOY_SHA', sha),
        assign('DEPLOY_VERSION', version),
        assign('DEPLOY_ENVIRONMENT', req.environment),
      ].join(' ') + ' \\',
      `  bash --noprofile --norc -eo pipefail -c ${shellQuote(req.command)}`,
    ].join('\n'),
  };
}

function goFurther(o: RollbackOutcome): ManualStep {
  const env = o.request.environment;
  const reason = o.reason || 'rollback';
  const workflow = o.dispatchWorkflow ?? 'rollback-dispatch.yml';
  const dispatch = (target: string) =>
    commandLine([
      'gh',
      'workflow',
      'run',
      workflow,
      '-f',
      `environment=${env}`,
      '-f',
      `target=${target}`,
      '-f',
      `reason=${reason}`,
    ]);
  const which = o.dispatchWorkflow
    ? `the workflow this run was started from, ${o.dispatchWorkflow}`
    : "the example caller is examples/rollback-dispatch.yml; use your workflow's file name";
  const list = commandLine([
    'gh',
    'api',
    `repos/${o.repo.owner}/${o.repo.repo}/deployments?environment=${encodeURIComponent(env)}&per_page=10`,
    '--jq',
    '.[] | [.id, .ref, .sha, .created_at, .payload.version // ""] | @tsv',
  ]);
  if (o.fallback) {
    return {
      title: `Or roll back further, to the good deployment before the target: ${named(o.fallback)}. Run the rollback again with target ${o.fallback.sha} (${which}):`,
      sh: dispatch(o.fallback.sha),
    };
  }
  return {
    title: `${o.kind === 'impossible' ? 'Choose' : 'Or choose'} a version known to work and run the rollback with it as target (no earlier good deployment is recorded). The environment's recent deployments:`,
    sh: `${list}\n${dispatch('<ref-known-to-work>')}`,
  };
}

function record(o: RollbackOutcome): ManualStep | undefined {
  const id = o.run?.deployment?.id;
  if (!id) return undefined;
  return {
    title: `Once you restored the service, record it on rollback deployment ${id}, so the next rollback knows the good version:`,
    sh: commandLine([
      'gh',
      'api',
      '-X',
      'POST',
      `repos/${o.repo.owner}/${o.repo.repo}/deployments/${id}/statuses`,
      '-f',
      'state=success',
      '-f',
      'description=Restored by hand',
    ]),
  };
}

export function manualSteps(o: RollbackOutcome): ManualSteps {
  const next = [checkService(o), retryByHand(o), goFurther(o), record(o)].filter(
    (s): s is ManualStep => s !== undefined,
  );
  return { live: whatIsLive(o), tried: whatWasTried(o), next };
}
