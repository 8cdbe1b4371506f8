// critical-tests: what related selection saves, and whether it still catches the bug.
//
// The fixture projects are the same size (8 tests each), so the bench uses the largest
// shape a real suite has: the vitest fixture grown with generated, unrelated modules, each
// with a test file of a few tests that wait a little (I/O-bound, like most real tests).
// With the fixture's seeded bug applied and src/pricing.js as the changed file, it runs the
// bundled action with `select: related` and with `select: all`, a few times each, and
// reports the median wall time, the ratio, how many tests ran and whether the failing test
// was named. Exits 1 if related selection misses the seeded bug.
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runAction, type ActionResult } from '../test/harness/run-action.ts';
import { median } from './lib/common.ts';

const MODULES = Number(process.env.BENCH_MODULES ?? 40);
const TESTS_PER_MODULE = 5;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BUG_TEST = 'applyDiscount takes the percentage off';

function largestFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-critical-tests-'));
  cpSync(join(ROOT, 'test', 'fixtures', 'projects', 'vitest'), dir, { recursive: true });
  cpSync(join(dir, '_seeded_bug'), dir, { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  mkdirSync(join(dir, 'src', 'catalog'));
  for (let i = 0; i < MODULES; i++) {
    writeFileSync(
      join(dir, 'src', 'catalog', `item${i}.js`),
      `export const sku${i} = (n) => \`SKU-${i}-\${String(n).padStart(4, '0')}\`;\n`,
    );
    const tests = Array.from(
      { length: TESTS_PER_MODULE },
      (_, t) =>
        `test('sku ${i}.${t}', async () => {\n  await new Promise((r) => setTimeout(r, 20));\n  expect(sku${i}(${t})).toBe('SKU-${i}-${String(t).padStart(4, '0')}');\n});`,
    );
    writeFileSync(
      join(dir, 'src', 'catalog', `item${i}.test.js`),
      `import { expect, test } from 'vitest';\nimport { sku${i} } from './item${i}.js';\n\n${tests.join('\n')}\n`,
    );
  }
  return dir;
}

interface Measured {
  ms: number;
  ran: number;
  caught: boolean;
}

async function measure(dir: string, select: 'related' | 'all'): Promise<Measured[]> {
  const out: Measured[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = Date.now();
    const r: ActionResult = await runAction('critical-tests', {
      workspace: dir,
      inputs: { select, 'changed-files': 'src/pricing.js', 'github-token': '' },
      timeoutMs: 600_000,
    });
    const ms = Date.now() - t;
    const caught =
      r.code === 1 && r.annotations.some((a) => a.props.title === `Test failed: ${BUG_TEST}`);
    out.push({ ms, ran: Number(r.outputs.passed) + Number(r.outputs.failed), caught });
  }
  return out;
}

const dir = largestFixture();
const total = 8 + MODULES * TESTS_PER_MODULE;
console.log(
  `critical-tests on the vitest fixture + ${MODULES} generated modules (${total} tests), seeded bug applied, changed: src/pricing.js; median of ${RUNS} runs through the bundle`,
);
const related = await measure(dir, 'related');
const all = await measure(dir, 'all');
const row = (name: string, m: Measured[]) =>
  `select: ${name.padEnd(8)} ${(median(m.map((x) => x.ms)) / 1000).toFixed(2).padStart(6)} s   tests ran ${String(m[0]!.ran).padStart(4)}   seeded bug caught: ${m.every((x) => x.caught) ? 'yes' : 'NO'}`;
console.log(row('related', related));
console.log(row('all', all));
const ratio = median(related.map((x) => x.ms)) / median(all.map((x) => x.ms));
console.log(
  `ratio related / all: ${ratio.toFixed(2)} (related takes ${(ratio * 100).toFixed(0)}% of the full run's time)`,
);
process.exitCode = related.every((x) => x.caught) ? 0 : 1;
