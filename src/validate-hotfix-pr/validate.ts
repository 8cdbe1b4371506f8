// The gate: which checks the policy turns on for the severity, the facts they need (read only
// when a check needs them), then every check in a fixed order, approvals last since they may
// wait. The GitHub reads come in through PullData, so this runs against anything.
import { CHECK_IDS, type CheckId } from '../shared/policy/ids.ts';
import type { Policy } from '../shared/policy/schema.ts';
import type { Severity } from '../shared/severity/severity.ts';
import { fileFacts, type ChangedFiles, type FileFacts } from './changed-files.ts';
import {
  approvalsWanted,
  pollInterval,
  waitForApprovals,
  type Access,
  type Review,
  type Tally,
  type WaitResult,
} from './approvals.ts';
import {
  approvalsFinding,
  FILE_CHECKS,
  judge,
  runCheck,
  STATIC_CHECKS,
  type CheckResult,
  type PullFacts,
} from './checks.ts';

export interface PullData {
  files(): Promise<ChangedFiles>;
  reviews(): Promise<Review[]>;
  /** A reviewer's access to the repository (none for no access, or no such account). */
  access(login: string): Promise<Access>;
}

export interface ValidateRequest {
  pr: PullFacts & { author?: string | undefined; headSha?: string | undefined };
  policy: Policy;
  severity: Severity;
  severityFrom: string;
  approvalTimeoutMs: number;
  data: PullData;
  signal?: AbortSignal;
  /** Told while the approvals check waits. */
  onWait?: (tally: Tally, leftMs: number, wanted: number) => void;
}

export interface Validation {
  /** The checks that ran, in CHECK_IDS order. */
  results: CheckResult[];
  /** Checks the policy turns off for this severity. */
  off: CheckId[];
  files?: FileFacts & { truncated: boolean };
  approvals?: WaitResult & { required: number; wanted: number };
}

export async function validate(req: ValidateRequest): Promise<Validation> {
  const { policy, severity } = req;
  const levels = policy.levels[severity].checks;
  const on = (id: CheckId) => levels[id] !== 'off';
  const off = CHECK_IDS.filter((id) => !on(id));
  const out: Validation = { results: [], off };

  if (FILE_CHECKS.some(on)) {
    const { files, truncated } = await req.data.files();
    out.files = { ...fileFacts(files, policy['pull-request']), truncated };
  }
  const facts = {
    pr: req.pr,
    policy,
    severity,
    severityFrom: req.severityFrom,
    ...(out.files ? { files: out.files } : {}),
  };
  const byId = new Map<CheckId, CheckResult>();
  for (const id of STATIC_CHECKS) {
    const level = levels[id];
    if (level !== 'off') byId.set(id, judge(id, level, runCheck(id, facts)));
  }

  const approvalsLevel = levels.approvals;
  if (approvalsLevel !== 'off') {
    const level = policy.levels[severity];
    const required = level.approvals;
    const wanted = approvalsWanted(required, req.approvalTimeoutMs);
    const wait = await waitForApprovals({
      reviews: () => req.data.reviews(),
      access: (login) => req.data.access(login),
      rules: {
        author: req.pr.author,
        headSha: req.pr.headSha,
        staleApprovals: policy['pull-request']['stale-approvals'],
      },
      wanted,
      timeoutMs: req.approvalTimeoutMs,
      intervalMs: pollInterval(req.approvalTimeoutMs),
      ...(req.signal ? { signal: req.signal } : {}),
      onShort: (t: Tally, left: number) => req.onWait?.(t, left, wanted),
    });
    out.approvals = { ...wait, required, wanted };
    const finding = approvalsFinding({
      severity,
      required,
      wanted,
      waivable: level['waive-approvals'],
      timeoutMs: req.approvalTimeoutMs,
      wait,
    });
    byId.set('approvals', judge('approvals', approvalsLevel, finding));
  }
  out.results = CHECK_IDS.flatMap((id) => byId.get(id) ?? []);
  return out;
}
