// An in-memory stand-in for what deploy-with-healthcheck and auto-rollback keep in GitHub: the
// deployments record, tags, commits and pull requests, behind the same ports the octokit
// adapters implement. Writes are logged in order, and any call can be made to fail, so a test
// can see exactly what a flow wrote and what it does when GitHub gives out half-way.
import { isSha } from '../../../src/shared/git/sha.ts';
import type {
  Deployment,
  DeploymentPayload,
  DeploymentState,
  DeploymentStatus,
  DeploymentWithStatuses,
  Deployments,
  NewDeployment,
  NewDeploymentStatus,
} from '../../../src/shared/github/deployments.ts';
import type { CreateResult, NewPull, PullRef, Pulls } from '../../../src/shared/github/pulls.ts';
import { UserError } from '../../../src/shared/runner/errors.ts';
import type { DeployPorts } from '../../../src/deploy-with-healthcheck/deploy.ts';
import type { CommitPulls, PullLike } from '../../../src/deploy-with-healthcheck/hotfix-pr.ts';
import type { NewTag, Tags } from '../../../src/deploy-with-healthcheck/version.ts';
import type { Commits } from '../../../src/auto-rollback/lookup.ts';
import type { RollbackPorts } from '../../../src/auto-rollback/rollback.ts';

/** A 40-character sha made of one repeated character: sha('a'). */
export const sha = (c: string): string => c.repeat(40);

/** One call a flow made through a port, as the fake saw it. */
export interface Call {
  port: string;
  method: string;
  args: unknown[];
}

/** Decides whether a call fails; the error it returns is thrown instead of answering. */
type Fault = (call: Call) => Error | undefined;

const CREATED_AT = '2026-11-24T10:00:00Z';

export class FakePorts {
  /** Branches and tags the fake resolves: name -> sha. A full sha resolves to itself. */
  readonly refs = new Map<string, string>();
  /** Every call, in order. */
  readonly calls: Call[] = [];
  private readonly faults: Fault[] = [];
  private readonly store: DeploymentWithStatuses[] = [];
  private nextId = 1000;
  private nextStatusId = 1;
  readonly tagMap = new Map<string, string>();
  /** sha -> the pull requests GitHub lists for that commit. */
  readonly pullsOfCommit = new Map<string, PullLike[]>();
  readonly openedPulls: (NewPull & { number: number })[] = [];

  /** Makes every later call `when` matches fail with `error`. */
  failWhen(when: (call: Call) => boolean, error = new UserError('GitHub answered 502')): void {
    this.faults.push((call) => (when(call) ? error : undefined));
  }

  /** A deployment already in the record; `states` oldest first, as they were written. */
  seed(d: {
    sha: string;
    ref?: string;
    environment?: string;
    payload?: DeploymentPayload;
    states: DeploymentState[];
    description?: string;
  }): DeploymentWithStatuses {
    const deployment = this.add({
      ref: d.ref ?? d.sha,
      sha: d.sha,
      environment: d.environment ?? 'production',
      description: d.description ?? '',
      payload: d.payload ?? {},
    });
    for (const state of d.states)
      this.addStatus(deployment.id, { state, description: d.description ?? '' });
    return this.find(deployment.id);
  }

  /** A deployment as the record holds it now (statuses newest first). */
  deployment(id: number): DeploymentWithStatuses {
    return structuredClone(this.find(id));
  }

  /** The states a deployment went through, oldest first. */
  states(id: number): DeploymentState[] {
    return this.find(id)
      .statuses.map((s) => s.state)
      .reverse();
  }

  /** Every deployment, newest first. */
  all(): DeploymentWithStatuses[] {
    return structuredClone([...this.store].reverse());
  }

  /** The writes (creates and status changes), oldest first, for order and no-op checks. */
  writes(): Call[] {
    return this.calls.filter((c) => /^(create|setStatus)$/.test(c.method));
  }

