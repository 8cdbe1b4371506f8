// The frame every action's run() works in: outputs and the job summary through
// @actions/core, redacted first (the runner masks the log, not the files we write), and any
// failure turned into one clear error and exit 1.
import * as core from '@actions/core';
import { UserError, messageOf } from './errors.ts';
import { redact } from './secrets.ts';

export async function runAction(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    // A person's mistake is explained by its message; a fault also gets its stack in debug.
    if (!(err instanceof UserError) && err instanceof Error && err.stack) core.debug(err.stack);
    core.setFailed(redact(messageOf(err)));
  }
}

export function setOutputs(outputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, redact(value));
}

/** Appends markdown to the job summary; outside a runner (no GITHUB_STEP_SUMMARY), nothing. */
export async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(redact(markdown), true).write();
}
