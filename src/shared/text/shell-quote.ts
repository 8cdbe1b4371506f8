// Values printed as part of a command a person will copy and run (manual steps in a summary,
// the command line of a test run): quoted for a POSIX shell, so a branch name or a reason
// with `$(...)` or a quote in it stays one inert word. Plain names stay readable.

export function shellQuote(value: string): string {
  if (/^[\w./@:+=%,-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A command line from words, each quoted where needed. */
export function commandLine(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
