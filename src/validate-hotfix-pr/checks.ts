// The hotfix PR rules. Each check looks at plain facts about the PR and says what it found
// and, when something is wrong, what a person should do about it. Pure.
import { CHECK_IDS, type CheckId } from '../shared/policy/ids.ts';
import type { CheckLevel, Policy } from '../shared/policy/schema.ts';
import type { Severity } from '../shared/severity/severity.ts';
import { checkedUrgencyBoxes, titleTags } from '../shared/severity/classifier.ts';
import { branchNameRegex, findTicket } from '../shared/policy/naming.ts';
import { formatDuration } from '../shared/text/duration.ts';
import { checkSections, findSection, parseSections } from '../shared/text/pr-sections.ts';
import type { ChangedFile, FileFacts } from './changed-files.ts';
import type { WaitResult } from './approvals.ts';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'waived';

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  /** How the policy rates a problem with this check for the severity. */
  level: Exclude<CheckLevel, 'off'>;
  message: string;
  /** What to do about it; empty when the check passed. */
  fix: string;
}

export interface Finding {
  ok: boolean;
  message: string;
  fix?: string;
  waived?: boolean;
}

export interface PullFacts {
  title: string;
  body: string;
  branch: string;
  baseBranch: string;
  labels: string[];
}

export interface Facts {
  pr: PullFacts;
  policy: Policy;
  severity: Severity;
  /** What set the severity, e.g. `label "severity:P1"`. */
  severityFrom: string;
  /** Absent when every file check is off (the files are then not read). */
  files?: FileFacts & { truncated: boolean };
}

/** The checks that only need the PR and its files, in the order they are reported. */
export const STATIC_CHECKS = CHECK_IDS.filter(
  (id): id is Exclude<CheckId, 'approvals'> => id !== 'approvals',
);
export type StaticCheck = Exclude<CheckId, 'approvals'>;
export const FILE_CHECKS: readonly StaticCheck[] = [
  'change-size',
  'regression-test',
  'dependencies',
];

export function judge(id: CheckId, level: Exclude<CheckLevel, 'off'>, f: Finding): CheckResult {
  const status: CheckStatus = f.waived
    ? 'waived'
    : f.ok
      ? 'pass'
      : level === 'error'
        ? 'fail'
        : 'warn';
  return { id, status, level, message: f.message, fix: f.ok && !f.waived ? '' : (f.fix ?? '') };
}

export function runCheck(id: StaticCheck, facts: Facts): Finding {
  return RULES[id](facts);
}

