// jest: `--findRelatedTests` follows jest's own dependency graph from the changed files;
// jest has no test tags, so tagged tests carry `@tag` in their name and `-t` selects them.
// Results come from jest's JSON report (--json), with locations (--testLocationInResults):
// it is built in, where a JUnit report would need a reporter package in the project.
import { join, relative } from 'node:path';
import { parseJestJson } from '../reports/jest-json.ts';
import { jsNamePattern } from '../tag.ts';
import { asPathArg, nodeBin, plural, readReport } from './common.ts';
import type { Invocation, Runner, RunnerContext, StepKind } from './types.ts';

export function jestRunner(ctx: RunnerContext): Runner {
  const bin = nodeBin(ctx.cwd, 'jest');
  const invocation = (kind: StepKind, how: string, args: string[]): Invocation => {
    const report = join(ctx.reportDir, `jest-${kind}.json`);
    return {
      kind,
      how,
      command: bin,
      // Selection arguments last: --findRelatedTests takes every path after it.
      args: [
        '--ci',
        '--passWithNoTests',
        '--json',
        `--outputFile=${report}`,
        '--testLocationInResults',
        ...args,
      ],
      read: async () => parseJestJson(readReport(report), ctx.cwd),
    };
  };
  return {
    name: 'jest',
    program: relative(ctx.cwd, bin) || bin,
    async related(changed) {
      return {
        invocation: invocation(
          'related',
          `jest --findRelatedTests: jest's dependency graph from ${plural(changed.length, 'changed file')}`,
          ['--findRelatedTests', ...changed.map(asPathArg)],
        ),
      };
    },
    async tagged(tag) {
      const pattern = jsNamePattern(tag);
      return {
        invocation: invocation('tagged', `test names containing @${tag} (jest -t)`, [
          '-t',
          pattern,
        ]),
      };
    },
    async all() {
      return { invocation: invocation('all', 'every test (jest)', []) };
    },
  };
}
