// URLs in messages. Escaping is for text: a URL goes out as the service's link syntax with
// its characters as they are, percent-encoded only where a URL may not hold a character
// (RFC 3986: spaces, quotes, `<>\^`{|}`, non-ASCII). An `@`, `_`, `(` or `|` escaped as
// text would break the link (a zero-width space inside it, or `%5C_` once a client
// autolinks the backslash), so URLs are found in free text and kept apart from it.

/** Characters RFC 3986 allows in a URL as they are (and `%` of an existing escape). */
const URL_SAFE = /[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]/;

/**
 * The URL with every character a URL cannot hold percent-encoded (as UTF-8), and `[` `]`
 * outside an IPv6 host; a `%` that starts no escape is encoded too. Nothing else changes.
 */
export function encodeUrl(url: string): string {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url)?.[0] ?? '';
  return encode(authority, /[[\]]/) + encode(url.slice(authority.length), /(?!)/);
}

function encode(part: string, alsoSafe: RegExp): string {
  let out = '';
  let i = 0;
  for (const c of part) {
    i += c.length;
    if (c === '%' && !/^[0-9A-Fa-f]{2}$/.test(part.slice(i, i + 2))) out += '%25';
    else if (URL_SAFE.test(c) || alsoSafe.test(c)) out += c;
    // A lone surrogate (half an emoji) cannot be encoded: it becomes U+FFFD, as browsers do.
    else out += encodeURIComponent(/^[\ud800-\udfff]$/.test(c) ? '\ufffd' : c);
  }
  return out;
}

export interface TextPiece {
  text: string;
  /** The piece is an http(s) URL. */
  url?: true;
}

// A URL ends at whitespace, at characters that cannot be in one and at quotes around it.
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"`\u00a0\u2000-\u200b\u3000]+/gi;

/** URLs in free text, as spans a cut must not fall inside. */
export const URL_ATOMS = URL_IN_TEXT;

/**
 * Free text split into plain pieces and http(s) URLs. Like GitHub's autolinks, punctuation
 * that ends a sentence, and a closing bracket the URL did not open, stay outside the URL.
 */
export function splitUrls(text: string): TextPiece[] {
  const out: TextPiece[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_IN_TEXT)) {
    const url = trimUrlEnd(m[0]);
    const start = m.index;
    if (url.length <= 'https://'.length) continue;
    if (start > last) out.push({ text: text.slice(last, start) });
    out.push({ text: url, url: true });
    last = start + url.length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

function trimUrlEnd(url: string): string {
  let u = url;
  for (;;) {
    const before = u;
    u = u.replace(/[.,:;!?'*_~]+$/, '');
    for (const [open, close] of [
      ['(', ')'],
      ['[', ']'],
    ] as const) {
      if (u.endsWith(close) && count(u, close) > count(u, open)) u = u.slice(0, -1);
    }
    if (u === before) return u;
  }
}

function count(s: string, c: string): number {
  return s.split(c).length - 1;
}

/** Escapes the text between URLs with `escape`, and writes each URL with `link`. */
export function withLinks(
  text: string,
  escape: (plain: string) => string,
  link: (url: string) => string,
): string {
  return splitUrls(text)
    .map((p) => (p.url ? link(p.text) : escape(p.text)))
    .join('');
}
