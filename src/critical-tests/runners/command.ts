// runner: command — the user's own test command. It runs as
//   bash --noprofile --norc -eo pipefail -c '<command> "$@"' critical-tests ./file1 ./file2 ...
// (the shell options of a `run:` step), so the command text is the workflow author's, and
// the selected files (names from a PR, untrusted) reach it only as positional arguments,
// never as shell text. --noprofile --norc keep the user's dotfiles out of the test run, as
// the runner's own `bash --noprofile --norc` does for run: steps. The command also
// gets CRITICAL_TESTS_SELECT (related, tagged or all), CRITICAL_TESTS_TAG, and
// CRITICAL_TESTS_JUNIT: a path where it may write a JUnit XML report. With a report the
// action counts and names the tests; without one the command counts as one test.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJunit } from '../reports/junit.ts';
import { conventionalTests, listFiles } from '../conventional-tests.ts';
import { asPathArg, plural } from './common.ts';
import type { Invocation, Runner, RunnerContext, StepKind } from './types.ts';

export function commandRunner(ctx: RunnerContext, tag: string): Runner {
  const invocation = (kind: StepKind, how: string, files: string[]): Invocation => {
    const report = join(ctx.reportDir, `command-${kind}.xml`);
    return {
      kind,
      how,
      command: 'bash',
      args: [
        '--noprofile',
        '--norc',
        '-eo',
        'pipefail',
        '-c',
        `${ctx.command} "$@"`,
        'critical-tests',
        ...files.map(asPathArg),
      ],
      env: { CRITICAL_TESTS_SELECT: kind, CRITICAL_TESTS_TAG: tag, CRITICAL_TESTS_JUNIT: report },
      read: async (done) => {
        if (existsSync(report)) return parseJunit(readFileSync(report, 'utf8'), { lineBase: 1 });
        return [
          {
            id: `(command ${kind})`,
            name: `${ctx.command}${files.length ? ` (${plural(files.length, 'file')})` : ''}`,
            suite: '(command)',
            status: done.code === 0 && !done.timedOut ? 'passed' : 'failed',
            ...(done.code === 0
              ? {}
              : {
                  message: `the command exited with code ${done.code}`,
                  details: (done.stderr || done.stdout).trim().split('\n').slice(-30).join('\n'),
                }),
          },
        ];
      },
      note: () =>
        existsSync(report)
          ? undefined
          : 'the command wrote no JUnit report to $CRITICAL_TESTS_JUNIT, so it counts as one test: the action cannot prove how many tests ran',
    };
  };
  return {
    name: 'command',
    program: ctx.command,
    async related(changed) {
      const tests = conventionalTests(changed, listFiles(ctx.cwd));
      if (tests.length === 0) {
        return {
          none: `no changed file is a test, and no test is named after one of the ${plural(changed.length, 'changed file')}`,
        };
      }
      return {
        invocation: invocation(
          'related',
          `${plural(tests.length, 'test file')} changed or named after the changed files, as arguments`,
          tests,
        ),
      };
    },
    async tagged() {
      return {
        invocation: invocation(
          'tagged',
          `the command with CRITICAL_TESTS_TAG=${tag} and no file arguments`,
          [],
        ),
      };
    },
    async all() {
      return { invocation: invocation('all', 'the command with no file arguments', []) };
    },
  };
}