  readonly deployments: Deployments = {
    history: async (environment, limit = 30, sha?: string) => {
      this.enter('deployments', 'history', sha ? [environment, limit, sha] : [environment, limit]);
      return structuredClone(
        [...this.store]
          .reverse()
          .filter((d) => d.environment === environment && (!sha || d.sha === sha))
          .slice(0, limit),
      );
    },
    create: async (d: NewDeployment) => {
      this.enter('deployments', 'create', [d]);
      const resolved = this.resolve(d.ref);
      if (!resolved) throw new UserError(`creating a deployment of ${d.ref} failed (422)`);
      return plain(this.add({ ...d, sha: resolved }));
    },
    setStatus: async (id, s: NewDeploymentStatus) => {
      this.enter('deployments', 'setStatus', [id, s]);
      return structuredClone(this.addStatus(id, s));
    },
    get: async (id) => {
      this.enter('deployments', 'get', [id]);
      return plain(this.find(id));
    },
    statuses: async (id) => {
      this.enter('deployments', 'statuses', [id]);
      return structuredClone(this.find(id).statuses);
    },
  };

  readonly tags: Tags = {
    names: async () => {
      this.enter('tags', 'names', []);
      return [...this.tagMap.keys()];
    },
    commitOf: async (tag) => {
      this.enter('tags', 'commitOf', [tag]);
      return this.tagMap.get(tag);
    },
    create: async (t: NewTag) => {
      this.enter('tags', 'create', [t]);
      if (this.tagMap.has(t.tag)) return 'taken';
      this.tagMap.set(t.tag, t.sha);
      return 'created';
    },
  };

  readonly commitPulls: CommitPulls = {
    of: async (commit) => {
      this.enter('commitPulls', 'of', [commit]);
      return structuredClone(this.pullsOfCommit.get(commit) ?? []);
    },
  };

  readonly commits: Commits = {
    shaOf: async (ref) => {
      this.enter('commits', 'shaOf', [ref]);
      return this.resolve(ref);
    },
    isTag: async (name) => {
      this.enter('commits', 'isTag', [name]);
      return this.tagMap.has(name);
    },
  };

  readonly pulls: Pulls = {
    find: async (branch, target) => {
      this.enter('pulls', 'find', [branch, target]);
      const p = [...this.openedPulls].reverse().find((x) => x.head === branch && x.base === target);
      return p ? this.ref(p) : undefined;
    },
    create: async (p): Promise<CreateResult> => {
      this.enter('pulls', 'create', [p]);
      const number = this.openedPulls.length + 1;
      this.openedPulls.push({ ...p, number });
      return { kind: 'created', number, url: this.ref({ number }).url, nodeId: `PR_${number}` };
    },
  };

  deployPorts(): DeployPorts {
    return { deployments: this.deployments, tags: this.tags, pulls: this.commitPulls };
  }

  rollbackPorts(): RollbackPorts {
    return { deployments: this.deployments, commits: this.commits, pulls: this.pulls };
  }

  private enter(port: string, method: string, args: unknown[]): void {
    const call = { port, method, args: structuredClone(args) };
    this.calls.push(call);
    for (const fault of this.faults) {
      const error = fault(call);
      if (error) throw error;
    }
  }

  private resolve(ref: string): string | undefined {
    return this.refs.get(ref) ?? (isSha(ref) && ref.length === 40 ? ref : undefined);
  }

  private find(id: number): DeploymentWithStatuses {
    const d = this.store.find((x) => x.id === id);
    if (!d) throw new UserError(`reading deployment ${id} failed (404): Not Found`);
    return d;
  }

  private add(d: NewDeployment & { sha: string }): DeploymentWithStatuses {
    const deployment: DeploymentWithStatuses = {
      id: ++this.nextId,
      sha: d.sha,
      ref: d.ref,
      environment: d.environment,
      description: d.description,
      payload: structuredClone(d.payload),
      creator: 'github-actions[bot]',
      createdAt: CREATED_AT,
      statuses: [],
    };
    this.store.push(deployment);
    return deployment;
  }

  private addStatus(id: number, s: NewDeploymentStatus): DeploymentStatus {
    const status: DeploymentStatus = {
      id: this.nextStatusId++,
      state: s.state,
      description: s.description,
      environmentUrl: s.environmentUrl ?? '',
      logUrl: s.logUrl ?? '',
      createdAt: CREATED_AT,
    };
    this.find(id).statuses.unshift(status);
    return status;
  }

  private ref(p: { number: number }): PullRef {
    return {
      number: p.number,
      url: `https://github.com/acme/shop/pull/${p.number}`,
      state: 'open',
      merged: false,
      draft: false,
    };
  }
}

/** A deployment as `create` and `get` answer: without its statuses. */
function plain(d: DeploymentWithStatuses): Deployment {
  const { id, sha, ref, environment, description, payload, creator, createdAt } = d;
  return structuredClone({ id, sha, ref, environment, description, payload, creator, createdAt });
}
