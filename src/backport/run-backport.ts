// From the event to the report: who asked for which targets, whether they may, what the PR
// merged, then the backport of each target in one repository fetched once.
import * as core from '@actions/core';
import type { RunContext } from '../shared/runner/context.ts';
import type { LoadedPolicy } from '../shared/policy/loader.ts';
import type { Policy } from '../shared/policy/schema.ts';
import { md } from '../shared/text/markdown.ts';
import { UserError } from '../shared/runner/errors.ts';
import { WorkRepository } from '../shared/git/repository.ts';
import type { Trigger } from './trigger.ts';
import { resolveTargets } from './targets.ts';
import type { BackportGitHub, OriginalPull } from './github.ts';
import { planPicks, MergeMethodError, type CommitFacts, type PickPlan } from './merge-method.ts';
import { firstParentChain, type CommitRecord } from './commits.ts';
import { backportAll, lookUpEarlier, type BackportSettings } from './backport.ts';
import { fillTemplate } from './templates.ts';
import type { BackportInputs } from './inputs.ts';
import { resultTable, type Report } from './report.ts';
import { assigneesOf, labelsToCopy, severityText, targetRequests } from './from-original.ts';

const WRITE = ['admin', 'maintain', 'write'];

/** How many commits of each target a clone of our own fetches (see fetch()). */
const SHALLOW_DEPTH = 50;

/** The parts of the run a backport reads. */
export type BackportContext = Pick<
  RunContext,
  'owner' | 'repo' | 'serverUrl' | 'workspace' | 'tempDir' | 'runUrl'
>;

export interface BackportRequest {
  input: BackportInputs;
  ctx: BackportContext;
  trigger: Exclude<Trigger, { kind: 'ignore' }>;
  github: BackportGitHub;
  /** Reads the policy; called only once the PR is known to be merged. */
  loadPolicy: () => Promise<LoadedPolicy>;
}

/** The request with the report it fills and the reply to a /backport comment. */
interface Flow extends BackportRequest {
  report: Report;
  /** Updates the reply to the /backport comment; nothing for other events. */
  reply: (body: string) => Promise<void>;
}

type MergedPull = OriginalPull & { mergeCommitSha: string };

/** What the steps inside the repository share. */
interface RepositoryJob extends Flow {
  original: MergedPull;
  /** The policy file, read beside the repository's first steps. */
  policy: Promise<Policy>;
  git: WorkRepository;
  /** The PR's commits (API), asked for as soon as the PR was read. */
  prCommits: Promise<CommitFacts[]>;
}

type Target = { branch: string; source: string };

export async function runBackport(r: BackportRequest): Promise<Report> {
  const flow: Flow = {
    ...r,
    report: { outcomes: [], unresolved: [], excluded: [], notes: [] },
    reply: replyTo(r),
  };
  const { report } = flow;
  if (await refused(flow)) return report;
  // The repository and origin's branches need only the run's context: asked for beside the
  // PR (a git init and one ls-remote, closed again when the PR turns out not to be merged).
  const opened = openAndList(flow);
  opened.catch(() => undefined);
  const close = () =>
    opened.then(
      ({ git }) => git.close(),
      () => undefined,
    );
  const original = await readMerged(flow).catch(async (err: unknown) => {
    await close();
    throw err;
  });
  if (!original) {
    await close();
    return report;
  }
  // What needs only the PR's number starts at once: its commits and the policy, beside the
  // repository already being opened.
  const prCommits = r.github.pullCommits(original.number);
  // The policy is awaited where it is needed: the targets when no input names them, the
  // severity in each PR's body. Both are awaited later; not unhandled meanwhile.
  const policy = r.loadPolicy().then((p) => {
    report.notes.unshift(`policy: ${p.source}`);
    return p.policy;
  });
  for (const p of [prCommits, policy]) p.catch(() => undefined);
  const { git, remote } = await opened;
  try {
    report.notes.push(`repository: ${git.description}`);
    const job = { ...flow, original, policy, git, prCommits };
    if (!(await backportInRepository({ ...job, remote }))) return report;
    await policy;
  } finally {
    await git.close();
  }
  await flow.reply(
    `Backport of #${original.number}:\n\n${resultTable(report)}\n\n<sub>[run](${r.ctx.runUrl})</sub>`,
  );
  return report;
}

