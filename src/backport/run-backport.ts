// From the event to the report: who asked for which targets, whether they may, what the PR
// merged, then the backport of each target in one repository fetched once.
import picomatch from 'picomatch';
import type { RunContext } from '../shared/runner/context.ts';
import type { GitHub } from '../shared/github/client.ts';
import { loadPolicy } from '../shared/policy/loader.ts';
import { classify } from '../shared/severity/classifier.ts';
import { parseSeverity } from '../shared/severity/severity.ts';
import { upsertStickyComment } from '../shared/github/sticky-comment.ts';
import { md } from '../shared/text/markdown.ts';
import * as core from '@actions/core';
import { UserError } from '../shared/runner/errors.ts';
import { targetOfLabel, type Trigger } from './trigger.ts';
import { resolveTargets, type TargetRequest } from './targets.ts';
import { getOriginal, listPullCommits, permissionOf, type OriginalPull } from './pulls.ts';
import { planPicks, MergeMethodError } from './merge-method.ts';
import { WorkRepository } from '../shared/git/repository.ts';
import { firstParentChain } from './commits.ts';
import { backportAll } from './backport.ts';
import type { BackportInputs } from './inputs.ts';
import { render } from './templates.ts';
import { resultTable, type Report } from './report.ts';

const WRITE = ['admin', 'maintain', 'write'];

export async function runBackport(
  input: BackportInputs,
  ctx: RunContext,
  trigger: Exclude<Trigger, { kind: 'ignore' }>,
  connect: () => Promise<GitHub>,
): Promise<Report> {
  const report: Report = { outcomes: [], unresolved: [], excluded: [], notes: [] };
  const repo = { owner: ctx.owner, repo: ctx.repo };
  const github = await connect();
  const reply = async (body: string) => {
    if (trigger.kind === 'command')
      await upsertStickyComment(
        github,
        repo,
        trigger.number,
        `backport-reply:${trigger.commentId}`,
        body,
      );
  };

  if (trigger.kind === 'command') {
    const permission = await permissionOf(github, repo, trigger.commenter);
    if (!WRITE.includes(permission)) {
      const why = `@${trigger.commenter} has ${permission} permission on ${ctx.owner}/${ctx.repo}; /backport needs write`;
      core.warning(`Refused the /backport command: ${why}.`, { title: 'Backport refused' });
      await reply(
        `Backport refused: ${md(why)}. Ask a maintainer to comment \`/backport\` instead.`,
      );
      return { ...report, number: trigger.number, refused: true, nothing: `Refused: ${why}.` };
    }
  }

  const original = await getOriginal(github, repo, trigger.number);
  Object.assign(report, { number: original.number, title: original.title, url: original.url });
  const mergeCommitSha = original.mergeCommitSha;
  if (!original.merged || !mergeCommitSha) {
    const why = `PR #${original.number} is not merged: only merged PRs are backported`;
    core.notice(`Nothing to backport: ${why}.`);
    await reply(`Nothing to backport: ${md(why)}.`);
    return { ...report, nothing: `Nothing to backport: ${why}.` };
  }

  const { policy, source } = await loadPolicy({
    ctx,
    path: input.policyFile,
    github: connect,
  });
  report.notes.push(`policy: ${source}`);
  const requests = targetRequests(trigger, input, policy.backport.targets, original);
  const latest = input.latest ?? policy.backport.latest;

  const git = await WorkRepository.open({
    workspace: ctx.workspace,
    serverUrl: ctx.serverUrl,
    owner: ctx.owner,
    repo: ctx.repo,
    token: input.token,
    tempDir: ctx.tempDir,
    identity: input.gitUser,
    purpose: 'backport',
  });
  report.notes.push(`repository: ${git.description}`);
  try {
    const remote = await core.group('Resolve targets', () => git.remoteBranches());
    const resolved = resolveTargets(requests, [...remote.keys()], {
      latest,
      exclude: [{ branch: original.baseRef, reason: 'is the base the PR merged into' }],
    });
    report.notes.push(...resolved.notes);
    for (const n of resolved.notes) core.info(n);
    report.unresolved = resolved.missing.map((m) => ({
      target: m.pattern,
      source: m.source,
      reason: 'no such branch',
      detail: `${m.reason} (asked by ${m.source})`,
    }));
    report.excluded = resolved.skipped.map((s) => ({
      target: s.branch,
      reason: 'base branch',
      detail: `${s.branch} ${s.reason}`,
    }));
    if (!resolved.targets.length) {
      report.nothing = requests.length
        ? 'No target branch to backport to.'
        : 'No targets: set the targets input, backport.targets in the policy, or add a backport label.';
      await reply(report.nothing + '\n\n' + resultTable(report));
      return report;
    }

    const branchOf = (target: string) =>
      render(input.branchTemplate, {
        target,
        number: String(original.number),
        title: original.title,
        base: original.baseRef,
      });
    const existing = resolved.targets.map((t) => branchOf(t.branch)).filter((b) => remote.has(b));
    await core.group('Fetch', () =>
      git.fetch([original.baseRef, ...resolved.targets.map((t) => t.branch), ...existing]),
    );

    const plan = await core.group('What the PR merged', async () => {
      const sha = mergeCommitSha;
      if (!(await git.hasCommit(sha))) await git.fetchCommit(sha);
      const prCommits = await listPullCommits(github, repo, original.number);
      const facts = {
        number: original.number,
        mergeCommitSha: sha,
        mergeParents: await git.parents(sha),
        headSha: original.headSha,
        prCommits,
        commitCount: original.commitCount,
        chain: await firstParentChain(git, sha, prCommits.length),
      };
      try {
        const p = planPicks(facts);
        core.info(`${p.method}: ${p.reason}; picking ${p.picks.join(' ')}`);
        return p;
      } catch (err) {
        if (err instanceof MergeMethodError) throw new UserError(err.message);
        throw err;
      }
    });
    report.plan = plan;

    report.outcomes = await core.group('Backport', () =>
      backportAll(
        {
          repo,
          runUrl: ctx.runUrl,
          original,
          plan,
          severity: severityText(original, policy),
          branchTemplate: input.branchTemplate,
          titleTemplate: input.titleTemplate,
          conflicts: input.conflicts,
          labels: labelsToCopy(original.labels, input.copyLabels, input.labelPattern),
          assignees: input.copyAssignees ? assigneesOf(original) : [],
          autoMerge: input.autoMerge,
          remote,
        },
        resolved.targets,
        { git, github },
      ),
    );
  } finally {
    await git.close();
  }
  await reply(
    `Backport of #${original.number}:\n\n${resultTable(report)}\n\n<sub>[run](${ctx.runUrl})</sub>`,
  );
  return report;
}

