// What the event asks for: a merged PR (every configured target and its backport labels), a
// backport label added to an already merged PR (that label's target), or a `/backport`
// comment (the branches it names). Anything else is a no-op with a reason.
import type { EventPayload } from '../shared/runner/context.ts';
import { UserError } from '../shared/runner/errors.ts';

export type Trigger =
  | { kind: 'merged'; number: number }
  | {
      kind: 'labeled';
      number: number;
      label: string;
      /** Who added the label: a backport pushes with our token, so they need write. */
      sender: string;
    }
  | {
      kind: 'command';
      number: number;
      commentId: number;
      commenter: string;
      /** Branch names or globs after `/backport`; empty means the configured targets. */
      targets: string[];
    }
  | { kind: 'ignore'; reason: string };

export const DEFAULT_LABEL_PATTERN = String.raw`^backport (?<target>\S+)$`;

/** The target a label names, or undefined when it is not a backport label. */
export function targetOfLabel(label: string, pattern: RegExp): string | undefined {
  const m = pattern.exec(label);
  if (!m) return undefined;
  const target = (m.groups?.target ?? m[1])?.trim();
  return target ? target : undefined;
}

/** Checks a label-pattern input: a regular expression with a target group. */
export function compileLabelPattern(source: string): RegExp | string {
  let re: RegExp;
  try {
    re = new RegExp(source);
  } catch (err) {
    return `a valid regular expression (${(err as Error).message})`;
  }
  if (!/\(\?<target>/.test(source) && !/\((?!\?)/.test(source)) {
    return 'a regular expression with a (?<target>...) group, like ^backport (?<target>\\S+)$';
  }
  return re;
}

/** `/backport release/1.4 develop` -> [release/1.4, develop]; undefined without a command. */
export function parseCommand(body: string): string[] | undefined {
  for (const line of body.split(/\r?\n/)) {
    const m = /^\s*\/backport(?:\s+(.*))?$/.exec(line);
    if (m) return (m[1] ?? '').split(/[\s,]+/).filter((t) => t !== '');
  }
  return undefined;
}

export function readTrigger(eventName: string, payload: EventPayload, labels: RegExp): Trigger {
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    if (payload.action !== 'closed' && payload.action !== 'labeled')
      return {
        kind: 'ignore',
        reason: `pull_request "${payload.action ?? ''}" events need no backport (closed or labeled do)`,
      };
    const pr = payload.pull_request;
    if (!pr) throw new UserError(`the ${eventName} event has no pull_request in its payload`);
    if (payload.action === 'closed') {
      return pr.merged
        ? { kind: 'merged', number: pr.number }
        : { kind: 'ignore', reason: `PR #${pr.number} was closed without merging` };
    }
    const label = (payload.label as { name?: string } | undefined)?.name ?? '';
    if (!targetOfLabel(label, labels))
      return { kind: 'ignore', reason: `label "${label}" is not a backport label` };
    if (!pr.merged)
      return {
        kind: 'ignore',
        reason: `PR #${pr.number} is not merged yet: its backport labels are read when it is`,
      };
    return { kind: 'labeled', number: pr.number, label, sender: payload.sender?.login ?? '' };
  }
  if (eventName === 'issue_comment') {
    const issue = payload.issue;
    const comment = payload.comment as
      { id?: number; body?: string; user?: { login?: string } } | undefined;
    if (!issue || !comment) throw new UserError('the issue_comment event has no issue or comment');
    if (payload.action !== 'created')
      return { kind: 'ignore', reason: `comment ${payload.action ?? ''}: only new comments count` };
    const targets = parseCommand(comment.body ?? '');
    if (!targets) return { kind: 'ignore', reason: 'the comment has no /backport command' };
    if (!issue.pull_request)
      return { kind: 'ignore', reason: `#${issue.number} is an issue, not a pull request` };
    return {
      kind: 'command',
      number: issue.number,
      commentId: comment.id ?? 0,
      commenter: comment.user?.login ?? '',
      targets,
    };
  }
  throw new UserError(
    `backport runs on pull_request or pull_request_target (closed, labeled) and issue_comment events, not ${eventName || 'an unknown event'}`,
  );
}
