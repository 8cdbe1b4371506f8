// critical-tests through its bundle, run as the runner runs it, on real fixture projects
// (test/fixtures/projects/) with the real runners: vitest and jest from this repository's
// node_modules, Debian's pytest and go, real git for pushes, the real npm against a
// registry on 127.0.0.1, and the fake GitHub for a pull request's files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub } from '../harness/fake-github/server.ts';
import { contractViolations } from '../harness/fake-github/contract.ts';
import { pullRequestEvent, pushEvent } from '../harness/events.ts';
import { ROOT, runAction, type ActionResult, type RunOptions } from '../harness/run-action.ts';
import { FakeNpmRegistry } from '../harness/npm-registry.ts';

const PROJECTS = join(ROOT, 'test', 'fixtures', 'projects');
const fake = new FakeGitHub();
const registry = new FakeNpmRegistry();
/** Go's build cache and module path for this file: shared by its tests (go locks them), offline. */
let goEnv: Record<string, string> = {};

beforeAll(async () => {
  await Promise.all([fake.start(), registry.start()]);
  const go = mkdtempSync(join(tmpdir(), 'critical-tests-go-'));
  goEnv = {
    GOCACHE: join(go, 'cache'),
    GOPATH: join(go, 'path'),
    GOFLAGS: '-mod=mod',
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
  };
});
afterAll(() => Promise.all([fake.stop(), registry.stop()]));

/** A copy of a fixture project in a fresh directory; vitest and jest get this repository's node_modules. */
function project(kind: 'vitest' | 'jest' | 'pytest' | 'go' | 'npm-audit', into?: string): string {
  const dir = into ?? mkdtempSync(join(tmpdir(), `critical-tests-${kind}-`));
  cpSync(join(PROJECTS, kind), dir, { recursive: true });
  if (kind === 'vitest' || kind === 'jest')
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Applies the fixture's seeded bug: the hotfix that breaks pricing. */
function seedBug(dir: string): void {
  cpSync(join(dir, '_seeded_bug'), dir, { recursive: true });
}

/** Asynchronously: this process serves the fake GitHub to the tests running beside it. */
async function git(dir: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'T',
      GIT_AUTHOR_EMAIL: 't@x',
      GIT_COMMITTER_NAME: 'T',
      GIT_COMMITTER_EMAIL: 't@x',
    },
  });
  return stdout.trim();
}

async function commitAll(dir: string, message: string): Promise<string> {
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-qm', message);
  return git(dir, 'rev-parse', 'HEAD');
}

function run(
  workspace: string,
  inputs: Record<string, string>,
  extra: Omit<RunOptions, 'inputs' | 'workspace'> = {},
): Promise<ActionResult> {
  return runAction('critical-tests', {
    workspace,
    inputs: { 'github-token': '', ...inputs },
    timeoutMs: 150_000,
    ...extra,
    env: { ...goEnv, RUNNER_TEMP: mkdtempSync(join(tmpdir(), 'runner-temp-')), ...extra.env },
  });
}

const selected = (r: ActionResult) => JSON.parse(r.outputs.selected ?? '[]') as string[];
const failureMessage = (r: ActionResult) =>
  r.annotations.find((a) => a.level === 'error' && !a.props.title)?.message;

