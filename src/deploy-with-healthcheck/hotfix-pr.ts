// The hotfix PR a deploy ships, recorded in the deployment's payload so notify and the
// incident timeline can link them: the PR of a pull_request event, else the pull request the
// deployed commit belongs to (merged first). Nice to have: a failed lookup only warns, it
// never holds up a deploy during an incident.
import type { RunContext } from '../shared/runner/context.ts';
import { isPullRequestEvent } from '../shared/runner/context.ts';
import { parseSeverity, type Severity } from '../shared/severity/severity.ts';
import * as core from '@actions/core';
import { messageOf } from '../shared/runner/errors.ts';

export interface HotfixPr {
  number: number;
  title: string;
  url?: string;
  severity?: Severity;
}

export interface PullLike {
  number: number;
  title: string;
  html_url?: string;
  merged_at?: string | null;
  state?: string;
  labels?: ({ name?: string } | string)[];
}

/** The pull requests a commit belongs to, as GitHub lists them. */
export interface CommitPulls {
  /** Throws a UserError that says what failed and which permission it needs. */
  of(sha: string): Promise<PullLike[]>;
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
  pulls: CommitPulls | undefined,
  sha: string | undefined,
): Promise<HotfixPr | undefined> {
  const pr = ctx.payload.pull_request;
  if (pr && isPullRequestEvent(ctx.eventName)) return toHotfixPr(pr);
  if (!pulls || !sha || !/^[0-9a-f]{40}$/.test(sha)) return undefined;
  try {
    const data = await pulls.of(sha);
    const best = data.find((p) => p.merged_at) ?? data.find((p) => p.state === 'open') ?? data[0];
    return best ? toHotfixPr(best) : undefined;
  } catch (err) {
    core.warning(`${messageOf(err)} (the deployment is recorded without it)`);
    return undefined;
  }
}
