// Input and output tables for each action's README, generated from its action.yml so the
// docs cannot drift: `npm run docs` rewrites them; scripts/lint-actions.ts fails when stale.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const root = join(import.meta.dirname, '..');

/** Every action.yml: the actions/ folder and the composite deploy/ entry point. */
export function actionFiles(): string[] {
  const dirs = existsSync(join(root, 'actions'))
    ? readdirSync(join(root, 'actions')).map((d) => join(root, 'actions', d))
    : [];
  return [...dirs, join(root, 'deploy')]
    .map((d) => join(d, 'action.yml'))
    .filter((f) => existsSync(f));
}

interface Meta {
  inputs?: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs?: Record<string, { description?: string }>;
}

const START = '<!-- action-docs:start (generated from action.yml by npm run docs) -->';
const END = '<!-- action-docs:end -->';

const cell = (s: string) => s.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();

export function tablesFor(actionYml: string): string {
  const meta = parse(actionYml) as Meta;
  const inputs = Object.entries(meta.inputs ?? {}).map(
    ([name, i]) =>
      `| \`${name}\` | ${cell(i.description ?? '')} | ${i.required ? 'yes' : 'no'} | ${i.default === undefined ? '' : `\`${cell(String(i.default))}\``} |`,
  );
  const outputs = Object.entries(meta.outputs ?? {}).map(
    ([name, o]) => `| \`${name}\` | ${cell(o.description ?? '')} |`,
  );
  return [
    START,
    '### Inputs',
    '',
    '| Input | Description | Required | Default |',
    '| --- | --- | --- | --- |',
    ...inputs,
    '',
    '### Outputs',
    '',
    '| Output | Description |',
    '| --- | --- |',
    ...outputs,
    END,
  ].join('\n');
}

/** The README with its generated block replaced (or appended when it has none). */
export function withTables(readme: string, actionYml: string): string {
  const block = tablesFor(actionYml);
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1) return `${readme.trimEnd()}\n\n${block}\n`;
  return readme.slice(0, start) + block + readme.slice(end + END.length);
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
