// What a PR's changed files say against the policy's globs: how many lines count toward the
// size limit, which files are tests, which are dependency manifests. Pure.
import picomatch from 'picomatch';
import type { Policy } from '../shared/policy/schema.ts';
import type { PullFile, PullFiles } from '../shared/github/pull-files.ts';

// The API's answer, as the shared adapter reads it (src/shared/github/pull-files.ts).
export type ChangedFile = PullFile;
export type ChangedFiles = PullFiles;

export interface FileFacts {
  fileCount: number;
  /** Added plus deleted lines of the files that count (not generated, not lockfiles). */
  countedLines: number;
  /** Lines of generated files and lockfiles, left out of countedLines. */
  generatedLines: number;
  /** Counted files by changed lines, largest first. */
  largest: ChangedFile[];
  tests: ChangedFile[];
  dependencies: ChangedFile[];
}

// dot: a dependency or test file under .github/ or .config/ is still one.
const matcher = (globs: string[]) => (globs.length ? picomatch(globs, { dot: true }) : () => false);

/** A test file that the PR adds or changes (a removed or merely renamed test proves nothing). */
function touchesTest(f: ChangedFile): boolean {
  if (f.status === 'removed' || f.status === 'unchanged') return false;
  return f.status !== 'renamed' || f.additions + f.deletions > 0;
}

export function fileFacts(files: ChangedFile[], rules: Policy['pull-request']): FileFacts {
  const isGenerated = matcher(rules['generated-files']);
  const isTest = matcher(rules['test-files']);
  const isDependency = matcher(rules['dependency-files']);
  const counted: ChangedFile[] = [];
  let generatedLines = 0;
  for (const f of files) {
    if (isGenerated(f.filename)) generatedLines += f.additions + f.deletions;
    else counted.push(f);
  }
  const lines = (f: ChangedFile) => f.additions + f.deletions;
  return {
    fileCount: files.length,
    countedLines: counted.reduce((n, f) => n + lines(f), 0),
    generatedLines,
    largest: [...counted].sort((a, b) => lines(b) - lines(a)),
    tests: files.filter((f) => touchesTest(f) && isTest(f.filename)),
    dependencies: files.filter((f) => isDependency(f.filename)),
  };
}
