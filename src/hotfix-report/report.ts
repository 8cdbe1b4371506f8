// What hotfix-report tells people (the job summary, the report issue) and other steps (the
// outputs): the targets met or missed with the hotfixes behind them, the metrics per
// severity, the charts, the facts that were missing, and how each figure is defined.
import { details, md, table } from '../shared/text/markdown.ts';
import { formatDuration } from '../shared/text/duration.ts';
import { SEVERITIES } from '../shared/severity/severity.ts';
import type { ApiCalls } from './history.ts';
import type { Hotfix } from './hotfixes.ts';
import type { Period } from './period.ts';
import type { GroupMetrics, Metrics, Rate, Spread } from './metrics.ts';
import { followUpState, percent, postmortemState, resolveState, resolveTarget } from './metrics.ts';
import { resolveChart, rollbackChart } from './charts.ts';
import type { Policy } from '../shared/policy/schema.ts';
import type { ReportIssueSync } from './report-issue.ts';

export interface PastDueFollowUp {
  number: number;
  title: string;
  url: string;
  /** ms since the epoch. */
  due: number;
  dueFrom: 'marker' | 'policy';
  /** The hotfix PR it follows, when known. */
  pr?: number;
}

export interface ReadCounts {
  pulls: number;
  deployments: number;
  statuses: number;
  incidents: number;
  postmortems: number;
  followUps: number;
}

export interface Outcome {
  repo: string;
  environment: string;
  /** The production branch the hotfixes were merged into. */
  branch: string;
  period: Period;
  policy: Policy;
  policySource: string;
  hotfixes: Hotfix[];
  metrics: Metrics;
  followUpsPastDue: PastDueFollowUp[];
  read: ReadCounts;
  calls: ApiCalls;
  runUrl: string;
  issue?: ReportIssueSync;
}

const iso = (t: number | string | undefined) =>
  t === undefined ? null : new Date(typeof t === 'string' ? Date.parse(t) : t).toISOString();

/** Every metric and the PRs behind it, as the `report` output. */
export function reportJson(o: Outcome): Record<string, unknown> {
  const until = o.period.until.getTime();
  return {
    repository: o.repo,
    environment: o.environment,
    branch: o.branch,
    period: { since: o.period.since.toISOString(), until: o.period.until.toISOString() },
    policy: o.policySource,
    met: o.metrics.met,
    targets: o.metrics.targets,
    metrics: {
      overall: o.metrics.overall,
      ...Object.fromEntries(SEVERITIES.map((s) => [s, o.metrics.bySeverity[s]])),
    },
    hotfixes: o.hotfixes.map((h) => ({
      number: h.pr.number,
      title: h.pr.title,
      url: h.pr.url,
      severity: h.severity,
      temporary: h.temporary,
      mergedAt: h.pr.mergedAt,
      detectedAt: h.moments.detected?.at ?? null,
      detectedBy: h.moments.detected?.by ?? null,
      deployedAt: h.moments.deployed?.at ?? null,
      resolvedAt: h.moments.resolved?.at ?? null,
      resolvedBy: h.moments.resolved?.by ?? null,
      timeToDeployMs: h.durations.timeToDeployMs ?? null,
      timeToResolveMs: h.durations.timeToResolveMs ?? null,
      resolve: resolveState(h, resolveTarget(o.policy, h.severity), until) ?? null,
      deployments: h.moments.fixes.map((d) => d.id),
      rollbacks: h.moments.rollbacks.map((d) => d.id),
      rolledBack: h.rolledBack,
      secondFix: h.secondFix ?? null,
      incident: h.incident?.number ?? null,
      postmortem:
        postmortemState(h, o.policy, until) === undefined
          ? null
          : {
              number: h.postmortem?.number ?? null,
              state: postmortemState(h, o.policy, until),
              due: iso(h.postmortemDue),
            },
      followUp: h.temporary
        ? {
            number: h.followUp?.number ?? null,
            state: followUpState(h, until),
            due: iso(h.followUpDue?.at),
            dueFrom: h.followUpDue?.from ?? null,
          }
        : null,
      gaps: h.gaps,
    })),
    followUpsPastDue: o.followUpsPastDue.map((f) => ({ ...f, due: iso(f.due) })),
    read: o.read,
    apiCalls: o.calls,
  };
}

export function outputsOf(o: Outcome): Record<string, string> {
  return {
    report: JSON.stringify(reportJson(o)),
    met: String(o.metrics.met),
    missed: JSON.stringify(
      o.metrics.targets
        .filter((t) => t.status === 'missed')
        .map((t) => ({
          target: t.id,
          ...(t.severity ? { severity: t.severity } : {}),
          name: t.name,
          goal: t.goal,
          value: t.value,
          prs: t.missed,
        })),
    ),
    hotfixes: String(o.hotfixes.length),
    'issue-url': o.issue?.issue.url ?? '',
  };
}

