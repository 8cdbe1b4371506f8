// One JUnit XML report of everything that ran, whatever the runner: the `report-path`
// output, for a test-report step or an artifact. Written by hand: the format is five
// elements, and loading an XML library only to write it cost ~6 ms of the action's start.
// Every name and message goes through xml(), which escapes markup and drops the control
// characters XML 1.0 cannot carry (a test's output may hold ANSI colour codes).
import { writeFileSync } from 'node:fs';
import { countsOf, type TestCase } from './test-case.ts';

export async function writeJunit(
  file: string,
  cases: readonly TestCase[],
  name: string,
): Promise<void> {
  const bySuite = new Map<string, TestCase[]>();
  for (const c of cases) bySuite.set(c.suite, [...(bySuite.get(c.suite) ?? []), c]);
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const counts = (list: readonly TestCase[]) => {
    const n = countsOf(list);
    const ms = list.reduce((s, c) => s + (c.durationMs ?? 0), 0);
    return `tests="${n.total}" failures="${n.failed}" errors="0" skipped="${n.skipped}" time="${seconds(ms)}"`;
  };
  const testcase = (c: TestCase) => {
    const attrs = [
      `name="${xml(c.name)}"`,
      `classname="${xml(c.suite)}"`,
      ...(c.file ? [`file="${xml(c.file)}"`] : []),
      ...(c.line ? [`line="${c.line}"`] : []),
      `time="${seconds(c.durationMs ?? 0)}"`,
    ].join(' ');
    if (c.status === 'failed')
      return `    <testcase ${attrs}>\n      <failure message="${xml(c.message ?? 'failed')}">${xml(c.details ?? '')}</failure>\n    </testcase>`;
    if (c.status === 'skipped') return `    <testcase ${attrs}>\n      <skipped/>\n    </testcase>`;
    return `    <testcase ${attrs}/>`;
  };
  const suites = [...bySuite].map(
    ([suite, list]) =>
      `  <testsuite name="${xml(suite)}" ${counts(list)}>\n${list.map(testcase).join('\n')}\n  </testsuite>`,
  );
  writeFileSync(
    file,
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(name)}" ${counts(cases)}>\n${suites.join('\n')}\n</testsuites>\n`,
  );
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text safe in an XML 1.0 attribute or element: markup escaped, forbidden characters dropped. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}
