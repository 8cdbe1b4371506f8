/**
 * An error a person fixes by changing what they gave us (an input, the policy file), as
 * opposed to a fault in the world. Its message is shown as is, without a stack trace.
 */
export class UserError extends Error {
  override name = 'UserError';
}

/** `input "interval": "5 minutes" is not a duration like 30s, 5m or 1h` */
export class InputError extends UserError {
  override name = 'InputError';
  readonly input: string;
  constructor(input: string, value: string | undefined, expected: string) {
    super(
      value === undefined || value === ''
        ? `input "${input}" is required: ${expected}`
        : `input "${input}": ${JSON.stringify(value)} is not ${expected}`,
    );
    this.input = input;
  }
}

/** The message of any thrown value, for logs and setFailed. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
