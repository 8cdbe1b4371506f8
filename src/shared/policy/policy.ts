// Reads the policy file and turns its mistakes into errors that name the file, the line and
// the key, e.g. `.github/hotfix.yml:7: unknown key "aprovals" in levels.P1 (did you mean "approvals"?)`.
import type { z } from 'zod';
import type { Policy } from './schema.ts';
import { DEFAULT_POLICY } from './defaults.ts';
import { UserError } from '../runner/errors.ts';

export const DEFAULT_POLICY_PATH = '.github/hotfix.yml';

export class PolicyError extends UserError {
  override name = 'PolicyError';
}

/** The built-in policy, used when a repository has no policy file. */
export function defaultPolicy(): Policy {
  // Generated from the schema (npm run schema): building the zod schema costs start-up time
  // that a run without a policy file does not need. A copy, so no caller can change it.
  return structuredClone(DEFAULT_POLICY);
}

/** Parses and validates a policy file's text; `file` is only used in messages. */
export async function parsePolicy(text: string, file: string): Promise<Policy> {
  // yaml is loaded only when a repository has a policy file.
  const YAML = await import('yaml');
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const line = lineCounter.linePos(syntax.pos[0]).line;
    throw new PolicyError(`${file}:${line}: not valid YAML: ${syntax.message.split('\n')[0]}`);
  }
  const data: unknown = doc.toJS() ?? {};
  const { policySchema } = await import('./schema.ts');
  const result = policySchema.safeParse(data);
  if (result.success) return result.data;

  const issue = result.error.issues[0] as z.core.$ZodIssue;
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const where = path.map(String).join('.');
  let message: string;
  let offset: number | undefined;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '?';
    const known = knownKeys(policySchema, path);
    const guess = closest(key, known);
    message =
      `unknown key "${key}"${where ? ` in ${where}` : ''}` +
      (guess
        ? ` (did you mean "${guess}"?)`
        : known.length
          ? ` (expected one of: ${known.join(', ')})`
          : '');
    offset = keyOffset(doc, YAML, path, key);
  } else {
    message = `${where || '(top level)'}: ${issue.message}`;
    offset = valueOffset(doc, YAML, path);
  }
  const line = offset === undefined ? undefined : lineCounter.linePos(offset).line;
  throw new PolicyError(`${file}${line ? `:${line}` : ''}: ${message}`);
}

type YamlModule = typeof import('yaml');
type YamlDoc = ReturnType<YamlModule['parseDocument']>;

function valueOffset(
  doc: YamlDoc,
  YAML: YamlModule,
  path: (string | number)[],
): number | undefined {
  // The deepest node that exists: a missing key is reported at its parent.
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (YAML.isNode(node) && node.range) return node.range[0];
  }
  return undefined;
}

function keyOffset(
  doc: YamlDoc,
  YAML: YamlModule,
  path: (string | number)[],
  key: string,
): number | undefined {
  const parent = path.length ? doc.getIn(path, true) : doc.contents;
  if (YAML.isMap(parent)) {
    for (const pair of parent.items) {
      if (YAML.isScalar(pair.key) && String(pair.key.value) === key) return pair.key.range?.[0];
    }
  }
  return valueOffset(doc, YAML, path);
}

/** The keys the schema accepts at a path, to suggest the one a typo meant. */
function knownKeys(policySchema: z.core.$ZodType, path: (string | number)[]): string[] {
  let schema: z.core.$ZodType = policySchema;
  for (const step of [...path, null]) {
    // Look through wrappers (default, prefault, optional) to the object or array inside.
    for (let def = schema._zod.def as { innerType?: z.core.$ZodType }; def.innerType;) {
      schema = def.innerType;
      def = schema._zod.def as { innerType?: z.core.$ZodType };
    }
    if (step === null) break;
    const def = schema._zod.def as {
      shape?: Record<string, z.core.$ZodType>;
      element?: z.core.$ZodType;
    };
    const next = typeof step === 'number' ? def.element : def.shape?.[step];
    if (!next) return [];
    schema = next;
  }
  const shape = (schema._zod.def as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape).filter((k) => k !== '$schema') : [];
}

function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (cur[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
