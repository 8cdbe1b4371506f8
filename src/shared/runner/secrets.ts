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
// matches too much); the value itself is always registered, whatever its length.
const MIN_ENCODED = 8;

/**
 * Registers a secret and its encoded forms: the runner masks them in the log from now on,
 * and `redact` removes them. Each line of a multi-line value is its own secret, so a line
 * quoted alone is caught too.
 */
export function setSecret(value: string): void {
  if (!value) return;
  for (const line of value.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    for (const form of [line, ...encodedForms(line)]) register(form);
  }
}

function register(form: string): void {
  if (secrets.has(form)) return;
  secrets.add(form);
  core.setSecret(form);
}

/** The base64 (at every byte alignment, standard and URL-safe), URL and JSON forms of a value. */
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
