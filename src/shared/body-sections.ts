// The sections of a PR body written from the hotfix PR template (`### Root Cause`, `## Impact`
// ...): what a person wrote under a heading, without the template's comments and placeholders.

/** The text under the first heading named `name` (any level, any case), or undefined. */
export function bodySection(body: string, name: string): string | undefined {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const wanted = normalise(name);
  let level = 0;
  const out: string[] = [];
  let fence = '';
  for (const line of lines) {
    // Headings inside code blocks are code, not structure.
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (f?.[1] && (!fence || f[1].startsWith(fence))) fence = fence ? '' : f[1];
    const h = fence ? null : /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (h?.[1]) {
      const depth = h[1].length;
      if (level && depth <= level) break;
      if (!level && normalise(h[2] ?? '') === wanted) {
        level = depth;
        continue;
      }
    }
    if (level) out.push(line);
  }
  if (!level) return undefined;
  const text = out
    .join('\n')
    .replace(/<!--[\s\S]*?-->/g, '')
    .trim();
  return isPlaceholder(text) ? undefined : text;
}

/** Heading text compared without case, emoji, punctuation or extra spaces. */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** An untouched template: nothing, `...`, or only `[bracketed hints]`. */
function isPlaceholder(text: string): boolean {
  const rest = text
    .replace(/\*\*[^*\n]*\*\*:?/g, '')
    .replace(/\[[^\]\n]*\]/g, '')
    .replace(/\.{3}|…/g, '')
    .trim();
  return rest === '' || /^[-*\s:/]*$/.test(rest);
}
