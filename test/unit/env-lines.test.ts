import { describe, expect, it, vi } from 'vitest';
import { inputs, inputsFrom, readInputs } from '../../src/shared/runner/inputs.ts';

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
});
