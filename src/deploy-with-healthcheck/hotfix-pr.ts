// The hotfix PR a deploy ships, recorded in the deployment's payload so notify and the
// incident timeline can link them: the PR of a pull_request event, else the pull request the
// deployed commit belongs to (merged first). Nice to have: a failed lookup only warns, it
// never holds up a deploy during an incident.
import type { RunContext } from '../shared/runner/context.ts';
import { isPullRequestEvent } from '../shared/runner/context.ts';
import { describeApiError, type GitHub } from '../shared/github/client.ts';
import { parseSeverity, type Severity } from '../shared/severity/severity.ts';
import * as core from '@actions/core';
import { shortSha } from '../shared/git/sha.ts';

export interface HotfixPr {
  number: number;
  title: string;
  url?: string;
  severity?: Severity;
}

interface PullLike {
  number: number;
  title: string;
  html_url?: string;
  merged_at?: string | null;
  state?: string;
  labels?: ({ name?: string } | string)[];
}

function toHotfixPr(p: PullLike): HotfixPr {
  const labels = (p.labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? '')));
  const severity = labels.map((l) => parseSeverity(l)).find((s) => s !== undefined);
  return {
    number: p.number,
    title: p.title,
    ...(p.html_url ? { url: p.html_url } : {}),
    ...(severity ? { severity } : {}),
  };
}

export async function findHotfixPr(
  ctx: RunContext,
  github: GitHub | undefined,
  sha: string | undefined,
): Promise<HotfixPr | undefined> {
  const pr = ctx.payload.pull_request;
  if (pr && isPullRequestEvent(ctx.eventName)) return toHotfixPr(pr);
  if (!github || !sha || !/^[0-9a-f]{40}$/.test(sha)) return undefined;
  try {
    const { data } = await github.rest.repos.listPullRequestsAssociatedWithCommit({
      owner: ctx.owner,
      repo: ctx.repo,
      commit_sha: sha,
    });
    const best = data.find((p) => p.merged_at) ?? data.find((p) => p.state === 'open') ?? data[0];
    return best ? toHotfixPr(best) : undefined;
  } catch (err) {
    core.warning(
      describeApiError(
        err,
        `looking up the pull request of ${shortSha(sha)}`,
        'pull-requests: read',
      ) + ' (the deployment is recorded without it)',
    );
    return undefined;
  }
}
