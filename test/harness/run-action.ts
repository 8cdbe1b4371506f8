// Runs a bundled action (dist/<name>/index.js) the way the runner does: a child process
// under node24, inputs as INPUT_* with action.yml's defaults filled in, the event payload in
// GITHUB_EVENT_PATH, and files for outputs and the job summary. What it returns is what a
// user of the action gets.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { parse as parseYaml } from 'yaml';

export const ROOT = join(import.meta.dirname, '..', '..');

/** The node24 binary from the npm package `node`: the runtime of `runs.using: node24`. */
export const NODE24 = join(
  createRequire(import.meta.url).resolve('node/package.json'),
  '..',
  'bin',
  'node',
);

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  props: Record<string, string>;
}

export interface ActionResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  outputs: Record<string, string>;
  summary: string;
  annotations: Annotation[];
  /** Values registered with ::add-mask::. */
  masks: string[];
  /** The token of a stop-commands pause never ended: every later command went unobeyed. */
  pausedAtEnd?: string;
  /** The log as the runner shows it: commands taken out, registered secrets masked. */
  log: string;
  /** What the action printed, commands and all. */
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface RunOptions {
  inputs?: Record<string, string>;
  event?: { name: string; payload?: unknown };
  repository?: string;
  sha?: string;
  ref?: string;
  /** GITHUB_API_URL; usually a FakeGitHub's url. */
  apiUrl?: string;
  /** What `${{ github.token }}` becomes in action.yml defaults. */
  token?: string;
  /** GITHUB_WORKSPACE; a fresh empty directory when not given. */
  workspace?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  /**
   * Another action's bundle and action.yml instead of ours (the benchmarks run a peer action
   * against the same fake GitHub): `name` then only labels the temporary directories.
   */
  bundle?: { main: string; actionYml: string };
}

export interface RunningAction {
  child: ChildProcess;
  result: Promise<ActionResult>;
}

/** Starts the action; `result` settles when it exits. */
export function startAction(name: string, opts: RunOptions = {}): RunningAction {
  const dir = mkdtempSync(join(tmpdir(), `run-${name}-`));
  const files = {
    output: join(dir, 'output'),
    summary: join(dir, 'summary.md'),
    event: join(dir, 'event.json'),
    state: join(dir, 'state'),
    env: join(dir, 'env'),
  };
  for (const f of [files.output, files.summary, files.state, files.env]) writeFileSync(f, '');
  writeFileSync(files.event, JSON.stringify(opts.event?.payload ?? {}));
  const workspace = opts.workspace ?? mkdtempSync(join(tmpdir(), 'workspace-'));
  const repository = opts.repository ?? 'acme/shop';

  // Start from nothing but the basics, so a GitHub-hosted CI's own INPUT_* and GITHUB_*
  // variables cannot leak into the action under test.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? dir,
    LANG: 'C.UTF-8',
    TMPDIR: tmpdir(),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: dir,
    RUNNER_OS: 'Linux',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITHUB_ENV: files.env,
    GITHUB_EVENT_NAME: opts.event?.name ?? 'workflow_dispatch',
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: repository.split('/')[0] ?? '',
    GITHUB_SHA: opts.sha ?? '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: opts.ref ?? 'refs/heads/main',
    GITHUB_ACTOR: 'octocat',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_JOB: 'hotfix',
    GITHUB_WORKFLOW: 'hotfix',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: opts.apiUrl ?? 'http://127.0.0.1:9',
    GITHUB_WORKSPACE: workspace,
    ...inputEnv(
      opts.bundle?.actionYml ?? join(ROOT, 'actions', name, 'action.yml'),
      opts.inputs ?? {},
      { token: opts.token ?? '', workspace },
    ),
    ...opts.env,
  };

  const started = Date.now();
  const child = spawn(NODE24, [opts.bundle?.main ?? join(ROOT, 'dist', name, 'index.js')], {
    env,
    cwd: workspace,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  // A backstop for an action that hangs, with room for a busy machine.
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);

  const result = new Promise<ActionResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const res: ActionResult = {
        code,
        signal,
        outputs: parseOutputs(readFileSync(files.output, 'utf8')),
        summary: readFileSync(files.summary, 'utf8'),
        ...readLog(stdout),
        stdout,
        stderr,
        durationMs: Date.now() - started,
      };
      rmSync(dir, { recursive: true, force: true });
      if (!opts.workspace) rmSync(workspace, { recursive: true, force: true });
      resolve(res);
    });
  });
  return { child, result };
}

