// GitHub deployments are the suite's record of what is live where: deploy-with-healthcheck
// writes them, auto-rollback finds the last good version in them, notify rebuilds the
// incident timeline from them. State lives in GitHub, so any job can pick up the story.
// This file holds the record's shape, the port the core flows use (Deployments) and the
// rules read from it; the REST calls behind the port are in deployments-adapter.ts.
import type { Repo } from './client.ts';
import { isSha, shortSha } from '../git/sha.ts';

export type { Repo };

export type DeploymentState =
  'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';

/** What the suite stores in a deployment's payload; every field optional, others kept. */
export interface DeploymentPayload {
  /** The version deployed, e.g. v1.5.1. */
  version?: string;
  /** The hotfix PR this deployment ships. */
  pr?: number;
  severity?: string;
  /** For a rollback: the id of the deployment it replaced. */
  'rollback-of'?: number;
  [key: string]: unknown;
}

export interface Deployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  description: string | null;
  payload: DeploymentPayload;
  creator: string | undefined;
  createdAt: string;
}

export interface DeploymentStatus {
  id: number;
  state: DeploymentState;
  description: string;
  environmentUrl: string;
  logUrl: string;
  createdAt: string;
}

export interface DeploymentWithStatuses extends Deployment {
  /** Newest first. */
  statuses: DeploymentStatus[];
}

/** A deployment to create: exactly this ref, nothing merged in, no required contexts. */
export interface NewDeployment {
  ref: string;
  environment: string;
  description: string;
  payload: DeploymentPayload;
  production?: boolean;
}

export interface NewDeploymentStatus {
  state: DeploymentState;
  description: string;
  logUrl?: string;
  environmentUrl?: string;
}

/**
 * One repository's deployments and their statuses, as the core flows read and write them.
 * Failures are UserErrors that say what was attempted and which permission it needs.
 */
export interface Deployments {
  /**
   * The environment's most recent deployments (of one commit, with `sha`), newest first,
   * each with its statuses.
   */
  history(environment: string, limit?: number, sha?: string): Promise<DeploymentWithStatuses[]>;
  create(d: NewDeployment): Promise<Deployment>;
  setStatus(id: number, s: NewDeploymentStatus): Promise<DeploymentStatus>;
  get(id: number): Promise<Deployment>;
  /** Newest first. */
  statuses(id: number): Promise<DeploymentStatus[]>;
}

/** The version a deployment's payload records; '' when none does. */
export function versionOf(d: { payload: DeploymentPayload }): string {
  return typeof d.payload.version === 'string' ? d.payload.version : '';
}

/** A short name for people: the version, else the ref (unless it is a sha), else the short sha. */
export function displayName(d: { ref: string; sha: string; version?: string }): string {
  if (d.version) return d.version;
  if (d.ref && !isSha(d.ref)) return d.ref;
  return shortSha(d.sha);
}

/** A deployment's name for people: its version, ref or short sha. */
export function deploymentName(d: Pick<Deployment, 'ref' | 'sha' | 'payload'>): string {
  return displayName({ ...d, version: versionOf(d) });
}

/** The current state: the newest status, or undefined when none was set yet. */
export function currentState(statuses: DeploymentStatus[]): DeploymentState | undefined {
  return statuses[0]?.state;
}

/**
 * Still marked as running (or never given a status): a run that died (runner lost, job
 * killed) before it finished, or one still at work.
 */
export function isUnfinished(d: { statuses: DeploymentStatus[] }): boolean {
  const s = currentState(d.statuses);
  return s === undefined || s === 'in_progress' || s === 'queued' || s === 'pending';
}

/** A rollback deployment's target: the id in its payload's `rollback-of`, or undefined. */
export function rollbackOf(d: Pick<Deployment, 'payload'>): number | undefined {
  // Typed a number, but a payload is whatever its writer stored: "12" counts, "" does not.
  const raw: unknown = d.payload['rollback-of'];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const id = Number(raw);
  return Number.isFinite(id) ? id : undefined;
}

/** The rollbacks made of a deployment (payload `rollback-of`), newest first. */
export function rollbacksOf(
  history: DeploymentWithStatuses[],
  id: number,
): DeploymentWithStatuses[] {
  return history.filter((d) => rollbackOf(d) === id);
}

/**
 * True when a deployment was verified healthy and nothing later said otherwise: it has a
 * success status, and no failure or error came after it (inactive, set when a newer
 * deployment replaces it, does not take the success back).
 */
export function wasGood(statuses: DeploymentStatus[]): boolean {
  for (const s of statuses) {
    if (s.state === 'success') return true;
    if (s.state === 'failure' || s.state === 'error') return false;
  }
  return false;
}

/**
 * The newest good deployment older than `before` (a deployment id; GitHub's ids grow with
 * time), from a newest-first history.
 */
export function lastGood(
  history: DeploymentWithStatuses[],
  before?: number,
): DeploymentWithStatuses | undefined {
  return history.find((d) => (before === undefined || d.id < before) && wasGood(d.statuses));
}

/**
 * Where a rollback goes: the newest good deployment older than `before`, of another commit
 * than `sha` (returning to the commit that just failed would change nothing).
 */
export function rollbackTarget(
  history: DeploymentWithStatuses[],
  opts: { sha: string; before?: number },
): DeploymentWithStatuses | undefined {
  return lastGood(
    history.filter((d) => d.sha !== opts.sha),
    opts.before,
  );
}
