// Markdown for job summaries, PR comments and issues. Text from outside (titles, branch
// names) is escaped so it cannot break a table, open HTML or @mention people.

/** Escapes text for a markdown table cell or inline position. */
export function md(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/[|*_`[\]<>#~]/g, (c) => `\\${c}`)
    .replace(/@(?=[\w-])/g, '@\u200b')
    .replace(/\r?\n/g, ' ');
}

/** A table; cells are already-rendered markdown (pass untrusted text through md()). */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A collapsed section. */
export function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/** A fenced code block whose fence cannot be closed by the content. */
export function codeBlock(text: string, lang = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text}\n${fence}`;
}
