// Action inputs: one zod schema per action turns the runner's strings into typed values, and
// a bad value stops the action before it changes anything, naming the input, the value and
// what was expected.
//
// zod/mini, not zod's classic API: every action parses its inputs at start-up, and the mini
// build costs a third of the classic one to load (the policy file's schema, read only when
// there is a policy file, still uses the classic API in its own chunk).
import * as z from 'zod/mini';
import * as core from '@actions/core';
import { maskable, setSecret } from './secrets.ts';
import { InputError } from './errors.ts';
import { DURATION_EXPECTED, parseDuration } from '../text/duration.ts';
import { SEVERITY_EXPECTED, parseSeverity, type Severity } from '../severity/severity.ts';
import type { ExplicitSeverity } from '../severity/classifier.ts';

/** What an input schema takes: the runner's string, or undefined when the input is not set. */
export type InputSchema<T = unknown> = z.ZodMiniType<T, string | undefined>;
export type InputShape = Record<string, InputSchema>;
export type InputsOf<S extends InputShape> = z.output<z.ZodMiniObject<S>>;

/** A string input; `expected` says what a missing or wrong value should have been. */
function str(expected: string) {
  return z.string({ error: expected });
}

/** A string input that `parse` turns into a value, or rejects (undefined) as not `expected`. */
function parsed<T>(expected: string, parse: (raw: string) => T | undefined) {
  return z.pipe(
    str(expected),
    z.transform((raw: string, ctx): T => {
      const value = parse(raw);
      if (value === undefined) {
        ctx.issues.push({ code: 'custom', message: expected, input: raw });
        return z.NEVER;
      }
      return value;
    }),
  );
}

/** Inputs whose values are secrets: masked when read, never echoed in an error. */
const secretSchemas = new WeakSet<object>();
/** Of those, the NAME=value lines: each value is judged (and warned about) by its name. */
const envSchemas = new WeakSet<object>();

export const inputs = {
  /** Free text; required unless a default is given. */
  text: (def?: string) => (def === undefined ? str('a value') : z.prefault(str('a value'), def)),

  /** YAML 1.2 booleans, as the runner and @actions/core accept them. */
  bool: (def: boolean) =>
    z.prefault(
      parsed('true or false', (raw) =>
        /^(true|True|TRUE)$/.test(raw)
          ? true
          : /^(false|False|FALSE)$/.test(raw)
            ? false
            : undefined,
      ),
      String(def),
    ),

  /** Milliseconds, from `30s`, `5m`, `2h`. */
  duration: (def: string) => z.prefault(parsed(DURATION_EXPECTED, parseDuration), def),
  optionalDuration: () => z.optional(parsed(DURATION_EXPECTED, parseDuration)),

  /** Comma- or newline-separated values, trimmed, empty ones dropped. */
  list: (def = '') => z.prefault(z.pipe(str('a list'), z.transform(splitList)), def),

  url: (def?: string) => {
    const s = parsed('an http(s) URL like https://example.com/health', parseHttpUrl);
    return def === undefined ? s : z.prefault(s, def);
  },
  optionalUrl: () => z.optional(inputs.url()),

  oneOf: <const T extends readonly [string, ...string[]]>(values: T, def?: T[number]) => {
    const s = parsed(`one of: ${values.join(', ')}`, (raw) =>
      (values as readonly string[]).includes(raw) ? (raw as T[number]) : undefined,
    );
    return def === undefined ? s : z.prefault(s, def);
  },
  optionalOneOf: <const T extends readonly [string, ...string[]]>(values: T) =>
    z.optional(inputs.oneOf(values)),

  int: (min: number, max: number, def?: number) => {
    const s = parsed(`a whole number from ${min} to ${max}`, (raw) => {
      const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
      return n >= min && n <= max ? n : undefined;
    });
    return def === undefined ? s : z.prefault(s, String(def));
  },
  optionalInt: (min: number, max: number) => z.optional(inputs.int(min, max)),

  /** Any rule of one action's own (a Slack ts, a list of channels); '' when not set. */
  matching: <T>(expected: string, parse: (raw: string) => T | undefined, def = '') =>
    z.prefault(parsed(expected, parse), def),

  /** A credential (a token): masked as soon as it is read, never echoed in an error. */
  secret: () => {
    const s = z.prefault(str('a value'), '');
    secretSchemas.add(s);
    return s;
  },

  /** Secret `NAME=value` lines, e.g. `command-env: ${{ secrets.DEPLOY_ENV }}`. */
  envLines: () => {
    const s = z.prefault(z.pipe(str('NAME=value lines'), z.transform(parseEnvLines)), '');
    secretSchemas.add(s);
    envSchemas.add(s);
    return s;
  },

  optionalSeverity: () => z.optional(parsed<Severity>(SEVERITY_EXPECTED, parseSeverity)),

  /** A `severity` input that outranks every signal: the level and how it was written. */
  explicitSeverity: () =>
    z.optional(
      parsed<ExplicitSeverity>(SEVERITY_EXPECTED, (raw) => {
        const severity = parseSeverity(raw);
        return severity && { severity, raw };
      }),
    ),
};