function targetRequests(
  trigger: Exclude<Trigger, { kind: 'ignore' }>,
  input: BackportInputs,
  policyTargets: string[],
  original: OriginalPull,
): TargetRequest[] {
  if (trigger.kind === 'labeled')
    return [
      {
        // readTrigger only makes `labeled` of a label that names a target.
        pattern: targetOfLabel(trigger.label, input.labelPattern) ?? trigger.label,
        source: `label "${trigger.label}"`,
      },
    ];
  if (trigger.kind === 'command' && trigger.targets.length)
    return trigger.targets.map((pattern) => ({
      pattern,
      source: `/backport by @${trigger.commenter}`,
    }));
  const configured = input.targets
    ? input.targets.map((pattern) => ({ pattern, source: 'targets input' }))
    : policyTargets.map((pattern) => ({ pattern, source: 'policy backport.targets' }));
  const fromLabels = original.labels.flatMap((l) => {
    const t = targetOfLabel(l, input.labelPattern);
    return t ? [{ pattern: t, source: `label "${l}"` }] : [];
  });
  return [...configured, ...fromLabels];
}

/** The labels to copy: those matching copy-labels globs; `{severity}` stands for any severity label. */
export function labelsToCopy(
  labels: string[],
  patterns: string[],
  backportLabel: RegExp,
): string[] {
  const globs = patterns.filter((p) => p !== '{severity}');
  const severity = patterns.includes('{severity}');
  return labels.filter(
    (l) =>
      !backportLabel.test(l) &&
      ((severity && parseSeverity(l) !== undefined) ||
        (globs.length > 0 && picomatch.isMatch(l, globs, { nocase: true, dot: true }))),
  );
}

function assigneesOf(o: OriginalPull): string[] {
  if (o.assignees.length) return o.assignees;
  return o.author && !o.author.endsWith('[bot]') ? [o.author] : [];
}

function severityText(o: OriginalPull, policy: Parameters<typeof classify>[0]['policy']): string {
  const d = classify({
    subject: {
      kind: 'pull_request',
      number: o.number,
      title: o.title,
      body: o.body,
      labels: o.labels,
      branch: o.headRef,
      baseBranch: o.baseRef,
      origin: 'the original PR',
    },
    policy,
  });
  const by = d.signals[0];
  return `${d.severity} (${d.source === 'default' ? 'policy default: no signal' : (by?.detail ?? d.source)})`;
}