/** Rows of the hotfix table in the job summary; a report issue keeps fewer (its body is capped). */
export const SUMMARY_ROWS = 500;
export const ISSUE_ROWS = 100;
/** GitHub refuses an issue body over 65,536 characters. */
export const ISSUE_BODY_LIMIT = 65_000;

export function summaryOf(o: Outcome): string {
  const report = render(o, SUMMARY_ROWS);
  if (!o.issue) return report;
  const { issue, action } = o.issue;
  return `${report}\n\n**Report issue:** [#${issue.number}](${issue.url}) ${action}.`;
}

/** The report issue's body: the marker first, then the report, within GitHub's limit. */
export function issueBody(o: Outcome, marker: string): string {
  const note = `<sub>Rewritten by hotfix-actions hotfix-report on every run of the period: edits to this description are replaced. [The run](${o.runUrl}) has the full report.</sub>`;
  for (const rows of [ISSUE_ROWS, 20, 0]) {
    const body = `${marker}\n${render(o, rows)}\n\n${note}`;
    if (body.length <= ISSUE_BODY_LIMIT) return body;
  }
  return `${marker}\n${render(o, 0, true)}\n\n${note}`;
}

function render(o: Outcome, rows: number, bare = false): string {
  const [from, to] = o.period.key.split('..');
  const head = `## 📊 Hotfix report: ${md(o.environment)}, ${from} to ${to}`;
  const window = `${o.period.since.toISOString().slice(0, 16).replace('T', ' ')} to ${o.period.until.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const m = o.metrics;
  if (!o.hotfixes.length) {
    return [
      head,
      `**No hotfixes.** No pull request merged into \`${md(o.branch)}\` from ${window} is a hotfix (as classify-severity decides), so there is nothing to measure: every target reads "no data".`,
      pastDueSection(o),
      footer(o),
    ]
      .filter(Boolean)
      .join('\n\n');
  }
  const missed = m.targets.filter((t) => t.status === 'missed');
  const verdict = missed.length
    ? `❌ **${missed.length} of ${m.targets.length} targets missed:** ${missed.map((t) => md(t.name)).join('; ')}.`
    : `✅ **All ${m.targets.filter((t) => t.status === 'met').length} targets with data met.**`;
  const counts = SEVERITIES.filter((s) => m.bySeverity[s].hotfixes)
    .map((s) => `${s} ${m.bySeverity[s].hotfixes}`)
    .join(', ');
  const intro = `**${o.hotfixes.length} hotfix${o.hotfixes.length === 1 ? '' : 'es'}** merged into \`${md(o.branch)}\` from ${window} (${counts}); ${m.overall.deployed} with a deployment to ${md(o.environment)} found.`;
  const sections = [
    head,
    verdict,
    intro,
    '### Targets',
    targetsTable(o),
    unmeasuredNote(o),
    '### By severity',
    severityTable(m),
    ...(bare ? [] : chartSections(o)),
    gapsSection(o),
    pastDueSection(o),
    rows > 0 ? hotfixTable(o, rows) : '',
    bare ? '' : definitions(o),
    footer(o),
  ];
  return sections.filter(Boolean).join('\n\n');
}

const STATUS = { met: '✅ met', missed: '❌ missed', 'no-data': '➖ no data' } as const;

/** `[#12](url), [#15](url) and 3 more`: a job summary does not link a bare #12. */
function prList(o: Outcome, numbers: number[], limit = 20): string {
  const urls = new Map(o.hotfixes.map((h) => [h.pr.number, h.pr.url]));
  const shown = numbers.slice(0, limit).map((n) => {
    const url = urls.get(n);
    return url ? `[#${n}](${url})` : `#${n}`;
  });
  return numbers.length > limit
    ? `${shown.join(', ')} and ${numbers.length - limit} more`
    : shown.join(', ');
}

function targetsTable(o: Outcome): string {
  const targets = o.metrics.targets;
  if (!targets.length) return '_The policy sets no target (report: every target is none)._';
  return table(
    ['Target', 'Goal', 'Measured', 'Result', 'Missed by'],
    targets.map((t) => [
      md(t.name),
      md(t.goal),
      md(t.value),
      STATUS[t.status],
      prList(o, t.missed),
    ]),
  );
}

function unmeasuredNote(o: Outcome): string {
  const lines = o.metrics.targets
    .filter((t) => t.unmeasured.length)
    .map(
      (t) =>
        `- ${md(t.name)}: ${prList(o, t.unmeasured)} could not be measured (see Facts missing).`,
    );
  return lines.length
    ? `Not counted in a figure above, because a fact is missing:\n${lines.join('\n')}`
    : '';
}

