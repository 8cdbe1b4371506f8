import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/shared/text/duration.ts';

describe('durations', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['0s', 0],
    ['1.5s', 1_500],
    ['2d', 172_800_000],
    [' 10S ', 10_000],
  ])('parses %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['5 minutes', '5', 'm5', '', '1x', '1h 30m', '-5s', '5s!'])('rejects %j', (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );

  it.each([
    [850, '850ms'],
    [1_500, '1.5s'],
    [12_000, '12s'],
    [245_000, '4m 05s'],
    [5_040_000, '1h 24m'],
    [183_600_000, '2d 3h'],
  ])('formats %d as %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});
