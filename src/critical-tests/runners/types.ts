// What the selection flow needs from a test runner: for each way of selecting, the one
// command that runs it (or why nothing can be selected), and how to read what ran.
import type { TestCase } from '../test-case.ts';

export const RUNNERS = ['vitest', 'jest', 'pytest', 'go', 'command'] as const;
export type RunnerName = (typeof RUNNERS)[number];

export type StepKind = 'related' | 'tagged' | 'all';

/** What a finished runner process left behind. */
export interface Finished {
  code: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** Every stdout line, when the invocation collects them (go test -json). */
  lines: string[];
}

export interface Invocation {
  kind: StepKind;
  /** How this run selects, in words: "vitest's module graph of 2 changed files". */
  how: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** Exit codes meaning "nothing to run" rather than failure (pytest's 5). */
  emptyCodes?: number[];
  /**
   * For machine-readable stdout (go test -json): each stdout line is kept and this returns
   * the text to show in the log instead (undefined shows nothing).
   */
  logLine?: (line: string) => string | undefined;
  /**
   * Whether the runner stopped itself at a time limit the action gave it (go test's
   * -timeout): the run timed out as surely as when the action kills it.
   */
  hitTimeout?: (done: Finished) => boolean;
  /** The tests the run reports; throws ReportError when there is no readable report. */
  read: (done: Finished) => Promise<TestCase[]>;
  /** Said in the summary after the run (e.g. "no JUnit report: the command counts as one test"). */
  note?: (done: Finished) => string | undefined;
}

export type Selection = { invocation: Invocation } | { none: string };

export interface Runner {
  name: RunnerName;
  /** The program that runs, for the summary: "node_modules/.bin/vitest". */
  program: string;
  related(changed: readonly string[]): Promise<Selection>;
  tagged(tag: string): Promise<Selection>;
  all(): Promise<Selection>;
}

export interface RunnerContext {
  /** The working directory, absolute: where the runner runs. */
  cwd: string;
  /** Where reports are written. */
  reportDir: string;
  /** Milliseconds left before the `timeout` input's limit. */
  remainingMs: () => number;
  /** The `command` input, for runner: command. */
  command: string;
}
