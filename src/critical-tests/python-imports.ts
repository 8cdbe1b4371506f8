// "Related" for pytest, which has no selection by changed files of its own. A test file is
// related to a changed Python file when:
//   - it is the changed file (a changed test runs);
//   - it imports the changed module, directly or through other modules of the project (the
//     imports are read by Python's own parser, `ast`, never by pattern matching);
//   - it sits beside it by name: test_pricing.py or pricing_test.py for pricing.py;
//   - a changed conftest.py is in its directory or above (fixtures it uses changed).
// Module names are matched by their dotted path from any ancestor directory (shop.pricing
// and pricing for shop/pricing.py), because which directory is on sys.path depends on
// pytest's rootdir, `pythonpath` and import mode: this errs on the side of running more.
import { basename, dirname } from 'node:path';

/**
 * Run as `python3 -c SCRIPT <root> <out.json>`: walks the project's .py files and writes,
 * for each, the absolute module names it imports (relative imports resolved), or null when
 * Python cannot parse it.
 */
export const IMPORTS_SCRIPT = String.raw`
import ast, json, os, sys
root, out_path = sys.argv[1], sys.argv[2]
skip = {"node_modules", "__pycache__", "site-packages"}
out = {}
for d, dirs, files in os.walk(root):
    dirs[:] = sorted(x for x in dirs if not x.startswith(".") and x not in skip
                     and not os.path.exists(os.path.join(d, x, "pyvenv.cfg")))
    for f in sorted(files):
        if not f.endswith(".py"):
            continue
        path = os.path.join(d, f)
        rel = os.path.relpath(path, root).replace(os.sep, "/")
        package = rel[:-3].split("/")[:-1]
        try:
            with open(path, "rb") as fh:
                tree = ast.parse(fh.read(), path)
        except (SyntaxError, ValueError, OSError):
            out[rel] = None
            continue
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    up = node.level - 1
                    base = package[: len(package) - up] if up <= len(package) else []
                    mod = ".".join(base + ([node.module] if node.module else []))
                else:
                    mod = node.module or ""
                if mod:
                    names.add(mod)
                names.update((mod + "." if mod else "") + a.name for a in node.names if a.name != "*")
        out[rel] = sorted(names)
with open(out_path, "w") as fh:
    json.dump(out, fh)
`;

/** Files (relative, with /) -> the modules each imports; null for a file Python cannot parse. */
export type ImportMap = Record<string, string[] | null>;

export function isPythonTestFile(file: string): boolean {
  const name = basename(file);
  return name.endsWith('.py') && (name.startsWith('test_') || name.endsWith('_test.py'));
}

/** shop/pricing.py -> shop.pricing, pricing; shop/__init__.py -> shop. */
export function moduleNames(file: string): string[] {
  const parts = file.replace(/\.py$/, '').split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  return parts.map((_, i) => parts.slice(i).join('.')).filter(Boolean);
}

export interface PythonRelated {
  tests: string[];
  /** Why each test was selected, for the log. */
  reasons: Map<string, string>;
}

export function relatedPythonTests(imports: ImportMap, changed: readonly string[]): PythonRelated {
  const files = Object.keys(imports);
  const byName = new Map<string, string[]>();
  for (const f of files) {
    for (const n of moduleNames(f)) byName.set(n, [...(byName.get(n) ?? []), f]);
  }
  // Reverse edges: module -> files that import it (`import a.b.c` runs a and a.b too).
  const importers = new Map<string, Set<string>>();
  for (const f of files) {
    for (const imp of imports[f] ?? []) {
      const segments = imp.split('.');
      for (let i = 1; i <= segments.length; i++) {
        for (const target of byName.get(segments.slice(0, i).join('.')) ?? []) {
          if (target === f) continue;
          let set = importers.get(target);
          if (!set) importers.set(target, (set = new Set()));
          set.add(f);
        }
      }
    }
  }

  const reasons = new Map<string, string>();
  const add = (test: string, why: string) => {
    if (!reasons.has(test)) reasons.set(test, why);
  };
  const tests = files.filter(isPythonTestFile);
  for (const c of changed.filter((f) => f.endsWith('.py'))) {
    if (isPythonTestFile(c) && c in imports) add(c, 'changed');
    if (basename(c) === 'conftest.py') {
      const dir = dirname(c);
      for (const t of tests) if (dir === '.' || t.startsWith(`${dir}/`)) add(t, `under ${c}`);
    }
    const stem = basename(c, '.py');
    for (const t of tests) {
      const name = basename(t);
      if (name === `test_${stem}.py` || name === `${stem}_test.py`) add(t, `beside ${c}`);
    }
    // Everything that reaches the changed module through imports.
    const seen = new Set<string>([c]);
    const queue = [c];
    for (let m = queue.shift(); m !== undefined; m = queue.shift()) {
      for (const f of importers.get(m) ?? []) {
        if (seen.has(f)) continue;
        seen.add(f);
        queue.push(f);
        if (isPythonTestFile(f)) add(f, m === c ? `imports ${c}` : `imports ${c} through ${m}`);
      }
    }
  }
  return { tests: [...reasons.keys()].sort(), reasons };
}