function spreadText(s: Spread): string {
  if (s.medianMs === undefined || s.p90Ms === undefined) return '–';
  return `${formatDuration(s.medianMs)} / ${formatDuration(s.p90Ms)} (${s.measured})`;
}

function rateText(r: Rate): string {
  return r.ratio === undefined ? '–' : `${percent(r.ratio)} (${r.count} of ${r.of})`;
}

/** `1 on time, 2 overdue`: the parts that are not zero. */
function counts(parts: [number, string][]): string {
  return (
    parts
      .filter(([n]) => n > 0)
      .map(([n, what]) => `${n} ${what}`)
      .join(', ') || '–'
  );
}

function severityTable(m: Metrics): string {
  const row = (name: string, g: GroupMetrics): string[] => {
    const p = g.postmortems;
    const f = g.followUps;
    return [
      name,
      String(g.hotfixes),
      String(g.deployed),
      spreadText(g.timeToDeploy),
      spreadText(g.timeToResolve),
      rateText(g.rollbackRate),
      rateText(g.changeFailureRate),
      p.required
        ? counts([
            [p.onTime.length, 'on time'],
            [p.overdue.length, 'overdue'],
            [p.late.length, 'late'],
            [p.notOpened.length, 'not opened'],
            [p.pending.length, 'not due yet'],
          ])
        : '–',
      f.temporary
        ? [
            rateText(f.completion),
            counts([
              [f.pastDue.length, 'open past due'],
              [f.notOpened.length, 'none opened'],
              [f.late.length, 'late'],
              [f.notPlanned.length, 'not planned'],
              [f.pending.length, 'not due yet'],
            ]),
          ]
            .filter((x) => x !== '–')
            .join('; ')
        : '–',
    ];
  };
  return table(
    [
      '',
      'Hotfixes',
      'Deployed',
      'Time to deploy, median / p90 (n)',
      'Time to resolve, median / p90 (n)',
      'Rollback rate',
      'Change-failure rate',
      'Post-mortems',
      'Follow-ups closed on time',
    ],
    [
      ...SEVERITIES.filter((s) => m.bySeverity[s].hotfixes).map((s) => row(s, m.bySeverity[s])),
      row('**All**', m.overall),
    ],
  );
}

function chartSections(o: Outcome): string[] {
  const resolve = SEVERITIES.map((s) => resolveChart(o.hotfixes, s, o.policy)).filter(
    (c): c is string => c !== undefined,
  );
  const rollbacks = rollbackChart(o.hotfixes, o.period.since.getTime(), o.period.until.getTime());
  return [
    ...(resolve.length ? ['### Time to resolve', ...resolve] : []),
    ...(rollbacks ? ['### Rollbacks per month', rollbacks] : []),
  ];
}

function gapsSection(o: Outcome): string {
  const lines = o.hotfixes.flatMap((h) => {
    const pr = `[#${h.pr.number}](${h.pr.url})`;
    if (h.gaps.includes('no-deployment'))
      return [
        `- ${pr}: no deployment of it to ${md(o.environment)} was found (none names the PR in its payload or deploys its head or merge commit, created after its detection): time to deploy and rollbacks unknown${h.incident ? '' : ', and without an incident issue, its resolution too'}.`,
      ];
    if (h.gaps.includes('no-status'))
      return [
        `- ${pr}: its deployment${h.moments.fixes.length === 1 ? ' has' : 's have'} no status (the deploy job never reported): time to deploy unknown${h.incident ? '' : ', and without an incident issue, its resolution too'}.`,
      ];
    return [];
  });
  if (!lines.length) return '';
  const shown = lines.slice(0, 50);
  return [
    '### Facts missing',
    `These hotfixes are counted, but what GitHub did not record is not guessed: each figure it would feed leaves them out and says so.`,
    shown.join('\n') +
      (lines.length > shown.length ? `\n- and ${lines.length - shown.length} more` : ''),
  ].join('\n\n');
}

function day(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

function pastDueSection(o: Outcome): string {
  const list = o.followUpsPastDue;
  if (!list.length) return '';
  const until = o.period.until.getTime();
  const shown = list.slice(0, 100);
  return [
    `### Follow-ups past due (${list.length})`,
    "Open `follow-up` issues whose due date passed by the end of the period, whatever the hotfix's date.",
    table(
      ['Issue', 'Proper fix for', 'Due', 'Past due by'],
      shown.map((f) => [
        `[#${f.number}](${f.url}) ${md(f.title)}`,
        f.pr ? `#${f.pr}` : '–',
        `${day(f.due)}${f.dueFrom === 'policy' ? ' (policy)' : ''}`,
        formatDuration(until - f.due),
      ]),
    ),
    list.length > shown.length ? `And ${list.length - shown.length} more.` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** At most `max` characters, cut between graphemes (never inside an emoji), with an ellipsis. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const { segment } of new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)) {
    if (out.length + segment.length > max - 1) break;
    out += segment;
  }
  return `${out}…`;
}

