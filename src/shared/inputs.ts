// Action inputs: one zod schema per action turns the runner's strings into typed values, and
// a bad value stops the action before it changes anything, naming the input, the value and
// what was expected.
import { z } from 'zod';
import { getInput } from './runner.ts';
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

  optionalSeverity: () =>
    refined<Severity>(SEVERITY_EXPECTED, (raw) => parseSeverity(raw)).optional(),
};

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
  for (const name of Object.keys(shape)) raw[name] = getInput(name, env) || undefined;
  const result = z.object(shape).safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? '?');
    throw new InputError(name, raw[name], issue?.message ?? 'valid');
  }
  return result.data;
}
