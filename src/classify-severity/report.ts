// What classify-severity tells people (the job summary) and other steps (the outputs).
import type { Classification } from '../shared/severity/classifier.ts';
import type { LevelPolicy } from '../shared/policy/schema.ts';
import type { Subject } from '../shared/github/subject.ts';
import type { LabelPlan } from './label-sync.ts';
import { md, table } from '../shared/text/markdown.ts';
import { formatDuration, parseDuration } from '../shared/text/duration.ts';

export interface Outcome {
  decision: Classification;
  subject: Subject;
  requirements: LevelPolicy;
  respondBy: string;
  policySource: string;
  labels: LabelPlan | 'off' | 'nothing to label' | 'not a hotfix';
}

export function outputsOf(o: Outcome): Record<string, string> {
  return {
    severity: o.decision.severity,
    level: String(o.decision.level),
    'is-hotfix': String(o.decision.isHotfix),
    source: o.decision.source,
    reason: o.decision.reason,
    ticket: o.decision.ticket ?? '',
    'respond-by': o.respondBy,
    requirements: JSON.stringify(o.requirements),
    number: o.subject.number === undefined ? '' : String(o.subject.number),
  };
}

const ICON = { P0: '🟥', P1: '🟧', P2: '🟨', P3: '⬜' } as const;

export function summaryOf(o: Outcome): string {
  const d = o.decision;
  const r = o.requirements;
  const subject =
    o.subject.kind === 'none'
      ? md(o.subject.origin)
      : `${o.subject.kind === 'issue' ? 'Issue' : 'PR'} #${o.subject.number} ${md(o.subject.title)} (${md(o.subject.origin)})`;
  const facts = table(
    ['', ''],
    [
      ['Subject', subject],
      ['Hotfix', `${d.isHotfix ? 'yes' : 'no'}: ${md(d.hotfixReason)}`],
      ['Ticket', d.ticket ? md(d.ticket) : 'none found'],
      [
        'Respond by',
        `${o.respondBy} (${formatDuration(parseDuration(r['respond-within']) ?? 0)} from creation)`,
      ],
      ['Labels', labelsText(o.labels)],
      ['Policy', md(o.policySource)],
    ],
  );
  const signals = table(
    ['Precedence', 'Signal', 'Says', ''],
    d.signals.map((s, i) => [
      String(i + 1),
      md(s.detail),
      s.severity,
      i === 0 ? '**decides**' : s.severity === d.severity ? 'agrees' : 'overruled',
    ]),
  );
  const reqs = table(
    ['Approvals', 'Waivable', 'Staging first', 'Deploy', 'Post-mortem', 'Notify'],
    [
      [
        String(r.approvals),
        r['waive-approvals'] ? 'yes' : 'no',
        r.staging ? 'yes' : 'no',
        r.deploy,
        r.postmortem ? `yes, due ${r['postmortem-due']}` : 'no',
        r.notify.join(', '),
      ],
    ],
  );
  return [
    `## ${ICON[d.severity]} Severity ${d.severity}`,
    md(d.reason),
    facts,
    '### Signals',
    'Precedence: severity input > label > title tag > checked urgency box > keyword rule > default.',
    signals,
    `### What ${d.severity} requires`,
    reqs,
  ].join('\n\n');
}

function labelsText(l: Outcome['labels']): string {
  if (l === 'off') return 'not changed (label: false)';
  if (l === 'nothing to label') return 'no PR or issue to label';
  if (l === 'not a hotfix') return 'not changed (not a hotfix, label: hotfix)';
  const parts = [
    ...(l.add ? [`added \`${l.add}\``] : []),
    ...l.remove.map((r) => `removed ${md(r)}`),
  ];
  return parts.length ? parts.join(', ') : 'already right';
}
