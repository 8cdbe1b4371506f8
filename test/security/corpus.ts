// The attack corpus: text an outsider controls (a PR title, body, branch, label, commit
// message, a deployment payload, a chat receiver's answer), each shaped to cross one of the
// boundaries SECURITY.md names. Tests feed it to the bundles; add to it when a new way in is
// found, and every test that uses it attacks the new way too.
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Files the shell payloads would create, were they ever run. */
export const PWNED = [join(tmpdir(), 'hotfix-pwned-1'), join(tmpdir(), 'hotfix-pwned-2')];

export const ATTACKS = {
  /** Command substitution, backticks, a quote break and an expression, for any shell. */
  shell: [
    `$(touch ${PWNED[0]})`,
    `\`touch ${PWNED[1]}\``,
    `'; touch ${PWNED[0]}; echo '`,
    '${{ secrets.DEPLOY_ENV }}',
  ],
  /** Workflow commands the runner would obey from an unpaused line of the log. */
  workflowCommands: [
    '::stop-commands::attacker',
    '::add-mask::',
    '::error title=forged::forged error',
    '::set-output name=healthy::true',
    '::warning::forged warning',
  ],
  /** Markdown that would break a table, ping people or hide a link. */
  markdown: [
    '@octocat @acme/oncall',
    '| a | b |',
    '<img src=x onerror=alert(1)>',
    '[link](javascript:alert(1))',
  ],
  /** Credential-shaped text someone pasted. */
  credentials: [
    'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB',
    'xoxb-1234567890-0987654321-abcdefghij',
  ],
};

/** Every payload, one per line: a PR body that carries them all. */
export function hostileBody(): string {
  return Object.values(ATTACKS)
    .flat()
    .map((p) => `${p}\n`)
    .join('');
}

/** A one-line title with the shell payloads (GitHub keeps titles on one line). */
export function hostileTitle(): string {
  return `[P1] ${ATTACKS.shell.join(' ')} ${ATTACKS.markdown[0]}`;
}
