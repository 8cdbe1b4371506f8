// Runs a program with an argument array (never a shell string built from our data), streams
// its output to the log, and on timeout or cancellation kills its whole process tree, so a
// hung deploy or test run never outlives the step.
import { spawn } from 'node:child_process';
import { onCancel } from '../runner/cancellation.ts';
import * as core from '@actions/core';

export interface RunOptions {
  cwd?: string;
  /**
   * Added to (and overriding) the parent environment, which the program gets without the
   * action's own inputs (INPUT_*, the token among them): a `run:` step does not see them
   * either.
   */
  env?: Record<string, string | undefined>;
  /**
   * The program is a PR's code (its tests): it also gets none of the runner's credentials
   * (the OIDC request token, the runtime and cache tokens, a GITHUB_TOKEN the job exported).
   */
  untrusted?: boolean;
  /** Kill the process tree after this long. */
  timeoutMs?: number;
  /** Time between SIGTERM and SIGKILL. */
  graceMs?: number;
  /**
   * Print each output line to the log as it arrives; or hand each complete line to a
   * function instead (to reformat a machine-readable stream, or keep all of it).
   */
  stream?: boolean | LineHandler;
  /** Text written to stdin. */
  input?: string;
  /** Keep at most this many characters of each stream (the tail). */
  maxBuffer?: number;
  /**
   * When the program exits, kill whatever it left running in its process group (a test
   * run's stray servers and sleeps). Off by default: a deploy may start a background
   * process on purpose.
   */
  reap?: boolean;
}

export type LineHandler = (line: string, source: 'stdout' | 'stderr') => void;

export interface RunResult {
  /** Exit code; null when killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  cancelled: boolean;
  durationMs: number;
}

export async function run(
  command: string,
  args: string[],
  opts: RunOptions = {},
): Promise<RunResult> {
  const started = Date.now();
  const maxBuffer = opts.maxBuffer ?? 1_000_000;
  // A process group of its own, so the tree can be killed with one signal.
  const child = spawn(command, args, {
    cwd: opts.cwd,
    env: childEnvironment(opts),
    // No input: stdin is /dev/null. A pipe would be a socket, and bash then reads ~/.bashrc
    // as if started by rshd (seconds, with pyenv and friends), and may wait on a read.
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const { stdout: out, stderr: err } = child;
  if (!out || !err) throw new Error('spawn gave no stdout/stderr pipes');
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  let wasCancelled = false;
  const keep = (buf: string, chunk: string) => {
    const next = buf + chunk;
    return next.length > maxBuffer ? next.slice(next.length - maxBuffer) : next;
  };
  const handler: LineHandler | undefined =
    typeof opts.stream === 'function'
      ? opts.stream
      : opts.stream
        ? (line) => core.info(line)
        : undefined;
  // One splitter per stream, so a line is never spliced from the two.
  const outLines = handler ? lineStreamer((l) => handler(l, 'stdout')) : undefined;
  const errLines = handler ? lineStreamer((l) => handler(l, 'stderr')) : undefined;
  let lastOutput = 0;
  out.setEncoding('utf8').on('data', (c: string) => {
    lastOutput = Date.now();
    stdout = keep(stdout, c);
    outLines?.(c);
  });
  err.setEncoding('utf8').on('data', (c: string) => {
    lastOutput = Date.now();
    stderr = keep(stderr, c);
    errLines?.(c);
  });
  if (child.stdin) {
    child.stdin.on('error', () => {}); // the program may exit without reading its input
    child.stdin.end(opts.input);
  }

  let killTimer: NodeJS.Timeout | undefined;
  const killTree = () => {
    signalGroup(child.pid, 'SIGTERM');
    killTimer ??= setTimeout(() => signalGroup(child.pid, 'SIGKILL'), opts.graceMs ?? 5_000);
  };
  const timer = opts.timeoutMs
    ? setTimeout(() => {
        timedOut = true;
        killTree();
      }, opts.timeoutMs)
    : undefined;
  const unsubscribe = onCancel(() => {
    wasCancelled = true;
    killTree();
  });

  return new Promise((resolve, reject) => {
    let closed = false;
    child.on('close', () => (closed = true));
    child.on('error', (err) => {
      clearTimeout(timer);
      unsubscribe();
      reject(err);
    });
    // 'exit', not 'close': a program may leave a background process holding its output
    // open (a port-forward for the health check, say); that must not hang the step.
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      unsubscribe();
      clearTimeout(killTimer);
      // Killed for a timeout or cancellation: whatever of the tree ignored SIGTERM goes now.
      if (timedOut || wasCancelled || opts.reap) signalGroup(child.pid, 'SIGKILL');
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        out.destroy();
        err.destroy();
        outLines?.flush();
        errLines?.flush();
        resolve({
          code,
          signal,
          stdout,
          stderr,
          timedOut,
          cancelled: wasCancelled,
          durationMs: Date.now() - started,
        });
      };
      if (closed) finish();
      else {
        // Wait for the pipes to drain: until 200 ms pass without new output, at most 5 s (a
        // background process that keeps writing must not hold the step). The check runs in
        // setImmediate, after the event loop's I/O phase: on a loaded machine the timer can
        // fire in the same turn as output still waiting to be read, and finishing there cut
        // the output of quick commands (seen as an empty `git rev-parse` under load).
        const exitedAt = Date.now();
        let wait: NodeJS.Timeout;
        const check = () =>
          setImmediate(() => {
            const now = Date.now();
            if (now - lastOutput < 200 && now - exitedAt < 5_000) wait = setTimeout(check, 200);
            else finish();
          });
        wait = setTimeout(check, 200);
        child.on('close', () => {
          clearTimeout(wait);
          finish();
        });
      }
    });
  });
}

/** What the runner gives a job's steps to act as the job: no business of a PR's code. */
const RUNNER_CREDENTIALS = [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RUNTIME_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_CACHE_URL',
  'ACTIONS_RESULTS_URL',
  'GITHUB_TOKEN',
  'GH_TOKEN',
];

/**
 * The environment of a program the action starts: the step's, without the action's inputs
 * (the token among them) and, for `untrusted`, without the runner's credentials. Exported for
 * tools run through @actions/exec in a PR's checkout: `npm audit` reads the PR's .npmrc, and
 * npm expands any `${VAR}` in it, into a registry URL or an auth token it sends.
 */
export function childEnvironment(
  opts: Pick<RunOptions, 'env' | 'untrusted'> = {},
): Record<string, string> {
  const kept = Object.entries(process.env).filter(
    ([key]) => !key.startsWith('INPUT_') && !(opts.untrusted && RUNNER_CREDENTIALS.includes(key)),
  );
  // An undefined value means unset, as spawn reads it; dropped, so @actions/exec takes it too.
  return Object.fromEntries(
    Object.entries({ ...Object.fromEntries(kept), ...opts.env }).filter(
      (e): e is [string, string] => e[1] !== undefined,
    ),
  );
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** Hands on complete lines as they arrive; a partial line waits for its end (or flush). */
function lineStreamer(emit: (line: string) => void): ((chunk: string) => void) & {
  flush: () => void;
} {
  let pending = '';
  const push = (chunk: string) => {
    pending += chunk;
    const lines = pending.split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) emit(line);
  };
  return Object.assign(push, {
    flush: () => {
      if (pending !== '') emit(pending);
      pending = '';
    },
  });
}

/** The last lines of a program's output, for an error message. */
export function tail(text: string, lines = 20): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
