// The sections of a hotfix PR description (`### Root Cause`, `## 🚨 Impact`): what a person
// wrote under each heading, and whether it still holds only what the template put there.
// validate-hotfix-pr checks them; notify quotes them in the incident and post-mortem. Pure.

export interface Section {
  /** The heading text as written. */
  title: string;
  /** 1 for `#`, 6 for `######`. */
  depth: number;
  /** Everything under the heading up to the next heading of the same or a higher level. */
  content: string;
}

const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The ATX headings of a markdown text with their content; headings in code blocks are text. */
export function parseSections(body: string): Section[] {
  const lines = body.split(/\r?\n/);
  const heads: { title: string; depth: number; line: number }[] = [];
  let fence: string | undefined;
  lines.forEach((line, i) => {
    const f = FENCE.exec(line)?.[1];
    if (f && (!fence || (f[0] === fence[0] && f.length >= fence.length))) {
      fence = fence ? undefined : f;
      return;
    }
    if (fence) return;
    const m = HEADING.exec(line);
    if (m) heads.push({ title: (m[2] ?? '').trim(), depth: (m[1] ?? '#').length, line: i });
  });
  return heads.map((h, k) => {
    const next = heads.slice(k + 1).find((n) => n.depth <= h.depth);
    return {
      title: h.title,
      depth: h.depth,
      content: lines.slice(h.line + 1, next ? next.line : lines.length).join('\n'),
    };
  });
}

/** Lower case letters and digits only: `🚨 Rollback plan:` and `Rollback Plan` compare equal. */
export function normalizeTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The section a required name refers to: same words, or a heading that starts with them. */
export function findSection(sections: Section[], name: string): Section | undefined {
  const want = normalizeTitle(name);
  return (
    sections.find((s) => normalizeTitle(s.title) === want) ??
    sections.find((s) => normalizeTitle(s.title).startsWith(`${want} `))
  );
}

/**
 * What a person wrote in a section, without what a template carries whatever the incident:
 * comments, unticked boxes, `[placeholders]`, `...`, TBD/TODO, and `**Label**:` prompts.
 * Empty when the section was never filled in.
 */
export function writtenText(content: string): string {
  return content
    .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
    .replace(/^[ \t]*(?:[-*+]|\d+[.)])[ \t]+\[ \][^\n]*$/gm, ' ')
    .replace(/^([ \t]*(?:[-*+]|\d+[.)])[ \t]+)\[[xX]\]/gm, '$1')
    .replace(/\[[^\]\n]*\](?!\()/g, ' ')
    .replace(/(\*\*|__)[^*_\n]+\1[ \t]*:/g, ' ')
    .replace(/(\*\*|__)[^*_\n]+:\1/g, ' ')
    .replace(/\.{3,}|…/g, ' ')
    .replace(/\b(?:TBD|TBA|TODO|FIXME)\b/gi, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface SectionReport {
  missing: string[];
  /** Present, but holding only the template's placeholder text. */
  unfilled: string[];
}

export function checkSections(body: string, required: string[]): SectionReport {
  const sections = parseSections(body);
  const report: SectionReport = { missing: [], unfilled: [] };
  for (const name of required) {
    const s = findSection(sections, name);
    if (!s) report.missing.push(name);
    else if (writtenText(s.content) === '') report.unfilled.push(name);
  }
  return report;
}

/**
 * What a person wrote under the heading `name` (comments removed), or undefined when the
 * section is missing or still holds only the template's placeholder text.
 */
export function bodySection(body: string, name: string): string | undefined {
  const section = findSection(parseSections(body), name);
  if (!section || writtenText(section.content) === '') return undefined;
  return section.content.replace(/<!--[\s\S]*?(-->|$)/g, '').trim();
}
