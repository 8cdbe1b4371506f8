// Text from outside (a PR title, a deployment payload, a program's output) printed to the log
// so that a line in it that looks like a workflow command (`::error::`, `::add-mask::`,
// `::stop-commands::`) is shown, not obeyed. @actions/core has no helper for this; it is the
// runner's stop-commands protocol, written through core.info.
import { randomUUID } from 'node:crypto';
import * as core from '@actions/core';
import { redact } from './secrets.ts';

export function infoUntrusted(text: string): void {
  const resume = pauseCommands();
  core.info(redact(text));
  resume();
}

/**
 * Until the returned function is called, lines that look like workflow commands are printed,
 * not obeyed: for streaming a program's output (a test run of a PR's code) to the log. The
 * token is random, so the text cannot end the pause itself.
 */
export function pauseCommands(): () => void {
  const token = randomUUID();
  core.info(`::stop-commands::${token}`);
  return () => core.info(`::${token}::`);
}
