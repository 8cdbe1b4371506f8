// Our own audit of workflow files, standing in for zizmor's key checks (zizmor cannot be
// installed here): untrusted expressions inside run:, jobs without least-privilege
// permissions or a timeout, third-party actions not pinned to a commit,
// pull_request_target jobs that check out the PR's code, and `secrets: inherit`.
import { parseDocument, isMap, isSeq, isScalar, LineCounter, type Node } from 'yaml';

export interface Finding {
  file: string;
  line: number;
  rule:
    | 'untrusted-expression'
    | 'job-permissions'
    | 'job-timeout'
    | 'unpinned-action'
    | 'pr-target-checkout'
    | 'write-all'
    | 'secrets-inherit';
  message: string;
}

// Values an attacker can shape (PR title, branch name, dispatch form, outputs computed from
// them) must reach a shell through env:, where they are data, never through ${{ }} in run:.
const UNTRUSTED = [
  /\bgithub\.event\./,
  /\bgithub\.head_ref\b/,
  /\binputs\./,
  /\bsteps\.[\w-]+\.outputs\./,
  /\bneeds\.[\w-]+\.outputs\./,
];

/** This suite's own repository: its actions and workflows may be referenced by version tag. */
export const OWN_REPO = 'acme/hotfix-actions';
const isFirstParty = (ref: string) => ref.startsWith('./') || ref.startsWith(`${OWN_REPO}/`);

// What brings a PR's own code into a pull_request_target job, which runs with the base
// repository's secrets and write token: a checkout of its head, merge commit or fork, or a
// fetch of refs/pull/N/head|merge (or gh pr checkout) in a run: step.
const PR_CODE_REF = /github\.(event\.pull_request\.(head|merge_commit_sha)|head_ref)|refs\/pull\//;
const PR_CODE_RUN = /\bpull\/[^\s/]+\/(head|merge)\b|\bgh\s+pr\s+checkout\b/;

export function auditWorkflow(text: string, file: string): Finding[] {
  const { root, add, findings } = open(text, file);
  if (!isMap(root)) return findings;
  const on = root.get('on', true) as Node | undefined;
  const triggers = new Set<string>();
  if (isScalar(on)) triggers.add(String(on.value));
  else if (isSeq(on)) on.items.forEach((i) => isScalar(i) && triggers.add(String(i.value)));
  else if (isMap(on)) on.items.forEach((p) => isScalar(p.key) && triggers.add(String(p.key.value)));
  const prTarget = triggers.has('pull_request_target');

  const topPermissions = root.get('permissions', true) as Node | undefined;
  if (isScalar(topPermissions) && topPermissions.value === 'write-all') {
    add(
      topPermissions,
      'write-all',
      'workflow permissions: write-all; grant each job only what it needs',
    );
  }

  const jobs = root.get('jobs', true);
  if (!isMap(jobs)) return findings;
  for (const pair of jobs.items) {
    const id = isScalar(pair.key) ? String(pair.key.value) : '?';
    const job = pair.value;
    if (!isMap(job)) continue;
    const permissions = job.get('permissions', true) as Node | undefined;
    if (permissions === undefined)
      add(pair.key as Node, 'job-permissions', `job "${id}" has no permissions: block`);
    else if (isScalar(permissions) && permissions.value === 'write-all') {
      add(permissions, 'write-all', `job "${id}" has permissions: write-all`);
    }
    const callsWorkflow = job.has('uses');
    // A job that calls a reusable workflow cannot set timeout-minutes; the callee's jobs do.
    if (!callsWorkflow && !job.has('timeout-minutes')) {
      add(pair.key as Node, 'job-timeout', `job "${id}" has no timeout-minutes`);
    }
    if (callsWorkflow) checkUses(job.get('uses', true) as Node, `job "${id}"`, add);
    // inherit hands the called workflow every secret of the repository and the environment,
    // and a workflow referenced by tag can change under the caller: each one by name instead.
    const secrets = job.get('secrets', true) as Node | undefined;
    if (isScalar(secrets) && secrets.value === 'inherit')
      add(
        secrets,
        'secrets-inherit',
        `job "${id}" has secrets: inherit; pass each secret the called workflow declares by name`,
      );
    auditSteps(job.get('steps', true), `job "${id}"`, prTarget, add);
  }
  return findings;
}

/** A composite action's steps, under the same rules as a workflow job's. */
export function auditCompositeAction(text: string, file: string): Finding[] {
  const { root, add, findings } = open(text, file);
  if (isMap(root)) auditSteps(root.getIn(['runs', 'steps'], true), 'composite step', false, add);
  return findings;
}

type Add = (node: Node | null | undefined, rule: Finding['rule'], message: string) => void;

function open(text: string, file: string) {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const findings: Finding[] = [];
  const add: Add = (node, rule, message) =>
    findings.push({
      file,
      line: node?.range ? lines.linePos(node.range[0]).line : 1,
      rule,
      message,
    });
  return { root: doc.contents, add, findings };
}

function auditSteps(steps: unknown, where: string, prTarget: boolean, add: Add): void {
  if (!isSeq(steps)) return;
  for (const step of steps.items) {
    if (!isMap(step)) continue;
    const run = step.get('run', true) as Node | undefined;
    if (isScalar(run)) {
      if (prTarget && PR_CODE_RUN.test(String(run.value)))
        add(
          run,
          'pr-target-checkout',
          `${where} fetches the PR's code in a pull_request_target workflow`,
        );
      for (const m of String(run.value).matchAll(/\$\{\{([\s\S]*?)\}\}/g)) {
        const expr = (m[1] ?? '').trim();
        if (UNTRUSTED.some((re) => re.test(expr))) {
          add(
            run,
            'untrusted-expression',
            `${where}: \${{ ${expr} }} inside run:; pass it through env: and use "$VAR"`,
          );
        }
      }
    }
    const uses = step.get('uses', true) as Node | undefined;
    if (isScalar(uses)) {
      checkUses(uses, where, add);
      const ref = `${String(step.getIn(['with', 'ref']) ?? '')} ${String(step.getIn(['with', 'repository']) ?? '')}`;
      if (prTarget && /^actions\/checkout@/.test(String(uses.value)) && PR_CODE_REF.test(ref)) {
        add(
          uses,
          'pr-target-checkout',
          `${where} checks out the PR head in a pull_request_target workflow`,
        );
      }
    }
  }
}

function checkUses(node: Node, where: string, add: Add): void {
  if (!isScalar(node)) return;
  const ref = String(node.value);
  if (isFirstParty(ref)) return;
  if (ref.startsWith('docker://')) {
    if (!/@sha256:[0-9a-f]{64}$/.test(ref))
      add(node, 'unpinned-action', `${where}: ${ref} is not pinned to an image digest`);
    return;
  }
  const at = ref.split('@')[1] ?? '';
  if (!/^[0-9a-f]{40}$/.test(at)) {
    add(node, 'unpinned-action', `${where}: ${ref} is not pinned to a full commit sha`);
  }
}
