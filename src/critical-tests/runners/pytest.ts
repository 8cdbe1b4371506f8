// pytest: tagged tests are a marker (`-m critical`); related tests are the test files that
// import, or sit beside, the changed modules (python-imports.ts). Results come from pytest's
// JUnit XML (--junitxml) in the xunit1 family, which carries each test's file and line.
//
// Which pytest: `python3 -m pytest` when that Python has pytest, else `python -m pytest`,
// else a `pytest` or `pytest-3` (Debian's python3-pytest) program on PATH: the first that
// works. A pyenv or virtualenv python3 first on PATH wins, as in a shell.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { run, tail } from '../../shared/process/supervisor.ts';
import { UserError } from '../../shared/runner/errors.ts';
import * as core from '@actions/core';
import { parseJunit } from '../reports/junit.ts';
import { IMPORTS_SCRIPT, relatedPythonTests, type ImportMap } from '../python-imports.ts';
import { asPathArg, plural, readReport } from './common.ts';
import type { Invocation, Runner, RunnerContext, StepKind } from './types.ts';

const CANDIDATES: [string, string[]][] = [
  ['python3', ['-m', 'pytest']],
  ['python', ['-m', 'pytest']],
  ['pytest', []],
  ['pytest-3', []],
];

/** pytest's exit code when it collected no tests (all deselected by -m, say). */
const NO_TESTS_COLLECTED = 5;

export async function pytestRunner(ctx: RunnerContext): Promise<Runner> {
  const [command, prefix] = await findPytest(ctx);
  const invocation = (kind: StepKind, how: string, args: string[]): Invocation => {
    const report = join(ctx.reportDir, `pytest-${kind}.xml`);
    return {
      kind,
      how,
      command,
      args: [
        ...prefix,
        '-p',
        'no:cacheprovider',
        `--junitxml=${report}`,
        '-o',
        'junit_family=xunit1',
        ...args,
      ],
      emptyCodes: [NO_TESTS_COLLECTED],
      read: async () => parseJunit(readReport(report), { lineBase: 0 }),
    };
  };
  return {
    name: 'pytest',
    program: [command, ...prefix].join(' '),
    async related(changed) {
      const python = changed.filter((f) => f.endsWith('.py'));
      if (python.length === 0) return { none: 'none of the changed files is a Python file' };
      const imports = await readImports(ctx);
      const { tests, reasons } = relatedPythonTests(imports, python);
      for (const [t, why] of reasons) core.debug(`related: ${t} (${why})`);
      if (tests.length === 0) {
        return {
          none: `no test file imports, sits beside or is one of ${plural(python.length, 'changed Python file')}`,
        };
      }
      return {
        invocation: invocation(
          'related',
          `${plural(tests.length, 'test file')} that import, sit beside or are ${plural(python.length, 'changed Python file')}`,
          tests.map(asPathArg),
        ),
      };
    },
    async tagged(tag) {
      return {
        invocation: invocation('tagged', `pytest marker "${tag}" (-m ${tag})`, ['-m', tag]),
      };
    },
    async all() {
      return { invocation: invocation('all', 'every test (pytest)', []) };
    },
  };
}

async function findPytest(ctx: RunnerContext): Promise<[string, string[]]> {
  const tried: string[] = [];
  for (const [cmd, prefix] of CANDIDATES) {
    try {
      // Importing pytest is enough to know `-m pytest` works, and much faster than --version.
      const probe = prefix.length ? ['-c', 'import pytest'] : ['--version'];
      const r = await run(cmd, probe, {
        // The PR's code: no action inputs, no runner credentials.
        untrusted: true,
        cwd: ctx.cwd,
        timeoutMs: Math.max(1, Math.min(ctx.remainingMs(), 60_000)),
      });
      if (r.code === 0) return [cmd, prefix];
      tried.push(`${[cmd, ...prefix].join(' ')}: exit ${r.code}`);
    } catch {
      tried.push(`${cmd}: not found`);
    }
  }
  throw new UserError(
    `pytest is not installed (${tried.join('; ')}): install it (pip install pytest, or apt-get install python3-pytest) before this step`,
  );
}

async function readImports(ctx: RunnerContext): Promise<ImportMap> {
  const out = join(ctx.reportDir, 'python-imports.json');
  let last = '';
  for (const python of ['python3', 'python']) {
    try {
      const r = await run(python, ['-c', IMPORTS_SCRIPT, ctx.cwd, out], {
        // The PR's code: no action inputs, no runner credentials.
        untrusted: true,
        cwd: ctx.cwd,
        timeoutMs: Math.max(1, Math.min(ctx.remainingMs(), 120_000)),
      });
      if (r.code === 0) return JSON.parse(readFileSync(out, 'utf8')) as ImportMap;
      last = `${python} exited ${r.code}: ${tail(r.stderr, 5)}`;
    } catch (err) {
      last = `${python}: ${String(err)}`;
    }
  }
  throw new UserError(`could not read the project's Python imports (${last})`);
}
