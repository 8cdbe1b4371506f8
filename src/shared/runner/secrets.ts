// Secrets this run knows: masked in the log by the runner (through @actions/core), and
// redacted by us from everything we write ourselves, which the runner never sees: outputs,
// the job summary, GitHub records (an octokit hook in github/client.ts) and chat messages.
//
// A secret also travels encoded: a deploy script that prints its credential base64-encoded
// (a Kubernetes secret, a basic-auth header), a URL that carries it percent-encoded, a JSON
// body that escapes it. Each form is registered beside the value, the way the runner's own
// masker encodes secrets, so a line that quotes any of them is masked and redacted too.
import * as core from '@actions/core';

const secrets = new Set<string>();

// An encoded fragment shorter than this would mask ordinary text (a 4-character base64 run
// matches too much).
const MIN_ENCODED = 8;

// A value shorter than this is not masked. Masking works on substrings everywhere, in the log
// and in everything `redact` rewrites, so a short value rewrites ordinary words: `prod` in
// `production`, `blue` in `blue-green`, `true` in the `healthy` output (and a composite that
// reads `***` there rolls back a healthy deploy). Credentials are longer than this; a value
// this short is configuration that command-env carries beside them.
const MIN_SECRET = 6;
// Flags and nulls are configuration at any length.
const FLAG = /^(?:true|false|yes|no|on|off|null|none)$/i;
// So are short numbers (a replica count, a port, a percentage, a timeout in ms): their digits
// recur in the weights, counts, durations and ids of our outputs (`300000` is a 5m window in
// the measurements output). A longer number may be a PIN or an account number: masked.
const SHORT_NUMBER = /^[+-]?(?:\d+(?:[.,_]\d+)*|\.\d+)$/;
const MIN_NUMBER = 8;

/**
 * False for a value that cannot be masked without rewriting ordinary output, so is not
 * treated as a secret: shorter than 6 characters, a boolean or null word, or a number shorter
 * than 8 characters.
 */
export function maskable(value: string): boolean {
  const v = value.trim();
  if (v.length < MIN_SECRET || FLAG.test(v)) return false;
  return !(SHORT_NUMBER.test(v) && v.length < MIN_NUMBER);
}

/**
 * Registers a secret and its encoded forms: the runner masks them in the log from now on,
 * and `redact` removes them. Each line of a multi-line value is its own secret, so a line
 * quoted alone is caught too. A line that is not `maskable` is left out, so that neither the
 * runner nor `redact` ever rewrites it; the answer is false then, and the caller warns,
 * naming the input or the variable (never the value).
 */
export function setSecret(value: string): boolean {
  let all = true;
  for (const line of value.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    if (!maskable(line)) {
      all = false;
      continue;
    }
    for (const form of [line, ...encodedForms(line)]) register(form);
  }
  return all;
}

function register(form: string): void {
  if (secrets.has(form)) return;
  secrets.add(form);
  core.setSecret(form);
}

/**
 * The base64 (at every byte alignment, standard and URL-safe), URL (path and form: a space as
 * `+`), and JSON forms of a value.
 */
export function encodedForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const forms = new Set<string>();
  // Inside a longer base64 text the value may start at any of three byte offsets; the
  // characters that depend on the value alone are the same wherever it sits.
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    const from = Math.ceil((shift * 8) / 6);
    const to = Math.floor(((shift + bytes.length) * 8) / 6);
    const core64 = encoded.slice(from, to);
    forms.add(core64);
    forms.add(core64.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  forms.add(encodeURIComponent(value));
  forms.add(new URLSearchParams({ v: value }).toString().slice(2));
  forms.add(JSON.stringify(value).slice(1, -1));
  forms.delete(value);
  return [...forms].filter((f) => f.length >= MIN_ENCODED);
}

/** The text with every registered secret replaced by `***`, as the runner masks the log. */
export function redact(text: string): string {
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('***');
  return out;
}

/** Every string in a value (a deployment payload, a request body) redacted, the rest kept. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  return value;
}
