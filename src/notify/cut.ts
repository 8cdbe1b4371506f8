// Cutting text to a channel's limits. A cut never falls inside a character as people see it
// (a grapheme: an emoji with its modifiers or joiners, a flag, a letter with its accents),
// nor inside an escape (the `&am` of `&amp;`, the backslash of `\*`) or a link the channel's
// syntax wrote (`<https://…|label>`), and prefers a line or word end when one is near. Limits
// are counted by a measure: UTF-16 units for Slack (never fewer than the characters Slack
// counts), UTF-8 bytes of the JSON text for Teams.

/** The size of a text in a channel's unit. Additive: measure(a + b) = measure(a) + measure(b). */
export type Measure = (text: string) => number;

export const utf16: Measure = (text) => text.length;

/** Bytes the text takes inside a JSON string: UTF-8, with JSON's escapes. */
export const jsonBytes: Measure = (text) => Buffer.byteLength(JSON.stringify(text), 'utf8') - 2;

export interface CutOptions {
  /** The unit of the limit; UTF-16 units by default. */
  measure?: Measure;
  /** Spans a cut must not fall inside (global regex), e.g. a channel's link syntax. */
  atoms?: RegExp;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** The end (a string index) of the longest run of whole graphemes of `text` within `room`. */
function fitEnd(text: string, room: number, measure: Measure): number {
  let used = 0;
  let end = 0;
  // The segmenter is lazy: a cut near the start of a long text reads no further than it.
  for (const { segment, index } of segmenter.segment(text)) {
    const size = measure(segment);
    if (used + size > room) break;
    used += size;
    end = index + segment.length;
  }
  return end;
}

/** Moves a cut at `end` back to the start of an atom it would fall inside. */
function outsideAtoms(text: string, end: number, atoms: RegExp | undefined): number {
  if (!atoms) return end;
  for (const m of text.matchAll(atoms)) {
    if (m.index >= end) break;
    if (m.index + m[0].length > end) return m.index;
  }
  return end;
}

/** Drops a dangling escape from the end of a cut: `&am`, `&#12`, or a lone backslash. */
function noHalfEscape(cut: string): string {
  return cut.replace(/&[#a-zA-Z0-9]{0,7}$/, '').replace(/\\+$/, '');
}

/**
 * Cuts text to `max` (in the measure's unit), at a line or word end when one is within the
 * last 40%, adding `suffix` (counted in max). Text within the limit is returned as it is.
 */
export function truncate(text: string, max: number, suffix: string, o: CutOptions = {}): string {
  const measure = o.measure ?? utf16;
  if (measure(text) <= max) return text;
  const room = max - measure(suffix);
  if (room <= 0) return suffix.slice(0, fitEnd(suffix, max, measure));
  const end = outsideAtoms(text, fitEnd(text, room, measure), o.atoms);
  let cut = text.slice(0, end);
  const space = Math.max(cut.lastIndexOf('\n'), cut.lastIndexOf(' '));
  if (space > end * 0.6) cut = cut.slice(0, outsideAtoms(text, space, o.atoms));
  return noHalfEscape(cut).trimEnd() + suffix;
}

/**
 * Splits text into pieces of at most `size`, at line ends where it can, else at a space,
 * else at a grapheme boundary; never inside an escape such as `&amp;` or an atom.
 */
export function splitText(text: string, size: number, o: CutOptions = {}): string[] {
  const measure = o.measure ?? utf16;
  const out: string[] = [];
  let rest = text;
  while (measure(rest) > size) {
    const end = fitEnd(rest, size, measure);
    let cut = rest.lastIndexOf('\n', end);
    if (cut < end * 0.5) cut = rest.lastIndexOf(' ', end);
    if (cut < end * 0.5) cut = end;
    // Never split an escape such as &amp; in two.
    const amp = rest.lastIndexOf('&', cut - 1);
    if (amp > 0 && amp > cut - 8 && !rest.slice(amp, cut).includes(';')) cut = amp;
    cut = outsideAtoms(rest, cut, o.atoms);
    // An atom longer than a piece cannot be kept whole: cut it at a grapheme then.
    if (cut <= 0) cut = Math.max(1, end);
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest.trim()) out.push(rest);
  return out.filter((p) => p !== '');
}
