// The report parsers on reports the real runners wrote (test/fixtures/reports/, captured from
// the fixture projects with the seeded bug, a file that cannot load, skipped tests and, for
// Go, a build failure and a test killed by go's own timeout; temp paths became /project).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJestJson, ReportError } from '../../src/critical-tests/reports/jest-json.ts';
import { parseJunit } from '../../src/critical-tests/reports/junit.ts';
import { hitGoTimeout, parseGoTestJson } from '../../src/critical-tests/reports/go-json.ts';
import { writeJunit } from '../../src/critical-tests/junit-writer.ts';
import { countsOf, mergeCases, type TestCase } from '../../src/critical-tests/test-case.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const REPORTS = join(import.meta.dirname, '..', 'fixtures', 'reports');
const read = (name: string) => readFileSync(join(REPORTS, name), 'utf8');
const byName = (cases: TestCase[], name: string) => cases.find((c) => c.name === name);

describe('vitest JSON report', () => {
  const cases = parseJestJson(read('vitest.json'), '/project');

  it('reads every test with its file, status and location', () => {
    expect(countsOf(cases)).toEqual({ total: 11, passed: 7, failed: 2, skipped: 2 });
    expect(byName(cases, 'rejects expired tokens')).toMatchObject({
      suite: 'src/auth.test.js',
      file: 'src/auth.test.js',
      line: 4,
      status: 'passed',
    });
  });

  it('names the failing assertion: its message and the line in the test file', () => {
    expect(byName(cases, 'applyDiscount takes the percentage off')).toMatchObject({
      status: 'failed',
      file: 'src/pricing.test.js',
      line: 6, // the expect(...) line from the stack, not the test's declaration (5)
      message: 'AssertionError: expected 1600 to be 1800 // Object.is equality',
    });
  });

  it('counts a test file that cannot load as a failure', () => {
    expect(byName(cases, 'src/broken.test.js could not run')).toMatchObject({
      status: 'failed',
      message: expect.stringContaining("Cannot find module './missing.js'"),
    });
  });

  it('counts skipped and todo tests as skipped', () => {
    expect(byName(cases, 'is skipped')?.status).toBe('skipped');
    expect(byName(cases, 'is todo')?.status).toBe('skipped');
  });
});

describe('jest JSON report', () => {
  const cases = parseJestJson(read('jest.json'), '/project');

  it('reads tests, failures with their assertion text, and broken files', () => {
    expect(countsOf(cases)).toEqual({ total: 11, passed: 7, failed: 2, skipped: 2 });
    expect(byName(cases, 'applyDiscount takes the percentage off')).toMatchObject({
      file: 'src/pricing.test.js',
      line: 5,
      message:
        'Error: expect(received).toBe(expected) // Object.is equality\nExpected: 1800\nReceived: 1600',
    });
    expect(byName(cases, 'rejects expired tokens @critical')).toMatchObject({
      line: 4,
      status: 'passed',
    });
    expect(byName(cases, 'src/broken.test.js could not run')?.message).toContain(
      "Cannot find module './missing'",
    );
  });

  it('refuses a report that is not one', () => {
    expect(() => parseJestJson('{"numTotalTests": 0}', '/p')).toThrow(ReportError);
    expect(() => parseJestJson('{"testResults": [', '/p')).toThrow(ReportError);
  });
});

