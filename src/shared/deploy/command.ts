// The user's deploy (or rollback) command: run with bash the way a `run:` step with
// `shell: bash` runs (no profile, -e, pipefail), its output streamed to the log, told what to
// deploy through DEPLOY_* variables (data, never spliced into the command), and killed with
// its whole process tree at the timeout or when the runner cancels the job.
import { run, tail } from '../process/supervisor.ts';
import { formatDuration } from '../text/duration.ts';

export interface DeployTarget {
  ref: string;
  sha: string;
  /** Empty when no version is given. */
  version: string;
  environment: string;
}

export type CommandOutcome = 'succeeded' | 'failed' | 'timed-out' | 'cancelled';

export interface CommandResult {
  outcome: CommandOutcome;
  code: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
  /** One sentence: `the deploy command exited with code 1: <last line>`. */
  reason: string;
  /** The last lines of its output. */
  tail: string;
}

export function deployEnv(t: DeployTarget): Record<string, string> {
  return {
    DEPLOY_REF: t.ref,
    DEPLOY_SHA: t.sha,
    DEPLOY_VERSION: t.version,
    DEPLOY_ENVIRONMENT: t.environment,
  };
}

export async function runDeployCommand(
  command: string,
  target: DeployTarget,
  opts: {
    timeoutMs: number;
    cwd?: string;
    label?: string;
    graceMs?: number;
    /** More environment for the command (the command-env input: credentials, masked). */
    env?: Record<string, string>;
  },
): Promise<CommandResult> {
  const label = opts.label ?? 'the deploy command';
  const r = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command], {
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    env: { ...opts.env, ...deployEnv(target) },
    timeoutMs: opts.timeoutMs,
    ...(opts.graceMs ? { graceMs: opts.graceMs } : {}),
    stream: true,
    maxBuffer: 64_000,
  });
  const out = tail(r.stderr || r.stdout, 10);
  const lastLine = out.split('\n').at(-1)?.trim() ?? '';
  const base = { code: r.code, signal: r.signal, durationMs: r.durationMs, tail: out };
  if (r.cancelled)
    return {
      ...base,
      outcome: 'cancelled',
      reason: `${label} was cancelled (job cancelled) after ${formatDuration(r.durationMs)}; its processes were killed`,
    };
  if (r.timedOut)
    return {
      ...base,
      outcome: 'timed-out',
      reason: `${label} did not finish within ${formatDuration(opts.timeoutMs)} (command-timeout) and was killed with its processes`,
    };
  if (r.code !== 0)
    return {
      ...base,
      outcome: 'failed',
      reason: `${label} ${r.code === null ? `was killed by ${r.signal}` : `exited with code ${r.code}`}${lastLine ? `: ${lastLine}` : ''}`,
    };
  return {
    ...base,
    outcome: 'succeeded',
    reason: `${label} succeeded in ${formatDuration(r.durationMs)}`,
  };
}
