// vitest: `vitest related` follows its own module graph from the changed files to the tests
// that import them; tagged tests are chosen with vitest's test tags (`--tags-filter`) when
// the project declares the tag, else by `@tag` in the test name (`-t`). Results come from
// vitest's JSON reporter, with each test's location.
import { join, relative } from 'node:path';
import { run } from '../../shared/process/supervisor.ts';
import { parseJestJson } from '../reports/jest-json.ts';
import { jsNamePattern } from '../tag.ts';
import { asPathArg, nodeBin, plural, readReport } from './common.ts';
import type { Invocation, Runner, RunnerContext, StepKind } from './types.ts';
import type { SelectMode } from '../selection.ts';

export function vitestRunner(ctx: RunnerContext, tag: string, select: SelectMode): Runner {
  const bin = nodeBin(ctx.cwd, 'vitest');
  // Asking vitest for the project's tags takes a vitest start-up: with related+tagged it
  // happens while the related tests run, not after.
  let tags: Promise<boolean> | undefined;
  const declared = () => (tags ??= declaresTag(bin, ctx, tag));
  const invocation = (kind: StepKind, how: string, args: string[]): Invocation => {
    const report = join(ctx.reportDir, `vitest-${kind}.json`);
    return {
      kind,
      how,
      command: bin,
      args: [
        ...args,
        '--passWithNoTests',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${report}`,
        '--includeTaskLocation',
      ],
      read: async () => parseJestJson(readReport(report), ctx.cwd),
    };
  };
  return {
    name: 'vitest',
    program: relative(ctx.cwd, bin) || bin,
    async related(changed) {
      if (select === 'related+tagged') void declared();
      return {
        invocation: invocation(
          'related',
          `vitest related: vitest's module graph from ${plural(changed.length, 'changed file')}`,
          ['related', '--run', ...changed.map(asPathArg)],
        ),
      };
    },
    async tagged() {
      if (await declared()) {
        return {
          invocation: invocation('tagged', `vitest test tag "${tag}" (--tags-filter)`, [
            'run',
            `--tags-filter=${tag}`,
          ]),
        };
      }
      const pattern = jsNamePattern(tag);
      return {
        invocation: invocation('tagged', `test names containing @${tag} (vitest -t)`, [
          'run',
          '-t',
          pattern,
        ]),
      };
    },
    async all() {
      return { invocation: invocation('all', 'every test (vitest run)', ['run']) };
    },
  };
}

/** Whether the project's vitest config declares the tag (vitest >= 4.1 has test tags). */
async function declaresTag(bin: string, ctx: RunnerContext, tag: string): Promise<boolean> {
  const r = await run(bin, ['--list-tags=json'], {
    // The PR's code: no action inputs, no runner credentials.
    untrusted: true,
    cwd: ctx.cwd,
    timeoutMs: Math.max(1, Math.min(ctx.remainingMs(), 120_000)),
  });
  if (r.code !== 0) return false; // an older vitest, or no tags: select by name instead
  try {
    const listed = JSON.parse(r.stdout) as { tags?: { name?: string }[] };
    return (listed.tags ?? []).some((t) => t.name === tag);
  } catch {
    return false;
  }
}