describe('pytest JUnit XML', () => {
  it('reads node ids, 0-based lines, entities, errors and skips', async () => {
    const cases = await parseJunit(read('pytest.xml'), { lineBase: 0 });
    expect(countsOf(cases)).toEqual({ total: 11, passed: 7, failed: 3, skipped: 1 });
    expect(byName(cases, 'tests/test_pricing.py::test_takes_the_percentage_off')).toMatchObject({
      file: 'tests/test_pricing.py',
      line: 7,
      status: 'failed',
      message: 'assert 1600 == 1800\n+  where 1600 = apply_discount(2000, 10)',
    });
    // Inside a class; the message decodes &lt; &amp; and &#10;.
    expect(byName(cases, 'tests/test_more.py::TestCart::test_in_a_class')).toMatchObject({
      line: 6,
      message: expect.stringMatching(
        /^AssertionError: lists <differ> & more\nassert \[1, 2\] == \[1, 3\]/,
      ),
    });
    // A fixture error is a failure of the test that needed it.
    expect(byName(cases, 'tests/test_more.py::test_error_in_setup')).toMatchObject({
      status: 'failed',
      message: 'failed on setup with "RuntimeError: fixture exploded"',
    });
    // A passing test keeps its declared line, made 1-based.
    expect(byName(cases, 'tests/test_auth.py::test_rejects_expired_tokens')?.line).toBe(6);
  });

  it('reads nested suites and bare <failure> text of other writers', async () => {
    const xml = `<?xml version="1.0"?>
      <testsuites><testsuite name="outer"><testsuite name="inner">
        <testcase classname="Cart" name="adds"><failure>boom
at Cart.adds</failure></testcase>
        <testcase classname="Cart" name="later"><skipped/></testcase>
      </testsuite></testsuite></testsuites>`;
    const cases = await parseJunit(xml, { lineBase: 1 });
    expect(cases).toEqual([
      expect.objectContaining({ name: 'Cart adds', status: 'failed', message: 'boom' }),
      expect.objectContaining({ name: 'Cart later', status: 'skipped' }),
    ]);
  });

  it('refuses XML that is not well-formed, naming the line', async () => {
    await expect(parseJunit('<testsuites>\n<testcase name="x">', { lineBase: 1 })).rejects.toThrow(
      /not well-formed XML \(line \d+/,
    );
  });
});

describe('go test -json', () => {
  const dirs: Record<string, string> = {
    'example.com/shop/pricing': './pricing',
    'example.com/shop/search': './search',
    'example.com/shop/broken': './broken',
    'example.com/shop/auth': './auth',
  };
  const opts = (stderr = '') => ({ dirOf: (p: string) => dirs[p], stderr });
  const lines = (name: string) => read(name).split('\n');

  it('counts leaf tests (subtests, not their parents) and finds the failing line', () => {
    const cases = parseGoTestJson(lines('go.jsonl'), opts(read('go.stderr')));
    const failed = cases.filter((c) => c.status === 'failed').map((c) => c.id);
    expect(failed.sort()).toEqual([
      'example.com/shop/broken.(package)',
      'example.com/shop/pricing.TestApplyDiscountTakesThePercentageOff',
      'example.com/shop/search.TestTable/wrong',
    ]);
    expect(cases.find((c) => c.id.endsWith('TestTable'))).toBeUndefined();
    expect(cases.find((c) => c.id.endsWith('TestTable/one'))?.status).toBe('passed');
    expect(cases.find((c) => c.id.endsWith('TestSkipped'))?.status).toBe('skipped');
    expect(cases.find((c) => c.id.endsWith('TakesThePercentageOff'))).toMatchObject({
      suite: './pricing',
      file: 'pricing/pricing_test.go',
      line: 8,
      message: 'ApplyDiscount(2000, 10) = 1600, <nil>; want 1800',
    });
  });

  it('turns a package that does not build into a failure carrying the compiler error', () => {
    const cases = parseGoTestJson(lines('go.jsonl'), opts(read('go.stderr')));
    const broken = cases.find((c) => c.id === 'example.com/shop/broken.(package)')!;
    expect(broken.details).toContain('cannot use "no" (untyped string constant) as int value');
  });

  it('fails a test that never finished, with go’s timeout panic as the message', () => {
    const cases = parseGoTestJson(lines('go-timeout.jsonl'), opts());
    expect(cases.find((c) => c.name === 'TestHangs')).toMatchObject({
      status: 'failed',
      unfinished: true,
      message: 'did not finish (panic: test timed out after 2s)',
      details: expect.stringContaining('auth.TestHangs'),
    });
    expect(cases.filter((c) => c.status === 'passed')).toHaveLength(2);
  });

  it('tells go’s own -timeout panic from an ordinary failure', () => {
    expect(hitGoTimeout(lines('go-timeout.jsonl'))).toBe(true);
    expect(hitGoTimeout(lines('go.jsonl'))).toBe(false);
  });
});

describe('merged JUnit report', () => {
  it('round-trips through the JUnit parser, escaping hostile names and messages', async () => {
    const cases: TestCase[] = [
      {
        id: 'a::1',
        name: 'renders <b>"quotes"</b> & it\'s ampersands',
        suite: 'src/a.test.ts',
        file: 'src/a.test.ts',
        line: 3,
        status: 'failed',
        message: 'expected <x> & "y"',
        details: 'expected <x> & "y"\n  at src/a.test.ts:3:5 ]]> \u001b[31mred\u001b[0m',
        durationMs: 12,
      },
      { id: 'a::2', name: 'passes', suite: 'src/a.test.ts', status: 'passed', durationMs: 1 },
      { id: 'b::1', name: 'later', suite: 'src/b.test.ts', status: 'skipped' },
    ];
    const file = join(mkdtempSync(join(tmpdir(), 'junit-')), 'junit.xml');
    await writeJunit(file, cases, 'critical-tests (vitest)');
    const back = await parseJunit(readFileSync(file, 'utf8'), { lineBase: 1 });
    expect(back.map((c) => [c.name, c.status])).toEqual([
      ['src/a.test.ts renders <b>"quotes"</b> & it\'s ampersands', 'failed'],
      ['src/a.test.ts passes', 'passed'],
      ['src/b.test.ts later', 'skipped'],
    ]);
    expect(back[0]).toMatchObject({
      file: 'src/a.test.ts',
      line: 3,
      message: 'expected <x> & "y"',
    });
    expect(back[0]!.details).toContain(']]>');
    // ANSI colours carry ESC, which XML 1.0 cannot hold: dropped, the text kept.
    expect(back[0]!.details).toContain('[31mred[0m');
    const xml = readFileSync(file, 'utf8');
    expect(xml).toContain('<testsuites name="critical-tests (vitest)" tests="3" failures="1"');
    expect(xml).not.toContain('\u001b');
  });
});

describe('mergeCases', () => {
  it('counts a test once, and lets a later run replace a skip', () => {
    const t = (id: string, status: TestCase['status']): TestCase => ({
      id,
      name: id,
      suite: 'f',
      status,
    });
    const merged = mergeCases([
      [t('a', 'passed'), t('b', 'skipped')],
      [t('a', 'failed'), t('b', 'passed'), t('c', 'skipped')],
    ]);
    expect(merged.map((c) => [c.id, c.status])).toEqual([
      ['a', 'passed'],
      ['b', 'passed'],
      ['c', 'skipped'],
    ]);
  });
});
