// Action inputs: one zod schema per action turns the runner's strings into typed values, and
// a bad value stops the action before it changes anything, naming the input, the value and
// what was expected.
import { z } from 'zod';
import { getInput, setSecret } from './runner.ts';
import { InputError } from './errors.ts';
import { DURATION_EXPECTED, parseDuration } from './duration.ts';
import { SEVERITY_EXPECTED, parseSeverity, type Severity } from './severity.ts';

/** A string input; `expected` says what a missing or wrong value should have been. */
function str(expected: string) {
  return z.string({ error: expected });
}

function refined<T>(expected: string, parse: (raw: string) => T | undefined) {
  return str(expected).transform((raw, ctx): T => {
    const value = parse(raw);
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: expected });
      return z.NEVER;
    }
    return value;
  });
}

export const inputs = {
  /** Free text; required unless a default is given. */
  text: (def?: string) => (def === undefined ? str('a value') : str('a value').prefault(def)),
  optionalText: () => str('a value').optional(),

  /** YAML 1.2 booleans, as the runner and @actions/core accept them. */
  bool: (def: boolean) =>
    refined('true or false', (raw) =>
      /^(true|True|TRUE)$/.test(raw) ? true : /^(false|False|FALSE)$/.test(raw) ? false : undefined,
    ).prefault(String(def)),

  /** Milliseconds, from `30s`, `5m`, `2h`. */
  duration: (def: string) => refined(DURATION_EXPECTED, parseDuration).prefault(def),
  optionalDuration: () => refined(DURATION_EXPECTED, parseDuration).optional(),

  /** Comma- or newline-separated values, trimmed, empty ones dropped. */
  list: (def = '') => str('a list').transform(splitList).prefault(def),

  url: () => refined('an http(s) URL like https://example.com/health', parseHttpUrl),
  optionalUrl: () => inputs.url().optional(),

  oneOf: <const T extends readonly [string, ...string[]]>(values: T, def?: T[number]) => {
    const s = refined(`one of: ${values.join(', ')}`, (raw) =>
      (values as readonly string[]).includes(raw) ? (raw as T[number]) : undefined,
    );
    return def === undefined ? s : s.prefault(def);
  },

  int: (min: number, max: number, def?: number) => {
    const s = refined(`a whole number from ${min} to ${max}`, (raw) => {
      const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
      return n >= min && n <= max ? n : undefined;
    });
    return def === undefined ? s : s.prefault(String(def));
  },

  /** Secret `NAME=value` lines, e.g. `command-env: ${{ secrets.DEPLOY_ENV }}`. */
  envLines: () => str('NAME=value lines').transform(parseEnvLines).prefault('').meta(SECRET),

  optionalSeverity: () =>
    refined<Severity>(SEVERITY_EXPECTED, (raw) => parseSeverity(raw)).optional(),
};

/** Inputs whose values are secrets: masked when read, never echoed in an error. */
const SECRET = { secret: true };

function isSecret(schema: z.ZodType): boolean {
  return (schema.meta() as { secret?: boolean } | undefined)?.secret === true;
}

/**
 * `NAME=value` lines (credentials for a command): every value is masked, and a bad line is
 * reported by its number, never by its text. Empty lines and # comments are skipped.
 */
function parseEnvLines(raw: string, ctx: z.RefinementCtx): Record<string, string> {
  const env: Record<string, string> = {};
  raw.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const eq = line.indexOf('=');
    const name = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      ctx.addIssue({
        code: 'custom',
        message: `line ${i + 1} is not NAME=value (a name of letters, digits and _)`,
      });
      return;
    }
    const value = line.slice(eq + 1);
    setSecret(value);
    env[name] = value;
  });
  return env;
}

export function splitList(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function parseHttpUrl(raw: string): string | undefined {
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:' ? raw : undefined;
  } catch {
    return undefined;
  }
}

/** Reads and parses every input named in the shape; throws InputError on the first bad one. */
export function readInputs<T extends z.ZodRawShape>(
  shape: T,
  env: NodeJS.ProcessEnv = process.env,
): z.output<z.ZodObject<T>> {
  const raw: Record<string, string | undefined> = {};
  for (const [name, schema] of Object.entries(shape)) {
    raw[name] = getInput(name, env) || undefined;
    if (raw[name] && isSecret(schema as z.ZodType)) setSecret(raw[name]);
  }
  const result = z.object(shape).safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? '?');
    const hidden = isSecret(shape[name] as z.ZodType);
    throw new InputError(name, hidden ? null : raw[name], issue?.message ?? 'valid');
  }
  return result.data;
}
