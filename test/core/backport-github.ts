// An in-memory BackportGitHub for the in-process tests of the backport flow: the original
// PRs a test seeds, the PRs the flow opens, the sticky comments it writes, and every call in
// order. It answers the way the octokit adapter does (an open PR before a closed one, `exists`
// when the same head and base are already open, 'read' for a stranger's permission).
import type {
  BackportGitHub,
  CreateResult,
  NewPull,
  OriginalPull,
  PullRef,
} from '../../src/backport/github.ts';
import type { CommitFacts, MergeMethod } from '../../src/backport/merge-method.ts';
import type { CommentPort } from '../../src/shared/github/sticky-comment.ts';

export interface FakePull extends NewPull {
  number: number;
  state: 'open' | 'closed';
  merged: boolean;
  labels: string[];
  assignees: string[];
  autoMerge?: MergeMethod;
  /** Set when the flow merged it: the method and the head it was told to expect. */
  mergedWith?: { method: MergeMethod; sha: string };
}

export interface FakeSticky {
  issue: number;
  key: string;
  body: string;
}

export class FakeBackportGitHub implements BackportGitHub {
  /** Permission by login; anyone else reads. */
  readonly permissions = new Map<string, string>();
  readonly originals = new Map<number, { pull: OriginalPull; commits: CommitFacts[] }>();
  /** Oldest first, the seeded ones and those the flow opened. */
  readonly pulls: FakePull[] = [];
  /** By `<issue>:<key>`. */
  readonly stickies = new Map<string, FakeSticky>();
  /**
   * What GitHub answers enablePullRequestAutoMerge with; undefined enables it. GitHub's answer
   * for a PR nothing holds back is "Pull request Pull request is in clean status".
   */
  autoMergeRefusal: string | undefined;
  /** Each call, in order, as `<method> <main argument>`. */
  readonly calls: string[] = [];
  private nextNumber = 100;

  readonly comments: CommentPort = {
    upsert: async (issue, key, body) => {
      this.calls.push(`upsert ${key}`);
      const id = `${issue}:${key}`;
      const action = this.stickies.has(id) ? 'updated' : 'created';
      this.stickies.set(id, { issue, key, body });
      return { id: issue * 1000, url: `https://github.test/pull/${issue}#${key}`, action };
    },
  };

  /** Seeds a pull request as if someone had opened it earlier. */
  addPull(p: Partial<FakePull> & { head: string; base: string }): FakePull {
    const pull: FakePull = {
      number: this.nextNumber++,
      title: 'a backport',
      body: '',
      draft: false,
      state: 'open',
      merged: false,
      labels: [],
      assignees: [],
      ...p,
    };
    this.pulls.push(pull);
    return pull;
  }

  async permissionOf(login: string): Promise<string> {
    this.calls.push(`permissionOf ${login}`);
    return this.permissions.get(login) ?? 'read';
  }

  async original(number: number): Promise<OriginalPull> {
    this.calls.push(`original ${number}`);
    const o = this.originals.get(number);
    if (!o) throw new Error(`no PR #${number} in the fake`);
    return structuredClone(o.pull);
  }

  async pullCommits(number: number): Promise<CommitFacts[]> {
    this.calls.push(`pullCommits ${number}`);
    return structuredClone(this.originals.get(number)?.commits ?? []);
  }

  async findPull(branch: string, target: string): Promise<PullRef | undefined> {
    this.calls.push(`findPull ${branch}`);
    const mine = this.pulls.filter((p) => p.head === branch && p.base === target).reverse();
    const p = mine.find((x) => x.state === 'open') ?? mine[0];
    return (
      p && { number: p.number, url: urlOf(p), state: p.state, merged: p.merged, draft: p.draft }
    );
  }

  async createPull(p: NewPull): Promise<CreateResult> {
    this.calls.push(`createPull ${p.head}`);
    const open = this.pulls.find(
      (x) => x.head === p.head && x.base === p.base && x.state === 'open',
    );
    if (open) return { kind: 'exists', pull: (await this.findPull(p.head, p.base))! };
    const pull = this.addPull({ ...p });
    return {
      kind: 'created',
      number: pull.number,
      url: urlOf(pull),
      nodeId: `PR_${pull.number}`,
    };
  }

  async setLabelsAndAssignees(
    number: number,
    labels: string[],
    assignees: string[],
  ): Promise<void> {
    this.calls.push(`setLabelsAndAssignees ${number}`);
    const p = this.pull(number);
    p.labels = labels;
    p.assignees = assignees;
  }

  async enableAutoMerge(nodeId: string, method: MergeMethod): Promise<string | undefined> {
    this.calls.push(`enableAutoMerge ${nodeId}`);
    if (this.autoMergeRefusal) return this.autoMergeRefusal;
    this.pull(Number(nodeId.replace('PR_', ''))).autoMerge = method;
    return undefined;
  }

  async mergePull(number: number, method: MergeMethod, sha: string): Promise<string | undefined> {
    this.calls.push(`mergePull ${number}`);
    const p = this.pull(number);
    Object.assign(p, { state: 'closed', merged: true, mergedWith: { method, sha } });
    return undefined;
  }

  private pull(number: number): FakePull {
    const p = this.pulls.find((x) => x.number === number);
    if (!p) throw new Error(`no PR #${number} in the fake`);
    return p;
  }
}

function urlOf(p: FakePull): string {
  return `https://github.test/acme/shop/pull/${p.number}`;
}
