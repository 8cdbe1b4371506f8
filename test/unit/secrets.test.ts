// A secret registered once is redacted in every form a script or a library may print it in:
// itself, base64 wherever it sits in a longer base64 text, URL-safe base64, percent-encoded,
// form-encoded and JSON-escaped. Plain text around it is left alone.
import { describe, expect, it } from 'vitest';
import { encodedForms, redact, setSecret } from '../../src/shared/runner/secrets.ts';

const SECRET = 'p@ss word/with+"quotes"&ünïcode';

describe('secrets in their encoded forms', () => {
  setSecret(SECRET);

  it.each([
    ['plain', SECRET],
    ['percent-encoded', encodeURIComponent(SECRET)],
    ['form-encoded (a space as +)', new URLSearchParams({ q: SECRET }).toString().slice(2)],
    ['JSON-escaped', JSON.stringify(SECRET).slice(1, -1)],
  ])('%s is redacted', (_, form) => {
    const out = redact(`before ${form} after`);
    expect(out).toBe('before *** after');
  });

  it.each([0, 1, 2])('base64 with %i bytes before it, standard and URL-safe, is redacted', (n) => {
    const b64 = Buffer.from(`${'x'.repeat(n)}Basic ${SECRET} end`).toString('base64');
    for (const text of [b64, b64.replace(/\+/g, '-').replace(/\//g, '_')]) {
      const out = redact(text);
      expect(out).toContain('***');
      // What is left around the mask decodes to no more than the text around the secret.
      for (const part of out.split('***'))
        expect(Buffer.from(part, 'base64').toString('latin1')).not.toContain('word/with');
    }
  });

  it('registers no form so short that it would mask ordinary text', () => {
    expect(encodedForms('abc')).toEqual([]);
    expect(encodedForms(SECRET).every((f) => f.length >= 8)).toBe(true);
    expect(redact('an ordinary line of text')).toBe('an ordinary line of text');
  });
});
