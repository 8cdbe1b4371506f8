// Text from outside (a PR title, an alert) sometimes carries a credential someone pasted by
// mistake. Broadcasting it to chat rooms and webhooks would spread the leak, so strings
// shaped like well-known credentials are replaced before any message is rendered. The
// secrets this run knows (registered with setSecret) are masked by runner.redact as well.
import { redact } from '../shared/runner/secrets.ts';

export const REDACTED = '[redacted]';

// Each pattern is anchored on a vendor prefix and bounded, so ordinary prose never matches
// and a long text cannot make a pattern backtrack for long.
const PATTERNS: RegExp[] = [
  // GitHub: personal, OAuth, user-to-server, server-to-server and refresh tokens.
  /\bgh[pousr]_[A-Za-z0-9]{30,255}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{30,255}\b/g,
  // Slack tokens and webhook URLs.
  /\bxox[abposre]-[A-Za-z0-9-]{10,250}/g,
  /\bxapp-\d-[A-Za-z0-9-]{10,250}/g,
  /\bhttps:\/\/hooks\.slack(?:-gov)?\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{8,250}/g,
  // Microsoft Teams incoming webhooks and Power Automate (Workflows) trigger URLs.
  /\bhttps:\/\/[A-Za-z0-9.-]{1,100}\.(?:webhook\.office\.com|logic\.azure\.com|powerplatform\.com|environment\.api\.powerplatform\.com)(?::\d+)?\/[^\s<>"')\]]{8,2000}/g,
  // AWS access key ids, Google API keys, Stripe live keys, npm tokens.
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  /\b[rs]k_live_[0-9A-Za-z]{20,250}\b/g,
  /\bnpm_[A-Za-z0-9]{36}\b/g,
  // JSON Web Tokens: three base64url parts, the first one a JSON header.
  /\beyJ[A-Za-z0-9_-]{8,2000}\.[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{8,2000}/g,
  // PEM private keys, whole or cut off.
  /-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----[\s\S]{0,10000}?(?:-----END [A-Z ]{0,40}PRIVATE KEY-----|$)/g,
  // Credentials in a URL: https://user:password@host.
  /(?<=\b[a-z][a-z0-9+.-]{0,20}:\/\/[^\s:/@]{1,100}:)[^\s@/]{3,200}(?=@)/gi,
];

// `password=...`, `api_key: ...`, `token=...`: keep the name so the text still reads.
const ASSIGNMENT =
  /\b(password|passwd|pwd|secret|client[_-]?secret|api[_-]?key|access[_-]?token|auth[_-]?token|token)(\s{0,3}[:=]\s{0,3})(["']?)([^\s"',;]{6,300})\3/gi;

/** The text with credential-shaped strings and this run's secrets replaced. */
export function scrubSecrets(text: string): string {
  let out = redact(text);
  for (const re of PATTERNS) out = out.replace(re, REDACTED);
  return out.replace(ASSIGNMENT, (_m, name: string, sep: string, q: string) => {
    return `${name}${sep}${q}${REDACTED}${q}`;
  });
}
