// audit: npm — the playbooks' fast security check before a hotfix ships: `npm audit` at
// level high. Findings at high or critical fail the action; lower ones are listed only.
import { getExecOutput } from '@actions/exec';
import { childEnvironment, tail } from '../shared/process/supervisor.ts';

export interface Finding {
  name: string;
  severity: string;
  /** Advisory titles and links. */
  advisories: { title: string; url?: string }[];
  /** The vulnerable version range. */
  range?: string;
  fix: string;
}

export interface AuditResult {
  /** Counts by severity, as npm reports them. */
  counts: Record<string, number>;
  /** Findings at high or critical. */
  blocking: Finding[];
  /** Set when npm could not audit (no lockfile, registry unreachable). */
  error?: string;
  command: string;
}

const BLOCKING = new Set(['high', 'critical']);

interface Via {
  title?: string;
  url?: string;
  name?: string;
}

type FixAvailable = boolean | { name?: string; version?: string; isSemVerMajor?: boolean };

interface NpmAudit {
  vulnerabilities?: Record<
    string,
    {
      name?: string;
      severity?: string;
      via?: (string | Via)[];
      range?: string;
      fixAvailable?: FixAvailable;
    }
  >;
  metadata?: { vulnerabilities?: Record<string, number> };
  error?: { code?: string; summary?: string; detail?: string };
  /** npm 11 puts a network error's text here and leaves error.summary empty. */
  message?: string;
}

const ARGS = ['audit', '--json', '--audit-level=high'];

/**
 * npm audit through @actions/exec: it is a tool, not the PR's code, so npm's own network
 * time limit (the time left, one try) bounds it instead of a process-tree kill. But it reads
 * the PR's .npmrc, which can expand any environment variable into the registry URL or an
 * auth token npm sends: it gets the environment the PR's tests get, without the token.
 */
export async function runNpmAudit(cwd: string, timeoutMs: number): Promise<AuditResult> {
  const command = `npm ${ARGS.join(' ')}`;
  const limits = [`--fetch-timeout=${Math.max(1_000, Math.round(timeoutMs))}`, '--fetch-retries=0'];
  try {
    const r = await getExecOutput('npm', [...ARGS, ...limits], {
      cwd,
      env: childEnvironment({ untrusted: true }),
      silent: true,
      ignoreReturnCode: true,
    });
    return { ...parseNpmAudit(r.stdout, r.stderr), command };
  } catch (err) {
    return { counts: {}, blocking: [], error: `npm is not installed: ${String(err)}`, command };
  }
}

/** Reads `npm audit --json` (npm 7 and later: auditReportVersion 2). */
export function parseNpmAudit(stdout: string, stderr = ''): Omit<AuditResult, 'command'> {
  let report: NpmAudit;
  try {
    report = JSON.parse(stdout) as NpmAudit;
  } catch {
    return {
      counts: {},
      blocking: [],
      error: `npm audit printed no JSON report: ${tail(stderr || stdout, 5) || 'no output'}`,
    };
  }
  if (report.error) {
    const e = report.error;
    return {
      counts: {},
      blocking: [],
      error: `npm audit failed${e.code ? ` (${e.code})` : ''}: ${firstLine(e.summary || e.detail || report.message || 'no reason given')}`,
    };
  }
  const counts = { ...report.metadata?.vulnerabilities };
  delete counts.total;
  const blocking: Finding[] = [];
  for (const [key, v] of Object.entries(report.vulnerabilities ?? {})) {
    const severity = v.severity ?? 'unknown';
    if (!BLOCKING.has(severity)) continue;
    const advisories = (v.via ?? [])
      .filter((x): x is Via => typeof x === 'object' && x !== null)
      .map((x) => ({ title: x.title ?? x.name ?? 'advisory', ...(x.url ? { url: x.url } : {}) }));
    // A string in `via` names the vulnerable dependency this package pulls in.
    const through = (v.via ?? []).filter((x): x is string => typeof x === 'string');
    blocking.push({
      name: v.name ?? key,
      severity,
      advisories: advisories.length ? advisories : through.map((t) => ({ title: `through ${t}` })),
      ...(v.range ? { range: v.range } : {}),
      fix: fixText(v.fixAvailable),
    });
  }
  blocking.sort((a, b) =>
    a.severity === b.severity ? a.name.localeCompare(b.name) : a.severity === 'critical' ? -1 : 1,
  );
  return { counts, blocking };
}

function fixText(fix: FixAvailable | undefined): string {
  if (fix === true) return 'npm audit fix';
  if (fix && typeof fix === 'object') {
    return `${fix.name}@${fix.version}${fix.isSemVerMajor ? ' (major upgrade)' : ''}`;
  }
  return 'no fix available';
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0] ?? '';
}
