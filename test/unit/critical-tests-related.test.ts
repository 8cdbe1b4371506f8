// What "related" means where the runner has no such selection of its own: pytest (imports
// read by Python's ast, with the real python3, on the fixture project), go (packages from
// the real `go list`), and runner: command (naming conventions). And the tag patterns.
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  IMPORTS_SCRIPT,
  moduleNames,
  relatedPythonTests,
  type ImportMap,
} from '../../src/critical-tests/python-imports.ts';
import {
  GO_LIST_FORMAT,
  goDirArg,
  parseGoList,
  relatedPackages,
} from '../../src/critical-tests/go-packages.ts';
import { conventionalTests, stemOf } from '../../src/critical-tests/conventional-tests.ts';
import { goRunPattern, isValidTag, jsNamePattern } from '../../src/critical-tests/tag.ts';
import { goTimeoutSeconds } from '../../src/critical-tests/runners/go.ts';

const PROJECTS = join(import.meta.dirname, '..', 'fixtures', 'projects');

function copy(project: string): string {
  const dir = mkdtempSync(join(tmpdir(), `related-${project}-`));
  cpSync(join(PROJECTS, project), dir, { recursive: true });
  return dir;
}

describe('pytest: related test files', () => {
  const dir = copy('pytest');
  // Relative imports, a package import and a file Python cannot parse, beside the fixture.
  writeFileSync(
    join(dir, 'shop', 'orders.py'),
    'from . import checkout as c\nfrom .. import nothing\n',
  );
  writeFileSync(join(dir, 'tests', 'test_orders.py'), 'import shop.orders\n');
  writeFileSync(join(dir, 'tests', 'test_broken.py'), 'def oops(:\n');
  const out = join(dir, 'imports.json');
  execFileSync('python3', ['-c', IMPORTS_SCRIPT, dir, out]);
  const imports = JSON.parse(readFileSync(out, 'utf8')) as ImportMap;

  it('reads imports with Python’s parser, resolving relative ones', () => {
    expect(imports['shop/checkout.py']).toEqual(['shop.pricing', 'shop.pricing.apply_discount']);
    expect(imports['shop/orders.py']).toEqual(['nothing', 'shop', 'shop.checkout']);
    expect(imports['tests/test_checkout.py']).toEqual(['shop', 'shop.checkout']);
    expect(imports['tests/test_broken.py']).toBeNull();
    // The seeded-bug copy is a file like any other; it relates to nothing that changed.
    expect(Object.keys(imports)).toContain('_seeded_bug/shop/pricing.py');
  });

  it('relates the tests that import a module directly or through others, and the one beside it', () => {
    const r = relatedPythonTests(imports, ['shop/pricing.py']);
    expect(r.tests).toEqual([
      'tests/test_checkout.py',
      'tests/test_orders.py',
      'tests/test_pricing.py',
    ]);
    expect(r.reasons.get('tests/test_pricing.py')).toBe('beside shop/pricing.py');
    expect(r.reasons.get('tests/test_orders.py')).toMatch(/^imports shop\/pricing.py through /);
  });

  it('relates nothing else: auth and search tests stay out', () => {
    expect(relatedPythonTests(imports, ['shop/search.py']).tests).toEqual(['tests/test_search.py']);
    expect(relatedPythonTests(imports, ['README.md']).tests).toEqual([]);
  });

  it('runs a changed test, and every test under a changed conftest.py', () => {
    expect(relatedPythonTests(imports, ['tests/test_auth.py']).tests).toEqual([
      'tests/test_auth.py',
    ]);
    const withConftest = { ...imports, 'tests/conftest.py': [] };
    expect(relatedPythonTests(withConftest, ['tests/conftest.py']).tests).toHaveLength(6);
  });

  it('names modules from every ancestor, since sys.path depends on pytest’s rootdir', () => {
    expect(moduleNames('src/shop/pricing.py')).toEqual([
      'src.shop.pricing',
      'shop.pricing',
      'pricing',
    ]);
    expect(moduleNames('shop/__init__.py')).toEqual(['shop']);
  });
});

