// Small pieces every runner adapter uses.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../../shared/runner/errors.ts';
import { ReportError } from '../reports/jest-json.ts';

/**
 * A path as an argument: `./` in front, so a file a PR names `--config=x.js` or `-rf` is
 * a path to the runner, never an option.
 */
export function asPathArg(file: string): string {
  return file.startsWith('/') || file.startsWith('./') ? file : `./${file}`;
}

export function readReport(file: string): string {
  if (!existsSync(file)) throw new ReportError(`the runner wrote no report (${file})`);
  return readFileSync(file, 'utf8');
}

/** `node_modules/.bin/<name>` in the directory or the nearest parent that has it (workspaces). */
export function nodeBin(cwd: string, name: string): string {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const bin = join(dir, 'node_modules', '.bin', name);
    if (existsSync(bin)) return bin;
    if (dirname(dir) === dir) break;
  }
  throw new UserError(
    `${name} is not installed in ${cwd} (no node_modules/.bin/${name} there or above): install the project's dependencies (npm ci) before this step`,
  );
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
