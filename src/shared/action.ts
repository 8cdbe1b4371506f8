// The frame every entry point runs in: any failure becomes one clear error line and exit 1.
import { debug, setFailed, setOutput } from './runner.ts';
import { UserError, messageOf } from './errors.ts';

export async function runAction(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    // A person's mistake is explained by its message; a fault also gets its stack in debug.
    if (!(err instanceof UserError) && err instanceof Error && err.stack) debug(err.stack);
    setFailed(messageOf(err));
  }
}

export function setOutputs(outputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(outputs)) setOutput(name, value);
}
