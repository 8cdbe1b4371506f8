// classify-severity: decide P0..P3 for a hotfix PR, push or incident issue, say why, label it.
import { runAction, setOutputs, writeSummary } from '../shared/runner/action.ts';
import { readContext, repoOf } from '../shared/runner/context.ts';
import { lazyGitHub } from '../shared/github/client.ts';
import { loadPolicy } from '../shared/policy/loader.ts';
import { resolveSubject } from '../shared/github/subject.ts';
import { readClassifyInputs } from './inputs.ts';
import { classifySeverity } from './classify.ts';
import { gitHubLabels } from './github-labels.ts';
import { outputsOf, summaryOf } from './report.ts';

export async function run(): Promise<void> {
  await runAction(async () => {
    const input = readClassifyInputs();
    const ctx = readContext();
    const token = input['github-token'];
    const github = token ? lazyGitHub(token) : undefined;
    const { policy, source } = await loadPolicy({
      ctx,
      path: input['policy-file'],
      ...(github ? { github } : {}),
    });
    const subject = await resolveSubject(ctx, github);
    const outcome = await classifySeverity({
      input,
      subject,
      policy,
      policySource: source,
      ...(github ? { labels: gitHubLabels(github, repoOf(ctx)) } : {}),
    });
    setOutputs(outputsOf(outcome));
    await writeSummary(summaryOf(outcome));
  });
}
