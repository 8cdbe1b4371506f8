// The JSON report of jest (`--json --outputFile`) and of vitest's `json` reporter, which
// writes the same shape. Both carry each test's location (jest with
// --testLocationInResults, vitest with --includeTaskLocation) and its failure messages.
import { relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { headline, lineInText, type TestCase, type TestStatus } from '../test-case.ts';

interface Assertion {
  ancestorTitles?: string[];
  title?: string;
  fullName?: string;
  status?: string;
  duration?: number | null;
  failureMessages?: string[];
  location?: { line?: number; column?: number } | null;
}

interface FileResult {
  /** Absolute path of the test file. */
  name?: string;
  status?: string;
  message?: string;
  assertionResults?: Assertion[];
}

interface Report {
  testResults?: FileResult[];
}

export class ReportError extends Error {
  override name = 'ReportError';
}

/** Parses the report text; `cwd` is the directory the runner ran in (file paths become relative to it). */
export function parseJestJson(text: string, cwd: string): TestCase[] {
  let report: Report;
  try {
    report = JSON.parse(text) as Report;
  } catch (err) {
    throw new ReportError(`the JSON report is not valid JSON: ${String(err)}`);
  }
  if (!report || !Array.isArray(report.testResults)) {
    throw new ReportError('the JSON report has no testResults');
  }
  const cases: TestCase[] = [];
  for (const file of report.testResults) {
    const abs = file.name ?? '';
    const suite = abs ? relative(cwd, abs) : '(unknown file)';
    const assertions = file.assertionResults ?? [];
    for (const a of assertions) {
      const name =
        a.fullName || [...(a.ancestorTitles ?? []), a.title ?? ''].filter(Boolean).join(' ');
      const status = statusOf(a.status);
      const details = clean((a.failureMessages ?? []).join('\n\n'));
      const line =
        (status === 'failed' && abs ? lineInText(details, abs, 'first') : undefined) ??
        a.location?.line ??
        undefined;
      cases.push({
        id: `${suite}::${name}`,
        name,
        suite,
        file: suite,
        ...(line ? { line } : {}),
        status,
        ...(typeof a.duration === 'number' ? { durationMs: Math.round(a.duration) } : {}),
        ...(status === 'failed' ? { message: headline(details) || 'failed', details } : {}),
      });
    }
    // A file that failed without a failing test did not load (syntax error, missing import,
    // a throw at the top level): that is a failure too, or a broken file would count as zero.
    if (
      file.status === 'failed' &&
      !cases.some((c) => c.suite === suite && c.status === 'failed')
    ) {
      const details = clean(file.message ?? '');
      cases.push({
        id: `${suite}::(file)`,
        name: `${suite} could not run`,
        suite,
        file: suite,
        status: 'failed',
        message: headline(details) || 'the test file failed to run',
        details,
      });
    }
  }
  return cases;
}

function statusOf(s: string | undefined): TestStatus {
  if (s === 'passed') return 'passed';
  if (s === 'failed') return 'failed';
  // pending, skipped, todo, disabled: selected out or not written yet.
  return 'skipped';
}

function clean(text: string): string {
  return stripVTControlCharacters(text).trim();
}
