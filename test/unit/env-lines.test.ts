import { describe, expect, it, vi } from 'vitest';
import { inputs, inputsFrom, readInputs } from '../../src/shared/runner/inputs.ts';
import { maskable, redact, setSecret } from '../../src/shared/runner/secrets.ts';

const shape = { 'command-env': inputs.envLines() };
const read = (value: string) => readInputs(shape, inputsFrom({ 'INPUT_COMMAND-ENV': value }));

describe('command-env: secret NAME=value lines', () => {
  it('parses names and values, skipping blank lines and comments; values may hold = and spaces', () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(
        read('TOKEN= with spaces \r\nAWS_KEY=abc=def\n\n# a comment\n')['command-env'],
      ).toEqual({
        AWS_KEY: 'abc=def',
        TOKEN: ' with spaces ',
      });
      const masks = out.mock.calls
        .map((c) => String(c[0]))
        .filter((l) => l.startsWith('::add-mask::'));
      expect(masks.join('')).toContain('::add-mask::abc=def');
    } finally {
      out.mockRestore();
    }
    expect(read('')['command-env']).toEqual({});
  });

  it('a bad line is named by its number, never by its text', () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(() => read('GOOD=1\nnot a pair s3cr3t')).toThrow(
        'input "command-env" (value hidden): line 2 is not NAME=value (a name of letters, digits and _)',
      );
      expect(() => read('GOOD=1\nnot a pair s3cr3t')).not.toThrow(/s3cr3t/);
      expect(() => read('1BAD=x')).toThrow(/line 1 is not NAME=value/);
    } finally {
      out.mockRestore();
    }
  });

  it('X=true beside a real credential: the credential is masked, true is not (named in a warning), and redaction leaves it', () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const secret = `sk-live-${Math.random().toString(36).slice(2)}`;
    try {
      expect(read(`X=true\nREPLICAS=3\nCLOUD_TOKEN=${secret}`)['command-env']).toEqual({
        X: 'true',
        REPLICAS: '3',
        CLOUD_TOKEN: secret,
      });
      const lines = out.mock.calls.map((c) => String(c[0]));
      const masks = lines.filter((l) => l.startsWith('::add-mask::')).map((l) => l.trim());
      expect(masks).toContain(`::add-mask::${secret}`);
      expect(masks).not.toContain('::add-mask::true');
      expect(masks).not.toContain('::add-mask::3');
      const warnings = lines.filter((l) => l.startsWith('::warning::'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        /^::warning::input "command-env": not masked: the values of X, REPLICAS\. /,
      );
      // Outputs and the summary go through redact: the flag stays, the credential does not.
      expect(redact(`healthy=true weight=3 token=${secret}`)).toBe(
        'healthy=true weight=3 token=***',
      );
    } finally {
      out.mockRestore();
    }
  });
});

describe('maskable: what can be a secret', () => {
  it.each([
    'true',
    'FALSE',
    'yes',
    'off',
    'null',
    '3',
    '100',
    '0.05',
    '8080',
    '300000',
    'prod',
    'blue',
    '     ',
  ])('%j is configuration, not masked', (v) => expect(maskable(v)).toBe(false));
  it.each([
    'hunter2',
    '12345678',
    '123456789012',
    'sk-live-abc',
    'eu-west-1',
    '12ab34cd',
    'p@ss w0rd',
  ])('%j is masked', (v) => expect(maskable(v)).toBe(true));
  it('setSecret skips the lines that are not maskable, and says so', () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(setSecret('false')).toBe(false);
      expect(setSecret('a-long-credential\n42')).toBe(false);
      expect(setSecret('another-credential')).toBe(true);
    } finally {
      out.mockRestore();
    }
    expect(redact('false 42 a-long-credential')).toBe('false 42 ***');
  });
});
