// The ports of history.ts over octokit. Lists are read 100 to a page, newest first, and only
// as far back as the period needs; a few pages are in flight at once. Deployment statuses,
// one REST call per deployment, are read through GraphQL instead, 100 deployments to a call
// (by the node ids the REST list gave): 1,000 hotfixes need about 12 calls there, not 1,000,
// which is the whole hourly REST budget of a workflow's GITHUB_TOKEN. Every call is counted.
import { describeApiError, statusOf, type GitHub, type Repo } from '../shared/github/client.ts';
import { ownLogin, sameLogin } from '../shared/github/sticky-comment.ts';
import type {
  Deployment,
  DeploymentState,
  DeploymentStatus,
} from '../shared/github/deployments.ts';
import {
  toDeployment,
  toStatus,
  type ApiDeployment,
  type ApiStatus,
} from '../shared/github/deployments-adapter.ts';
import { UserError } from '../shared/runner/errors.ts';
import * as core from '@actions/core';
import type {
  ApiCalls,
  HistoryPort,
  IssueRecord,
  PullRecord,
  ReportIssue,
  ReportIssuePort,
} from './history.ts';
import { mapLimit, PER_PAGE, readPages } from './pages.ts';

/** Pages or GraphQL batches in flight at once: GitHub asks clients not to hammer it. */
export const CONCURRENCY = 4;
/** Deployments per GraphQL call, and statuses read with each (GitHub's maximum is 100). */
const BATCH = 100;

/** A client whose calls are counted from the first one on. */
export function countedGitHub(connect: () => Promise<GitHub>): {
  connect: () => Promise<GitHub>;
  calls: () => ApiCalls;
} {
  const calls: ApiCalls = { rest: 0, graphql: 0 };
  let ready: Promise<GitHub> | undefined;
  return {
    connect: () =>
      (ready ??= connect().then((github) => {
        // Registered last, so outermost: one count per call, whatever the retries inside.
        github.hook.before('request', (options) => {
          if (/\/graphql$/.test(String(options.url))) calls.graphql++;
          else calls.rest++;
        });
        return github;
      })),
    calls: () => ({ ...calls }),
  };
}

export function gitHubHistory(
  connect: () => Promise<GitHub>,
  repo: Repo,
  calls: () => ApiCalls,
): HistoryPort {
  // The node id of each deployment listed: what GraphQL looks it up by.
  const nodeIds = new Map<number, string>();
  return {
    mergedPulls: async (base, from, to) => mergedPulls(await connect(), repo, base, from, to),
    issuesLabelled: async (label, o) => issuesLabelled(await connect(), repo, label, o),
    deployments: async (environment, from, to) =>
      listDeployments(await connect(), repo, environment, from, to, nodeIds),
    statuses: async (ids) => statusesOf(await connect(), repo, ids, nodeIds),
    calls,
  };
}

interface ApiPull {
  number: number;
  title: string;
  body: string | null;
  labels: { name?: string }[];
  head: { ref: string; sha: string };
  base: { ref: string };
  merge_commit_sha: string | null;
  created_at: string;
  updated_at: string;
  merged_at: string | null;
  html_url: string;
  user: { login: string } | null;
}

async function mergedPulls(
  github: GitHub,
  repo: Repo,
  base: string,
  from: Date,
  to: Date,
): Promise<PullRecord[]> {
  try {
    // Most recently updated first: a PR merged in the period was updated at or after its
    // merge, so once a whole page was last updated before the period, nothing later can
    // have been merged in it.
    const items = await readPages(
      async (page) =>
        (
          await github.rest.pulls.list({
            ...repo,
            state: 'closed',
            base,
            sort: 'updated',
            direction: 'desc',
            per_page: PER_PAGE,
            page,
          })
        ).data as ApiPull[],
      {
        done: (page) => Date.parse(page.at(-1)?.updated_at ?? '') < from.getTime(),
        concurrency: CONCURRENCY,
      },
    );
    const seen = new Set<number>();
    return items
      .filter((p) => {
        const merged = Date.parse(p.merged_at ?? '');
        // A PR updated while the list was read can come twice.
        if (seen.has(p.number) || !(merged >= from.getTime() && merged <= to.getTime()))
          return false;
        seen.add(p.number);
        return true;
      })
      .map(toPull)
      .sort((a, b) => Date.parse(b.mergedAt) - Date.parse(a.mergedAt) || b.number - a.number);
  } catch (err) {
    throw new UserError(
      describeApiError(err, `listing the pull requests merged into ${base}`, 'pull-requests: read'),
    );
  }
}

function toPull(p: ApiPull): PullRecord {
  return {
    number: p.number,
    title: p.title,
    body: p.body ?? '',
    labels: p.labels.map((l) => l.name ?? '').filter(Boolean),
    headRef: p.head.ref,
    baseRef: p.base.ref,
    headSha: p.head.sha,
    mergeSha: p.merge_commit_sha,
    createdAt: p.created_at,
    mergedAt: p.merged_at ?? '',
    url: p.html_url,
    ...(p.user?.login ? { author: p.user.login } : {}),
  };
}

