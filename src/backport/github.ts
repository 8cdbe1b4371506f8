// Everything a backport asks of GitHub, as one small port: the flow is written against it,
// so it runs against an in-memory fake as well as octokit. `gitHubBackport` is the octokit
// adapter main.ts builds; the calls themselves are in pulls.ts and the shared sticky comment.
import type { GitHub, Repo } from '../shared/github/client.ts';
import { createPull, findPull, type CreateResult, type PullRef } from '../shared/github/pulls.ts';
import { gitHubComments, type CommentPort } from '../shared/github/sticky-comment.ts';
import type { CommitFacts, MergeMethod } from './merge-method.ts';
import {
  enableAutoMerge,
  getOriginal,
  mergePull,
  listPullCommits,
  permissionOf,
  setLabelsAndAssignees,
} from './pulls.ts';

export type { CreateResult, PullRef };

export interface OriginalPull {
  number: number;
  title: string;
  body: string;
  url: string;
  merged: boolean;
  mergeCommitSha: string | null;
  headSha: string;
  headRef: string;
  baseRef: string;
  commitCount: number;
  labels: string[];
  assignees: string[];
  author: string;
  createdAt: string;
}

export interface NewPull {
  title: string;
  body: string;
  head: string;
  base: string;
  draft: boolean;
}

/** One repository's GitHub, as a backport uses it. */
export interface BackportGitHub {
  /** admin, maintain, write, triage, read or none: what GitHub reports for `login`. */
  permissionOf(login: string): Promise<string>;
  original(number: number): Promise<OriginalPull>;
  /** The PR's commits, oldest first, as the API lists them (at most 250). */
  pullCommits(number: number): Promise<CommitFacts[]>;
  /** The newest PR from `branch` into `target`, open or closed. */
  findPull(branch: string, target: string): Promise<PullRef | undefined>;
  /** Opens a PR; `exists` when another run opened the same one meanwhile. */
  createPull(p: NewPull): Promise<CreateResult>;
  /** Sets both on a new PR (nothing is set when both are empty). */
  setLabelsAndAssignees(number: number, labels: string[], assignees: string[]): Promise<void>;
  /** Undefined when enabled, else what GitHub said. */
  enableAutoMerge(nodeId: string, method: MergeMethod): Promise<string | undefined>;
  /** Merges the PR now if its head is still `sha`; undefined when merged, else what GitHub said. */
  mergePull(number: number, method: MergeMethod, sha: string): Promise<string | undefined>;
  /** The sticky comments on the original PR (the reply to /backport, conflict help). */
  comments: CommentPort;
}

export function gitHubBackport(connect: () => Promise<GitHub>, repo: Repo): BackportGitHub {
  return {
    permissionOf: async (login) => permissionOf(await connect(), repo, login),
    original: async (number) => getOriginal(await connect(), repo, number),
    pullCommits: async (number) => listPullCommits(await connect(), repo, number),
    findPull: async (branch, target) => findPull(await connect(), repo, branch, target),
    createPull: async (p) => createPull(await connect(), repo, p),
    setLabelsAndAssignees: async (number, labels, assignees) =>
      setLabelsAndAssignees(await connect(), repo, number, labels, assignees),
    enableAutoMerge: async (nodeId, method) => enableAutoMerge(await connect(), nodeId, method),
    mergePull: async (number, method, sha) => mergePull(await connect(), repo, number, method, sha),
    comments: gitHubComments(connect, repo),
  };
}
