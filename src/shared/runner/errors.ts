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
  /** `value: null` hides the value (a secret input): the message must not carry it. */
  constructor(input: string, value: string | undefined | null, expected: string) {
    super(
      value === null
        ? `input "${input}" (value hidden): ${expected}`
        : value === undefined || value === ''
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
