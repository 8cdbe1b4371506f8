// The message of a backported commit, byte for byte what `git cherry-pick -x` writes: the
// original message, `(cherry picked from commit <sha>)` after it (in the trailer block when
// the message ends with one, else after a blank line), then git's whitespace cleanup.
// Written here because the picks are committed with `git commit-tree`, which takes a message
// as given. The rules follow git's sequencer.c (has_conforming_footer), trailer.c
// (find_trailer_start) and strbuf_stripspace; a unit test holds them against real git.

const GENERATED = ['Signed-off-by: ', '(cherry picked from commit '];

export function cherryPickMessage(message: string, sha: string): string {
  let msg = message;
  if (msg && !msg.endsWith('\n')) msg += '\n';
  if (!hasTrailerBlock(msg)) msg += '\n';
  msg += `(cherry picked from commit ${sha})\n`;
  return stripSpace(msg);
}

/** git's `--cleanup=whitespace`: trailing whitespace off, blank lines collapsed and trimmed. */
export function stripSpace(text: string): string {
  let out = '';
  let empties = 0;
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  for (const line of lines) {
    const kept = line.replace(/[ \t\n\v\f\r]+$/, '');
    if (!kept) {
      empties++;
      continue;
    }
    if (empties > 0 && out) out += '\n';
    empties = 0;
    out += `${kept}\n`;
  }
  return out;
}

const isBlank = (line: string) => /^[ \t\v\f\r]*$/.test(line);
const isSpace = (c: string | undefined) => c !== undefined && /[ \t\n\v\f\r]/.test(c);

/** Whether the message ends with a trailer block (git's has_conforming_footer). */
export function hasTrailerBlock(msg: string): boolean {
  const lines = splitLines(msg.slice(0, endOfLog(msg)));
  // The first paragraph is the title and never holds trailers.
  let title = 0;
  for (const line of lines) {
    if (!line.startsWith('#') && isBlank(line)) break;
    title++;
  }
  let onlySpaces = true;
  let recognized = false;
  let trailers = 0;
  let others = 0;
  let continuations = 0;
  for (let i = lines.length - 1; i >= title; i--) {
    const line = lines[i] ?? '';
    if (line.startsWith('#')) {
      others += continuations;
      continuations = 0;
      continue;
    }
    if (isBlank(line)) {
      if (onlySpaces) continue;
      others += continuations;
      return (recognized && trailers * 3 >= others) || (trailers > 0 && others === 0);
    }
    onlySpaces = false;
    if (GENERATED.some((p) => line.startsWith(p))) {
      trailers++;
      continuations = 0;
      recognized = true;
    } else if (separatorAt(line) >= 1 && !isSpace(line[0])) {
      trailers++;
      continuations = 0;
    } else if (isSpace(line[0])) {
      continuations++;
    } else {
      others += 1 + continuations;
      continuations = 0;
    }
  }
  return false;
}

/** Where `Token:` ends (git's find_separator with ":"), or -1. */
function separatorAt(line: string): number {
  let whitespace = false;
  for (const [i, c] of [...line].entries()) {
    if (c === ':') return i;
    if (!whitespace && /[A-Za-z0-9-]/.test(c)) continue;
    if (i > 0 && (c === ' ' || c === '\t')) {
      whitespace = true;
      continue;
    }
    break;
  }
  return -1;
}

/** The message without its trailing run of comment and empty lines (git's ignore_non_trailer). */
function endOfLog(msg: string): number {
  let boc = -1;
  let conflicts = false;
  let bol = 0;
  while (bol < msg.length) {
    const nl = msg.indexOf('\n', bol);
    const next = nl < 0 ? msg.length : nl + 1;
    const line = msg.slice(bol, next);
    if (line.startsWith('#') || line === '\n') {
      if (boc < 0) boc = bol;
    } else if (line === 'Conflicts:\n') {
      conflicts = true;
      if (boc < 0) boc = bol;
    } else if (conflicts && line.startsWith('\t')) {
      // a path of an old Conflicts: block
    } else if (boc >= 0) {
      boc = -1;
      conflicts = false;
    }
    bol = next;
  }
  return boc >= 0 ? boc : msg.length;
}

/** Lines without their newline; a final newline does not start another line. */
function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return lines;
}
