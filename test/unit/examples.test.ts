// The files a user copies must work as they are.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { parsePolicy } from '../../src/shared/policy/policy.ts';

const root = join(import.meta.dirname, '..', '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');

describe('examples/hotfix-policy.yml', () => {
  it('validates against the published JSON Schema', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(JSON.parse(read('schema/hotfix-policy.schema.json')) as object);
    const ok = validate(parse(read('examples/hotfix-policy.yml')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('is accepted by the actions, and sets what it says', async () => {
    const policy = await parsePolicy(
      read('examples/hotfix-policy.yml'),
      'examples/hotfix-policy.yml',
    );
    expect(policy.levels.P0).toMatchObject({
      approvals: 0,
      'waive-approvals': true,
      staging: false,
    });
    expect(policy.classification.rules).toHaveLength(1);
  });

  it('the schema rejects what the actions reject', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(JSON.parse(read('schema/hotfix-policy.schema.json')) as object);
    expect(validate({ levels: { P1: { aprovals: 2 } } })).toBe(false);
    expect(validate({ health: { interval: '5 minutes' } })).toBe(false);
  });
});
