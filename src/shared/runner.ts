// The runner's workflow-command and file-command protocol: inputs, outputs, masks,
// annotations, log groups and the job summary.
//
// Why not @actions/core: it evaluates its OIDC HTTP client (undici, ~1 MB) when it is
// imported, which alone takes 2.2x a bare `node -e 0` to start under node24; our budget for
// a whole action is 2.5x. The protocol below is small, stable and documented:
// https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions
import { appendFileSync } from 'node:fs';
import { randomUUID } from './random-id.ts';
import { EOL } from 'node:os';

type Env = NodeJS.ProcessEnv;

/** The raw value of an input, trimmed; '' when it is not set (the runner sets defaults from action.yml). */
export function getInput(name: string, env: Env = process.env): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

const secrets = new Set<string>();

/** Masks a value in the log from now on, and in everything this module writes. */
export function setSecret(value: string): void {
  if (!value) return;
  for (const line of value.split(/\r?\n/)) {
    if (line.trim() === '' || secrets.has(line)) continue;
    issue('add-mask', {}, line);
    secrets.add(line);
  }
}

/** Replaces every registered secret in a text with ***; the runner masks logs, but not files we write. */
export function redact(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}

export function setOutput(name: string, value: string, env: Env = process.env): void {
  const file = env.GITHUB_OUTPUT;
  const text = redact(value);
  if (!file) {
    // Outside a runner (a local drill without GITHUB_OUTPUT): show the value instead of losing it.
    process.stdout.write(`output ${name}=${text}${EOL}`);
    return;
  }
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}${EOL}${text}${EOL}${delimiter}${EOL}`);
}

export interface AnnotationProps {
  title?: string;
  file?: string;
  line?: number;
  endLine?: number;
  col?: number;
}

export function error(message: string, props: AnnotationProps = {}): void {
  issue('error', props, message);
}
export function warning(message: string, props: AnnotationProps = {}): void {
  issue('warning', props, message);
}
export function notice(message: string, props: AnnotationProps = {}): void {
  issue('notice', props, message);
}
export function debug(message: string): void {
  issue('debug', {}, message);
}
export function info(message: string): void {
  process.stdout.write(redact(message) + EOL);
}

/**
 * Logs text that came from outside (a PR body, a command's output) so that a line in it that
 * looks like a workflow command (`::error::`, `::add-mask::`) is printed, not obeyed.
 */
export function infoUntrusted(text: string): void {
  const resume = pauseCommands();
  info(text);
  resume();
}

/**
 * Until the returned function is called, lines that look like workflow commands are printed,
 * not obeyed: for streaming a program's output (a test run of a PR's code) to the log.
 */
export function pauseCommands(): () => void {
  const token = randomUUID();
  issue('stop-commands', {}, token);
  return () => process.stdout.write(`::${token}::${EOL}`);
}

export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  issue('group', {}, name);
  try {
    return await fn();
  } finally {
    issue('endgroup', {}, '');
  }
}

/** Appends markdown to the job summary; a no-op outside a runner. */
export function appendSummary(markdown: string, env: Env = process.env): void {
  const file = env.GITHUB_STEP_SUMMARY;
  if (file) appendFileSync(file, redact(markdown) + EOL);
}

/** Marks the step failed with a message a person can act on. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}

function issue(command: string, props: AnnotationProps, message: string): void {
  const entries = Object.entries(props).filter(([, v]) => v !== undefined && v !== '');
  const propText = entries.length
    ? ' ' + entries.map(([k, v]) => `${k}=${escapeProperty(redact(String(v)))}`).join(',')
    : '';
  process.stdout.write(`::${command}${propText}::${escapeData(redact(message))}${EOL}`);
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
