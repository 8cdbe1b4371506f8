// Built-in keyword rules: the severity criteria of the playbooks this suite came from, as
// case-insensitive regular expressions over the title, the body and any extra text. A
// policy file can add rules (tried first) or turn these off.
import type { Severity } from './severity.ts';

export interface KeywordRule {
  severity: Severity;
  name: string;
  /** A JavaScript regular expression, matched case-insensitively. */
  pattern: string;
}

// Keep each pattern anchored on words (\b) and bounded ([^.\n]{0,40}) so a long PR body
// cannot make a rule match across unrelated sentences or backtrack for long.
export const BUILTIN_RULES: readonly KeywordRule[] = [
  // P0: security, or the whole service is gone, or user data is at risk.
  {
    severity: 'P0',
    name: 'security vulnerability',
    pattern: String.raw`\bsecurity (vulnerabilit(y|ies)|hole|flaw|issue|incident)\b|\bvulnerabilit(y|ies)\b|\bCVE-\d{4}-\d{4,}\b|\bzero[- ]day\b|\bactive(ly)? exploit(ed)?\b`,
  },
  {
    severity: 'P0',
    name: 'auth bypass',
    pattern: String.raw`\b(auth|authentication|authorization|authz|login|permission|access[- ]control|2fa|mfa)[- ]bypass\b|\bbypass(es|ed|ing)? (the )?(auth|authentication|authorization|login|2fa|mfa|permission)|\bprivilege escalation\b`,
  },
  {
    severity: 'P0',
    name: 'data breach or leak',
    pattern: String.raw`\bdata (breach|leak|leakage|exposure)\b|\b(pii|personal data|credentials?|secrets?|api keys?|tokens?|passwords?) (are |is |were |was )?(leak(ed|ing)?|exposed)\b`,
  },
  {
    severity: 'P0',
    name: 'remote code execution',
    pattern: String.raw`\bremote code execution\b|\bRCE\b`,
  },
  {
    severity: 'P0',
    name: 'data loss or corruption',
    pattern: String.raw`\bdata (loss|corruption)\b|\b(corrupt(ed|s|ing)?|los(t|ing)|delet(ed|ing)|wip(ed|ing)) [^.\n]{0,20}\b(user|customer|account|order|payment)s?'? (data|records|rows)\b`,
  },
  {
    severity: 'P0',
    name: 'service unavailable',
    pattern: String.raw`\b(complete|total|full|global) (outage|downtime)\b|\b(site|service|api|app|application|platform|production|everything) (is |are )?(completely|totally|entirely) (down|unavailable|unreachable)\b|\b(whole|entire) (site|service|api|app|application|platform) (is )?(down|unavailable|unreachable)\b`,
  },
  // P1: production down for a critical feature, most users failing.
  {
    severity: 'P1',
    name: 'production down',
    pattern: String.raw`\b(production|prod) (is )?down\b|\bcritical (feature|path|flow|service) [^.\n]{0,20}\b(broken|down|failing|unavailable)\b|\bfeature (is )?completely broken\b`,
  },
  {
    severity: 'P1',
    name: 'application crash',
    pattern: String.raw`\bcrash(es|ed|ing)?\b|\bcrash[- ]?loop|\bsegfault\b|\bout of memory\b|\bOOM(Killed)?\b`,
  },
  {
    severity: 'P1',
    name: 'errors for most users',
    pattern: String.raw`\b(most|majority of|all) (users|customers|requests)\b[^.\n]{0,40}\b(errors?|fail(s|ing|ed)?|cannot|can't|unable|500s?|5xx)\b|\b(errors?|5xx|500s?) (for|affecting) (most|all|the majority of) (users|customers|requests)\b`,
  },
  {
    severity: 'P1',
    name: 'payments failing',
    pattern: String.raw`\b(payments?|checkout|billing|charges?|transactions?) [^.\n]{0,20}\b(fail(s|ing|ed|ure)?|down|broken|declin(ed|ing))\b`,
  },
  {
    severity: 'P1',
    name: 'database connectivity',
    pattern: String.raw`\b(database|db|postgres(ql)?|mysql|redis|mongo(db)?) (connection|connectivity)\b|\b(cannot|can't|unable to) connect to (the )?(database|db)\b|\bconnection pool (is )?exhausted\b`,
  },
  {
    severity: 'P1',
    name: 'critical integration failing',
    pattern: String.raw`\b(third[- ]party|external|upstream|vendor|provider) [^.\n]{0,30}\b(integration|service|api)\b[^.\n]{0,20}\b(fail(s|ing|ed|ure)?|down|outage|broken|unavailable)\b`,
  },
  // P2: degraded, partial, one segment, a workaround exists.
  {
    severity: 'P2',
    name: 'degraded performance',
    pattern: String.raw`\b(degraded|degradation|slow(ness|er)?|high latency|latency spike|timeouts?)\b`,
  },
  {
    severity: 'P2',
    name: 'partial breakage',
    pattern: String.raw`\bpartial(ly)? (broken|outage|failure|down|working)\b|\bpartially\b`,
  },
  {
    severity: 'P2',
    name: 'one user segment',
    pattern: String.raw`\b(some|a subset of|specific|certain|a few) (users|customers|regions?|accounts|tenants)\b`,
  },
  {
    severity: 'P2',
    name: 'workaround exists',
    pattern: String.raw`\bworkaround\b`,
  },
  // P3: business urgency rather than breakage.
  {
    severity: 'P3',
    name: 'business deadline',
    pattern: String.raw`\b(deadline|marketing|campaign|partner|launch date|go-live)\b`,
  },
  {
    severity: 'P3',
    name: 'cosmetic',
    pattern: String.raw`\b(cosmetic|typo|copy change|styling|visual glitch)\b`,
  },
];
