// One JUnit XML report of everything that ran, whatever the runner: the `report-path`
// output, for a test-report step or an artifact. Written with fast-xml-parser's builder, so
// names and messages are escaped properly.
import { writeFileSync } from 'node:fs';
import { countsOf, type TestCase } from './test-case.ts';

export async function writeJunit(
  file: string,
  cases: readonly TestCase[],
  name: string,
): Promise<void> {
  const { XMLBuilder } = await import('fast-xml-parser');
  const bySuite = new Map<string, TestCase[]>();
  for (const c of cases) bySuite.set(c.suite, [...(bySuite.get(c.suite) ?? []), c]);
  const seconds = (list: readonly TestCase[]) =>
    (list.reduce((s, c) => s + (c.durationMs ?? 0), 0) / 1000).toFixed(3);
  const attrs = (list: readonly TestCase[]) => {
    const n = countsOf(list);
    return {
      '@tests': n.total,
      '@failures': n.failed,
      '@errors': 0,
      '@skipped': n.skipped,
      '@time': seconds(list),
    };
  };
  const doc = {
    '?xml': { '@version': '1.0', '@encoding': 'UTF-8' },
    testsuites: {
      '@name': name,
      ...attrs(cases),
      testsuite: [...bySuite].map(([suite, list]) => ({
        '@name': suite,
        ...attrs(list),
        testcase: list.map((c) => ({
          '@name': c.name,
          '@classname': c.suite,
          ...(c.file ? { '@file': c.file } : {}),
          ...(c.line ? { '@line': c.line } : {}),
          '@time': ((c.durationMs ?? 0) / 1000).toFixed(3),
          ...(c.status === 'failed'
            ? { failure: { '@message': c.message ?? 'failed', '#text': c.details ?? '' } }
            : c.status === 'skipped'
              ? { skipped: '' }
              : {}),
        })),
      })),
    },
  };
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    textNodeName: '#text',
    format: true,
    suppressEmptyNode: true,
  });
  writeFileSync(file, builder.build(doc) as string);
}
