// What the fake GitHub remembers: repositories, their issues and pull requests (one number
// sequence, as on GitHub), labels, files, and each pull request's changed files and reviews.
// Tests seed it directly and read it to assert.
import { HttpError } from './server.ts';

export interface User {
  login: string;
  id: number;
}

export interface Label {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

/** A commit as GET /pulls/{n}/commits lists it; tests copy these from their real git repository. */
export interface PullCommit {
  sha: string;
  message: string;
  author: { name: string; email: string; date: string };
  committer?: { name: string; email: string; date: string };
  parents: string[];
  tree?: string;
}

export interface PullData {
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  /** The changed files, in GitHub's order; the API lists at most the first 3000. */
  files: PullFile[];
  /** Submitted reviews, oldest first (the API's order). */
  reviews: ReviewRecord[];
  /** The PR's commits, oldest first (GET /pulls/{n}/commits). */
  commits: PullCommit[];
  /** Set by the enablePullRequestAutoMerge GraphQL mutation. */
  autoMerge: { mergeMethod: string; enabledAt: string; enabledBy: string } | null;
}

export type FileStatus =
  'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';

export interface PullFile {
  filename: string;
  status: FileStatus;
  additions: number;
  deletions: number;
  previousFilename?: string;
}

/** A review's state as the list answers it; a dismissed review reads DISMISSED from then on. */
export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED';

export interface ReviewRecord {
  id: number;
  user: User;
  state: ReviewState;
  body: string;
  submittedAt: string;
  commitId: string;
}

export interface NewReview {
  user: string;
  state: ReviewState;
  body?: string;
  submittedAt?: string;
}

export interface IssueRecord {
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  labels: string[];
  /** Logins. */
  assignees: string[];
  user: User;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** Why it was closed or reopened; GitHub reports `completed` for a plain close. */
  stateReason?: 'completed' | 'not_planned' | 'duplicate' | 'reopened' | null;
  /** Present for pull requests. */
  pull?: PullData;
}

export interface CommentRecord {
  id: number;
  issue: number;
  body: string;
  user: User;
  createdAt: string;
  updatedAt: string;
}

export interface DeploymentStatusRecord {
  id: number;
  state: string;
  description: string;
  environment: string;
  logUrl: string;
  environmentUrl: string;
  creator: User;
  createdAt: string;
}

export interface DeploymentRecord {
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  description: string | null;
  payload: unknown;
  transient: boolean;
  production: boolean;
  creator: User;
  createdAt: string;
  /** Oldest first. */
  statuses: DeploymentStatusRecord[];
}

/** An annotated tag object (POST /git/tags): what refs/tags/<name> points at once created. */
export interface TagObjectRecord {
  sha: string;
  tag: string;
  message: string;
  /** What it tags: a commit (or another tag object). */
  object: { type: 'commit' | 'tag' | 'tree' | 'blob'; sha: string };
  tagger: { name: string; email: string; date: string };
}

export interface RepoState {
  owner: string;
  name: string;
  id: number;
  defaultBranch: string;
  labels: Map<string, Label>;
  issues: Map<number, IssueRecord>;
  /** Files by ref (branch name or sha), then by path. */
  files: Map<string, Map<string, string>>;
  comments: CommentRecord[];
  /** Git refs by full name without `refs/` (`heads/main`, `tags/v1.2.3`) -> sha. */
  refs: Map<string, string>;
  /** Annotated tag objects by their sha; a ref to one of these is an annotated tag. */
  tagObjects: Map<string, TagObjectRecord>;
  /** Oldest first. */
  deployments: DeploymentRecord[];
  nextNumber: number;
  /**
   * The real (bare) git repository behind this one, when a test has one: POST /pulls checks
   * that head and base exist there and records their shas, as GitHub does.
   */
  gitDir?: string;
  /** Permission per login (GET /collaborators/{username}/permission); others read. */
  collaborators: Map<string, CollaboratorPermission>;
  /** The repository setting "Allow auto-merge". */
  allowAutoMerge: boolean;
  /**
   * Branches whose protection requires a status check or a review. A PR into one is held back
   * (mergeStateStatus BLOCKED) until they pass, so auto-merge can be enabled on it; a PR into
   * any other branch is mergeable at once (CLEAN), and GitHub refuses to enable auto-merge on
   * it ("Pull request is in clean status") and lets it be merged right away.
   */
  protectedBranches: Set<string>;
  /**
   * Head branches whose latest commit has a check that is failing or still running, one no
   * branch protection requires. A PR from one into an unprotected branch is mergeable but
   * UNSTABLE: GitHub refuses to enable auto-merge on it ("Pull request is in unstable status")
   * and still lets it be merged by hand.
   */
  checksNotPassing: Set<string>;
}

export type CollaboratorPermission = 'admin' | 'maintain' | 'write' | 'triage' | 'read';

export interface NewPull {
  title: string;
  body?: string;
  head: string;
  base?: string;
  headSha?: string;
  baseSha?: string;
  labels?: string[];
  user?: string;
  createdAt?: string;
  draft?: boolean;
  state?: 'open' | 'closed';
  merged?: boolean;
  /** Changed files: a path (modified, one line added and one deleted) or the whole entry. */
  files?: (string | (Partial<PullFile> & { filename: string }))[];
  /** The sha GitHub reports as merge_commit_sha once merged (a real one, for git tests). */
  mergeCommitSha?: string;
  commits?: PullCommit[];
  assignees?: string[];
}

export interface NewIssue {
  title: string;
  body?: string;
  labels?: string[];
  user?: string;
  createdAt?: string;
}

/** A deployment an earlier run recorded, for `addDeployment`. */
export interface NewDeployment {
  sha: string;
  ref: string;
  /** payload.version; also the description (`Deploy <version or ref>`) unless one is given. */
  version?: string;
  environment?: string;
  payload?: Record<string, unknown>;
  description?: string;
  creator?: string;
  createdAt?: string;
  /** Its statuses, oldest first: a state, or a state with the fields that differ. */
  statuses?: (string | NewDeploymentStatus)[];
}

export interface NewDeploymentStatus {
  state: string;
  description?: string;
  environmentUrl?: string;
  logUrl?: string;
  /** Default: the deployment's createdAt. */
  createdAt?: string;
}

let ids = 1000;
export const nextId = (): number => ++ids;

export class GitHubState {
  readonly repos = new Map<string, RepoState>();
  private readonly users = new Map<string, User>();

