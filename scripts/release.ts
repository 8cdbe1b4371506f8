// npm run release -- vX.Y.Z [--owner <name>] [--push]: cuts a release a team can pin.
//
//   1. The work tree is clean, dist/ is fresh (built from these sources), and the version is
//      greater than the last release tag.
//   2. A build commit: package.json's version and the CHANGELOG entry (the commits since the
//      last tag), dist/ as it is.
//   3. Pin commits on top, one per layer (scripts/release-pins.ts): a reference is pinned only
//      if the commit it names has its target's own references pinned, so the composite deploy
//      (which uses the node actions) is rewritten to the build commit first, then the reusable
//      workflows (which use the composite) to that commit, and so on. Every internal reference
//      goes from acme/hotfix-actions/...@v1 to <owner>/hotfix-actions/...@<full sha>.
//   4. The release commit: what nothing uses (the examples, the docs) pinned the same way.
//      dist/ is byte-identical in all of them, so following any reference from the release
//      reaches the release's own bundles and nothing that floats.
//   5. Tags: vX.Y.Z on the release commit, and the major tag vX moved to it.
//
// All the commits go on a branch release/vX.Y.Z; the branch you were on is left as it was.
// Without --push nothing leaves this clone: the script prints what it would push. With
// --push it pushes the branch and vX.Y.Z, and moves vX on origin: the only forced update, as
// GitHub's own actions move their major tags.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { staleBundles } from './bundle-inputs.ts';
import { PinError, PLACEHOLDER, pin, planPins } from './release-pins.ts';

export class ReleaseError extends Error {
  override name = 'ReleaseError';
}

export interface ReleaseOptions {
  version: string;
  owner?: string;
  push: boolean;
  cwd: string;
  remote?: string;
  /** For tests: the date the CHANGELOG entry carries. */
  date?: string;
  log?: (line: string) => void;
}

export interface Release {
  version: string;
  owner: string;
  branch: string;
  buildSha: string;
  /** The pin commits between the build and the release commit, with the files each rewrote. */
  pinCommits: { sha: string; files: string[] }[];
  releaseSha: string;
  major: string;
  pushed: boolean;
  /** The commands --push runs (or ran). */
  pushCommands: string[][];
}

export function release(o: ReleaseOptions): Release {
  const log = o.log ?? ((line: string) => console.log(line));
  const remote = o.remote ?? 'origin';
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: o.cwd, encoding: 'utf8', maxBuffer: 64 << 20 }).trim();

  const version = parseVersion(o.version);
  if (git('status', '--porcelain'))
    throw new ReleaseError('the work tree is not clean: commit or stash first');
  const actions = readdirSync(join(o.cwd, 'src')).filter((n) =>
    existsSync(join(o.cwd, 'src', n, 'index.ts')),
  );
  const stale = staleBundles(actions, o.cwd);
  if (stale.length)
    throw new ReleaseError(
      `dist/ is stale for ${stale.join(', ')}: run npm run build and commit it`,
    );
  const last = lastRelease(git('tag', '--list', 'v*.*.*').split('\n').filter(Boolean));
  if (last && !semver.gt(version, last))
    throw new ReleaseError(`${version} is not greater than the last release, ${last}`);
  const owner = o.owner ?? ownerOf(git('remote', 'get-url', remote));
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(owner))
    throw new ReleaseError(`"${owner}" is not a GitHub owner name: pass --owner <name>`);

  // Planned before anything is committed, so a reference that cannot be pinned leaves no trace;
  // the build commit changes no file the plan reads.
  const plan = planWith(o.cwd);

  const start = git('rev-parse', '--abbrev-ref', 'HEAD');
  const branch = `release/${version}`;
  git('checkout', '-q', '-b', branch);
  try {
    // The build commit: the version and its CHANGELOG entry; dist/ as it is.
    const subjects = git('log', '--no-merges', '--format=%s', ...(last ? [`${last}..HEAD`] : []))
      .split('\n')
      .filter(Boolean);
    // The entries so far: the last release's changelog (releases are cut on branches of
    // their own, so the branch here may not have it).
    const earlier = last ? git('show', `${last}:CHANGELOG.md`) : undefined;
    writeChangelog({
      cwd: o.cwd,
      version,
      date: o.date ?? new Date().toISOString().slice(0, 10),
      subjects: subjects.length ? subjects : [`No commits since ${last}.`],
      ...(earlier !== undefined ? { earlier } : {}),
    });
    bumpPackage(o.cwd, version);
    git('add', 'CHANGELOG.md', 'package.json');
    commit(git, `Release ${version}: build`);
    const buildSha = git('rev-parse', 'HEAD');

    // The pin commits, then the release commit (see the top of this file).
    // shas[k]: the first commit in which every file of level k is pinned.
    const shas = [buildSha];
    const shaOf = (path: string) => shas[plan.levelOf(path)]!;
    const rewrite = (files: string[]) => {
      for (const f of files) {
        const file = join(o.cwd, f);
        writeFileSync(file, pin(readFileSync(file, 'utf8'), owner, shaOf, version));
      }
      git('add', '--', ...files);
    };
    const pinCommits: Release['pinCommits'] = [];
    for (const [i, files] of plan.layers.entries()) {
      rewrite(files);
      commit(git, `Release ${version}: pin layer ${i + 1} (${files.join(', ')})`);
      shas.push(git('rev-parse', 'HEAD'));
      pinCommits.push({ sha: shas.at(-1)!, files });
    }
    if (plan.rest.length) {
      rewrite(plan.rest);
      commit(git, `Release ${version}: pin the examples and docs to ${owner}/hotfix-actions`);
    }
    const releaseSha = git('rev-parse', 'HEAD');
    const major = `v${semver.major(version)}`;
    git('tag', '-a', version, '-m', `hotfix-actions ${version}`, releaseSha);
    git('tag', '-f', '-a', major, '-m', `hotfix-actions ${version}`, releaseSha);

    const pushCommands = pushCommandsFor(version, remote);
    log(`${version} on ${branch}: build commit ${buildSha}`);
    for (const [i, c] of pinCommits.entries())
      log(`  pin layer ${i + 1} ${c.sha}: ${c.files.join(', ')}`);
    log(`  release commit ${releaseSha}`);
    log(`tags ${version} and ${major} -> ${releaseSha}`);
    if (o.push) for (const [cmd, ...args] of pushCommands) execFileSync(cmd!, args, { cwd: o.cwd });
    else
      log(
        `not pushed (no --push); to publish:\n${pushCommands.map((c) => `  ${c.join(' ')}`).join('\n')}`,
      );
    return {
      version,
      owner,
      branch,
      buildSha,
      pinCommits,
      releaseSha,
      major,
      pushed: o.push,
      pushCommands,
    };
  } finally {
    git('checkout', '-q', start);
  }
}