const STATE_TEXT: Record<string, string> = {
  'on-time': '✅',
  late: '❌ late',
  overdue: '❌ overdue',
  'not-opened': '❌ none',
  'not-planned': '❌ not planned',
  pending: '⏳',
  unknown: '❔',
};

function hotfixTable(o: Outcome, rows: number): string {
  const until = o.period.until.getTime();
  const shown = o.hotfixes.slice(-rows);
  const body = table(
    [
      'PR',
      'Severity',
      'Merged',
      'Detected by',
      'Time to deploy',
      'Time to resolve',
      'Rolled back',
      'Post-mortem',
      'Follow-up',
    ],
    shown.map((h) => {
      const resolve = resolveState(h, resolveTarget(o.policy, h.severity), until);
      const pm = postmortemState(h, o.policy, until);
      const fu = followUpState(h, until);
      const ttr = h.durations.timeToResolveMs;
      return [
        `[#${h.pr.number}](${h.pr.url}) ${md(cut(h.pr.title, 80))}`,
        h.temporary ? `${h.severity}, temporary` : h.severity,
        h.pr.mergedAt.slice(0, 16).replace('T', ' '),
        h.moments.detected?.by === 'issue' && h.incident
          ? `incident #${h.incident.number}`
          : 'the PR',
        h.durations.timeToDeployMs !== undefined
          ? formatDuration(h.durations.timeToDeployMs)
          : h.gaps.length
            ? '❔ unknown'
            : 'never verified',
        (ttr !== undefined
          ? `${formatDuration(ttr)}${h.moments.resolved?.by === 'fix-verified' ? ' (fix verified)' : ''}`
          : resolve === 'unknown' || (!h.incident && h.gaps.length)
            ? '❔ unknown'
            : 'not resolved') +
          (resolve && resolve !== 'on-time' && resolve !== 'unknown'
            ? ` ${STATE_TEXT[resolve]}`
            : ''),
        h.rolledBack ? 'yes' : h.secondFix ? `second fix #${h.secondFix}` : 'no',
        pm ? `${h.postmortem ? `#${h.postmortem.number} ` : ''}${STATE_TEXT[pm]}` : '–',
        fu ? `${h.followUp ? `#${h.followUp.number} ` : ''}${STATE_TEXT[fu]}` : '–',
      ];
    }),
  );
  const title =
    shown.length < o.hotfixes.length
      ? `The ${shown.length} most recent of ${o.hotfixes.length} hotfixes`
      : `All ${o.hotfixes.length} hotfixes`;
  return details(title, body);
}

function definitions(o: Outcome): string {
  const lines = [
    `**Hotfix**: a pull request merged into \`${md(o.branch)}\` in the period that classify-severity would call a hotfix (hotfix branch, \`hotfix\` label or [HOTFIX]/[RELEASE] title tag); its severity decided the same way.`,
    "**Detected**: the incident issue or the fix PR opened, whichever came first. **Deployed**: the first deployment of the fix (naming the PR, or of its head or merge commit, created at or after detection) verified healthy. **Resolved**: the incident issue closed; a hotfix without an incident issue is resolved when its fix is verified and no rollback undid it. The same definitions as notify's timeline; no duration is negative, and one whose facts are missing is left out.",
    '**Rollback rate**: deployed hotfixes with a rollback of the fix started. **Change-failure rate**: deployed hotfixes that needed a rollback or a second fix (a later hotfix of the same incident issue or ticket; the proper fix after a temporary one does not count).',
    "**Post-mortem**: due `postmortem-due` after resolution for the severities whose policy asks for one; on time when its issue is closed (completed) by then. **Follow-up**: a temporary fix (`hotfix:temporary` label or the template's box) needs a `follow-up` issue closed (completed) by its due date (its marker, else `follow-up-due` after the fix was verified); ones not yet due are left out of the share.",
    'Everything as it stood at the end of the period: what was recorded later is not seen.',
  ];
  return details('How these are measured', lines.join('\n\n'));
}

function footer(o: Outcome): string {
  const r = o.read;
  const total = o.calls.rest + o.calls.graphql;
  return `<sub>Read ${r.pulls} merged pull requests, ${r.deployments} deployments (${r.statuses} with their statuses), ${r.incidents} incident, ${r.postmortems} post-mortem and ${r.followUps} follow-up issues in ${total} API calls (${o.calls.rest} REST, ${o.calls.graphql} GraphQL). Policy: ${md(o.policySource)}.</sub>`;
}