  user(login: string): User {
    let u = this.users.get(login);
    if (!u) this.users.set(login, (u = { login, id: nextId() }));
    return u;
  }

  addRepo(fullName: string, opts: { defaultBranch?: string } = {}): RepoState {
    const [owner = '', name = ''] = fullName.split('/');
    const repo: RepoState = {
      owner,
      name,
      id: nextId(),
      defaultBranch: opts.defaultBranch ?? 'main',
      labels: new Map(),
      issues: new Map(),
      files: new Map(),
      comments: [],
      refs: new Map(),
      tagObjects: new Map(),
      deployments: [],
      nextNumber: 1,
      collaborators: new Map(),
      allowAutoMerge: false,
      protectedBranches: new Set(),
      checksNotPassing: new Set(),
    };
    this.repos.set(fullName.toLowerCase(), repo);
    return repo;
  }

  /** The repository, or GitHub's 404. */
  repo(owner: string, name: string): RepoState {
    const repo = this.repos.get(`${owner}/${name}`.toLowerCase());
    if (!repo) throw new HttpError(404, 'Not Found');
    return repo;
  }

  issue(repo: RepoState, number: number): IssueRecord {
    const issue = repo.issues.get(number);
    if (!issue) throw new HttpError(404, 'Not Found');
    return issue;
  }

  pull(repo: RepoState, number: number): IssueRecord & { pull: PullData } {
    const issue = this.issue(repo, number);
    if (!issue.pull) throw new HttpError(404, 'Not Found');
    return issue as IssueRecord & { pull: PullData };
  }

  addPull(repo: RepoState, p: NewPull): IssueRecord & { pull: PullData } {
    const now = p.createdAt ?? new Date().toISOString();
    const record: IssueRecord & { pull: PullData } = {
      number: repo.nextNumber++,
      id: nextId(),
      title: p.title,
      body: p.body ?? null,
      state: p.state ?? (p.merged ? 'closed' : 'open'),
      labels: [],
      assignees: [...(p.assignees ?? [])],
      user: this.user(p.user ?? 'octocat'),
      createdAt: now,
      updatedAt: now,
      closedAt: p.merged ? now : null,
      pull: {
        head: { ref: p.head, sha: p.headSha ?? fakeSha(`${p.head}-head`) },
        base: {
          ref: p.base ?? repo.defaultBranch,
          sha: p.baseSha ?? fakeSha(`${p.base ?? repo.defaultBranch}-base`),
        },
        draft: p.draft ?? false,
        merged: p.merged ?? false,
        mergedAt: p.merged ? now : null,
        mergeCommitSha: p.merged ? (p.mergeCommitSha ?? fakeSha(`${p.head}-merge`)) : null,
        files: (p.files ?? []).map((f) =>
          typeof f === 'string'
            ? { filename: f, status: 'modified', additions: 1, deletions: 1 }
            : { status: 'modified', additions: 1, deletions: 1, ...f },
        ),
        reviews: [],
        commits: p.commits ?? [],
        autoMerge: null,
      },
    };
    for (const l of p.labels ?? []) this.attachLabel(repo, record, l);
    repo.issues.set(record.number, record);
    return record;
  }