export function runAction(name: string, opts: RunOptions = {}): Promise<ActionResult> {
  return startAction(name, opts).result;
}

interface ActionYml {
  inputs?: Record<string, { default?: string; required?: boolean }>;
}

const metadata = new Map<string, ActionYml>();

/** INPUT_* variables: the given inputs over action.yml's defaults, as the runner sets them. */
function inputEnv(
  file: string,
  given: Record<string, string>,
  context: { token: string; workspace: string },
): Record<string, string> {
  let meta = metadata.get(file);
  if (!meta) {
    meta = existsSync(file) ? (parseYaml(readFileSync(file, 'utf8')) as ActionYml) : {};
    metadata.set(file, meta);
  }
  const declared = meta.inputs ?? {};
  for (const key of Object.keys(given)) {
    if (!(key in declared)) throw new Error(`${file} declares no input "${key}"`);
  }
  const env: Record<string, string> = {};
  for (const [key, spec] of Object.entries(declared)) {
    const value = key in given ? given[key]! : evaluateDefault(String(spec.default ?? ''), context);
    env[`INPUT_${key.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  return env;
}

function evaluateDefault(value: string, context: { token: string; workspace: string }): string {
  return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    if (expr === 'github.token') return context.token;
    if (expr === 'github.workspace') return context.workspace;
    throw new Error(`the harness cannot evaluate \${{ ${expr} }} in an action.yml default`);
  });
}

/** Parses GITHUB_OUTPUT's `name<<delimiter` blocks. */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i] ?? '');
    if (m) {
      const [, key, delim] = m;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i] ?? '');
      out[key!] = value.join('\n');
    } else if (lines[i]?.includes('=')) {
      const [key, ...rest] = lines[i]!.split('=');
      out[key!] = rest.join('=');
    }
  }
  return out;
}

function unescape(s: string): string {
  return s
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%');
}

/**
 * Reads stdout as the runner does: workflow commands are obeyed unless a stop-commands pause
 * is on (then they are plain text), ::add-mask:: masks a value in every later line and
 * annotation (not in earlier ones), and the command lines themselves are not shown.
 */
export function readLog(stdout: string): {
  log: string;
  annotations: Annotation[];
  masks: string[];
  /** The token of a stop-commands pause never ended: every later command went unobeyed. */
  pausedAtEnd?: string;
} {
  const masks: string[] = [];
  const annotations: Annotation[] = [];
  const shown: string[] = [];
  const mask = (text: string) => masks.reduce((t, m) => t.split(m).join('***'), text);
  let pausedBy: string | undefined;
  for (const line of stdout.split('\n')) {
    if (pausedBy !== undefined) {
      if (line === `::${pausedBy}::`) pausedBy = undefined;
      else shown.push(mask(line));
      continue;
    }
    const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) {
      shown.push(mask(line));
      continue;
    }
    const [, command = '', propText = '', data = ''] = m;
    if (command === 'add-mask') {
      const value = unescape(data);
      if (value.trim() && !masks.includes(value)) masks.push(value);
    } else if (command === 'stop-commands') {
      pausedBy = data;
    } else if (command === 'error' || command === 'warning' || command === 'notice') {
      const props = Object.fromEntries(
        propText
          .split(',')
          .filter(Boolean)
          .map((kv) => {
            const [k, ...v] = kv.split('=');
            return [k!, mask(unescape(v.join('=')))];
          }),
      );
      const message = mask(unescape(data));
      annotations.push({ level: command, message, props });
      shown.push(`${command}: ${message}`);
    } else if (command !== 'debug') {
      shown.push(mask(line));
    }
  }
  return {
    log: shown.join('\n'),
    annotations,
    masks,
    ...(pausedBy !== undefined ? { pausedAtEnd: pausedBy } : {}),
  };
}
