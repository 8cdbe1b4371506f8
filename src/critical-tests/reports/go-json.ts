// `go test -json` (test2json): one JSON event per line. Tests are named by package and
// test name; where a failure happened is only in the test's own output, as the `file:line:`
// prefix that t.Error and t.Fatal put on every message.
import { headline, type TestCase, type TestStatus } from '../test-case.ts';

interface GoEvent {
  Action?: string;
  Package?: string;
  ImportPath?: string;
  Test?: string;
  Output?: string;
  Elapsed?: number;
}

interface Entry {
  pkg: string;
  test: string;
  status?: TestStatus;
  output: string[];
  elapsed?: number;
}

export interface GoReportOptions {
  /** The package's directory relative to the working directory, e.g. `./pricing`. */
  dirOf: (importPath: string) => string | undefined;
  /** go's stderr: build errors are written there, not into the JSON stream. */
  stderr?: string;
}

/** The JSON events of the stream, and the lines that are not JSON. */
export function parseGoEvents(lines: readonly string[]): { events: GoEvent[]; text: string[] } {
  const events: GoEvent[] = [];
  const text: string[] = [];
  for (const line of lines) {
    if (line.startsWith('{')) {
      try {
        events.push(JSON.parse(line) as GoEvent);
        continue;
      } catch {
        // not an event after all: keep it as text
      }
    }
    text.push(line);
  }
  return { events, text };
}

export function parseGoTestJson(lines: readonly string[], opts: GoReportOptions): TestCase[] {
  const tests = new Map<string, Entry>();
  const packages = new Map<string, Entry>();
  const buildOutput = new Map<string, string>();
  const { events, text } = parseGoEvents(lines);
  for (const e of events) {
    // go >= 1.24 reports compiler output as build-output events of the ImportPath.
    if (e.Action === 'build-output' && e.ImportPath) {
      buildOutput.set(e.ImportPath, (buildOutput.get(e.ImportPath) ?? '') + (e.Output ?? ''));
      continue;
    }
    if (!e.Package) continue;
    const key = e.Test ? `${e.Package}\u0000${e.Test}` : e.Package;
    const map = e.Test ? tests : packages;
    let entry = map.get(key);
    if (!entry) map.set(key, (entry = { pkg: e.Package, test: e.Test ?? '', output: [] }));
    if (e.Action === 'output' && e.Output !== undefined) entry.output.push(e.Output);
    if (e.Action === 'pass' || e.Action === 'fail' || e.Action === 'skip') {
      entry.status = e.Action === 'pass' ? 'passed' : e.Action === 'fail' ? 'failed' : 'skipped';
      if (typeof e.Elapsed === 'number') entry.elapsed = e.Elapsed;
    }
  }

  // go < 1.24 prints a package that does not build as plain text, not as an event.
  for (const line of text) {
    const pkg = /^FAIL\s+(\S+)\s+\[(build|setup) failed\]/.exec(line)?.[1];
    if (pkg && !packages.has(pkg)) {
      packages.set(pkg, { pkg, test: '', status: 'failed', output: [`${line}\n`] });
    }
  }

  const all = [...tests.values()];
  const hasChildren = (t: Entry) =>
    all.some((o) => o.pkg === t.pkg && o.test.startsWith(`${t.test}/`));
  const childFailed = (t: Entry) =>
    all.some((o) => o.pkg === t.pkg && o.test.startsWith(`${t.test}/`) && o.status === 'failed');
  const cases: TestCase[] = [];
  for (const t of all) {
    // Count leaf tests, as other runners count tests, not the parents of subtests; a parent
    // that failed on its own (no failing subtest) still counts.
    if (hasChildren(t) && !(t.status === 'failed' && !childFailed(t))) continue;
    const dir = opts.dirOf(t.pkg) ?? t.pkg;
    // A test still running when the stream ended was killed (timeout, panic): it failed.
    const status: TestStatus = t.status ?? 'failed';
    const c: TestCase = {
      id: `${t.pkg}.${t.test}`,
      name: t.test,
      suite: dir,
      status,
      ...(t.elapsed !== undefined ? { durationMs: Math.round(t.elapsed * 1000) } : {}),
    };
    if (status === 'failed') {
      const text = testOutput(t.output);
      c.details = text || '(no output)';
      if (t.status) c.message = headline(stripLocation(text)) || 'failed';
      else {
        // Its output is whatever it printed before it was stopped, or go's panic with every
        // goroutine's stack: the one line that says why it stopped is the panic's.
        const panic = /^panic: .*$/m.exec(text)?.[0];
        c.message = `did not finish${panic ? ` (${panic})` : ''}`;
        c.unfinished = true;
      }
      const where = locationIn(t.output);
      if (where) {
        c.file =
          dir === '.' || dir === './' ? where.file : `${dir.replace(/^\.\//, '')}/${where.file}`;
        c.line = where.line;
      }
    }
    cases.push(c);
  }

  // A package that failed without a failing test: it did not build, or it crashed outside a
  // test (TestMain, init, a panic in a goroutine). That must fail the run, not vanish.
  for (const p of packages.values()) {
    if (p.status !== 'failed') continue;
    if (cases.some((c) => c.id.startsWith(`${p.pkg}.`) && c.status === 'failed')) continue;
    const dir = opts.dirOf(p.pkg) ?? p.pkg;
    const text = [
      testOutput(p.output),
      buildOutput.get(p.pkg)?.trim() ?? '',
      opts.stderr?.trim() ?? '',
    ]
      .filter(Boolean)
      .join('\n');
    cases.push({
      id: `${p.pkg}.(package)`,
      name: `package ${p.pkg}`,
      suite: dir,
      status: 'failed',
      message: headline(text) || 'the package failed',
      details: text,
    });
  }
  return cases;
}

/**
 * Whether go's own -timeout stopped a test binary: it panics with "test timed out after",
 * which test2json reports as the output of the test that was running (of the package
 * in some go versions).
 */
export function hitGoTimeout(lines: readonly string[]): boolean {
  return parseGoEvents(lines).events.some(
    (e) => e.Action === 'output' && e.Output?.startsWith('panic: test timed out after') === true,
  );
}

/** The test's own output without the runner's === RUN / --- FAIL bookkeeping lines. */
function testOutput(output: readonly string[]): string {
  return output
    .join('')
    .split('\n')
    .filter((l) => !/^\s*(=== (RUN|PAUSE|CONT|NAME)|--- (PASS|FAIL|SKIP):)/.test(l))
    .join('\n')
    .trim();
}

/** `    cart_test.go:12: got 3` -> cart_test.go, 12 (the first message of the test). */
function locationIn(output: readonly string[]): { file: string; line: number } | undefined {
  for (const chunk of output) {
    const [, file, line] = /^\s+([\w.+-]+\.go):(\d+): /.exec(chunk) ?? [];
    if (file && line) return { file, line: Number(line) };
  }
  return undefined;
}

function stripLocation(text: string): string {
  return text.replace(/^\s*[\w.+-]+\.go:\d+: /gm, '');
}
