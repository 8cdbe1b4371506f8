// Keeps exactly one severity label on the PR or issue: the decided one. Re-running with the
// same decision changes nothing. Pure: the port's octokit adapter is github-labels.ts.
import { parseSeverity, severityLabel, type Severity } from '../shared/severity/severity.ts';

export interface LabelPlan {
  add?: string;
  remove: string[];
}

/** Which labels to add and remove so that the decided severity is the only one labelled. */
export function planLabels(current: string[], severity: Severity): LabelPlan {
  const wanted = severityLabel(severity);
  const has = current.some((l) => l.toLowerCase() === wanted.toLowerCase());
  const remove = current.filter((l) => {
    const s = parseSeverity(l);
    return s !== undefined && s !== severity;
  });
  return { ...(has ? {} : { add: wanted }), remove };
}

/** The one GitHub write classify-severity makes: the labels of a PR or issue. */
export interface LabelPort {
  apply(issueNumber: number, plan: LabelPlan, severity: Severity): Promise<void>;
}