/** Processes whose working directory is inside `dir`, or whose command line has the marker. */
function leftovers(dir: string, marker: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cwd === dir || cwd.startsWith(`${dir}/`) || cmd.includes(marker))
        out.push(`${pid}: ${cmd}`);
    } catch {
      // gone already, or not ours to read
    }
  }
  return out;
}

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Real runners on a shared 2-core machine: generous bounds.
describe.concurrent('critical-tests', { timeout: 150_000 }, () => {
  it('vitest, pull_request: runs the tests related to the PR’s files and the critical ones, not the rest', async () => {
    const dir = project('vitest');
    const repo = fake.state.addRepo(`acme/vitest-${randomUUID().slice(0, 8)}`);
    // 120 files: the action must follow GitHub's pagination to find the one that matters.
    const docs = Array.from({ length: 119 }, (_, i) => `docs/page-${i}.md`);
    const pr = fake.state.addPull(repo, {
      title: '[P1] fix discount rounding',
      head: 'hotfix/ENG-1-discount',
      files: [...docs, 'src/pricing.js'],
    });
    const event = pullRequestEvent(fake, repo, pr.number);
    const r = await run(
      dir,
      { 'github-token': fake.token },
      { event, repository: `${repo.owner}/${repo.name}`, apiUrl: fake.url, token: fake.token },
    );
    expect(r.code, r.stdout).toBe(0);
    expect(selected(r).sort()).toEqual([
      'src/auth.test.js',
      'src/checkout.test.js',
      'src/pricing.test.js',
    ]);
    // 4 related tests and the critical one ran; the untagged auth test and search's did not.
    expect(r.outputs).toMatchObject({
      succeeded: 'true',
      passed: '5',
      failed: '0',
      skipped: '3',
      total: '8',
      runner: 'vitest',
    });
    expect(r.summary).toContain(
      `1 from the files of PR \\#${pr.number} (GitHub API) (and 119 not in the checkout)`,
    );
    expect(r.summary).toContain('vitest test tag "critical" (--tags-filter)');
    const listed = fake.requests.filter((q) =>
      q.path.endsWith(`/${repo.name}/pulls/${pr.number}/files`),
    );
    expect(listed.map((q) => q.query.get('page') ?? '1')).toEqual(['1', '2']);
    expect(await contractViolations(listed)).toEqual([]);
    // The merged JUnit report says the same.
    const junit = readFileSync(r.outputs['report-path']!, 'utf8');
    expect(junit).toContain(
      '<testsuites name="critical-tests (vitest)" tests="8" failures="0" errors="0" skipped="3"',
    );
  });

  it('vitest, seeded bug: fails naming the test, annotated at the failing line', async () => {
    const dir = project('vitest');
    seedBug(dir);
    const r = await run(dir, { select: 'related', 'changed-files': 'src/pricing.js' });
    expect(r.code).toBe(1);
    expect(failureMessage(r)).toBe('1 of 4 tests failed: "applyDiscount takes the percentage off"');
    expect(r.annotations).toContainEqual({
      level: 'error',
      message: 'AssertionError: expected 1600 to be 1800 // Object.is equality',
      props: {
        title: 'Test failed: applyDiscount takes the percentage off',
        file: 'src/pricing.test.js',
        line: '6',
      },
    });
    expect(selected(r).sort()).toEqual(['src/checkout.test.js', 'src/pricing.test.js']);
    expect(r.summary).toContain(
      '| applyDiscount takes the percentage off | `src/pricing.test.js:6` | AssertionError: expected 1600 to be 1800 // Object.is equality |',
    );
  });

  it('vitest, select related with nothing related: falls back to the tagged tests', async () => {
    const dir = project('vitest');
    writeFileSync(join(dir, 'README.md'), '# shop\n');
    const r = await run(dir, { select: 'related', 'changed-files': 'README.md' });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs).toMatchObject({ passed: '1', failed: '0' });
    expect(selected(r)).toEqual(['src/auth.test.js']);
    expect(r.summary).toContain(
      'fell back to tagged: vitest found no test related to the 1 changed file',
    );
  });

  it('jest, push: the pushed range’s diff selects related tests; the seeded bug fails the action', async () => {
    const dir = project('jest');
    await git(dir, 'init', '-q', '-b', 'main');
    const before = await commitAll(dir, 'shop');
    seedBug(dir);
    const after = await commitAll(dir, 'fix: discount');
    const event = pushEvent(
      { owner: 'acme', name: 'jest' } as never,
      'hotfix/ENG-2-discount',
      after,
    );
    const r = await run(
      dir,
      {},
      { event: { ...event, payload: { ...event.payload, before } }, sha: after, ref: event.ref },
    );
    expect(r.code).toBe(1);
    expect(r.summary).toContain(
      `from git diff ${before.slice(0, 12)}..${after.slice(0, 12)} (the push)`,
    );
    expect(failureMessage(r)).toBe('1 of 5 tests failed: "applyDiscount takes the percentage off"');
    expect(r.annotations).toContainEqual(
      expect.objectContaining({
        props: expect.objectContaining({ file: 'src/pricing.test.js', line: '5' }),
      }),
    );
    expect(r.annotations.find((a) => a.props.file)?.message).toBe(
      'Error: expect(received).toBe(expected) // Object.is equality\nExpected: 1800\nReceived: 1600',
    );
    expect(selected(r).sort()).toEqual([
      'src/auth.test.js',
      'src/checkout.test.js',
      'src/pricing.test.js',
    ]);
  });

  it('jest, allow-empty: a tag no test carries passes, and says nothing was selected', async () => {
    const dir = project('jest');
    const r = await run(dir, { select: 'tagged', tag: 'smoke', 'allow-empty': 'true' });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs).toMatchObject({
      succeeded: 'true',
      passed: '0',
      failed: '0',
      skipped: '8',
      selected: '[]',
    });
    expect(r.summary).toContain('## ⚠️ Critical tests: nothing selected');
  });

  it('pytest, pull_request with the seeded bug: related test files by import, the marker, the failing line', async () => {
    const dir = project('pytest');
    seedBug(dir);
    const repo = fake.state.addRepo(`acme/pytest-${randomUUID().slice(0, 8)}`);
    const pr = fake.state.addPull(repo, {
      title: 'fix',
      head: 'hotfix/ENG-3',
      files: ['shop/pricing.py'],
    });
    const r = await run(
      dir,
      { 'github-token': fake.token },
      {
        event: pullRequestEvent(fake, repo, pr.number),
        repository: `${repo.owner}/${repo.name}`,
        apiUrl: fake.url,
        token: fake.token,
      },
    );
    expect(r.code).toBe(1);
    expect(failureMessage(r)).toBe(
      '1 of 5 tests failed: "tests/test_pricing.py::test_takes_the_percentage_off"',
    );
    expect(r.annotations).toContainEqual({
      level: 'error',
      message: 'assert 1600 == 1800\n+  where 1600 = apply_discount(2000, 10)',
      props: {
        title: 'Test failed: tests/test_pricing.py::test_takes_the_percentage_off',
        file: 'tests/test_pricing.py',
        line: '7',
      },
    });
    // test_checkout imports shop.checkout, which imports .pricing; test_auth has the marker.
    expect(selected(r).sort()).toEqual([
      'tests/test_auth.py',
      'tests/test_checkout.py',
      'tests/test_pricing.py',
    ]);
    expect(r.summary).toContain(
      '2 test files that import, sit beside or are 1 changed Python file',
    );
    expect(r.summary).toContain('pytest marker "critical" (-m critical)');
  });

  // A hanging test run per runner, hanging at once: only the runner's own start-up comes
  // before the hang, so a short timeout reaches it even on a busy machine. vitest and jest hang
  // loading their config (tests that wait for a database that never comes up), pytest in its
  // conftest.py, go in a -toolexec wrapper (GOFLAGS) before it builds anything. The hang starts
  // a child (a stand-in for a server or a lock holder) from HANG_CHILD, which writes its pid
  // and renames itself to a marker, then waits forever.
  const HANGS = {
    vitest: {
      program: 'node_modules/.bin/vitest',
      files: {
        'vitest.config.js': `import { spawn } from 'node:child_process';

spawn('bash', ['-c', process.env.HANG_CHILD], { stdio: 'ignore' });
await new Promise(() => setInterval(() => {}, 60_000));
export default {};
`,
      },
    },
    jest: {
      program: 'node_modules/.bin/jest',
      files: {
        // The config moves out of package.json (jest refuses two) into a file that waits.
        'package.json': JSON.stringify({
          name: 'fixture-shop-jest',
          devDependencies: { jest: '*' },
        }),
        'jest.config.js': `const { spawn } = require('node:child_process');

module.exports = async () => {
  spawn('bash', ['-c', process.env.HANG_CHILD], { stdio: 'ignore' });
  await new Promise(() => setInterval(() => {}, 60_000));
};
`,
      },
    },
    pytest: {
      program: 'python3 -m pytest',
      files: {
        'conftest.py': `import os
import subprocess
import time

subprocess.Popen(["bash", "-c", os.environ["HANG_CHILD"]])
time.sleep(3600)
`,
      },
    },
    go: {
      program: 'go test',
      files: { 'hang-tool.sh': '#!/bin/bash\nbash -c "$HANG_CHILD" &\nexec sleep 3600\n' },
    },
  };
  type Hang = keyof typeof HANGS;

  /** What makes `kind` hang in `dir`: its files, and for go the wrapper in GOFLAGS. */
  function hangIn(kind: Hang, dir: string): Record<string, string> {
    for (const [file, text] of Object.entries(HANGS[kind].files))
      writeFileSync(join(dir, file), text, { mode: 0o755 });
    return kind === 'go'
      ? { GOFLAGS: `${goEnv.GOFLAGS} -toolexec=${join(dir, 'hang-tool.sh')}` }
      : {};
  }

  /**
   * Runs the action on a project that hangs, with a timeout of `seconds`; checks that the
   * hang was reached and that no process was left behind. A run that ended before the hang
   * (or, with `reached`, before the path under test) proves nothing about the kill; on a busy
   * machine the runner's start-up can take most of a short timeout, so such a run is tried
   * again with twice the time, up to `attempts` runs.
   */
  async function hang(
    dir: string,
    inputs: Record<string, string>,
    seconds: number,
    {
      attempts = 3,
      env = {},
      reached = (_: ActionResult): boolean => true,
    }: {
      attempts?: number;
      env?: Record<string, string>;
      reached?: (r: ActionResult) => boolean;
    } = {},
  ): Promise<{ r: ActionResult; timeout: string }> {
    for (let attempt = 1; ; attempt++, seconds *= 2) {
      const timeout = `${seconds}s`;
      const marker = `hang-${randomUUID()}`;
      const pidFile = join(mkdtempSync(join(tmpdir(), 'hang-pid-')), 'pid');
      const r = await run(
        dir,
        { ...inputs, timeout },
        { env: { ...env, HANG_CHILD: `echo $$ > ${pidFile}; exec -a ${marker} sleep 300` } },
      );
      await until('no process left', () => leftovers(dir, marker).length === 0, 5_000).catch(
        () => {},
      );
      expect(leftovers(dir, marker)).toEqual([]);
      // The hang was reached: the child ran (and wrote its pid).
      const hung = existsSync(pidFile) && reached(r);
      if (hung || attempt === attempts) {
        expect(existsSync(pidFile), `not reached in ${attempt} runs:\n${r.stdout}`).toBe(true);
        return { r, timeout };
      }
    }
  }

  it.for(['vitest', 'jest', 'pytest', 'go'] as const)(
    '%s, a hanging test run: killed at the timeout with every process it started',
    async (kind) => {
      const dir = project(kind);
      const env = hangIn(kind, dir);
      const { program } = HANGS[kind];
      // select all: the fewest steps before the runner (pytest's related needs a Python run).
      const { r, timeout } = await hang(dir, { select: 'all' }, 3, { env });
      // The action ended it (an exit code), not the harness's own limit (a SIGKILL).
      expect(r.signal).toBeNull();
      expect(r.code, r.stdout).toBe(1);
      expect(failureMessage(r)).toBe(
        `the tests did not finish within the ${timeout} timeout: ${program} and every process it started were killed`,
      );
      expect(r.summary).toContain('## ⏱️ Critical tests timed out');
      expect(r.summary).toContain('⏱️ killed at the timeout');
    },
  );

  // A hanging test function, which go's own -timeout (set a little before the action's limit,
  // runners/go.ts) panics: go exits by itself, a different path from the kill. This one needs
  // the test binary; it is built before the action (go test -exec true), as by an earlier
  // step, so the action's go test only links it. go's margin is 3 s at 15 s: it covers the
  // link and the start of the binary, then the stack dump and exit.
  it('go, a hanging test: go’s own -timeout fires first, and that is still the timeout, naming the test', async () => {
    const dir = project('go');
    writeFileSync(
      join(dir, 'search', 'hang_test.go'),
      `package search

import (
	"os"
	"os/exec"
	"testing"
	"time"
)

func TestWaitsForALockThatNeverFrees(t *testing.T) {
	Search(nil, "shoe")
	if err := exec.Command("bash", "-c", os.Getenv("HANG_CHILD")).Start(); err != nil {
		panic(err)
	}
	time.Sleep(time.Hour)
}
`,
    );
    // Asynchronously: this process serves the fake GitHub to the tests running beside it.
    await promisify(execFile)('go', ['test', '-exec', 'true', './...'], {
      cwd: dir,
      env: { ...process.env, ...goEnv },
    });
    const panicked = (r: ActionResult) => /^panic: test timed out after \d+s$/m.test(r.stdout);
    const inputs = { select: 'related', 'changed-files': 'search/search.go' };
    const { r, timeout } = await hang(dir, inputs, 15, { attempts: 2, reached: panicked });
    // go ended it, before the action's own limit: the panic is go's own -timeout.
    expect(panicked(r), r.stdout).toBe(true);
    expect(r.code, r.stdout).toBe(1);
    expect(failureMessage(r)).toBe(
      `the tests did not finish within the ${timeout} timeout: go test and every process it started were killed while "TestWaitsForALockThatNeverFrees" was running`,
    );
    expect(r.annotations).toContainEqual({
      level: 'error',
      message: expect.stringMatching(/^did not finish \(panic: test timed out after \d+s\)$/),
      props: { title: 'Test failed: TestWaitsForALockThatNeverFrees' },
    });
    expect(r.summary).toContain('⏱️ killed at the timeout');
  });

  it('go, in a monorepo directory: related packages and the critical test; annotations at repository paths', async () => {
    const root = mkdtempSync(join(tmpdir(), 'critical-tests-mono-'));
    const dir = join(root, 'services', 'shop');
    mkdirSync(dir, { recursive: true });
    project('go', dir);
    seedBug(dir);
    const r = await run(root, {
      'working-directory': 'services/shop',
      'changed-files': 'services/shop/pricing/pricing.go\nweb/app.js',
    });
    expect(r.code).toBe(1);
    expect(failureMessage(r)).toBe('1 of 5 tests failed: "TestApplyDiscountTakesThePercentageOff"');
    expect(r.annotations).toContainEqual({
      level: 'error',
      message: 'ApplyDiscount(2000, 10) = 1600, <nil>; want 1800',
      props: {
        title: 'Test failed: TestApplyDiscountTakesThePercentageOff',
        file: 'services/shop/pricing/pricing_test.go',
        line: '8',
      },
    });
    expect(selected(r).sort()).toEqual(['./auth', './checkout', './pricing']);
    expect(r.summary).toContain(
      '1 from the changed-files input (and 1 outside the working directory)',
    );
  });

  // Zero tests is never a pass: each runner's way of finding nothing, and the reason given.
  it.for([
    [
      'vitest',
      { select: 'tagged', tag: 'smoke' },
      'tagged: no test carries the tag "smoke" (test names containing @smoke (vitest -t); 8 tests skipped)',
    ],
    [
      'jest',
      { select: 'related+tagged', 'changed-files': 'package.json', tag: 'smoke' },
      'related: no related test (jest --findRelatedTests: jest\'s dependency graph from 1 changed file); tagged: no test carries the tag "smoke" (test names containing @smoke (jest -t); 8 tests skipped)',
    ],
    [
      'pytest',
      { select: 'related', 'changed-files': 'pytest.ini', tag: 'smoke' },
      'related: none of the changed files is a Python file; tagged: no test carries the tag "smoke" (pytest marker "smoke" (-m smoke))',
    ],
    [
      'go',
      { select: 'tagged', tag: 'smoke' },
      'tagged: no test carries the tag "smoke" (Go test names with the word Smoke (go test -run))',
    ],
  ] as const)('%s, nothing selected: fails saying why', async ([kind, inputs, why]) => {
    const r = await run(project(kind), inputs);
    expect(r.code, r.stdout).toBe(1);
    expect(failureMessage(r)).toBe(
      `no test ran, and zero tests is not a pass (${why}). Mark critical tests with the tag "smoke", or set allow-empty: true`,
    );
    expect(r.outputs).toMatchObject({ passed: '0', failed: '0', selected: '[]' });
    expect(r.summary).toContain('## ❌ Critical tests: nothing selected');
  });

  it('runner command: the selected files are arguments, never shell text; a JUnit report is read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'critical-tests-command-'));
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'tests'));
    const hostile = 'x$(touch PWNED)`touch PWNED2`';
    for (const f of [
      'src/pricing.js',
      'src/pricing.test.js',
      `src/${hostile}.js`,
      `tests/${hostile}.test.js`,
      'src/search.test.js',
    ])
      writeFileSync(join(dir, f), '');
    writeFileSync(
      join(dir, 'record.mjs'),
      `import { writeFileSync } from 'node:fs';
writeFileSync('args.json', JSON.stringify({ args: process.argv.slice(2), select: process.env.CRITICAL_TESTS_SELECT }));
writeFileSync(process.env.CRITICAL_TESTS_JUNIT, '<testsuites><testsuite name="s">' +
  '<testcase classname="pricing" name="rounds" file="src/pricing.test.js" line="3" time="0.01"/>' +
  '<testcase classname="pricing" name="discounts" file="src/pricing.test.js" line="9" time="0.02"><failure message="off by one">expected 9 got 10</failure></testcase>' +
  '</testsuite></testsuites>');
process.exit(1);
`,
    );
    const r = await run(dir, {
      runner: 'command',
      command: 'node record.mjs --reporter "dot"',
      select: 'related',
      'changed-files': `src/pricing.js,src/${hostile}.js`,
    });
    const recorded = JSON.parse(readFileSync(join(dir, 'args.json'), 'utf8')) as {
      args: string[];
      select: string;
    };
    expect(recorded).toEqual({
      args: ['--reporter', 'dot', './src/pricing.test.js', `./tests/${hostile}.test.js`],
      select: 'related',
    });
    expect(existsSync(join(dir, 'PWNED')) || existsSync(join(dir, 'PWNED2'))).toBe(false);
    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({
      succeeded: 'false',
      passed: '1',
      failed: '1',
      total: '2',
      runner: 'command',
    });
    expect(r.annotations).toContainEqual(
      expect.objectContaining({
        message: 'off by one',
        props: expect.objectContaining({ file: 'src/pricing.test.js', line: '9' }),
      }),
    );
  });

  it('audit npm: the real npm audit (registry on 127.0.0.1) fails the action on a critical finding', async () => {
    const dir = project('npm-audit');
    registry.advisories.set('minimist', [
      {
        id: 1179,
        url: 'https://github.com/advisories/GHSA-xvch-5gv4-984h',
        title: 'Prototype Pollution in minimist',
        severity: 'critical',
        vulnerable_versions: '>=1.0.0 <1.2.6',
      },
    ]);
    registry.versions.set('minimist', ['1.2.5', '1.2.6', '1.2.8']);
    registry.versions.set('ms', ['2.0.0', '2.1.3']);
    const r = await run(
      dir,
      { runner: 'command', command: 'true', select: 'all', audit: 'npm' },
      { env: { npm_config_registry: registry.url, npm_config_fetch_retries: '0' } },
    );
    expect(r.code).toBe(1);
    expect(failureMessage(r)).toBe(
      'npm audit found 1 package with high or critical vulnerabilities: minimist (critical)',
    );
    expect(r.summary).toContain(
      '| `minimist` | critical | [Prototype Pollution in minimist](https://github.com/advisories/GHSA-xvch-5gv4-984h) | `1.2.5` | `minimist@1.2.8` |',
    );
    expect(registry.audited).toContainEqual({ minimist: ['1.2.5'], ms: ['2.0.0'] });
    // The tests themselves passed.
    expect(r.outputs).toMatchObject({ passed: '1', failed: '0' });
  });

  it("audit npm: a PR's .npmrc that expands the token into the registry URL and auth gets nothing (attack)", async () => {
    const dir = project('npm-audit');
    cpSync(join(PROJECTS, 'npm-audit-npmrc'), dir, { recursive: true });
    const token = 'ghs_actionToken00000000000000000000000002';
    const runtime = 'runtime-token-00000000000000000002';
    const before = registry.requests.length;
    const r = await run(
      dir,
      { runner: 'command', command: 'true', select: 'all', audit: 'npm', 'github-token': token },
      {
        env: {
          HOTFIX_TEST_REGISTRY: registry.url,
          HOTFIX_TEST_REGISTRY_HOST: new URL(registry.url).host,
          ACTIONS_RUNTIME_TOKEN: runtime,
          npm_config_fetch_retries: '0',
        },
      },
    );
    // Every request since (the other audit test shares the registry and runs alongside).
    const sent = registry.requests.slice(before);
    // npm did read that .npmrc and ask the registry it names: the check is not vacuous.
    expect(sent.filter((q) => q.url.startsWith('/leak/')).length, r.stdout).toBeGreaterThan(0);
    const everything = JSON.stringify(sent);
    for (const secret of [token, runtime]) expect(everything).not.toContain(secret);
  });

  it("the test process, the PR's code, sees no token: no action input, no runner credential (attack)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'critical-tests-env-'));
    writeFileSync(join(dir, 'dump.sh'), 'env > env.txt\n');
    const token = 'ghs_actionToken00000000000000000000000001';
    const r = await run(
      dir,
      {
        runner: 'command',
        command: 'bash dump.sh',
        select: 'all',
        'allow-empty': 'true',
        'github-token': token,
      },
      {
        env: {
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-request-token-000000000001',
          ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.example/oidc',
          ACTIONS_RUNTIME_TOKEN: 'runtime-token-00000000000000000001',
          GITHUB_TOKEN: 'ghs_exportedByTheJob000000000000000001',
        },
      },
    );
    expect(r.code, r.stdout).toBe(0);
    const seen = readFileSync(join(dir, 'env.txt'), 'utf8');
    expect(seen).toContain('CRITICAL_TESTS_SELECT=all'); // it did run, with our own variables
    for (const leaked of [
      token,
      'oidc-request-token',
      'runtime-token',
      'ghs_exportedByTheJob',
      'INPUT_',
      'ACTIONS_ID_TOKEN_REQUEST_URL',
    ])
      expect(seen).not.toContain(leaked);
  });

  it('a bad input fails before anything runs, naming the input', async () => {
    const dir = project('vitest');
    const r = await run(dir, { tag: 'crit ical' });
    expect(r.code).toBe(1);
    expect(failureMessage(r)).toBe(
      'input "tag": "crit ical" is not one word of letters, digits and underscores starting with a letter, like critical or smoke',
    );
    expect(r.stdout).not.toContain('::group::');
    const noCommand = await run(dir, { runner: 'command' });
    expect(failureMessage(noCommand)).toBe(
      'input "command" is required: the test command to run when runner is command',
    );
  });

  it('a directory with no known test runner: says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'critical-tests-none-'));
    const r = await run(dir, {});
    expect(r.code).toBe(1);
    expect(failureMessage(r)).toMatch(
      /^could not tell which test runner .* uses .*: set the runner input$/,
    );
  });
});
