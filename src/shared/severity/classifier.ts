// Decides a severity from every signal a hotfix carries, in a fixed precedence, and says why.
// Pure: the same subject and policy always give the same decision.
import { BUILTIN_RULES, type KeywordRule } from './keyword-rules.ts';
import { higher, levelOf, parseSeverity, type Severity } from './severity.ts';
import { findTicket, isHotfixBranch } from '../policy/naming.ts';
import type { Policy } from '../policy/schema.ts';
import type { Subject } from '../github/subject.ts';

export const SOURCES = ['input', 'label', 'title', 'checkbox', 'keyword', 'default'] as const;
export type SignalSource = (typeof SOURCES)[number];

export interface Signal {
  source: SignalSource;
  severity: Severity;
  /** What was found, e.g. `label "severity:P1"`, for people. */
  detail: string;
}

/** A severity someone named on purpose (the `severity` input), as written. */
export interface ExplicitSeverity {
  severity: Severity;
  raw: string;
}

export interface ClassifyRequest {
  subject: Subject;
  policy: Policy;
  /** The `severity` input, already parsed; outranks everything. */
  explicit?: ExplicitSeverity;
  /** Extra text to classify, e.g. an alert. */
  text?: string;
  /** The `default-severity` input; else the policy's default. */
  defaultSeverity?: Severity;
}

export interface Classification {
  severity: Severity;
  level: number;
  source: SignalSource;
  reason: string;
  /** The winning signal first, then every other signal found, in precedence order. */
  signals: Signal[];
  /** Signals that named another severity than the winner. */
  conflicts: Signal[];
  isHotfix: boolean;
  hotfixReason: string;
  ticket?: string;
}

export function classify(req: ClassifyRequest): Classification {
  const { subject, policy } = req;
  const found: Signal[] = [];
  if (req.explicit) {
    found.push({
      source: 'input',
      severity: req.explicit.severity,
      detail: `severity input "${req.explicit.raw}"`,
    });
  }
  found.push(...strongest(labelSignals(subject.labels)));
  found.push(...strongest(titleSignals(subject.title)));
  found.push(...strongest(checkboxSignals(subject.body)));
  const keyword = keywordSignal(req, rulesOf(policy));
  if (keyword) found.push(keyword);

  const fallback = req.defaultSeverity ?? policy.classification.default;
  const winner: Signal = found[0] ?? {
    source: 'default',
    severity: fallback,
    detail: `default severity ${fallback}`,
  };
  const conflicts = found.filter((s) => s.severity !== winner.severity);
  const hotfix = hotfixReason(subject, policy);
  const ticket = findTicket(policy, subject.branch, subject.title);
  return {
    severity: winner.severity,
    level: levelOf(winner.severity),
    source: winner.source,
    reason: reasonFor(winner, conflicts),
    signals: found.length ? found : [winner],
    conflicts,
    isHotfix: hotfix !== undefined,
    hotfixReason:
      hotfix ?? 'not a hotfix: no hotfix branch, hotfix label or [HOTFIX]/[RELEASE] title tag',
    ...(ticket ? { ticket } : {}),
  };
}

/** Of several signals from one source, the most urgent; the others add nothing. */
function strongest(signals: Signal[]): Signal[] {
  let best: Signal | undefined;
  for (const s of signals)
    if (!best || higher(s.severity, best.severity) !== best.severity) best = s;
  return best ? [best] : [];
}

function labelSignals(labels: string[]): Signal[] {
  return labels.flatMap((name) => {
    const severity = parseSeverity(name);
    return severity ? [{ source: 'label' as const, severity, detail: `label "${name}"` }] : [];
  });
}

/** `[P0]`, `[p1]`, `[SEV2]`, `[Sev 1]` in the title. */
export function titleTags(title: string): string[] {
  return [...title.matchAll(/\[([^\]\n]{1,32})\]/g)].map((m) => (m[1] ?? '').trim());
}

function titleSignals(title: string): Signal[] {
  return titleTags(title).flatMap((tag) => {
    const severity = parseTagSeverity(tag);
    return severity ? [{ source: 'title' as const, severity, detail: `title tag [${tag}]` }] : [];
  });
}

