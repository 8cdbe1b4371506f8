// What validate-hotfix-pr tells people (the report in the job summary and the PR comment, the
// annotations) and other steps (the outputs).
import type { CheckId } from '../shared/policy/schema.ts';
import type { Severity } from '../shared/severity/severity.ts';
import type { AnnotationProperties } from '@actions/core';
import { md, table } from '../shared/text/markdown.ts';
import type { CheckResult, CheckStatus } from './checks.ts';
import type { Validation } from './validate.ts';

export const FAIL_ON = ['error', 'warning', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface Verdict {
  /** No check failed (with fail-on: warning, none warned either). */
  passed: boolean;
  /** The checks that keep the gate shut. */
  failed: CheckId[];
  waived: CheckId[];
  /** Whether the step should fail: not passed, unless fail-on is never. */
  failStep: boolean;
}

export function verdictOf(results: CheckResult[], failOn: FailOn): Verdict {
  const blocking = results.filter(
    (r) => r.status === 'fail' || (failOn === 'warning' && r.status === 'warn'),
  );
  return {
    passed: blocking.length === 0,
    failed: blocking.map((r) => r.id),
    waived: results.filter((r) => r.status === 'waived').map((r) => r.id),
    failStep: failOn !== 'never' && blocking.length > 0,
  };
}

export interface Outcome {
  number: number;
  title: string;
  severity: Severity;
  severityFrom: string;
  validation: Validation;
  verdict: Verdict;
  failOn: FailOn;
}

const STATUS: Record<CheckStatus, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  warn: '⚠️ warn',
  waived: '🟡 waived',
};

/** The markdown report: verdict, the table of checks, what is off and what was waived. */
export function reportOf(o: Outcome): string {
  const { results, off } = o.validation;
  const v = o.verdict;
  const head = v.passed
    ? `### ✅ Hotfix gate passed: PR #${o.number} (${o.severity})`
    : `### ❌ Hotfix gate failed: PR #${o.number} (${o.severity}), ${v.failed.length} of ${results.length} checks`;
  const rows = results.map((r) => [
    `\`${r.id}\``,
    STATUS[r.status],
    md(r.message),
    r.fix ? md(r.fix) : '',
  ]);
  const warned = results.filter((r) => r.status === 'warn').length;
  const notes = [
    `Severity **${o.severity}**, from the ${md(o.severityFrom)}.` +
      (warned && o.failOn === 'error'
        ? ` Warnings do not fail the gate (fail-on: ${o.failOn}).`
        : ''),
    ...(off.length ? [`Off for ${o.severity} in the policy: ${off.join(', ')}.`] : []),
    ...(v.waived.length
      ? [
          `**Waived:** ${v.waived.join(', ')}. The change merges without them and must be reviewed after the merge.`,
        ]
      : []),
  ];
  return [head, notes.join(' '), table(['Check', 'Status', 'Message', 'How to fix'], rows)].join(
    '\n\n',
  );
}

export interface SummaryFacts {
  policySource: string;
  comment: string;
}

export function summaryOf(o: Outcome, report: string, s: SummaryFacts): string {
  const f = o.validation.files;
  const a = o.validation.approvals;
  const facts: string[][] = [
    ['Pull request', `#${o.number} ${md(o.title)}`],
    ['Policy', md(s.policySource)],
    ['Fail on', o.failOn],
    ...(f
      ? [
          [
            'Changed files',
            `${f.fileCount}${f.truncated ? '+ (GitHub lists at most 3,000)' : ''}; ${f.countedLines} lines counted, ${f.generatedLines} in generated files and lockfiles`,
          ],
        ]
      : []),
    ...(a
      ? [
          [
            'Approvals',
            `${a.tally.approvers.length} of ${a.wanted} wanted (${a.required} required), ${a.polls} look${a.polls === 1 ? '' : 's'} at the reviews over ${Math.round(a.waitedMs / 1000)}s`,
          ],
        ]
      : []),
    ['PR comment', md(s.comment)],
  ];
  return [report, table(['', ''], facts)].join('\n\n');
}

export function outputsOf(o: Outcome, report: string): Record<string, string> {
  return {
    passed: String(o.verdict.passed),
    'failed-checks': JSON.stringify(o.verdict.failed),
    'waived-checks': JSON.stringify(o.verdict.waived),
    report,
    severity: o.severity,
  };
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  props: AnnotationProperties;
}

/** One annotation per check that did not simply pass. */
export function annotationsOf(results: CheckResult[]): Annotation[] {
  return results.flatMap((r): Annotation[] => {
    if (r.status === 'pass') return [];
    const level = r.status === 'fail' ? 'error' : r.status === 'warn' ? 'warning' : 'notice';
    const message = r.fix ? `${r.message} Fix: ${r.fix}` : r.message;
    return [{ level, message, props: { title: `Hotfix check ${r.id}: ${r.status}` } }];
  });
}
