// The action's flow, top to bottom: which runner, which files changed, which tests run
// (selection.ts), the optional audit, one merged report. Everything the summary says comes
// back in the Outcome; nothing here decides pass or fail (report.ts verdict does).
import { mkdtempSync, realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { RunContext } from '../shared/runner/context.ts';
import type { PullFilesReader } from '../shared/github/pull-files.ts';
import { git } from '../shared/git/git.ts';
import { UserError } from '../shared/runner/errors.ts';
import * as core from '@actions/core';
import { detectRunner } from './detect.ts';
import { findChangedFiles, toWorkingDirectory, type LocalChanges } from './changed-files.ts';
import { createRunner } from './runners/index.ts';
import type { RunnerName } from './runners/types.ts';
import { runSelection, type SelectMode } from './selection.ts';
import { execute } from './step.ts';
import { runNpmAudit, type AuditResult } from './audit.ts';
import { writeJunit } from './junit-writer.ts';
import type { Outcome } from './report.ts';

export interface CriticalTestsInput {
  runner: RunnerName | 'auto';
  select: SelectMode;
  tag: string;
  changedFiles: string[];
  command: string;
  /** Absolute. */
  cwd: string;
  timeoutMs: number;
  allowEmpty: boolean;
  audit: 'none' | 'npm';
  ctx: RunContext;
  /** The PR's files through the API; undefined without a token. */
  pullFiles: PullFilesReader | undefined;
}

export async function criticalTests(input: CriticalTestsInput): Promise<Outcome> {
  const started = Date.now();
  const deadline = started + input.timeoutMs;
  const remainingMs = () => deadline - Date.now();
  const { name: runnerName, chosen } = chooseRunner(input);
  const where = await locateChanges(input);
  const reportDir = mkdtempSync(join(input.ctx.tempDir, 'critical-tests-'));
  const runner = await createRunner(
    runnerName,
    { cwd: input.cwd, reportDir, remainingMs, command: input.command },
    input.tag,
    input.select,
  );
  // The audit waits on the registry, not the CPU: it runs while the tests do.
  const auditing =
    input.audit === 'npm' ? runNpmAudit(input.cwd, Math.max(1, remainingMs())) : undefined;
  const selection = await runSelection({
    runner,
    select: input.select,
    tag: input.tag,
    changed: where.changed?.files,
    noChanges: where.changed
      ? `none of the changed files is in ${where.prefix || 'the repository'} (or all were deleted)`
      : where.changedSource,
    remainingMs,
    execute: (inv) =>
      core.group(`${inv.kind}: ${inv.how}`, () =>
        execute(inv, { cwd: input.cwd, timeoutMs: Math.max(1, remainingMs()) }),
      ),
  });
  const audit = auditing ? await reportAudit(auditing) : undefined;
  const reportPath = join(reportDir, 'junit.xml');
  await writeJunit(reportPath, selection.cases, `critical-tests (${runnerName})`);
  return {
    runner: runnerName,
    program: runner.program,
    chosen,
    select: input.select,
    tag: input.tag,
    changedSource: where.changedSource,
    ...(where.changed ? { changed: where.changed } : {}),
    selection,
    ...(audit ? { audit } : {}),
    reportPath,
    durationMs: Date.now() - started,
    timeoutMs: input.timeoutMs,
    allowEmpty: input.allowEmpty,
    prefix: where.prefix === '' || where.prefix === '.' ? '' : where.prefix,
  };
}

/** The runner: the input's, or the one the project's files name. */
function chooseRunner(input: CriticalTestsInput): { name: RunnerName; chosen: string } {
  if (input.runner !== 'auto') return { name: input.runner, chosen: 'the runner input' };
  const d = detectRunner(input.cwd);
  if (!d.runner) {
    throw new UserError(
      `could not tell which test runner ${input.cwd} uses (no vitest or jest in package.json or config, no pytest.ini/conftest.py/[tool.pytest.ini_options], no go.mod): set the runner input`,
    );
  }
  if (d.found.length > 1) {
    core.notice(
      `Found several test runners (${d.found.map((f) => `${f.runner}: ${f.evidence}`).join(', ')}); running ${d.runner}. Set the runner input to choose.`,
    );
  }
  return { name: d.runner, chosen: `detected from ${d.found[0]?.evidence ?? 'the project'}` };
}

interface ChangeLocation {
  /** The working directory relative to the repository root ('' at the root). */
  prefix: string;
  changedSource: string;
  /** The changed files in the working directory; undefined when not needed or unknown. */
  changed?: LocalChanges;
}

/** Where the working directory sits in the repository, and what changed in it. */
async function locateChanges(input: CriticalTestsInput): Promise<ChangeLocation> {
  const { cwd } = input;
  const needChanges = input.select === 'related' || input.select === 'related+tagged';
  // The checkout's root is the workspace; ask git only when the working directory is
  // elsewhere (annotation paths are relative to the repository) or diffs are needed.
  const workspace = input.ctx.workspace ? realpathSync(input.ctx.workspace) : undefined;
  const repoRoot = cwd === workspace && !needChanges ? cwd : await gitRoot(cwd, workspace);
  const prefix = relative(repoRoot, cwd).split('\\').join('/');
  if (!needChanges) return { prefix, changedSource: `not needed (select: ${input.select})` };
  const found = await findChangedFiles({
    input: input.changedFiles,
    ctx: input.ctx,
    pullFiles: input.pullFiles,
    repoRoot: (await isGitRepo(repoRoot)) ? repoRoot : undefined,
  });
  if (!found.files) {
    core.info(`Changed files unknown: ${found.source}`);
    return { prefix, changedSource: found.source };
  }
  const changed = toWorkingDirectory(found.files, repoRoot, cwd);
  core.info(
    `Changed files (${found.source}): ${changed.files.length} in ${prefix || 'the repository root'}`,
  );
  return { prefix, changedSource: found.source, changed };
}

async function reportAudit(auditing: Promise<AuditResult>): Promise<AuditResult> {
  const audit = await auditing;
  core.info(
    audit.error
      ? `npm audit: ${audit.error}`
      : `npm audit: ${audit.blocking.length} packages with high or critical vulnerabilities`,
  );
  return audit;
}

/** The repository root of the working directory; the workspace (or cwd) when it is not in git. */
async function gitRoot(cwd: string, workspace: string | undefined): Promise<string> {
  try {
    return await git(['rev-parse', '--show-toplevel'], { cwd });
  } catch {
    return workspace ?? cwd;
  }
}

async function isGitRepo(dir: string): Promise<boolean> {
  try {
    await git(['rev-parse', '--git-dir'], { cwd: dir });
    return true;
  } catch {
    return false;
  }
}