function replyTo(r: BackportRequest): Flow['reply'] {
  const t = r.trigger;
  return async (body) => {
    if (t.kind === 'command')
      await r.github.comments.upsert(t.number, `backport-reply:${t.commentId}`, body);
  };
}

/**
 * A /backport, or a backport label added to a merged PR, by someone without write permission:
 * refused, saying why (a reply to the comment; the log and the summary for a label). Both
 * push branches with the action's token, which an account that may only triage or read must
 * not be able to drive.
 */
async function refused(f: Flow): Promise<boolean> {
  const t = f.trigger;
  if (t.kind !== 'command' && t.kind !== 'labeled') return false;
  const who = t.kind === 'command' ? t.commenter : t.sender;
  const permission = await f.github.permissionOf(who);
  if (WRITE.includes(permission)) return false;
  const what = t.kind === 'command' ? '/backport' : 'a backport label';
  const why = `@${who} has ${permission} permission on ${f.ctx.owner}/${f.ctx.repo}; ${what} needs write`;
  if (t.kind === 'command') {
    core.warning(`Refused the /backport command: ${why}.`, { title: 'Backport refused' });
    await f.reply(
      `Backport refused: ${md(why)}. Ask a maintainer to comment \`/backport\` instead.`,
    );
  } else {
    core.warning(`Refused the label "${t.label}" added by @${who}: ${why}.`, {
      title: 'Backport refused',
    });
  }
  Object.assign(f.report, { number: t.number, refused: true, nothing: `Refused: ${why}.` });
  return true;
}

/** The original PR, when it is merged; else undefined, after saying so. */
async function readMerged(f: Flow): Promise<MergedPull | undefined> {
  const original = await f.github.original(f.trigger.number);
  Object.assign(f.report, { number: original.number, title: original.title, url: original.url });
  if (original.merged && original.mergeCommitSha)
    return { ...original, mergeCommitSha: original.mergeCommitSha };
  const why = `PR #${original.number} is not merged: only merged PRs are backported`;
  core.notice(`Nothing to backport: ${why}.`);
  await f.reply(`Nothing to backport: ${md(why)}.`);
  f.report.nothing = `Nothing to backport: ${why}.`;
  return undefined;
}

/** The repository, and origin's branches (`git ls-remote`). */
async function openAndList(f: Flow): Promise<{ git: WorkRepository; remote: Map<string, string> }> {
  const git = await WorkRepository.open({
    workspace: f.ctx.workspace,
    serverUrl: f.ctx.serverUrl,
    owner: f.ctx.owner,
    repo: f.ctx.repo,
    token: f.input.token,
    tempDir: f.ctx.tempDir,
    identity: f.input.gitUser,
    purpose: 'backport',
  });
  try {
    return { git, remote: await git.remoteBranches() };
  } catch (err) {
    await git.close();
    throw err;
  }
}

/** Resolve, fetch once, plan, backport each target. False when there was no target. */
async function backportInRepository(
  j: RepositoryJob & { remote: Map<string, string> },
): Promise<boolean> {
  const { git, report, remote } = j;
  const targets = await core.group('Resolve targets', () => resolve(j));
  if (!targets.length) return false;
  // Looked up while git fetches: the PR each target's branch may already have.
  const earlier = lookUpEarlier({
    github: j.github,
    branchTemplate: j.input.branchTemplate,
    original: j.original,
    targets,
  });
  const existing = targets
    .map((t) => fillTemplate(j.input.branchTemplate, j.original, t.branch))
    .filter((b) => remote.has(b));
  git.treePicking().catch(() => undefined); // asked once, beside the fetch
  const branches = [...targets.map((t) => t.branch), ...existing];
  await core.group('Fetch', () => fetch(j, branches));
  const { plan, known } = await core.group('What the PR merged', () => planOf(j));
  report.plan = plan;
  if (git.source === 'clone' && (await deepened(j, branches)))
    report.notes.push('a target may hold a backport made since the PR: its whole history fetched');
  const settings = settingsOf({ ...j, plan, remote, policy: await j.policy });
  report.outcomes = await core.group('Backport', async () =>
    backportAll({ s: settings, earlier: await earlier, ports: { git, github: j.github }, known }),
  );
  return true;
}

/**
 * The target branches the requests name on origin, with what was missing or left out in the
 * report; none, after a reply saying why, when nothing is left.
 */