describe('go: related packages', () => {
  const dir = copy('go');
  const stdout = execFileSync('go', ['list', '-e', '-f', GO_LIST_FORMAT, './...'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off' },
  });
  const packages = parseGoList(stdout, (abs) => goDirArg(relative(dir, abs)));

  it('lists the module’s packages with their imports (the seeded-bug copy is ignored by go)', () => {
    expect(packages.map((p) => p.dir)).toEqual(['./auth', './checkout', './pricing', './search']);
    expect(packages.find((p) => p.dir === './checkout')?.imports).toContain(
      'example.com/shop/pricing',
    );
  });

  it('relates the changed package and those importing it, not the others', () => {
    const dirs = (changed: string[]) => relatedPackages(packages, changed).map((p) => p.dir);
    expect(dirs(['pricing/pricing.go'])).toEqual(['./checkout', './pricing']);
    expect(dirs(['checkout/checkout_test.go'])).toEqual(['./checkout']);
    expect(dirs(['README.md', 'docs/x.md'])).toEqual([]);
    expect(dirs(['go.mod'])).toHaveLength(4);
  });

  it('leaves go’s own timeout a margin before ours', () => {
    expect(goTimeoutSeconds(600_000)).toBe(585);
    expect(goTimeoutSeconds(60_000)).toBe(54);
    expect(goTimeoutSeconds(14_500)).toBe(11);
    expect(goTimeoutSeconds(4_000)).toBe(2);
    expect(goTimeoutSeconds(500)).toBe(1);
  });
});

describe('runner: command — related by naming convention', () => {
  it('finds tests named after changed files, and changed tests themselves', () => {
    const all = [
      'src/pricing.ts',
      'src/pricing.test.ts',
      'test/pricing.spec.js',
      'tests/test_pricing.py',
      'pkg/pricing_test.go',
      'src/search.test.ts',
      'src/pricingx.test.ts',
    ];
    expect(conventionalTests(['src/pricing.ts', 'src/search.test.ts'], all)).toEqual([
      'pkg/pricing_test.go',
      'src/pricing.test.ts',
      'src/search.test.ts',
      'test/pricing.spec.js',
      'tests/test_pricing.py',
    ]);
    expect(stemOf('a/test_pricing.py')).toBe('pricing');
    expect(stemOf('a/pricing.spec.tsx')).toBe('pricing');
  });
});

describe('tags', () => {
  it('accepts one word, nothing a shell or a regex could misread', () => {
    expect(isValidTag('critical')).toBe(true);
    expect(isValidTag('smoke_2')).toBe(true);
    for (const bad of ['', '2fast', 'a b', 'a|b', '$(id)', 'crit-ical'])
      expect(isValidTag(bad)).toBe(false);
  });

  it('selects @tag as a word of a jest/vitest test name', () => {
    const re = new RegExp(jsNamePattern('critical'), 'i');
    expect(re.test('checkout › rejects expired tokens @critical')).toBe(true);
    expect(re.test('@critical: login works')).toBe(true);
    expect(re.test('@critical_path is slow')).toBe(false);
    expect(re.test('@critical-ish')).toBe(false);
    expect(re.test('non-critical checkout')).toBe(false);
  });

  it('selects the tag as a CamelCase word of a Go test name (RE2-compatible pattern)', () => {
    const re = new RegExp(goRunPattern('critical'));
    for (const yes of [
      'TestCritical_Login',
      'TestLoginCritical',
      'TestCriticalLogin',
      'TestCritical2',
    ])
      expect(re.test(yes), yes).toBe(true);
    for (const no of ['TestCriticality', 'TestLogin', 'Testcritical'])
      expect(re.test(no), no).toBe(false);
  });
});