interface ApiIssue {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  state_reason?: string | null;
  labels: (string | { name?: string })[];
  html_url: string;
  created_at: string;
  closed_at: string | null;
  user: { login: string; type?: string } | null;
  pull_request?: unknown;
}

async function issuesLabelled(
  github: GitHub,
  repo: Repo,
  label: string,
  o: { state: 'open' | 'closed' | 'all'; updatedSince?: Date },
): Promise<IssueRecord[]> {
  try {
    const items = await readPages(
      async (page) =>
        (
          await github.rest.issues.listForRepo({
            ...repo,
            labels: label,
            state: o.state,
            ...(o.updatedSince ? { since: o.updatedSince.toISOString() } : {}),
            sort: 'created',
            direction: 'asc',
            per_page: PER_PAGE,
            page,
          })
        ).data as ApiIssue[],
      { concurrency: CONCURRENCY },
    );
    const seen = new Set<number>();
    return items
      .filter((i) => !i.pull_request && !seen.has(i.number) && seen.add(i.number))
      .map(toIssue);
  } catch (err) {
    throw new UserError(describeApiError(err, `listing issues labelled ${label}`, 'issues: read'));
  }
}

function toIssue(i: ApiIssue): IssueRecord {
  return {
    number: i.number,
    title: i.title,
    body: i.body ?? '',
    state: i.state === 'closed' ? 'closed' : 'open',
    stateReason: i.state_reason ?? null,
    labels: i.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean),
    url: i.html_url,
    createdAt: i.created_at,
    closedAt: i.closed_at,
    ...(i.user?.login ? { author: i.user.login } : {}),
  };
}

/** A deployment as listed: the node id is kept for reading its statuses through GraphQL. */
interface ListedDeployment extends ApiDeployment {
  node_id: string;
}

async function listDeployments(
  github: GitHub,
  repo: Repo,
  environment: string,
  from: Date,
  to: Date,
  nodeIds: Map<number, string>,
): Promise<Deployment[]> {
  try {
    // Newest first: the pages from now back to `to` are read and skipped, then the period's,
    // and the reading stops at the first page that reaches back past `from`.
    const items = await readPages(
      async (page) =>
        (
          await github.rest.repos.listDeployments({
            ...repo,
            environment,
            per_page: PER_PAGE,
            page,
          })
        ).data as ListedDeployment[],
      {
        done: (page) => Date.parse(page.at(-1)?.created_at ?? '') < from.getTime(),
        concurrency: CONCURRENCY,
      },
    );
    const seen = new Set<number>();
    const out: Deployment[] = [];
    for (const d of items) {
      const at = Date.parse(d.created_at);
      if (seen.has(d.id) || at < from.getTime() || at > to.getTime()) continue;
      seen.add(d.id);
      nodeIds.set(d.id, d.node_id);
      out.push(toDeployment(d));
    }
    return out;
  } catch (err) {
    throw new UserError(
      describeApiError(err, `listing the deployments of ${environment}`, 'deployments: read'),
    );
  }
}

/** The GraphQL query of the statuses of up to 100 deployments; checked against GitHub's schema. */
export const STATUSES_QUERY = `query HotfixReportStatuses($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on Deployment {
      databaseId
      statuses(first: ${BATCH}) {
        pageInfo { hasNextPage }
        nodes { state description environmentUrl logUrl createdAt }
      }
    }
  }
}`;

interface GraphStatus {
  state: string;
  description: string | null;
  environmentUrl: string | null;
  logUrl: string | null;
  createdAt: string;
}
interface GraphDeployment {
  databaseId: number | null;
  statuses: { pageInfo: { hasNextPage: boolean }; nodes: (GraphStatus | null)[] } | null;
}
interface StatusesAnswer {
  nodes: (GraphDeployment | null)[];
}

async function statusesOf(
  github: GitHub,
  repo: Repo,
  ids: number[],
  nodeIds: Map<number, string>,
): Promise<Map<number, DeploymentStatus[]>> {
  const out = new Map<number, DeploymentStatus[]>();
  const unique = [...new Set(ids)];
  const known = unique.filter((id) => nodeIds.has(id));
  // Deployments GraphQL could not answer in full: read through REST, one call each.
  const rest = unique.filter((id) => !nodeIds.has(id));
  const batches: number[][] = [];
  for (let i = 0; i < known.length; i += BATCH) batches.push(known.slice(i, i + BATCH));
  await mapLimit(batches, CONCURRENCY, async (batch) => {
    const answer = await graphStatuses(
      github,
      batch.map((id) => nodeIds.get(id) ?? ''),
    );
    batch.forEach((id, i) => {
      const node = answer[i];
      if (!node?.statuses || node.statuses.pageInfo.hasNextPage) rest.push(id);
      else out.set(id, fromGraph(node.statuses.nodes));
    });
  });
  await mapLimit(rest, CONCURRENCY, async (id) =>
    out.set(id, await restStatuses(github, repo, id)),
  );
  return out;
}