/**
 * What --push runs for a release. The release workflow runs the same commands in a step of its
 * own, the only one with the write token (a test keeps the two alike).
 */
export function pushCommandsFor(version: string, remote = 'origin'): string[][] {
  return [
    ['git', 'push', remote, `refs/heads/release/${version}`],
    ['git', 'push', remote, `refs/tags/${version}`],
    // The major tag moves with each release: the one forced update.
    ['git', 'push', '--force', remote, `refs/tags/v${semver.major(version)}`],
  ];
}

function parseVersion(raw: string): string {
  const v = /^v\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(raw) ? semver.valid(raw) : null;
  if (!v) throw new ReleaseError(`"${raw}" is not a version like v1.4.0`);
  return `v${v}`;
}

function lastRelease(tags: string[]): string | undefined {
  const versions = tags.filter((t) => /^v\d+\.\d+\.\d+/.test(t) && semver.valid(t));
  return versions.sort(semver.rcompare)[0];
}

/** The owner in a GitHub remote URL: https://github.com/<owner>/..., git@github.com:<owner>/... */
export function ownerOf(url: string): string {
  const m = /[/:]([^/:]+)\/[^/]+?(?:\.git)?\/?$/.exec(url.trim());
  if (!m?.[1]) throw new ReleaseError(`cannot tell the owner from ${url}: pass --owner <name>`);
  return m[1];
}

/** The files that name our actions: the composite, the workflows, the examples, the docs. */
function referencingFiles(cwd: string): string[] {
  const dirs = ['deploy', '.github/workflows', 'examples', 'docs', 'actions'];
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ya?ml|md)$/.test(e.name) && readFileSync(p, 'utf8').includes(PLACEHOLDER))
        out.push(p);
    }
  };
  for (const d of dirs) walk(join(cwd, d));
  for (const f of ['README.md', 'SECURITY.md', 'CONTRIBUTING.md'])
    if (existsSync(join(cwd, f)) && readFileSync(join(cwd, f), 'utf8').includes(PLACEHOLDER))
      out.push(join(cwd, f));
  return out.sort();
}

/** The pin plan, its errors (a cycle, a reference to nothing) as refusals. */
function planWith(cwd: string) {
  try {
    return planPins(cwd, referencingFiles(cwd));
  } catch (err) {
    if (err instanceof PinError) throw new ReleaseError(err.message);
    throw err;
  }
}

function writeChangelog(c: {
  cwd: string;
  version: string;
  date: string;
  subjects: string[];
  earlier?: string;
}): void {
  const { version, date, subjects } = c;
  const file = join(c.cwd, 'CHANGELOG.md');
  const head = '# Changelog\n\nEvery release, newest first: the commits since the one before.\n';
  const previous = c.earlier ?? (existsSync(file) ? readFileSync(file, 'utf8') : '');
  const old = previous.replace(/^# Changelog\n\n[^\n]*\n/, '');
  const entry = [`## ${version} (${date})`, '', ...subjects.map((s) => `- ${s}`)].join('\n');
  writeFileSync(file, `${head}\n${entry}\n${old ? `\n${old.replace(/^\n+/, '')}` : ''}`);
}

function bumpPackage(cwd: string, version: string): void {
  const file = join(cwd, 'package.json');
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/("version":\s*")[^"]*(")/, `$1${version.slice(1)}$2`));
}

function commit(git: (...args: string[]) => string, message: string): void {
  // Our commits run no hooks of the clone and sign nothing.
  git(
    '-c',
    'core.hooksPath=/dev/null',
    '-c',
    'commit.gpgsign=false',
    'commit',
    '-q',
    '-m',
    message,
  );
}

function cli(argv: string[]): void {
  const args = [...argv];
  const version = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--owner');
  const ownerAt = args.indexOf('--owner');
  const owner = ownerAt >= 0 ? args[ownerAt + 1] : undefined;
  if (!version) {
    console.error('usage: npm run release -- vX.Y.Z [--owner <name>] [--push]');
    process.exit(2);
  }
  try {
    release({
      version,
      ...(owner ? { owner } : {}),
      push: args.includes('--push'),
      cwd: process.cwd(),
    });
  } catch (err) {
    console.error(`release refused: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) cli(process.argv.slice(2));
