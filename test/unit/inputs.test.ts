import { describe, expect, it } from 'vitest';
import { inputs, inputsFrom, readInputs } from '../../src/shared/runner/inputs.ts';

const env = (vars: Record<string, string>) =>
  inputsFrom(
    Object.fromEntries(Object.entries(vars).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  );

describe('readInputs', () => {
  const shape = {
    interval: inputs.duration('10s'),
    label: inputs.bool(true),
    'health-urls': inputs.list(),
    mode: inputs.oneOf(['fail', 'pass'] as const, 'fail'),
    limit: inputs.int(0, 10, 4),
    severity: inputs.optionalSeverity(),
    environment: inputs.text(),
  };

  it('parses typed values and applies defaults to missing inputs', () => {
    const got = readInputs(
      shape,
      env({
        environment: 'production',
        'health-urls': 'https://a/health, https://b/health\nhttps://c/health\n',
        severity: 'sev-1',
      }),
    );
    expect(got).toEqual({
      interval: 10_000,
      label: true,
      'health-urls': ['https://a/health', 'https://b/health', 'https://c/health'],
      mode: 'fail',
      limit: 4,
      severity: 'P1',
      environment: 'production',
    });
  });

  it.each([
    [
      { interval: '5 minutes' },
      'input "interval": "5 minutes" is not a duration like 30s, 5m or 1h',
    ],
    [{ label: 'yes' }, 'input "label": "yes" is not true or false'],
    [{ mode: 'maybe' }, 'input "mode": "maybe" is not one of: fail, pass'],
    [{ limit: '11' }, 'input "limit": "11" is not a whole number from 0 to 10'],
    [
      { severity: 'P7' },
      'input "severity": "P7" is not a severity like P0..P3, SEV1, sev-1 or critical/high/medium/low',
    ],
    [{}, 'input "environment" is required: a value'],
  ])('names the input, the value and what was expected: %j', (vars, message) => {
    expect(() =>
      readInputs(
        shape,
        env({
          environment: 'prod',
          ...vars,
          ...(Object.keys(vars).length ? {} : { environment: '' }),
        }),
      ),
    ).toThrow(message);
  });
});
