// One test as every runner's report describes it, and the counts the action reports.

export type TestStatus = 'passed' | 'failed' | 'skipped';

export interface TestCase {
  /** Unique within a run: the file (or Go package) and the full name. */
  id: string;
  /** The full name, suites included, as people read it. */
  name: string;
  /** The test file (or Go package) it belongs to, relative to the working directory. */
  suite: string;
  /** Where to annotate, relative to the working directory, when the report says. */
  file?: string;
  line?: number;
  status: TestStatus;
  /**
   * Failed by not finishing: still running when its run was stopped (killed at the timeout,
   * or its process crashed). A timeout names it as the test that hung, not as one that failed.
   */
  unfinished?: boolean;
  durationMs?: number;
  /** The first line of the failure: what went wrong. */
  message?: string;
  /** The whole failure text (assertion diff, stack, captured output). */
  details?: string;
}

export interface Counts {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
}

export function countsOf(cases: readonly TestCase[]): Counts {
  const c: Counts = { total: cases.length, passed: 0, failed: 0, skipped: 0 };
  for (const t of cases) c[t.status]++;
  return c;
}

/** Tests that ran (passed or failed): what "something was tested" means. */
export function ranCount(cases: readonly TestCase[]): number {
  return cases.filter((t) => t.status !== 'skipped').length;
}

/**
 * Merges the cases of several runs (related, then tagged). A test that ran in an earlier run
 * is not counted again; a test skipped earlier (deselected by a name filter) takes the later
 * result.
 */
export function mergeCases(runs: readonly (readonly TestCase[])[]): TestCase[] {
  const byId = new Map<string, TestCase>();
  for (const cases of runs) {
    for (const t of cases) {
      const seen = byId.get(t.id);
      if (!seen || (seen.status === 'skipped' && t.status !== 'skipped')) byId.set(t.id, t);
    }
  }
  return [...byId.values()];
}

/** The distinct test files (or packages) that had at least one test run, in first-seen order. */
export function selectedSuites(cases: readonly TestCase[]): string[] {
  const out = new Set<string>();
  for (const t of cases) if (t.status !== 'skipped') out.add(t.suite);
  return [...out];
}

/**
 * The head of a failure text: its first lines up to the stack trace (at most `max`), which
 * say what went wrong ("expected 1800, received 1600") without the frames.
 */
export function headline(text: string | undefined, max = 4): string {
  const out: string[] = [];
  for (const line of (text ?? '').split('\n')) {
    const t = line.trim();
    if (/^at\s/.test(t) || out.length >= max) break;
    if (t) out.push(t);
  }
  return out.join('\n');
}

/**
 * The line of `file` in a failure's stack or traceback: the frame in the test file itself,
 * which is where the failing assertion is. `path` is how the text spells the file (absolute
 * for JavaScript stacks, relative for pytest); `which` picks the innermost frame, which is
 * the first for JavaScript stacks and the last for Python tracebacks.
 */
export function lineInText(
  text: string,
  path: string,
  which: 'first' | 'last',
): number | undefined {
  let found: number | undefined;
  let from = 0;
  for (;;) {
    const at = text.indexOf(`${path}:`, from);
    if (at < 0) return found;
    from = at + path.length + 1;
    // The character before must end a path (a frame like "(/a/b.js:5" or "at /a/b.js:5").
    const before = at === 0 ? '' : text.charAt(at - 1);
    if (before !== '' && !' (\t\n'.includes(before)) continue;
    let end = from;
    while (end < text.length && text.charAt(end) >= '0' && text.charAt(end) <= '9') end++;
    if (end === from) continue;
    found = Number(text.slice(from, end));
    if (which === 'first') return found;
  }
}
