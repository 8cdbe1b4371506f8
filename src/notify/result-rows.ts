// notify's last step: one row per channel for the summary and the outputs, each saying why
// it was used or not; a channel routing left out is a skipped row, not a missing one.
import type { Route } from './routing.ts';
import type { PostmortemDecision } from './postmortem.ts';
import type { FollowUpDecision } from './follow-up.ts';
import type { ChannelResult } from './result.ts';

export interface RowsRequest {
  /** What the records and the sends did, in that order. */
  done: ChannelResult[];
  routes: Route[];
  postmortem: PostmortemDecision;
  /** The post-mortem issue, opened now or before. */
  postmortemIssue?: { number: number };
  followUp: FollowUpDecision;
  /** Whether routing chose the job summary. */
  summary: boolean;
}

export function resultRows(r: RowsRequest): ChannelResult[] {
  const results = [...r.done];
  if (r.summary) results.push({ channel: 'summary', result: 'sent', detail: 'below' });
  for (const rt of r.routes) {
    const done = results.find((x) => x.channel === rt.channel);
    if (done) done.why = rt.why;
    else results.push({ channel: rt.channel, result: 'skipped', detail: '', why: rt.why });
  }
  const pmResult = results.find((x) => x.channel === 'postmortem-issue');
  if (pmResult) pmResult.why = r.postmortem.why;
  else
    results.push({
      channel: 'postmortem-issue',
      result: 'skipped',
      detail: r.postmortemIssue ? `#${r.postmortemIssue.number} is open` : '',
      why: r.postmortem.why,
    });
  // A follow-up is only news for a temporary fix: no row otherwise.
  const fuResult = results.find((x) => x.channel === 'follow-up-issue');
  if (fuResult) fuResult.why = r.followUp.why;
  else if (r.followUp.temporary)
    results.push({
      channel: 'follow-up-issue',
      result: 'skipped',
      detail: '',
      why: r.followUp.why,
    });
  return results;
}