const RULES: Record<StaticCheck, (f: Facts) => Finding> = {
  'branch-name': ({ pr, policy }) => {
    const template = policy['branch-name'];
    if (branchNameRegex(policy).test(pr.branch))
      return { ok: true, message: `Branch "${clip(pr.branch)}" matches ${template}.` };
    const example = exampleBranch(policy, pr);
    const parts = [
      ...(template.includes('{ticket}') ? [`ticket: ${policy['ticket-pattern']}`] : []),
      ...(template.includes('{slug}') ? ['slug: lower-case letters, digits, ".", "_", "-"'] : []),
    ];
    return {
      ok: false,
      message: `Branch "${clip(pr.branch)}" does not match ${template}${parts.length ? ` (${parts.join('; ')})` : ''}.`,
      fix: `Push the commits to a branch named like "${example}" (git push origin HEAD:${example}) and open the pull request from it.`,
    };
  },

  ticket: ({ pr, policy }) => {
    const inBranch = findTicket(policy, pr.branch);
    const ticket = inBranch ?? findTicket(policy, pr.title);
    if (ticket)
      return {
        ok: true,
        message: `Ticket ${clip(ticket)} (in the ${inBranch ? 'branch name' : 'title'}).`,
      };
    return {
      ok: false,
      message: `No ticket id matching ${policy['ticket-pattern']} in the branch name or the title.`,
      fix: 'Put the ticket id in the title, e.g. "[HOTFIX] ENG-1234: reject expired tokens", so the fix can be traced to its incident.',
    };
  },

  'title-tag': ({ pr, policy, severity }) => {
    const allowed = policy['pull-request']['title-tags'];
    const canon = (t: string) =>
      t
        .trim()
        .toUpperCase()
        .replace(/^SEV\s*[-_ ]?\s*(\d)$/, 'P$1');
    const wanted = new Set(allowed.map(canon));
    const found = titleTags(pr.title).find((t) => wanted.has(canon(t)));
    if (found) return { ok: true, message: `The title carries [${clip(found)}].` };
    const list = allowed.map((t) => `[${t}]`).join(', ');
    const suggest = allowed.find((t) => canon(t) === severity) ?? allowed[0] ?? 'HOTFIX';
    return {
      ok: false,
      message: `The title carries none of the tags ${list}.`,
      fix: `Start the title with a tag, e.g. "[${suggest}] ${clip(pr.title, 60)}".`,
    };
  },

  'base-branch': ({ pr, policy }) => {
    const production = policy['production-branch'];
    if (pr.baseBranch === production)
      return { ok: true, message: `Targets ${production}, the production branch.` };
    return {
      ok: false,
      message: `Targets "${clip(pr.baseBranch)}", not the production branch ${production}.`,
      fix: `Change the base branch to ${production} (Edit, next to the PR title). A hotfix goes to production first; backport carries it to the other branches.`,
    };
  },

  sections: ({ pr, policy }) => {
    const required = policy['pull-request'].sections;
    const { missing, unfilled } = checkSections(pr.body, required);
    if (missing.length + unfilled.length === 0)
      return { ok: true, message: `All ${required.length} required sections are filled in.` };
    const parts = [
      ...(missing.length ? [`missing: ${missing.join(', ')}`] : []),
      ...(unfilled.length ? [`still the template's placeholder: ${unfilled.join(', ')}`] : []),
    ];
    const todo = [...missing, ...unfilled].map(
      (s) => `${s} (${SECTION_HINTS[s.toLowerCase().trim()] ?? 'fill it in'})`,
    );
    return {
      ok: false,
      message: `Sections ${parts.join('; ')}.`,
      fix: `Edit the PR description: under a "### <name>" heading each, write ${todo.join('; ')}.`,
    };
  },

  urgency: ({ pr, severity, severityFrom }) => {
    const section = findSection(parseSections(pr.body), 'Urgency');
    const boxes = checkedUrgencyBoxes(section ? section.content : pr.body);
    if (boxes.length === 0)
      return {
        ok: false,
        message: 'No urgency box is ticked.',
        fix: `Tick the ${severity} box in the Urgency section ("- [x] ${severity} - ...").`,
      };
    if (boxes.length > 1)
      return {
        ok: false,
        message: `${boxes.length} urgency boxes are ticked (${boxes.map((b) => b.severity).join(', ')}); exactly one must be.`,
        fix: `Untick all but the ${severity} box.`,
      };
    const [box] = boxes;
    if (box && box.severity !== severity)
      return {
        ok: false,
        message: `The ticked urgency box says ${box.severity}, but the severity is ${severity} (from the ${severityFrom}).`,
        fix: `Tick ${severity} instead of ${box.severity}; or, if ${box.severity} is right, change the ${severityFrom}.`,
      };
    return { ok: true, message: `One urgency box is ticked, ${severity}, as the severity is.` };
  },

  'change-size': (all) => {
    const { policy } = all;
    const f = filesOf(all);
    const maxFiles = policy['pull-request']['max-files'];
    const maxLines = policy['pull-request']['max-lines'];
    const count = `${num(f.fileCount)}${f.truncated ? '+' : ''}`;
    const generated = f.generatedLines
      ? `; ${num(f.generatedLines)} lines in generated files and lockfiles not counted`
      : '';
    const cap = f.truncated
      ? ' GitHub lists at most 3,000 files of a pull request: this one has at least that many, and lines past them are not counted.'
      : '';
    const facts = `${count} files (limit ${num(maxFiles)}), ${num(f.countedLines)} changed lines (limit ${num(maxLines)})${generated}.${cap}`;
    const over = f.fileCount > maxFiles || f.countedLines > maxLines;
    if (!over) return { ok: true, message: facts };
    const big = f.largest
      .slice(0, 3)
      .map((x) => `${clip(x.filename, 60)} (+${x.additions}/-${x.deletions})`)
      .join(', ');
    return {
      ok: false,
      message: `Too large for a hotfix: ${facts}${big ? ` Largest: ${big}.` : ''}`,
      fix: 'Keep the hotfix to the smallest change that stops the incident; move refactoring and unrelated changes to a follow-up PR. Generated files not yet listed belong in pull-request.generated-files of the policy.',
    };
  },

  'regression-test': (facts) => {
    const { policy } = facts;
    const tests = filesOf(facts).tests;
    if (tests.length)
      return {
        ok: true,
        message: `${plural(tests.length, 'test file')} added or changed: ${names(tests)}.`,
      };
    const globs = policy['pull-request']['test-files'];
    return {
      ok: false,
      message: `No test file is added or changed (test files match ${globs.slice(0, 4).join(', ')}${globs.length > 4 ? ', ...' : ''}).`,
      fix: 'Add a test that fails without this fix and passes with it. If your tests live elsewhere, list their globs in pull-request.test-files of the policy.',
    };
  },

  dependencies: (facts) => {
    const { pr, policy } = facts;
    const deps = filesOf(facts).dependencies;
    if (deps.length === 0)
      return { ok: true, message: 'No dependency manifest or lockfile is changed.' };
    const label = policy['pull-request']['dependency-label'];
    const labelled = pr.labels.some((l) => l.toLowerCase() === label.toLowerCase());
    if (labelled)
      return {
        ok: true,
        message: `Dependency files changed (${names(deps)}), allowed by the ${label} label.`,
      };
    return {
      ok: false,
      message: `Dependency files changed: ${names(deps)}. A hotfix changes dependencies only when that is the fix.`,
      fix: `Revert these changes and upgrade in a normal PR; if the upgrade is the fix (a patched vulnerability, say), add the label ${label}.`,
    };
  },
};

