// The official Adaptive Card 1.5 JSON schema (test/fixtures/adaptive-card-1.5, MIT, from
// microsoft/AdaptiveCards), compiled once: what a Teams card must be. The schema also
// records in which version each element and property appeared, so a card declaring 1.5 can
// be checked to use nothing newer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import { ROOT } from './run-action.ts';

const SCHEMA_FILE = join(ROOT, 'test/fixtures/adaptive-card-1.5/adaptive-card.json');

interface Property {
  version?: string;
  $ref?: string;
  anyOf?: Property[];
}
interface Definition {
  version?: string;
  properties?: Record<string, Property>;
}
const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as {
  id?: string;
  $id?: string;
  definitions: Record<string, Definition>;
};
// The file names itself with draft-04's `id`; draft-06 (its $schema) spells it `$id`, which
// is what Ajv reads. The file itself stays as published.
if (schema.id) {
  schema.$id = schema.id;
  delete schema.id;
}

let validate: ReturnType<Ajv['compile']> | undefined;

/** Teams' own card properties, documented by Microsoft and not part of the schema. */
const TEAMS_EXTENSIONS = ['msteams'];

/**
 * What the schema finds wrong with a card (its Teams extensions set aside: `msteams` is
 * Teams' documented host property, which the generic schema does not list); [] when valid.
 */
export function cardProblems(card: unknown): string[] {
  if (!validate) {
    // The schema is draft-06 and names its own keywords (`version`, `features`): not strict.
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(draft06);
    addFormats.default(ajv);
    validate = ajv.compile(schema);
  }
  const bare = Object.fromEntries(
    Object.entries(card as Record<string, unknown>).filter(([k]) => !TEAMS_EXTENSIONS.includes(k)),
  );
  if (validate(bare)) return [];
  // An element failing the anyOf of every element type reports once per type: keep one of each.
  return [
    ...new Set(
      (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message}`),
    ),
  ];
}

/** Elements and properties the card uses that are newer than `version` (by the schema). */
export function newerThan(card: unknown, version: string): string[] {
  const out: string[] = [];
  const newer = (v: string | undefined) =>
    v !== undefined && v.localeCompare(version, 'en', { numeric: true }) > 0;
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}/${i}`));
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    const type = typeof o.type === 'string' ? o.type : undefined;
    const def = type ? schema.definitions[type] : undefined;
    if (def && newer(def.version)) out.push(`${path}: ${type} is ${def.version}`);
    for (const [k, value] of Object.entries(o)) {
      const prop = def?.properties?.[k] ?? inherited(type, k);
      const since = prop ? versionOf(prop) : undefined;
      if (newer(since)) out.push(`${path}/${k} is ${since}`);
      walk(value, `${path}/${k}`);
    }
  };
  walk(card, '');
  return out;
}

/** A property's version: its own, else that of the definition it refers to (an enum's). */
function versionOf(p: Property): string | undefined {
  if (p.version) return p.version;
  const refs = [p.$ref, ...(p.anyOf ?? []).map((a) => a.$ref)].filter((r): r is string => !!r);
  for (const r of refs) {
    const v = schema.definitions[r.replace('#/definitions/', '')]?.version;
    if (v) return v;
  }
  return undefined;
}

/** A property's definition from the shared bases an element extends (Extendable.*). */
function inherited(type: string | undefined, key: string): Property | undefined {
  if (!type) return undefined;
  for (const base of [
    'Extendable.Element',
    'Extendable.Action',
    'Extendable.ToggleableItem',
    'Extendable.Item',
  ]) {
    const p = schema.definitions[base]?.properties?.[key];
    if (p && Object.keys(p).length) return p;
  }
  return undefined;
}
