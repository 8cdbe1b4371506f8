// Where the report goes besides the outputs: the log, annotations, and the one sticky PR comment.
import * as runner from '../shared/runner.ts';
import type { GitHub } from '../shared/github.ts';
import { upsertStickyComment } from '../shared/sticky-comment.ts';
import type { CheckResult } from './checks.ts';
import { annotationsOf } from './report.ts';

export const COMMENT_KEY = 'validate-hotfix-pr';

export function announce(results: CheckResult[]): void {
  // Messages quote the PR's title and branch: printed, never obeyed as workflow commands.
  runner.infoUntrusted(
    results.map((r) => `${r.status.padEnd(6)} ${r.id}: ${r.message}`).join('\n'),
  );
  for (const a of annotationsOf(results)) runner[a.level](a.message, a.props);
}

/** Posts or updates the report comment; says what happened, for the summary. */
export async function postComment(
  github: GitHub,
  repo: { owner: string; repo: string },
  number: number,
  report: string,
  runUrl: string,
): Promise<string> {
  const body = `${report}\n\n<sub>validate-hotfix-pr · [run log](${runUrl})</sub>`;
  const posted = await upsertStickyComment(github, repo, number, COMMENT_KEY, body);
  return posted
    ? `${posted.action}: ${posted.url}`
    : 'not posted: the token may not comment (a pull request from a fork?)';
}
