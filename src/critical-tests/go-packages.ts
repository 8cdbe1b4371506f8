// "Related" for Go: the packages that contain a changed file, and every package of the
// module that imports one of them, directly or not (its tests compile against the change).
// A changed go.mod or go.sum changes what every package builds with: all are related.
// The package graph comes from `go list`, the go tool's own view of the module.
import { dirname } from 'node:path';

export interface GoPackage {
  importPath: string;
  /** Relative to the working directory, with ./ (as `go test` takes it). */
  dir: string;
  /** Imports of the package and of its tests. */
  imports: string[];
}

/** The fields `go list -f` prints, tab-separated, one package a line. */
export const GO_LIST_FORMAT =
  '{{.ImportPath}}\t{{.Dir}}\t{{join .Imports " "}} {{join .TestImports " "}} {{join .XTestImports " "}}';

export function parseGoList(stdout: string, toRelative: (absDir: string) => string): GoPackage[] {
  const out: GoPackage[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.trim()) continue;
    const [importPath = '', dir = '', imports = ''] = line.split('\t');
    if (!importPath || !dir) continue;
    out.push({ importPath, dir: toRelative(dir), imports: imports.split(' ').filter(Boolean) });
  }
  return out;
}

/** `pricing` -> `./pricing`; the module root -> `.`. */
export function goDirArg(rel: string): string {
  if (rel === '' || rel === '.') return '.';
  return rel.startsWith('./') ? rel : `./${rel}`;
}

export function relatedPackages(
  packages: readonly GoPackage[],
  changed: readonly string[],
): GoPackage[] {
  if (changed.some((f) => f === 'go.mod' || f === 'go.sum')) return [...packages];
  const byDir = new Map(packages.map((p) => [p.dir, p]));
  const hit = new Set<GoPackage>();
  for (const f of changed) {
    const p = byDir.get(goDirArg(dirname(f)));
    if (p) hit.add(p);
  }
  // Reverse dependencies, to a fixed point.
  let grew = true;
  while (grew) {
    grew = false;
    const paths = new Set([...hit].map((p) => p.importPath));
    for (const p of packages) {
      if (!hit.has(p) && p.imports.some((i) => paths.has(i))) {
        hit.add(p);
        grew = true;
      }
    }
  }
  return packages.filter((p) => hit.has(p));
}
