// JUnit XML, as pytest writes it (--junitxml) and as most test runners can: parsed with
// fast-xml-parser, a maintained, dependency-light XML parser, never with regular expressions.
import { headline, lineInText, type TestCase } from '../test-case.ts';
import { ReportError } from './jest-json.ts';

export interface JunitOptions {
  /**
   * pytest's xunit1 `line` attribute counts from 0 (it is the test function's line index);
   * other writers count from 1.
   */
  lineBase: 0 | 1;
}

type Node = Record<string, unknown>;

export async function parseJunit(xml: string, opts: JunitOptions): Promise<TestCase[]> {
  const { XMLParser, XMLValidator } = await import('fast-xml-parser');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new ReportError(
      `the JUnit report is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`,
    );
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    textNodeName: '#text',
    // Values stay strings: a test named "1e3" must not become 1000.
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    // Character references (&#10; in pytest's failure messages) as well as the five entities.
    htmlEntities: true,
    isArray: (name) => ['testsuite', 'testcase', 'failure', 'error', 'skipped'].includes(name),
  });
  const doc = parser.parse(xml) as Node;
  const root = (doc.testsuites ?? doc.testsuite) as Node | Node[] | undefined;
  if (!root) throw new ReportError('the JUnit report has no <testsuites> or <testsuite>');
  const cases: TestCase[] = [];
  const walk = (suite: Node) => {
    for (const tc of (suite.testcase as Node[] | undefined) ?? []) cases.push(toCase(tc, opts));
    for (const inner of (suite.testsuite as Node[] | undefined) ?? []) walk(inner);
  };
  for (const s of Array.isArray(root) ? root : [root]) walk(s);
  return cases;
}

function toCase(tc: Node, opts: JunitOptions): TestCase {
  const attr = (k: string) => {
    const v = tc[`@${k}`];
    return typeof v === 'string' ? v : undefined;
  };
  const className = attr('classname') ?? '';
  const testName = attr('name') ?? '(unnamed)';
  const file = attr('file');
  const problem = [...asNodes(tc.failure), ...asNodes(tc.error)][0];
  const skipped = asNodes(tc.skipped).length > 0;
  const name = fullName(className, testName, file);
  const time = Number(attr('time'));
  const base: TestCase = {
    id: `${file ?? className}::${name}`,
    name,
    suite: file ?? className,
    ...(file ? { file } : {}),
    status: problem ? 'failed' : skipped ? 'skipped' : 'passed',
    ...(Number.isFinite(time) ? { durationMs: Math.round(time * 1000) } : {}),
  };
  const declared = attr('line') !== undefined ? Number(attr('line')) + (1 - opts.lineBase) : NaN;
  if (problem) {
    const message = typeof problem['@message'] === 'string' ? problem['@message'] : '';
    const text = typeof problem['#text'] === 'string' ? problem['#text'] : '';
    const details = (text || message).trim();
    base.message = headline(message || text) || 'failed';
    base.details = details;
    const where = file ? lineInText(details, file, 'last') : undefined;
    if (where) base.line = where;
  }
  if (base.line === undefined && Number.isInteger(declared) && declared > 0) base.line = declared;
  return base;
}

/** pytest's node id (tests/test_x.py::TestClass::test_y) when the file is known. */
function fullName(className: string, testName: string, file: string | undefined): string {
  if (file?.endsWith('.py')) {
    const module = file.slice(0, -3).replace(/\//g, '.');
    const inner = className.startsWith(`${module}.`) ? className.slice(module.length + 1) : '';
    return [file, ...(inner ? inner.split('.') : []), testName].join('::');
  }
  return className ? `${className} ${testName}` : testName;
}

function asNodes(v: unknown): Node[] {
  if (!Array.isArray(v)) return [];
  // <skipped/> parses to '' and <failure>text</failure> to a string: both are present.
  return v.map((x) => (typeof x === 'object' && x !== null ? (x as Node) : { '#text': x }));
}
