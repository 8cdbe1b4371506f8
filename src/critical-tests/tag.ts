// The tag that marks critical tests, and how each runner spells a selection by it.
//
// One word, so it means the same thing everywhere: a pytest marker (`-m critical`), a vitest
// tag (`--tags-filter=critical`), and in runners without tags a word of the test's name:
// `@critical` in a jest or vitest title (`-t`), `Critical` in a Go test name (`-run`).

export const TAG_EXPECTED =
  'one word of letters, digits and underscores starting with a letter, like critical or smoke';

export function isValidTag(tag: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_]*$/.test(tag);
}

/**
 * Name pattern for jest and vitest `-t`: `@critical` as a word of the full test name, so
 * "checkout @critical" matches and "@critical_path" or "non-critical" do not.
 */
export function jsNamePattern(tag: string): string {
  return `@${tag}(?![\\w-])`;
}

/**
 * Pattern for `go test -run`: the tag as a CamelCase word of a top-level test name, e.g.
 * TestCritical_Login, TestLoginCritical, TestCriticalLogin; not TestCriticality. Go's regexp
 * (RE2) has no lookahead, hence the explicit alternatives.
 */
export function goRunPattern(tag: string): string {
  const word = tag.charAt(0).toUpperCase() + tag.slice(1);
  return `${word}([A-Z0-9_]|$)`;
}
