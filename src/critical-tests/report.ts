// What critical-tests tells people (job summary, annotations, the failure message) and other
// steps (outputs). Test names and messages come from the PR's code: escaped, never trusted.
import { posix } from 'node:path';
import { codeBlock, details, md, table } from '../shared/text/markdown.ts';
import { formatDuration } from '../shared/text/duration.ts';
import type { AuditResult } from './audit.ts';
import type { LocalChanges } from './changed-files.ts';
import type { SelectionOutcome, SelectMode, StepReport } from './selection.ts';
import { countsOf, ranCount, selectedSuites, type TestCase } from './test-case.ts';
import { plural } from './runners/common.ts';

export interface Outcome {
  runner: string;
  program: string;
  /** How the runner was chosen: "detected from vitest.config.js" or "the runner input". */
  chosen: string;
  select: SelectMode;
  tag: string;
  changedSource: string;
  /** Undefined when the changed files are unknown or were not needed. */
  changed?: LocalChanges;
  selection: SelectionOutcome;
  audit?: AuditResult;
  reportPath: string;
  durationMs: number;
  timeoutMs: number;
  allowEmpty: boolean;
  /** The working directory relative to the repository root ('' at the root): annotation paths. */
  prefix: string;
}

/** How many failures become annotations (GitHub shows 10 per step; the summary lists all). */
export const MAX_ANNOTATIONS = 20;

export function outputsOf(o: Outcome): Record<string, string> {
  const n = countsOf(o.selection.cases);
  return {
    // true|false like the other actions' verdict outputs; passed, failed... are counts.
    succeeded: String(verdict(o) === undefined),
    passed: String(n.passed),
    failed: String(n.failed),
    skipped: String(n.skipped),
    total: String(n.total),
    'duration-ms': String(o.durationMs),
    selected: JSON.stringify(selectedSuites(o.selection.cases)),
    'report-path': o.reportPath,
    runner: o.runner,
  };
}

/** Why the action fails, or undefined when it passes. */
export function verdict(o: Outcome): string | undefined {
  const s = o.selection;
  const reasons: string[] = [];
  const failed = s.cases.filter((c) => c.status === 'failed');
  if (s.timedOut) {
    // A runner that streams its progress (go test -json) says which test hung: name it as
    // the one that was running, not as one that failed before the timeout.
    const running = failed.filter((c) => c.unfinished);
    const before = failed.filter((c) => !c.unfinished);
    reasons.push(
      `the tests did not finish within the ${formatDuration(o.timeoutMs)} timeout: ${o.program} and every process it started were killed` +
        (running.length
          ? ` while ${names(running)} ${running.length === 1 ? 'was' : 'were'} running`
          : '') +
        (before.length ? `; before that, ${names(before)} failed` : ''),
    );
  } else if (s.cancelled) {
    reasons.push('the run was cancelled: the test processes were stopped');
  } else if (failed.length) {
    reasons.push(`${failed.length} of ${ranCount(s.cases)} tests failed: ${names(failed)}`);
  } else if (s.empty && !o.allowEmpty) {
    reasons.push(
      `no test ran, and zero tests is not a pass (${s.empty}). Mark critical tests with the tag "${o.tag}", or set allow-empty: true`,
    );
  }
  if (o.audit?.error) reasons.push(`the security audit could not run: ${o.audit.error}`);
  else if (o.audit?.blocking.length) {
    reasons.push(
      `npm audit found ${plural(o.audit.blocking.length, 'package')} with high or critical vulnerabilities: ${o.audit.blocking.map((f) => `${f.name} (${f.severity})`).join(', ')}`,
    );
  }
  return reasons.length ? reasons.join('. Also: ') : undefined;
}

function names(failed: readonly TestCase[]): string {
  const shown = failed.slice(0, 3).map((c) => `"${c.name}"`);
  return shown.join(', ') + (failed.length > 3 ? ` and ${failed.length - 3} more` : '');
}

export interface AnnotationSpec {
  message: string;
  title: string;
  file?: string;
  line?: number;
}

export function annotationsOf(o: Outcome): AnnotationSpec[] {
  return o.selection.cases
    .filter((c) => c.status === 'failed')
    .slice(0, MAX_ANNOTATIONS)
    .map((c) => ({
      title: `Test failed: ${c.name}`,
      message: c.message ?? 'failed',
      ...(c.file ? { file: o.prefix ? posix.join(o.prefix, c.file) : c.file } : {}),
      ...(c.file && c.line ? { line: c.line } : {}),
    }));
}

const DETAILS_LIMIT = 4000;