// Words like "high" are accepted as labels but not as tags or boxes: "[x] High memory usage"
// must not read as P1. Tags and boxes need a P or SEV level.
function parseTagSeverity(text: string): Severity | undefined {
  return /^(p|sev(erity)?)\s*[-_ ]?\s*[0-3]$/i.test(text.trim()) ? parseSeverity(text) : undefined;
}

/** The checked urgency boxes of the PR template: `- [x] P0 - Security vulnerability`. */
export function checkedUrgencyBoxes(body: string): { severity: Severity; text: string }[] {
  const boxes: { severity: Severity; text: string }[] = [];
  for (const m of body.matchAll(/^[ \t]*[-*+][ \t]+\[[xX]\][ \t]+(.+)$/gm)) {
    const text = (m[1] ?? '').trim();
    const lead = /^\**((?:p|sev(?:erity)?)\s*[-_ ]?\s*[0-3])\b/i.exec(text);
    const severity = lead?.[1] ? parseTagSeverity(lead[1]) : undefined;
    if (severity) boxes.push({ severity, text });
  }
  return boxes;
}

function checkboxSignals(body: string): Signal[] {
  return checkedUrgencyBoxes(body).map((b) => ({
    source: 'checkbox' as const,
    severity: b.severity,
    detail: `checked box "${b.text}"`,
  }));
}

function rulesOf(policy: Policy): KeywordRule[] {
  const own = policy.classification.rules;
  return policy.classification['builtin-rules'] ? [...own, ...BUILTIN_RULES] : own;
}

/**
 * Text for keyword rules, without what a template carries whatever the incident: comments,
 * code blocks, unchecked boxes, urgency boxes (their own signal) and `[placeholders]`.
 */
export function keywordText(body: string): string {
  return body
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/^(```|~~~)[\s\S]*?^\1/gm, ' ')
    .replace(/^[ \t]*[-*+][ \t]+\[ \][^\n]*$/gm, ' ')
    .replace(/^[ \t]*[-*+][ \t]+\[[xX]\][ \t]+\**(p|sev(erity)?)\s*[-_ ]?\s*[0-3]\b[^\n]*$/gim, ' ')
    .replace(/^[ \t]*[-*+][ \t]+\[[xX]\][ \t]+/gm, '')
    .replace(/\[[^\]\n]*\](?!\()/g, ' ');
}

function keywordSignal(req: ClassifyRequest, rules: KeywordRule[]): Signal | undefined {
  const texts: [string, string][] = [
    ['the title', req.subject.title],
    ['the body', keywordText(req.subject.body)],
    ['the text input', req.text ?? ''],
  ];
  let best: Signal | undefined;
  for (const rule of rules) {
    if (best && levelOf(rule.severity) >= levelOf(best.severity)) continue;
    const re = new RegExp(rule.pattern, 'i');
    for (const [where, text] of texts) {
      const m = text ? re.exec(text) : null;
      if (m) {
        best = {
          source: 'keyword',
          severity: rule.severity,
          detail: `keyword rule "${rule.name}" (matched "${m[0].trim()}" in ${where})`,
        };
        break;
      }
    }
  }
  return best;
}

function hotfixReason(subject: Subject, policy: Policy): string | undefined {
  if (subject.branch && isHotfixBranch(subject.branch, policy))
    return `branch ${subject.branch} is a hotfix branch`;
  const label = subject.labels.find((l) => l.toLowerCase() === 'hotfix');
  if (label) return `label "${label}"`;
  const tag = titleTags(subject.title).find((t) => /^(hotfix|release)$/i.test(t));
  if (tag) return `title tag [${tag}]`;
  return undefined;
}

function reasonFor(winner: Signal, conflicts: Signal[]): string {
  const why =
    winner.source === 'default'
      ? `${winner.severity} by default: no severity input, label, title tag, checked urgency box or keyword rule named one`
      : `${winner.severity} from the ${winner.detail}`;
  if (conflicts.length === 0) return `${why}.`;
  const others = conflicts.map((c) => `${c.detail} says ${c.severity}`).join('; ');
  return `${why}, which outranks the rest (${others}).`;
}
