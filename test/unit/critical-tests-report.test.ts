// npm audit's JSON (captured from real npm 11 against a registry on 127.0.0.1, and its real
// error shapes), and what the action says: verdict, annotations, summary escaping.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNpmAudit } from '../../src/critical-tests/audit.ts';
import {
  annotationsOf,
  outputsOf,
  summaryOf,
  verdict,
  type Outcome,
} from '../../src/critical-tests/report.ts';
import type { TestCase } from '../../src/critical-tests/test-case.ts';

const read = (name: string) =>
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'reports', name), 'utf8');

describe('parseNpmAudit', () => {
  it('lists the high and critical findings with their advisories and fixes', () => {
    const r = parseNpmAudit(read('npm-audit.json'));
    expect(r.error).toBeUndefined();
    expect(r.counts).toEqual({ info: 0, low: 0, moderate: 1, high: 0, critical: 1 });
    expect(r.blocking).toEqual([
      {
        name: 'minimist',
        severity: 'critical',
        advisories: [
          {
            title: 'Prototype Pollution in minimist',
            url: 'https://github.com/advisories/GHSA-xvch-5gv4-984h',
          },
        ],
        range: '1.2.5',
        fix: 'minimist@1.2.8',
      },
    ]);
  });

  it('reports why npm could not audit', () => {
    expect(parseNpmAudit(read('npm-audit-nolock.json')).error).toBe(
      'npm audit failed (ENOLOCK): This command requires an existing lockfile.',
    );
    expect(parseNpmAudit(read('npm-audit-unreachable.json')).error).toMatch(
      /^npm audit failed: request to http:\/\/127\.0\.0\.1:9\/.* ECONNREFUSED/,
    );
    expect(parseNpmAudit('', 'npm ERR! something odd').error).toBe(
      'npm audit printed no JSON report: npm ERR! something odd',
    );
  });
});

function outcome(cases: TestCase[], extra: Partial<Outcome> = {}): Outcome {
  return {
    runner: 'vitest',
    program: 'node_modules/.bin/vitest',
    chosen: 'detected from vitest.config.ts',
    select: 'related+tagged',
    tag: 'critical',
    changedSource: 'the changed-files input',
    changed: { files: ['src/a.ts'], missing: 0, outside: 2 },
    selection: {
      steps: [
        {
          kind: 'related',
          how: 'vitest related',
          command: 'vitest related ./src/a.ts',
          result: { cases, code: 1, timedOut: false, cancelled: false, durationMs: 1200 },
        },
      ],
      cases,
      timedOut: false,
      cancelled: false,
    },
    reportPath: '/tmp/r/junit.xml',
    durationMs: 1500,
    timeoutMs: 600_000,
    allowEmpty: false,
    prefix: 'web',
    ...extra,
  };
}

const hostile: TestCase = {
  id: 'x',
  name: 'renders <img src=x onerror=alert(1)> | @octocat `code`',
  suite: 'src/a.test.ts',
  file: 'src/a.test.ts',
  line: 12,
  status: 'failed',
  message: 'expected | pipes and <b>html</b>',
  details: 'expected\n```\nfence\n```',
};

describe('report', () => {
  it('fails naming the failing tests; annotates them at their file in the repository', () => {
    const o = outcome([hostile, { id: 'y', name: 'ok', suite: 'src/a.test.ts', status: 'passed' }]);
    expect(verdict(o)).toBe(`1 of 2 tests failed: "${hostile.name}"`);
    expect(annotationsOf(o)).toEqual([
      {
        title: `Test failed: ${hostile.name}`,
        message: hostile.message,
        file: 'web/src/a.test.ts',
        line: 12,
      },
    ]);
    expect(outputsOf(o)).toMatchObject({
      passed: '1',
      failed: '1',
      total: '2',
      selected: '["src/a.test.ts"]',
    });
  });

  it('escapes test names and messages in the summary (they are the PR’s text)', () => {
    const s = summaryOf(outcome([hostile]));
    expect(s).not.toMatch(/(?<!\\)<img/);
    expect(s).not.toMatch(/(?<!\\)<b>html/);
    expect(s).not.toContain('@octocat');
    expect(s).toContain('<summary>renders &lt;img src=x onerror=alert(1)&gt;');
    expect(s).toContain('`web/src/a.test.ts:12`');
    // The details block's fence is longer than any fence in the text.
    expect(s).toContain('````\nexpected\n```\nfence\n```\n````');
    // Every table row has the same number of cells: the pipes were escaped.
    const rows = s.split('\n').filter((l) => l.startsWith('| renders'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.split(/(?<!\\)\|/).length).toBe(5);
  });

  it('refuses zero tests as a pass unless allow-empty, saying why', () => {
    const empty = outcome([], {});
    empty.selection.empty = 'tagged: no test carries the tag "critical"';
    expect(verdict(empty)).toMatch(
      /^no test ran, and zero tests is not a pass \(tagged: no test carries/,
    );
    expect(verdict({ ...empty, allowEmpty: true })).toBeUndefined();
    expect(summaryOf({ ...empty, allowEmpty: true })).toContain(
      '## ⚠️ Critical tests: nothing selected',
    );
  });

  it('fails on a timeout, and on audit findings even when the tests pass', () => {
    const timedOut = outcome([]);
    timedOut.selection.timedOut = true;
    expect(verdict(timedOut)).toBe(
      'the tests did not finish within the 10m 00s timeout: node_modules/.bin/vitest and every process it started were killed',
    );
    // go names the test that was still running apart from the ones that failed before.
    const hung = outcome([
      { id: 'a', name: 'TestFails', suite: './a', status: 'failed', message: 'no' },
      {
        id: 'b',
        name: 'TestHangs',
        suite: './b',
        status: 'failed',
        unfinished: true,
        message: 'did not finish',
      },
    ]);
    hung.selection.timedOut = true;
    expect(verdict({ ...hung, program: 'go test' })).toBe(
      'the tests did not finish within the 10m 00s timeout: go test and every process it started were killed while "TestHangs" was running; before that, "TestFails" failed',
    );
    const audited = outcome([{ id: 'y', name: 'ok', suite: 's', status: 'passed' }], {
      audit: { ...parseNpmAudit(read('npm-audit.json')), command: 'npm audit' },
    });
    expect(verdict(audited)).toBe(
      'npm audit found 1 package with high or critical vulnerabilities: minimist (critical)',
    );
    expect(summaryOf(audited)).toContain(
      '[Prototype Pollution in minimist](https://github.com/advisories/GHSA-xvch-5gv4-984h)',
    );
  });
});
