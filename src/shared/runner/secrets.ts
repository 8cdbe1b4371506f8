// Secrets this run knows: masked in the log by the runner (through @actions/core), and
// redacted by us from everything we write ourselves, which the runner never sees: outputs,
// the job summary, GitHub records and chat messages.
import * as core from '@actions/core';

const secrets = new Set<string>();

/**
 * Registers a secret: the runner masks it in the log from now on, and `redact` removes it.
 * Each line of a multi-line value is its own secret, so a line quoted alone is caught too.
 */
export function setSecret(value: string): void {
  if (!value) return;
  for (const line of value.split(/\r?\n/)) {
    if (line.trim() === '' || secrets.has(line)) continue;
    core.setSecret(line);
    secrets.add(line);
  }
}

/** The text with every registered secret replaced by `***`, as the runner masks the log. */
export function redact(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}