function filesOf(f: Facts): NonNullable<Facts['files']> {
  // validate() reads the files whenever a file check is on: missing here is a bug.
  if (!f.files) throw new Error('a file check ran without the changed files');
  return f.files;
}

const SECTION_HINTS: Record<string, string> = {
  urgency: 'tick the one box that matches the severity',
  impact: 'who is affected and how',
  'root cause': 'what caused the incident',
  'the fix': 'what this PR changes and why that stops it',
  testing: 'how the fix was verified',
  'rollback plan': 'how to undo it: revert, redeploy the previous version, a feature flag',
};

export interface ApprovalFacts {
  severity: Severity;
  required: number;
  wanted: number;
  waivable: boolean;
  timeoutMs: number;
  wait: WaitResult;
}

export function approvalsFinding(a: ApprovalFacts): Finding {
  const { tally } = a.wait;
  const n = tally.approvers.length;
  const who = n ? ` (${tally.approvers.map((u) => clip(u, 40)).join(', ')})` : '';
  const notes = tally.notes.length ? `; ${tally.notes.join('; ')}` : '';
  const waited = a.timeoutMs > 0 ? ` after waiting ${formatDuration(a.wait.waitedMs)}` : '';
  const needs = a.required ? `${a.severity} requires ${a.required}` : `${a.severity} requires none`;
  const ask =
    'Ask someone other than the author to review and approve, then re-run this job (run it on pull_request_review too to re-check on each review).';
  if (a.wait.cancelled)
    return {
      ok: false,
      message: `Cancelled while waiting for approvals: ${n} of ${a.wanted}${who}${notes}.`,
      fix: ask,
    };
  if (n >= a.wanted)
    return { ok: true, message: `${plural(n, 'approval')}${who}; ${needs}${notes}.` };
  if (a.waivable)
    return {
      ok: true,
      waived: true,
      message: `${n} of ${a.wanted} approvals${waited}${who}${notes}: waived for ${a.severity} (waive-approvals), recorded for a review after the merge.`,
      fix: 'Have the change reviewed after the merge; the waiver is in the waived-checks output.',
    };
  if (n >= a.required)
    return {
      ok: true,
      message: `No approving review${waited}${notes}; ${needs}.`,
    };
  return {
    ok: false,
    message: `${n} of ${a.required} required approvals${waited}${who}${notes}.`,
    fix: a.timeoutMs > 0 ? ask : `${ask} With approval-timeout (e.g. 5m) the check waits for it.`,
  };
}

function exampleBranch(policy: Policy, pr: PullFacts): string {
  const ticket = findTicket(policy, pr.branch, pr.title) ?? '<TICKET>';
  const words = pr.title
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(new RegExp(policy['ticket-pattern'], 'g'), ' ')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, 5);
  const slug = words.join('-').slice(0, 40).replace(/-+$/, '') || 'short-description';
  return policy['branch-name'].replace('{ticket}', ticket).replace('{slug}', slug);
}

/** Shortens text from outside (titles, branch names) so one cannot swamp the report. */
export function clip(text: string, max = 80): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function num(n: number): string {
  return n.toLocaleString('en-US');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function names(files: ChangedFile[], max = 3): string {
  const shown = files.slice(0, max).map((f) => clip(f.filename, 60));
  return files.length > max
    ? `${shown.join(', ')} and ${files.length - max} more`
    : shown.join(', ');
}
