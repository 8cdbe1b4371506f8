import { describe, expect, it } from 'vitest';
import { higher, levelOf, parseSeverity } from '../../src/shared/severity/severity.ts';

describe('parseSeverity', () => {
  it.each([
    ['P0', 'P0'],
    ['p1', 'P1'],
    ['P3', 'P3'],
    ['SEV0', 'P0'],
    ['sev1', 'P1'],
    ['SEV2', 'P2'],
    ['sev-1', 'P1'],
    ['Sev 1', 'P1'],
    ['sev_3', 'P3'],
    ['severity 2', 'P2'],
    ['severity:P1', 'P1'],
    ['severity: p0', 'P0'],
    ['Severity/SEV2', 'P2'],
    ['priority/p1', 'P1'],
    ['priority:2', 'P2'],
    ['prio/P3', 'P3'],
    ['sev:1', 'P1'],
    ['critical', 'P0'],
    ['High', 'P1'],
    ['medium', 'P2'],
    ['LOW', 'P3'],
    ['severity:critical', 'P0'],
    ['  P2  ', 'P2'],
  ])('%s -> %s', (text, want) => {
    expect(parseSeverity(text)).toBe(want);
  });

  it.each([
    'P4',
    'SEV9',
    '1',
    'bug',
    'hotfix',
    'priority',
    'p 1 2',
    'severity:',
    'p-10',
    'criticality',
    '',
  ])('rejects %j', (text) => {
    expect(parseSeverity(text)).toBeUndefined();
  });

  it('orders levels, P0 highest', () => {
    expect(levelOf('P0')).toBe(0);
    expect(levelOf('P3')).toBe(3);
    expect(higher('P2', 'P0')).toBe('P0');
    expect(higher('P1', 'P3')).toBe('P1');
  });
});