async function resolve(j: RepositoryJob & { remote: Map<string, string> }): Promise<Target[]> {
  const { report } = j;
  // The policy only when it decides: the targets when neither the input nor the event names
  // them, and `latest` when the input does not give it.
  const t = j.trigger;
  const fromPolicy =
    j.input.targets === undefined &&
    (t.kind === 'merged' || (t.kind === 'command' && !t.targets.length));
  const policy = fromPolicy || j.input.latest === undefined ? await j.policy : undefined;
  const requests = targetRequests(j.trigger, j.input, policy?.backport.targets ?? [], j.original);
  const resolved = resolveTargets(requests, [...j.remote.keys()], {
    latest: j.input.latest ?? policy?.backport.latest ?? 0,
    exclude: [{ branch: j.original.baseRef, reason: 'is the base the PR merged into' }],
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
  if (resolved.targets.length) return resolved.targets;
  report.nothing = requests.length
    ? 'No target branch to backport to.'
    : 'No targets: set the targets input, backport.targets in the policy, or add a backport label.';
  await j.reply(report.nothing + '\n\n' + resultTable(report));
  return [];
}

/**
 * A checkout fetches the base and the targets, history and all. A clone of our own fetches
 * less: each target's last SHALLOW_DEPTH commits (no backport of this PR can be older than
 * the PR, so the window usually holds every commit the hand-backport and same-patch checks
 * need), and the merge commit by sha, deep enough for the PR's commits and their parents.
 */
async function fetch(j: RepositoryJob, branches: string[]): Promise<void> {
  if (j.git.source !== 'clone') return j.git.fetch([j.original.baseRef, ...branches]);
  const depth = Math.max(SHALLOW_DEPTH, j.original.commitCount + 2);
  return j.git.fetch(branches, { depth, commits: [j.original.mergeCommitSha] });
}

/**
 * When a target's window may miss commits made since the PR was opened (its oldest commit is
 * newer than that), its whole history is fetched: a backport made by hand could be there.
 */
async function deepened(j: RepositoryJob, branches: string[]): Promise<boolean> {
  const dates = [j.original.createdAt, ...(await j.prCommits).map((c) => c.authorDate)];
  const since = Math.min(...dates.map((d) => Date.parse(d)).filter((t) => !Number.isNaN(t)));
  // A day's margin for clocks that disagree; no date at all: everything counts.
  const cutoff = Number.isFinite(since) ? Math.floor(since / 1000) - 86_400 : 0;
  return j.git.deepenSince(cutoff, branches, j.original.mergeCommitSha);
}

/** What the PR merged (merge commit, squash or rebase) and so which commits to pick. */
async function planOf(
  j: RepositoryJob,
): Promise<{ plan: PickPlan; known: Map<string, CommitRecord> }> {
  const { git, original } = j;
  const sha = original.mergeCommitSha;
  const prCommits = await j.prCommits;
  // The branches fetched usually bring the merge commit; GitHub serves it by sha otherwise.
  const history = await firstParentChain(git, sha, prCommits.length).catch(async () => {
    await git.fetchCommit(sha);
    return firstParentChain(git, sha, prCommits.length);
  });
  const facts = {
    number: original.number,
    mergeCommitSha: sha,
    mergeParents: history.parents,
    headSha: original.headSha,
    prCommits,
    commitCount: original.commitCount,
    chain: history.chain,
  };
  try {
    const p = planPicks(facts);
    core.info(`${p.method}: ${p.reason}; picking ${p.picks.join(' ')}`);
    return { plan: p, known: history.records };
  } catch (err) {
    if (err instanceof MergeMethodError) throw new UserError(err.message);
    throw err;
  }
}

function settingsOf(
  j: Omit<RepositoryJob, 'policy'> & {
    plan: PickPlan;
    remote: Map<string, string>;
    policy: Policy;
  },
): BackportSettings {
  const { input, original } = j;
  return {
    runUrl: j.ctx.runUrl,
    original,
    plan: j.plan,
    severity: severityText(original, j.policy),
    branchTemplate: input.branchTemplate,
    titleTemplate: input.titleTemplate,
    conflicts: input.conflicts,
    labels: labelsToCopy(original.labels, input.copyLabels, input.labelPattern),
    assignees: input.copyAssignees ? assigneesOf(original) : [],
    autoMerge: input.autoMerge,
    remote: j.remote,
  };
}
