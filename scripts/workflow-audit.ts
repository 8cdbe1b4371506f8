// Our own audit of workflow files, standing in for zizmor's key checks (zizmor cannot be
// installed here): untrusted expressions inside run:, jobs without least-privilege
// permissions or a timeout, third-party actions not pinned to a commit, and
// pull_request_target jobs that check out the PR's code.
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
    | 'write-all';
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

/** First-party references that may use a version tag: this suite's own actions and workflows. */
const FIRST_PARTY = /^(\.\/|[\w.-]+\/hotfix-actions\/)/;

export function auditWorkflow(text: string, file: string): Finding[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const findings: Finding[] = [];
  const at = (node: Node | null | undefined) =>
    node?.range ? lines.linePos(node.range[0]).line : 1;
  const add = (node: Node | null | undefined, rule: Finding['rule'], message: string) =>
    findings.push({ file, line: at(node), rule, message });

  const root = doc.contents;
  if (!isMap(root)) return findings;
  const on = root.get('on', true) as Node | undefined;
  const triggers = new Set<string>();
  if (isScalar(on)) triggers.add(String(on.value));
  else if (isSeq(on)) on.items.forEach((i) => isScalar(i) && triggers.add(String(i.value)));
  else if (isMap(on)) on.items.forEach((p) => isScalar(p.key) && triggers.add(String(p.key.value)));

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
    if (callsWorkflow) checkUses(job.get('uses', true) as Node, id);

    const steps = job.get('steps', true);
    if (!isSeq(steps)) continue;
    for (const step of steps.items) {
      if (!isMap(step)) continue;
      const run = step.get('run', true) as Node | undefined;
      if (isScalar(run)) {
        for (const m of String(run.value).matchAll(/\$\{\{([\s\S]*?)\}\}/g)) {
          const expr = (m[1] ?? '').trim();
          if (UNTRUSTED.some((re) => re.test(expr))) {
            add(
              run,
              'untrusted-expression',
              `job "${id}": \${{ ${expr} }} inside run:; pass it through env: and use "$VAR"`,
            );
          }
        }
      }
      const uses = step.get('uses', true) as Node | undefined;
      if (isScalar(uses)) {
        checkUses(uses, id);
        const ref = step.getIn(['with', 'ref']);
        if (
          triggers.has('pull_request_target') &&
          /^actions\/checkout@/.test(String(uses.value)) &&
          typeof ref === 'string' &&
          /github\.(event\.pull_request\.head|head_ref)/.test(ref)
        ) {
          add(
            uses,
            'pr-target-checkout',
            `job "${id}" checks out the PR head in a pull_request_target workflow`,
          );
        }
      }
    }
  }
  return findings;

  function checkUses(node: Node, job: string): void {
    if (!isScalar(node)) return;
    const ref = String(node.value);
    if (FIRST_PARTY.test(ref) || ref.startsWith('docker://')) return;
    const at = ref.split('@')[1] ?? '';
    if (!/^[0-9a-f]{40}$/.test(at)) {
      add(node, 'unpinned-action', `job "${job}": ${ref} is not pinned to a full commit sha`);
    }
  }
}