  /** Submits a review; the time is now unless given, and later than every earlier review. */
  addReview(pr: { pull: PullData }, r: NewReview): ReviewRecord {
    const review: ReviewRecord = {
      id: nextId(),
      user: this.user(r.user),
      state: r.state,
      body: r.body ?? (r.state === 'APPROVED' ? '' : 'See comments.'),
      submittedAt: r.submittedAt ?? new Date().toISOString(),
      commitId: pr.pull.head.sha,
    };
    pr.pull.reviews.push(review);
    return review;
  }

  /** Records a deployment with its statuses, as the deployments API would have. */
  addDeployment(repo: RepoState, d: NewDeployment): DeploymentRecord {
    const environment = d.environment ?? 'production';
    const creator = this.user(d.creator ?? 'octocat');
    const createdAt = d.createdAt ?? new Date().toISOString();
    const record: DeploymentRecord = {
      id: nextId(),
      sha: d.sha,
      ref: d.ref,
      task: 'deploy',
      environment,
      description: d.description ?? `Deploy ${d.version ?? d.ref}`,
      payload: { ...(d.version ? { version: d.version } : {}), ...d.payload },
      transient: false,
      production: environment === 'production',
      creator,
      createdAt,
      statuses: (d.statuses ?? []).map((st) => {
        const s = typeof st === 'string' ? { state: st } : st;
        return {
          id: nextId(),
          state: s.state,
          description: s.description ?? s.state,
          environment,
          logUrl: s.logUrl ?? '',
          environmentUrl: s.environmentUrl ?? '',
          creator,
          createdAt: s.createdAt ?? createdAt,
        };
      }),
    };
    repo.deployments.push(record);
    return record;
  }

  addIssue(repo: RepoState, i: NewIssue): IssueRecord {
    const now = i.createdAt ?? new Date().toISOString();
    const record: IssueRecord = {
      number: repo.nextNumber++,
      id: nextId(),
      title: i.title,
      body: i.body ?? null,
      state: 'open',
      labels: [],
      assignees: [],
      user: this.user(i.user ?? 'octocat'),
      createdAt: now,
      updatedAt: now,
      closedAt: null,
    };
    for (const l of i.labels ?? []) this.attachLabel(repo, record, l);
    repo.issues.set(record.number, record);
    return record;
  }

  /** Adds a label to an issue, creating the repository label as GitHub does. */
  attachLabel(repo: RepoState, issue: IssueRecord, name: string): void {
    const label = this.ensureLabel(repo, name);
    if (!issue.labels.some((l) => l.toLowerCase() === label.name.toLowerCase()))
      issue.labels.push(label.name);
  }

  ensureLabel(repo: RepoState, name: string, color = 'ededed', description = ''): Label {
    const key = name.toLowerCase();
    let label = repo.labels.get(key);
    if (!label) repo.labels.set(key, (label = { id: nextId(), name, color, description }));
    return label;
  }

  /**
   * The commit a ref names: a sha itself, a branch or a tag (an annotated tag is peeled to
   * its commit, as GitHub does); undefined when unknown.
   */
  resolveRef(repo: RepoState, ref: string): string | undefined {
    if (/^[0-9a-f]{40}$/.test(ref)) return this.peel(repo, ref);
    const short = ref.replace(/^refs\//, '');
    const sha =
      repo.refs.get(short) ?? repo.refs.get(`heads/${short}`) ?? repo.refs.get(`tags/${short}`);
    return sha === undefined ? undefined : this.peel(repo, sha);
  }

  /** Follows tag objects to what they finally tag. */
  peel(repo: RepoState, sha: string): string {
    for (let t = repo.tagObjects.get(sha); t; t = repo.tagObjects.get(sha)) sha = t.object.sha;
    return sha;
  }

  setFile(repo: RepoState, ref: string, path: string, content: string): void {
    let files = repo.files.get(ref);
    if (!files) repo.files.set(ref, (files = new Map()));
    files.set(path, content);
  }
}

/** A stable 40-hex sha for a name, for objects a test does not back with real git. */
export function fakeSha(seed: string): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < 40; round++) {
    for (const c of `${seed}:${round}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 40);
}
