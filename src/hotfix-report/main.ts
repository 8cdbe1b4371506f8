// hotfix-report: the hotfix metrics the playbooks target, from the repository's history.
import { runAction, setOutputs, writeSummary } from '../shared/runner/action.ts';
import { readContext, repoOf } from '../shared/runner/context.ts';
import { lazyGitHub } from '../shared/github/client.ts';
import { loadPolicy } from '../shared/policy/loader.ts';
import { readReportInputs } from './inputs.ts';
import { countedGitHub, gitHubHistory, gitHubReportIssues } from './github.ts';
import { hotfixReport } from './hotfix-report.ts';
import { outputsOf, summaryOf } from './report.ts';

export async function run(): Promise<void> {
  await runAction(async () => {
    const input = readReportInputs();
    const ctx = readContext();
    const github = countedGitHub(lazyGitHub(input['github-token']));
    const { policy, source } = await loadPolicy({
      ctx,
      path: input['policy-file'],
      github: github.connect,
    });
    const repo = repoOf(ctx);
    const outcome = await hotfixReport({
      period: input.period,
      environment: input.environment,
      policy,
      policySource: source,
      repo: `${repo.owner}/${repo.repo}`,
      history: gitHubHistory(github.connect, repo, github.calls),
      ...(input.issue === 'update' ? { issues: gitHubReportIssues(github.connect, repo) } : {}),
      runUrl: ctx.runUrl,
    });
    setOutputs(outputsOf(outcome));
    await writeSummary(summaryOf(outcome));
  });
}
