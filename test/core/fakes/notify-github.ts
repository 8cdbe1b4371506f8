// notify's in-memory GitHub and run helper, shared by the core tests: an in-memory
// NotifyGitHub, the run's context, one notify run as main.ts wires it, and a fake sender.
import { readNotifyInputs } from '../../../src/notify/inputs.ts';
import { gatherFacts } from '../../../src/notify/facts.ts';
import { notify, type Outcome } from '../../../src/notify/notify.ts';
import { decidePostmortem } from '../../../src/notify/postmortem.ts';
import type { ApiPull, NotifyGitHub } from '../../../src/notify/github.ts';
import type { IssueChange, MarkedIssue, NewIssue } from '../../../src/notify/marked-issue.ts';
import type { PostRequest, PostResult } from '../../../src/notify/http-post.ts';
import type { Post } from '../../../src/notify/send-http.ts';
import type { SendMail } from '../../../src/notify/email.ts';
import type { CommentPort, StickyResult } from '../../../src/shared/github/sticky-comment.ts';
import type { DeploymentWithStatuses } from '../../../src/shared/github/deployments.ts';
import { resolveSubject } from '../../../src/shared/github/subject.ts';
import { inputsFrom } from '../../../src/shared/runner/inputs.ts';
import type { RunContext } from '../../../src/shared/runner/context.ts';
import { defaultPolicy } from '../../../src/shared/policy/policy.ts';
import type { Policy } from '../../../src/shared/policy/schema.ts';

export const HTML = 'https://github.com/acme/shop';

/** The comments of one client: what was upserted, on which issue, under which key. */
export class MemoryComments implements CommentPort {
  readonly bodies = new Map<string, string>();
  readonly calls: { issue: number; key: string }[] = [];
  private ids = 0;
  async upsert(issue: number, key: string, body: string): Promise<StickyResult> {
    this.calls.push({ issue, key });
    const at = `${issue}:${key}`;
    const before = this.bodies.get(at);
    this.bodies.set(at, body);
    const url = `${HTML}/issues/${issue}#issuecomment-${++this.ids}`;
    if (before === undefined) return { id: this.ids, url, action: 'created' };
    return { id: this.ids, url, action: before === body ? 'unchanged' : 'updated' };
  }
}

/** A repository's issues, PRs and deployments in memory, behind the port notify uses. */
export class MemoryGitHub implements NotifyGitHub {
  readonly issues: MarkedIssue[] = [];
  readonly pulls = new Map<number, ApiPull>();
  readonly deploymentList: DeploymentWithStatuses[] = [];
  readonly issueComments = new MemoryComments();
  readonly pullComments = new MemoryComments();
  readonly writes: string[] = [];
  /** The login the token writes as (GITHUB_TOKEN's): the author of every issue it opens. */
  me = 'github-actions[bot]';

  async ownLogin(): Promise<string | undefined> {
    return this.me;
  }

  async pull(number: number): Promise<ApiPull> {
    const pr = this.pulls.get(number);
    if (!pr) throw new Error(`reading PR #${number} failed (404 Not Found)`);
    return pr;
  }
  subject(ctx: RunContext) {
    return resolveSubject(ctx);
  }
  async deployments(): Promise<DeploymentWithStatuses[]> {
    return this.deploymentList;
  }
  async stickyBody(issue: number, key: string): Promise<string | undefined> {
    const comments = key === 'notify' ? this.pullComments : this.issueComments;
    const body = comments.bodies.get(`${issue}:${key}`);
    return body === undefined ? undefined : `<!-- hotfix-actions:${key} -->\n${body}`;
  }
  async issuesLabelled(label: string): Promise<MarkedIssue[]> {
    return this.issues.filter((i) => i.labels.includes(label)).map((i) => ({ ...i }));
  }
  async createIssue(issue: NewIssue): Promise<MarkedIssue> {
    const number = 100 + this.issues.length;
    const created: MarkedIssue = {
      ...issue,
      number,
      state: 'open',
      url: `${HTML}/issues/${number}`,
      createdAt: '2026-11-24T10:05:00Z',
      closedAt: null,
      author: { login: this.me, type: 'Bot' },
    };
    this.issues.push(created);
    this.writes.push(`create #${number}`);
    return { ...created };
  }
  async updateIssue(number: number, change: IssueChange): Promise<MarkedIssue> {
    const issue = this.issues.find((i) => i.number === number);
    if (!issue) throw new Error(`updating issue #${number} failed (404)`);
    const { title, body, state, labels } = change;
    Object.assign(issue, {
      ...(title !== undefined ? { title } : {}),
      ...(body !== undefined ? { body } : {}),
      ...(state ? { state } : {}),
      ...(labels ? { labels } : {}),
    });
    this.writes.push(`update #${number}`);
    return { ...issue };
  }
}

export function context(): RunContext {
  return {
    eventName: 'workflow_dispatch',
    payload: {},
    owner: 'acme',
    repo: 'shop',
    sha: 'a'.repeat(40),
    ref: 'refs/heads/main',
    actor: 'oncall',
    runId: '7',
    runAttempt: '1',
    serverUrl: 'https://github.com',
    apiUrl: 'https://api.github.com',
    workspace: undefined,
    runUrl: `${HTML}/actions/runs/7`,
    tempDir: '/tmp',
    workflowRef: '',
  };
}

export function withPull(gh: MemoryGitHub): MemoryGitHub {
  gh.pulls.set(12, {
    number: 12,
    title: 'Fix checkout crash',
    body: '## Impact\nCheckout down for all users.',
    html_url: `${HTML}/pull/12`,
    created_at: '2026-11-24T10:00:00Z',
    merged_at: null,
    labels: [],
    head: { ref: 'hotfix/checkout', sha: 'b'.repeat(40) },
    base: { ref: 'main', sha: 'c'.repeat(40) },
  });
  return gh;
}

/** One notify run, as main.ts wires it, minus the runner. */
export async function run(
  env: Record<string, string>,
  o: { github?: MemoryGitHub; post?: Post; sendMail?: SendMail; policy?: Policy } = {},
): Promise<Outcome> {
  const input = readNotifyInputs(inputsFrom({ INPUT_PR: '12', INPUT_SEVERITY: 'P0', ...env }));
  const ctx = context();
  const policy = o.policy ?? defaultPolicy();
  const now = new Date('2026-11-24T10:30:00Z');
  const facts = await gatherFacts({
    ctx,
    input,
    policy,
    ...(o.github ? { github: o.github } : {}),
    wantPostmortem: (s) =>
      decidePostmortem(input.postmortem, input.event, s, policy.levels[s]).open,
    now,
  });
  return notify({
    ...{ input, ctx, policy, policySource: 'built-in defaults', facts, now },
    ...(o.github ? { github: o.github } : {}),
    ...(o.post ? { post: o.post } : {}),
    ...(o.sendMail ? { sendMail: o.sendMail } : {}),
  });
}

export const row = (o: Outcome, channel: string) => o.results.find((r) => r.channel === channel);

/** A sender that answers each URL as told, and records what it was given. */
export function fakePost(answers: Record<string, PostResult>): Post & { seen: PostRequest[] } {
  const seen: PostRequest[] = [];
  const post = async (req: PostRequest): Promise<PostResult> => {
    seen.push(req);
    const answer = answers[req.url];
    if (!answer) throw new Error(`unexpected POST to ${req.url}`);
    return answer;
  };
  return Object.assign(post, { seen });
}

export const OK: PostResult = { ok: true, attempts: [{ outcome: 'HTTP 200', ms: 1 }] };
