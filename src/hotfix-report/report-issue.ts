// `issue: update`: one "Hotfix report" issue per period and environment, rewritten in place
// on every run. It is found again by a hidden marker at the start of its body, and only in an
// issue this token's identity wrote: anyone can open an issue carrying our marker, and
// rewriting theirs would put our report under their name. Two runs racing can both open one:
// the oldest stays, and a younger copy of ours is closed as its duplicate.
import { marker } from '../shared/github/sticky-comment.ts';
import type { ReportIssue, ReportIssuePort } from './history.ts';
import type { Period } from './period.ts';

export const REPORT_LABEL = 'hotfix-report';

export interface ReportIssueSync {
  issue: ReportIssue;
  action: 'created' | 'updated' | 'unchanged';
}

/** The marker of the report of one period and environment. */
export function reportMarker(period: Period, environment: string): string {
  // Nothing that could end the HTML comment it lives in.
  const env = environment.toLowerCase().replace(/[^a-z0-9._/]+/g, '-');
  return marker(`hotfix-report:${env}:${period.key}`);
}

export function reportTitle(period: Period, environment: string): string {
  const [from, to] = period.key.split('..');
  return `Hotfix report: ${environment}, ${from} to ${to}`.slice(0, 250);
}

/** Creates or rewrites the period's report issue; `body` must start with `marker`. */
export async function syncReportIssue(
  port: ReportIssuePort,
  o: { marker: string; title: string; body: string },
): Promise<ReportIssueSync> {
  const closeAsDuplicate = (number: number, of: number) =>
    port.update(number, {
      state: 'closed',
      duplicateOf: of,
      body: `${o.marker}\nDuplicate of #${of}, opened by a run at the same time.`,
    });
  const [found, ...copies] = await port.ours(REPORT_LABEL, o.marker);
  if (found) {
    // A copy closed by an earlier run stays as it is: a run with nothing new writes nothing.
    for (const copy of copies.filter((c) => c.state === 'open'))
      await closeAsDuplicate(copy.number, found.number);
    if (found.title === o.title && found.body === o.body)
      return { issue: found, action: 'unchanged' };
    const issue = await port.update(found.number, { title: o.title, body: o.body });
    return { issue, action: 'updated' };
  }
  const mine = await port.create({ title: o.title, body: o.body, labels: [REPORT_LABEL] });
  const [oldest] = await port.ours(REPORT_LABEL, o.marker);
  if (oldest && oldest.number !== mine.number) {
    await closeAsDuplicate(mine.number, oldest.number);
    const issue = await port.update(oldest.number, { title: o.title, body: o.body });
    return { issue, action: 'updated' };
  }
  return { issue: mine, action: 'created' };
}
