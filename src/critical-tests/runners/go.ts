// go test: related tests are the packages that contain the changed files and the packages
// that import them (go-packages.ts, from `go list`); tagged tests carry the tag as a word
// of their name and `-run` selects them. Results come from `go test -json`.
import { relative } from 'node:path';
import { run, tail } from '../../shared/process/supervisor.ts';
import { UserError } from '../../shared/runner/errors.ts';
import { hitGoTimeout, parseGoTestJson } from '../reports/go-json.ts';
import { goRunPattern } from '../tag.ts';
import {
  GO_LIST_FORMAT,
  goDirArg,
  parseGoList,
  relatedPackages,
  type GoPackage,
} from '../go-packages.ts';
import { plural } from './common.ts';
import type { Invocation, Runner, RunnerContext, StepKind } from './types.ts';

export async function goRunner(ctx: RunnerContext): Promise<Runner> {
  const packages = await listPackages(ctx);
  const dirs = new Map(packages.map((p) => [p.importPath, p.dir]));
  const invocation = (kind: StepKind, how: string, args: string[]): Invocation => ({
    kind,
    how,
    command: 'go',
    // go's own timeout fires a little before ours: it panics naming the test that hung,
    // which says more than a killed process. Ours stays the backstop.
    args: ['test', '-json', `-timeout=${goTimeoutSeconds(ctx.remainingMs())}s`, ...args],
    logLine: (line) => {
      if (!line.startsWith('{')) return line;
      try {
        const e = JSON.parse(line) as { Action?: string; Output?: string };
        return e.Action === 'output' && e.Output !== undefined
          ? e.Output.replace(/\n$/, '')
          : undefined;
      } catch {
        return line;
      }
    },
    // When go's timeout fires first, go exits by itself: without this the run would read as
    // an ordinary test failure, and the next selection step would start with no time left.
    hitTimeout: (done) => hitGoTimeout(done.lines),
    read: async (done) =>
      parseGoTestJson(done.lines, { dirOf: (p) => dirs.get(p), stderr: done.stderr }),
  });
  return {
    name: 'go',
    program: 'go test',
    async related(changed) {
      const hit = relatedPackages(packages, changed);
      if (hit.length === 0) {
        return {
          none: `none of the ${plural(changed.length, 'changed file')} is in a Go package of the module, or imported by one`,
        };
      }
      return {
        invocation: invocation(
          'related',
          `${plural(hit.length, 'package')} containing or importing the changed files`,
          hit.map((p) => p.dir),
        ),
      };
    },
    async tagged(tag) {
      const pattern = goRunPattern(tag);
      const word = tag.charAt(0).toUpperCase() + tag.slice(1);
      return {
        invocation: invocation('tagged', `Go test names with the word ${word} (go test -run)`, [
          '-run',
          pattern,
          './...',
        ]),
      };
    },
    async all() {
      return { invocation: invocation('all', 'every test (go test ./...)', ['./...']) };
    },
  };
}

/**
 * go's own -timeout, set before the action's so that go names the test that hangs. Its
 * clock starts in each test binary, after the build and link, and go still has to dump
 * the stacks and exit: the margin is 10% of the time left, at most 15 s, but at least 3 s
 * (or half the time left) because those steps take a second or two on a busy runner.
 */
export function goTimeoutSeconds(remainingMs: number): number {
  const margin = Math.min(15_000, Math.max(remainingMs * 0.1, Math.min(3_000, remainingMs / 2)));
  return Math.max(1, Math.floor((remainingMs - margin) / 1000));
}

async function listPackages(ctx: RunnerContext): Promise<GoPackage[]> {
  let r;
  try {
    r = await run('go', ['list', '-e', '-f', GO_LIST_FORMAT, './...'], {
      // The PR's code: no action inputs, no runner credentials.
      untrusted: true,
      cwd: ctx.cwd,
      timeoutMs: Math.max(1, Math.min(ctx.remainingMs(), 120_000)),
      maxBuffer: 20_000_000,
    });
  } catch (err) {
    throw new UserError(
      `go is not installed (${String(err)}): set up Go (actions/setup-go) before this step`,
    );
  }
  if (r.code !== 0) {
    throw new UserError(
      `go list ./... failed in ${ctx.cwd} (exit ${r.code}): ${tail(r.stderr, 10)}`,
    );
  }
  return parseGoList(r.stdout, (abs) => goDirArg(relative(ctx.cwd, abs)));
}
