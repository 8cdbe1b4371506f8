// Runs one invocation of a test runner: its own process group, killed with its whole tree at
// the deadline, output streamed to the log with workflow commands paused (the output is the
// PR's code talking), then its report read into test cases.
import { run, tail } from '../shared/process/supervisor.ts';
import * as core from '@actions/core';
import { pauseCommands } from '../shared/runner/untrusted.ts';
import { messageOf } from '../shared/runner/errors.ts';
import type { Finished, Invocation } from './runners/types.ts';
import type { TestCase } from './test-case.ts';

export interface StepResult {
  cases: TestCase[];
  code: number | null;
  timedOut: boolean;
  cancelled: boolean;
  durationMs: number;
  /** Why the report could not be read, when it could not. */
  problem?: string;
  note?: string;
}

export async function execute(
  inv: Invocation,
  opts: { cwd: string; timeoutMs: number },
): Promise<StepResult> {
  const lines: string[] = [];
  const logLine = inv.logLine;
  const resume = pauseCommands();
  let r;
  try {
    r = await run(inv.command, inv.args, {
      // The PR's code: no action inputs, no runner credentials.
      untrusted: true,
      cwd: opts.cwd,
      ...(inv.env ? { env: inv.env } : {}),
      timeoutMs: opts.timeoutMs,
      stream: logLine
        ? (line, source) => {
            if (source === 'stderr') return core.info(line);
            lines.push(line);
            const shown = logLine(line);
            if (shown !== undefined) core.info(shown);
          }
        : true,
      maxBuffer: 200_000,
      // A test run must not leave servers or sleeps behind in the job.
      reap: true,
    });
  } finally {
    resume();
  }
  const done: Finished = {
    code: r.code,
    timedOut: r.timedOut,
    stdout: r.stdout,
    stderr: r.stderr,
    lines,
  };
  done.timedOut ||= inv.hitTimeout?.(done) ?? false;
  const timedOut = done.timedOut;
  const base = {
    code: r.code,
    timedOut,
    cancelled: r.cancelled,
    durationMs: r.durationMs,
  };
  let cases: TestCase[] = [];
  let problem: string | undefined;
  try {
    cases = await inv.read(done);
  } catch (err) {
    // Killed mid-run, a runner usually writes no report; say what happened, not "no report".
    problem = timedOut || r.cancelled ? undefined : messageOf(err);
  }
  const note = inv.note?.(done);
  const exitedBadly =
    !timedOut &&
    !r.cancelled &&
    r.code !== 0 &&
    !(r.code !== null && (inv.emptyCodes ?? []).includes(r.code));
  if ((exitedBadly || problem) && !cases.some((c) => c.status === 'failed')) {
    // The runner failed without naming a failing test (a config error, a crash, no report):
    // that is a failure of the run, never a pass with fewer tests.
    const output = tail(r.stderr || r.stdout, 30);
    cases.push({
      id: `(${inv.kind} run)`,
      name: `${inv.command.split('/').pop()} ${inv.kind} run`,
      suite: '(runner)',
      status: 'failed',
      message: problem
        ? `no test results: ${problem}`
        : `the runner exited with code ${r.code} without reporting a failing test`,
      details: output,
    });
  }
  return { ...base, cases, ...(problem ? { problem } : {}), ...(note ? { note } : {}) };
}
