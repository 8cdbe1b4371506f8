// Mermaid's own parser, the one GitHub renders job summaries with, run without a browser:
// mermaid.parse needs only the diagram grammars, but mermaid sets up DOMPurify hooks on
// load, which fail without a DOM. Sanitizing is the renderer's business, not the parser's,
// so DOMPurify's hooks become no-ops here. Checked with mermaid 11.17 (xychart, gantt).
import DOMPurify from 'dompurify';

Object.assign(DOMPurify, {
  addHook() {},
  removeHook() {},
  removeHooks() {},
  removeAllHooks() {},
  sanitize: (s: unknown) => String(s),
});
const { default: mermaid } = await import('mermaid');

/** The diagram type, or throws mermaid's parse error (with the line and what it expected). */
export async function parseMermaid(text: string): Promise<string> {
  const r = await mermaid.parse(text);
  if (!r) throw new Error('mermaid did not recognise the diagram');
  return r.diagramType;
}

/** The bodies of the ```mermaid blocks in a markdown text. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^(`{3,})mermaid\n([\s\S]*?)\n\1$/gm)].map((m) => m[2] ?? '');
}
