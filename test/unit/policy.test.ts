import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPolicy, parsePolicy } from '../../src/shared/policy/policy.ts';
import { policyJsonSchema } from '../../src/shared/policy/json-schema.ts';
import { policySchema } from '../../src/shared/policy/schema.ts';
import { branchNameRegex } from '../../src/shared/policy/naming.ts';

const FILE = '.github/hotfix.yml';

describe('policy defaults follow the playbooks', () => {
  const p = defaultPolicy();
  it('response times and deploy windows per level', () => {
    expect(Object.values(p.levels).map((l) => l['respond-within'])).toEqual([
      '2h',
      '4h',
      '24h',
      '48h',
    ]);
    expect(Object.values(p.levels).map((l) => l.deploy)).toEqual([
      'immediate',
      'same-day',
      'next-business-day',
      'scheduled',
    ]);
  });
  it('P0 may waive approval and skips staging; P0 and P1 get a post-mortem', () => {
    expect(p.levels.P0).toMatchObject({
      approvals: 0,
      'waive-approvals': true,
      staging: false,
      postmortem: true,
    });
    expect(p.levels.P1).toMatchObject({
      approvals: 1,
      'waive-approvals': false,
      staging: true,
      postmortem: true,
    });
    expect(p.levels.P3).toMatchObject({ postmortem: false, notify: ['summary'] });
  });
});

describe('parsePolicy', () => {
  it('overrides only what the file sets', async () => {
    const p = await parsePolicy(
      'levels:\n  P1:\n    approvals: 2\nproduction-branch: prod\n',
      FILE,
    );
    expect(p.levels.P1.approvals).toBe(2);
    expect(p.levels.P1.staging).toBe(true);
    expect(p.levels.P0.approvals).toBe(0);
    expect(p['production-branch']).toBe('prod');
  });

  it('an empty file is the defaults', async () => {
    expect(await parsePolicy('', FILE)).toEqual(defaultPolicy());
    expect(await parsePolicy('# only a comment\n', FILE)).toEqual(defaultPolicy());
  });

  it('an unknown key names the key, its place and line, and the key it resembles', async () => {
    const text = 'production-branch: main\nlevels:\n  P1:\n    staging: true\n    aprovals: 2\n';
    await expect(parsePolicy(text, FILE)).rejects.toThrow(
      '.github/hotfix.yml:5: unknown key "aprovals" in levels.P1 (did you mean "approvals"?)',
    );
  });

  it('an unknown top-level key lists what is allowed when nothing is close', async () => {
    await expect(parsePolicy('production-branch: main\nwhatever: 1\n', FILE)).rejects.toThrow(
      /^\.github\/hotfix\.yml:2: unknown key "whatever" \(expected one of: production-branch, hotfix-branches, .*rollback, statuspage, report\)$/,
    );
  });

  it('a bad value names the key path and line', async () => {
    await expect(parsePolicy('levels:\n  P2:\n    approvals: two\n', FILE)).rejects.toThrow(
      /^\.github\/hotfix\.yml:3: levels\.P2\.approvals: Invalid input: expected number, received string$/,
    );
    await expect(parsePolicy('health:\n  interval: 5 minutes\n', FILE)).rejects.toThrow(
      '.github/hotfix.yml:2: health.interval: expected a duration like 30s, 5m or 2h',
    );
    await expect(
      parsePolicy('levels:\n  P0:\n    checks:\n      sections: maybe\n', FILE),
    ).rejects.toThrow(
      /^\.github\/hotfix\.yml:4: levels\.P0\.checks\.sections: Invalid option: expected one of "error"\|"warning"\|"off"$/,
    );
    await expect(
      parsePolicy(
        'classification:\n  rules:\n    - severity: P1\n      name: x\n      pattern: "(unclosed"\n',
        FILE,
      ),
    ).rejects.toThrow(
      '.github/hotfix.yml:5: classification.rules.0.pattern: expected a valid JavaScript regular expression',
    );
  });

  it('YAML syntax errors give the line', async () => {
    await expect(parsePolicy('levels:\n  P1: [unclosed\n', FILE)).rejects.toThrow(
      /^\.github\/hotfix\.yml:\d: not valid YAML: /,
    );
    await expect(parsePolicy('a: 1\na: 2\n', FILE)).rejects.toThrow(
      /^\.github\/hotfix\.yml:2: not valid YAML: Map keys must be unique/,
    );
  });
});

describe('branch-name template', () => {
  it('turns hotfix/{ticket}-{slug} into an anchored expression', () => {
    const re = branchNameRegex(defaultPolicy());
    expect(re.exec('hotfix/ENG-1234-fix-auth-bypass')?.groups?.ticket).toBe('ENG-1234');
    expect(re.test('hotfix/fix-auth')).toBe(false);
    expect(re.test('hotfix/ENG-1234-')).toBe(false);
    expect(re.test('feature/ENG-1234-x')).toBe(false);
  });
});

describe('schema/hotfix-policy.schema.json', () => {
  it('is generated from the zod schema (run npm run schema when this fails)', () => {
    const committed = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../schema/hotfix-policy.schema.json'), 'utf8'),
    );
    expect(committed).toEqual(JSON.parse(JSON.stringify(policyJsonSchema())));
  });
});

describe('src/shared/policy-defaults.ts', () => {
  it('is what the zod schema gives an empty file (run npm run schema when this fails)', async () => {
    expect(defaultPolicy()).toEqual(policySchema.parse({}));
    expect(await parsePolicy('', FILE)).toEqual(defaultPolicy());
  });

  it('hands out copies: a caller cannot change the defaults of the next', () => {
    defaultPolicy().levels.P1.approvals = 9;
    expect(defaultPolicy().levels.P1.approvals).toBe(1);
  });
});