async function graphStatuses(github: GitHub, ids: string[]): Promise<(GraphDeployment | null)[]> {
  try {
    return (await github.graphql<StatusesAnswer>(STATUSES_QUERY, { ids })).nodes;
  } catch (err) {
    // A node that no longer exists fails only its own entry: the rest of the answer stands.
    const partial = (err as { name?: string; data?: Partial<StatusesAnswer> }).data?.nodes;
    if ((err as { name?: string }).name === 'GraphqlResponseError' && Array.isArray(partial))
      return partial;
    throw new UserError(
      describeApiError(err, 'reading deployment statuses (GraphQL)', 'deployments: read'),
    );
  }
}

const GRAPH_STATES: Record<string, DeploymentState> = {
  ERROR: 'error',
  FAILURE: 'failure',
  INACTIVE: 'inactive',
  IN_PROGRESS: 'in_progress',
  PENDING: 'pending',
  QUEUED: 'queued',
  SUCCESS: 'success',
  // Waiting for an environment's reviewers: not started, as pending is.
  WAITING: 'pending',
};

/** Newest first, as REST answers; GraphQL statuses have no database id, so ids are positions. */
function fromGraph(nodes: (GraphStatus | null)[]): DeploymentStatus[] {
  return nodes
    .filter((s): s is GraphStatus => s !== null)
    .map((s, i) => ({
      id: i + 1,
      state: GRAPH_STATES[s.state] ?? 'pending',
      description: s.description ?? '',
      environmentUrl: s.environmentUrl ?? '',
      logUrl: s.logUrl ?? '',
      createdAt: s.createdAt,
    }))
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id);
}

async function restStatuses(github: GitHub, repo: Repo, id: number): Promise<DeploymentStatus[]> {
  try {
    const data = await github.paginate(github.rest.repos.listDeploymentStatuses, {
      ...repo,
      deployment_id: id,
      per_page: PER_PAGE,
    });
    return data.map((s) => toStatus(s as ApiStatus));
  } catch (err) {
    // Deleted since it was listed: it has no statuses to count.
    if (statusOf(err) === 404) return [];
    throw new UserError(
      describeApiError(err, `reading the statuses of deployment ${id}`, 'deployments: read'),
    );
  }
}

/** The report issue over octokit; only issues this token's identity wrote are ours. */
export function gitHubReportIssues(connect: () => Promise<GitHub>, repo: Repo): ReportIssuePort {
  const permission = 'issues: write';
  return {
    ours: async (label, marker) => {
      const github = await connect();
      let issues: ApiIssue[];
      try {
        issues = (await github.paginate(github.rest.issues.listForRepo, {
          ...repo,
          labels: label,
          state: 'all',
          sort: 'created',
          direction: 'asc',
          per_page: PER_PAGE,
        })) as ApiIssue[];
      } catch (err) {
        throw new UserError(describeApiError(err, `listing issues labelled ${label}`, permission));
      }
      const mine = issues.filter((i) => !i.pull_request && (i.body ?? '').startsWith(marker));
      if (!mine.length) return [];
      const me = await ownLogin(github);
      if (me === undefined) {
        core.warning(
          `Issues ${mine.map((i) => `#${i.number}`).join(', ')} carry the report's marker, but whose they are cannot be told: a new issue is opened`,
        );
        return [];
      }
      return mine.filter((i) => sameLogin(i.user, me)).map(toReportIssue);
    },
    create: async (issue) => {
      const github = await connect();
      try {
        return toReportIssue((await github.rest.issues.create({ ...repo, ...issue })).data);
      } catch (err) {
        throw new UserError(describeApiError(err, 'opening the report issue', permission));
      }
    },
    update: async (number, change) => {
      const github = await connect();
      const { duplicateOf, ...rest } = change;
      try {
        const { data } = await github.rest.issues.update({
          ...repo,
          issue_number: number,
          ...rest,
          ...(change.state === 'closed'
            ? { state_reason: duplicateOf ? 'duplicate' : 'completed' }
            : {}),
        });
        return toReportIssue(data);
      } catch (err) {
        throw new UserError(describeApiError(err, `updating issue #${number}`, permission));
      }
    },
  };
}

function toReportIssue(i: {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  html_url: string;
}): ReportIssue {
  return {
    number: i.number,
    title: i.title,
    body: i.body ?? '',
    state: i.state === 'closed' ? 'closed' : 'open',
    url: i.html_url,
  };
}
