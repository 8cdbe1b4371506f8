// What notify tells people (the job summary, warnings) and other steps (the outputs).
// Every failure is visible three ways: a warning annotation, a row in the summary and an
// entry in `failed-channels`.
import { md, table } from '../shared/text/markdown.ts';
import { commentMarkdown, timelineMermaid } from './render-markdown.ts';
import { delivered, type ChannelResult } from './result.ts';
import type { Outcome } from './notify.ts';

export function sentChannels(o: Outcome): string[] {
  return o.results.filter(delivered).map((r) => r.channel);
}

export function failedChannels(o: Outcome): string[] {
  return o.results.filter((r) => r.result === 'failed').map((r) => r.channel);
}

export function outputsOf(o: Outcome): Record<string, string> {
  return {
    sent: JSON.stringify(sentChannels(o)),
    'failed-channels': JSON.stringify(failedChannels(o)),
    'slack-ts': o.slackTs ?? '',
    'incident-issue-number': o.incidentIssue ? String(o.incidentIssue.number) : '',
    'postmortem-issue-number': o.postmortemIssue ? String(o.postmortemIssue.number) : '',
    'follow-up-issue-number': o.followUpIssue ? String(o.followUpIssue.number) : '',
    severity: o.message.severity,
  };
}

/** One log line per channel: what happened and why it was (not) used. */
export function logLines(o: Outcome): string[] {
  return o.results.map(
    (r) =>
      `${r.channel}: ${r.result}${r.detail ? `: ${r.detail}` : ''}${r.why ? ` (${r.why})` : ''}`,
  );
}

/** One warning per failed channel, and one per partial success or unread fact. */
export function warningsOf(o: Outcome): string[] {
  return [
    ...o.results
      .filter((r) => r.result === 'failed')
      .map((r) => `notify: ${r.channel} failed: ${r.detail}`),
    ...o.results.flatMap((r) => (r.warning ? [r.warning] : [])),
    ...o.warnings.map((w) => `notify: ${w}`),
  ];
}

const ICON: Record<ChannelResult['result'], string> = {
  sent: '✅ sent',
  updated: '✅ updated',
  unchanged: '☑️ unchanged',
  failed: '❌ **failed**',
  skipped: '➖ skipped',
};

export function summaryOf(o: Outcome): string {
  const m = o.message;
  const order = ['failed', 'sent', 'updated', 'unchanged', 'skipped'];
  const rows = [...o.results]
    .sort((a, b) => order.indexOf(a.result) - order.indexOf(b.result))
    .map((r) => [
      `\`${r.channel}\``,
      ICON[r.result],
      md(r.detail) + (r.warning ? ` ⚠️ ${md(r.warning)}` : ''),
      md(r.why ?? ''),
    ]);
  const failed = failedChannels(o);
  const parts = [
    `## ${m.style.emoji} notify: ${m.event} · ${m.severity}`,
    failed.length
      ? `**${failed.length} channel${failed.length > 1 ? 's' : ''} failed: ${failed.join(', ')}.** The others were sent.`
      : `Sent to ${sentChannels(o).join(', ') || 'no channel'}.`,
    table(['Channel', 'Result', 'Detail', 'Why'], rows),
    table(
      ['', ''],
      [
        ['Severity', md(o.severityReason)],
        ['Policy', md(o.policySource)],
        ['Slack ts', o.slackTs ?? '—'],
        ['Incident issue', o.incidentIssue ? `#${o.incidentIssue.number}` : '—'],
        ['Post-mortem issue', o.postmortemIssue ? `#${o.postmortemIssue.number}` : '—'],
        ...(o.followUpIssue ? [['Follow-up issue', `#${o.followUpIssue.number}`]] : []),
      ],
    ),
  ];
  if (o.results.some((r) => r.channel === 'summary' && r.result === 'sent')) {
    parts.push('---', commentMarkdown(m));
    const chart = timelineMermaid(m.timeline);
    if (chart) parts.push(chart);
  }
  return parts.join('\n\n');
}
