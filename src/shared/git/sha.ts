// Commit ids as people read them: one short form everywhere (messages, summaries, PR bodies),
// long enough to stay unique in a large repository. Commands a person copies use the full sha.

export function isSha(s: string): boolean {
  return /^[0-9a-f]{40}$/.test(s);
}

export function shortSha(sha: string): string {
  return sha.slice(0, 12);
}
