// Credentials travel in more than one form: a key in a URL is percent-encoded, an SMTP
// password goes over the wire base64-encoded (AUTH PLAIN and AUTH LOGIN), a library error
// may quote any of them. Each form is masked in the log and redacted from what notify writes.
import { setSecret } from '../shared/runner/secrets.ts';

/** Shorter values would mask ordinary words all over the log; a credential is longer. */
const MIN_LENGTH = 4;

/** Masks a credential as it is, percent-encoded, and base64-encoded. */
export function maskCredential(value: string): void {
  if (value.length < MIN_LENGTH) return;
  setSecret(value);
  const encoded = encodeURIComponent(value);
  if (encoded !== value) setSecret(encoded);
  setSecret(Buffer.from(value, 'utf8').toString('base64'));
}

/**
 * Masks an SMTP URL (`smtps://user:password@host:465`): the URL, its password in every form
 * it takes, and the base64 strings AUTH PLAIN (`\0user\0password`) and AUTH LOGIN send.
 */
export function maskSmtpUrl(url: string): void {
  setSecret(url);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return; // not a URL: reported by the input check, already masked
  }
  const user = safeDecode(u.username);
  const password = safeDecode(u.password);
  if (!password) return;
  maskCredential(password);
  if (u.password !== password) setSecret(u.password);
  setSecret(Buffer.from(`\0${user}\0${password}`, 'utf8').toString('base64'));
  setSecret(Buffer.from(`${user}\0${user}\0${password}`, 'utf8').toString('base64'));
}

/** A percent-encoded part of a URL, decoded; as it is when it is not valid encoding. */
export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