/**
 * `NAME=value` lines (credentials for a command): every value is masked, and a bad line is
 * reported by its number, never by its text. Empty lines and # comments are skipped.
 */
function parseEnvLines(raw: string, ctx: z.core.ParsePayload): Record<string, string> {
  const env: Record<string, string> = {};
  raw.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const eq = line.indexOf('=');
    const name = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      ctx.issues.push({
        code: 'custom',
        message: `line ${i + 1} is not NAME=value (a name of letters, digits and _)`,
        input: raw,
      });
      return;
    }
    const value = line.slice(eq + 1);
    // A value that is not maskable (a flag, a number) is left unmasked; readInputs names it.
    setSecret(value);
    env[name] = value;
  });
  return env;
}

/** Names (never values) of the NAME=value lines whose values were not masked. */
function warnUnmasked(input: string, env: Record<string, string>): void {
  const names = Object.entries(env)
    .filter(([, value]) => value.trim() !== '' && !maskable(value))
    .map(([name]) => name);
  if (names.length)
    core.warning(
      `input "${input}": not masked: the ${names.length === 1 ? 'value' : 'values'} of ${names.join(', ')}. A value shorter than 6 characters, a boolean or a number shorter than 8 characters is configuration, not a credential, and masking it would rewrite ordinary output (such as the healthy output); a credential this short would not be protected, so use a longer one.`,
    );
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

/** Where input values come from: @actions/core, or a test's own values. */
export type InputSource = (name: string) => string;

/**
 * The step's inputs, as @actions/core reads them (trimmed; '' when not set). The runner
 * evaluates every `${{ }}` before the step starts; a value that is still one came from a tool
 * that does not (@github/local-action passes action.yml defaults such as
 * `${{ github.token }}` as written), and counts as not set rather than as a token.
 */
export const actionInputs: InputSource = (name) => {
  const value = core.getInput(name);
  return /^\$\{\{[\s\S]*\}\}$/.test(value) ? '' : value;
};

/** Inputs as the runner passes them (`INPUT_<NAME>` variables), from a given environment. */
export function inputsFrom(env: NodeJS.ProcessEnv): InputSource {
  return (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** Reads and parses every input named in the shape; throws InputError on the first bad one. */
export function readInputs<S extends InputShape>(
  shape: S,
  source: InputSource = actionInputs,
): InputsOf<S> {
  const raw: Record<string, string | undefined> = {};
  for (const [name, schema] of Object.entries(shape)) {
    raw[name] = source(name) || undefined;
    if (raw[name] && secretSchemas.has(schema) && !setSecret(raw[name]) && !envSchemas.has(schema))
      core.warning(
        `input "${name}" is not masked: its value is shorter than 6 characters, a boolean or a number shorter than 8 characters, so masking it would rewrite ordinary output. Use a real credential.`,
      );
  }
  const result = z.object(shape).safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? '?');
    const hidden = secretSchemas.has(shape[name] as object);
    throw new InputError(name, hidden ? null : raw[name], issue?.message ?? 'valid');
  }
  const data = result.data as Record<string, unknown>;
  for (const [name, schema] of Object.entries(shape))
    if (envSchemas.has(schema)) warnUnmasked(name, data[name] as Record<string, string>);
  return result.data as InputsOf<S>;
}