export function summaryOf(o: Outcome): string {
  const s = o.selection;
  const n = countsOf(s.cases);
  const ran = ranCount(s.cases);
  const failure = verdict(o);
  const heading = s.timedOut
    ? '## ⏱️ Critical tests timed out'
    : n.failed
      ? `## ❌ Critical tests: ${n.failed} of ${ran} failed`
      : ran === 0
        ? `## ${o.allowEmpty ? '⚠️' : '❌'} Critical tests: nothing selected`
        : `## ${failure ? '❌' : '✅'} Critical tests: ${ran} passed`;

  const facts = table(
    ['', ''],
    [
      ['Runner', `${o.runner} (${code(o.program)}), ${md(o.chosen)}`],
      [
        'Selection',
        `${o.select}, tag ${code(o.tag)}${s.fallback ? ` — fell back to tagged: ${md(s.fallback)}` : ''}`,
      ],
      ['Changed files', changedText(o)],
      [
        'Tests',
        `${ran} ran: ${n.passed} passed, ${n.failed} failed; ${n.skipped} skipped (not selected)`,
      ],
      ['Duration', `${formatDuration(o.durationMs)} (timeout ${formatDuration(o.timeoutMs)})`],
      ['Report', `${code(o.reportPath)} (JUnit XML)`],
    ],
  );
  const parts = [heading];
  if (failure) parts.push(`**Why it failed:** ${md(failure)}`);
  parts.push(facts, '### What ran', table(['Run', 'How', 'Tests', 'Result'], s.steps.map(stepRow)));
  const commands = s.steps.filter((st) => st.command).map((st) => `${st.kind}: ${st.command}`);
  if (commands.length) parts.push(details('Commands', codeBlock(commands.join('\n'), 'sh')));
  const notes = s.steps.map((st) => st.result?.note).filter((x): x is string => !!x);
  for (const note of new Set(notes)) parts.push(`> ⚠️ ${md(note)}`);

  const failed = s.cases.filter((c) => c.status === 'failed');
  if (failed.length) {
    parts.push(
      '### Failing tests',
      table(
        ['Test', 'Where', 'What went wrong'],
        failed.map((c) => [md(c.name), where(o, c), md(c.message ?? 'failed')]),
      ),
    );
    for (const c of failed.slice(0, MAX_ANNOTATIONS)) {
      const text = c.details ?? '';
      const clipped = text.length > DETAILS_LIMIT ? `${text.slice(0, DETAILS_LIMIT)}\n…` : text;
      if (clipped) parts.push(details(htmlText(c.name), codeBlock(clipped)));
    }
  }
  const suites = selectedSuites(s.cases);
  if (suites.length) {
    parts.push(
      details(
        `${plural(suites.length, o.runner === 'go' ? 'package' : 'test file')} ran`,
        suites.map((f) => `- ${code(f)}`).join('\n'),
      ),
    );
  }
  if (o.audit) parts.push(auditSection(o.audit));
  const outputs = outputsOf(o);
  parts.push(
    details(
      'Outputs',
      table(
        ['Output', 'Value'],
        Object.entries(outputs).map(([k, v]) => [k, code(v)]),
      ),
    ),
  );
  return parts.join('\n\n');
}

function changedText(o: Outcome): string {
  if (!o.changed) return md(o.changedSource);
  const c = o.changed;
  const extra = [
    ...(c.outside ? [`${c.outside} outside the working directory`] : []),
    ...(c.missing ? [`${c.missing} not in the checkout`] : []),
  ];
  return `${c.files.length} from ${md(o.changedSource)}${extra.length ? ` (and ${extra.join(', ')})` : ''}`;
}

function stepRow(st: StepReport): string[] {
  const r = st.result;
  if (st.skipped || !r) return [st.kind, md(st.skipped ?? ''), '0', 'not run'];
  const n = countsOf(r.cases);
  const ran = n.passed + n.failed;
  const result = r.timedOut
    ? '⏱️ killed at the timeout'
    : r.cancelled
      ? 'cancelled'
      : n.failed
        ? `❌ ${n.failed} failed`
        : ran
          ? '✅ passed'
          : 'none selected';
  return [
    st.kind,
    md(st.how),
    `${ran} ran${n.skipped ? `, ${n.skipped} skipped` : ''}`,
    `${result} (${formatDuration(r.durationMs)})`,
  ];
}

function where(o: Outcome, c: TestCase): string {
  if (!c.file) return md(c.suite);
  const path = o.prefix ? posix.join(o.prefix, c.file) : c.file;
  return code(`${path}${c.line ? `:${c.line}` : ''}`);
}

function auditSection(a: AuditResult): string {
  const head = '### Security audit (npm audit --audit-level=high)';
  if (a.error) return `${head}\n\n❌ ${md(a.error)}`;
  const counts = ['critical', 'high', 'moderate', 'low', 'info']
    .map((k) => `${k} ${a.counts[k] ?? 0}`)
    .join(', ');
  if (!a.blocking.length) return `${head}\n\n✅ nothing at high or critical (${counts}).`;
  return [
    head,
    `❌ ${counts}.`,
    table(
      ['Package', 'Severity', 'Advisory', 'Vulnerable', 'Fix'],
      a.blocking.map((f) => [
        code(f.name),
        f.severity,
        f.advisories
          .map((x) => (x.url?.startsWith('https://') ? `[${md(x.title)}](${x.url})` : md(x.title)))
          .join('<br>'),
        f.range ? code(f.range) : '',
        f.fix.includes('@') ? code(f.fix) : md(f.fix),
      ]),
    ),
  ].join('\n\n');
}

/** An inline code span that its content cannot close, on one line; `|` escaped for tables. */
function code(text: string): string {
  const t = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...t.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** Text inside an HTML element (a <summary>), where markdown escapes do not apply. */
function htmlText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(?=[\w-])/g, '@\u200b')
    .replace(/\r?\n/g, ' ');
}
