// The severity model every action shares: four levels, P0 the highest, and the many ways
// people write them.

export const SEVERITIES = ['P0', 'P1', 'P2', 'P3'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_EXPECTED = 'a severity like P0..P3, SEV1, sev-1 or critical/high/medium/low';

const WORDS: Record<string, Severity> = { critical: 'P0', high: 'P1', medium: 'P2', low: 'P3' };

// `severity:P1`, `priority/p1`, `sev: 2`: a namespace, then the level. A bare digit is only a
// severity behind a namespace (a label called "1" is not).
const NAMESPACED = /^(?:severity|sev|priority|prio|urgency)\s*[:/]\s*(.+)$/;
// `P1`, `p1`, `SEV1`, `sev-1`, `Sev 1`, `severity 1`, `priority-1`.
const LEVEL = /^(?:p|sev|severity|priority)\s*[-_ ]?\s*([0-3])$/;

/** The severity a text names, in any spelling DESIGN.md accepts; undefined when it names none. */
export function parseSeverity(text: string): Severity | undefined {
  const s = text.trim().toLowerCase();
  const ns = NAMESPACED.exec(s);
  if (ns) {
    const inner = (ns[1] ?? '').trim();
    if (/^[0-3]$/.test(inner)) return `P${inner}` as Severity;
    return parseSeverity(inner);
  }
  const m = LEVEL.exec(s);
  if (m) return `P${m[1]}` as Severity;
  return WORDS[s];
}

/** 0 for P0 .. 3 for P3. */
export function levelOf(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** The more urgent of two severities. */
export function higher(a: Severity, b: Severity): Severity {
  return levelOf(a) <= levelOf(b) ? a : b;
}

/** The label this suite puts on a PR or issue. */
export function severityLabel(severity: Severity): string {
  return `severity:${severity}`;
}

/** Label colours, from red (P0) to yellow (P3), so the board reads at a glance. */
export const SEVERITY_COLORS: Record<Severity, string> = {
  P0: 'b60205',
  P1: 'd93f0b',
  P2: 'fbca04',
  P3: 'fef2c0',
};
