// The LabelPort on octokit: creates the severity label (with its colour) when missing, adds
// it, and removes the other severity labels; a label already gone is no error.
import { SEVERITY_COLORS, type Severity } from '../shared/severity/severity.ts';
import { describeApiError, statusOf, type GitHub, type Repo } from '../shared/github/client.ts';
import { UserError } from '../shared/runner/errors.ts';
import type { LabelPlan, LabelPort } from './label-sync.ts';

export function gitHubLabels(connect: () => Promise<GitHub>, repo: Repo): LabelPort {
  return {
    apply: async (n, plan, severity) => applyLabels(await connect(), repo, n, plan, severity),
  };
}

async function applyLabels(
  github: GitHub,
  repo: Repo,
  issueNumber: number,
  plan: LabelPlan,
  severity: Severity,
): Promise<void> {
  const permission = 'pull-requests: write (issues: write for issues)';
  if (plan.add) {
    try {
      // Create it first so it gets its colour; 422 means it already exists.
      await github.rest.issues.createLabel({
        ...repo,
        name: plan.add,
        color: SEVERITY_COLORS[severity],
        description: `Hotfix severity ${severity} (set by classify-severity)`,
      });
    } catch (err) {
      if (statusOf(err) !== 422)
        throw new UserError(describeApiError(err, `creating label ${plan.add}`, permission));
    }
    try {
      await github.rest.issues.addLabels({
        ...repo,
        issue_number: issueNumber,
        labels: [plan.add],
      });
    } catch (err) {
      throw new UserError(
        describeApiError(err, `adding label ${plan.add} to #${issueNumber}`, permission),
      );
    }
  }
  for (const name of plan.remove) {
    try {
      await github.rest.issues.removeLabel({ ...repo, issue_number: issueNumber, name });
    } catch (err) {
      // Already gone (removed by a person or a concurrent run): the goal is reached.
      if (statusOf(err) !== 404)
        throw new UserError(
          describeApiError(err, `removing label ${name} from #${issueNumber}`, permission),
        );
    }
  }
}
