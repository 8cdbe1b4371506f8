// The process adapter with real processes: exit codes, output, and whole-tree kills.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { run } from '../../src/shared/process/supervisor.ts';

/** PIDs of processes whose command line carries the marker. */
function alive(marker: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', marker], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean);
  } catch {
    return [];
  }
}

describe('run', () => {
  it('passes arguments as data, never through a shell', async () => {
    const hostile = '$(echo pwned); `id`; rm -rf /nonexistent';
    const r = await run('printf', ['%s', hostile]);
    expect(r).toMatchObject({ code: 0, stdout: hostile, timedOut: false });
  });

  it('reports the exit code and keeps stderr', async () => {
    const r = await run('bash', ['-c', 'echo oops >&2; exit 3']);
    expect(r).toMatchObject({ code: 3, stderr: 'oops\n' });
  });

  it('kills the whole tree at the timeout, leaving no process behind', async () => {
    const marker = `hang-${randomUUID()}`;
    // A child and a grandchild that ignore SIGTERM: only the group SIGKILL ends them.
    const script = `trap '' TERM; (trap '' TERM; exec -a ${marker}-grandchild sleep 300) & exec -a ${marker} sleep 300`;
    const r = await run('bash', ['-c', script], { timeoutMs: 500, graceMs: 300 });
    // Ended by the time limit (not by the 300 s sleeps), with a signal, not an exit code.
    expect(r.timedOut).toBe(true);
    expect(r.code).toBeNull();
    await expect.poll(() => alive(marker)).toEqual([]);
  });

  it('does not wait for a background process that holds the output open', async () => {
    const marker = `bg-${randomUUID()}`;
    const r = await run('bash', ['-c', `(exec -a ${marker} sleep 300) & echo started`]);
    expect(r).toMatchObject({ code: 0, stdout: 'started\n' });
    // It returned while the background process still ran: it did not wait for it.
    expect(alive(marker)).toHaveLength(1);
    execFileSync('pkill', ['-f', marker]);
  });

  it('passes environment variables', async () => {
    const r = await run('bash', ['-c', 'printf %s "$DEPLOY_REF"'], {
      env: { DEPLOY_REF: 'refs/tags/v1.2.3' },
    });
    expect(r.stdout).toBe('refs/tags/v1.2.3');
  });

  it('rejects when the program does not exist', async () => {
    await expect(run('no-such-program-here', [])).rejects.toThrow(/ENOENT/);
  });

  it('hands each complete line, and its stream, to a line handler', async () => {
    const seen: [string, string][] = [];
    const r = await run('bash', ['-c', 'printf "a\\nb"; printf "e1\\n" >&2; printf "\\nc"'], {
      stream: (line, source) => seen.push([source, line]),
    });
    expect(r.code).toBe(0);
    expect(seen.filter(([s]) => s === 'stdout').map(([, l]) => l)).toEqual(['a', 'b', 'c']);
    expect(seen.filter(([s]) => s === 'stderr').map(([, l]) => l)).toEqual(['e1']);
  });

  it('with reap, kills what the program left running when it exits', async () => {
    const marker = `reap-${randomUUID()}`;
    const r = await run('bash', ['-c', `(exec -a ${marker} sleep 30) & echo started`], {
      reap: true,
    });
    expect(r).toMatchObject({ code: 0, stdout: 'started\n', timedOut: false });
    for (let i = 0; i < 50 && alive(marker).length; i++)
      await new Promise((res) => setTimeout(res, 100));
    expect(alive(marker)).toEqual([]);
  });
});
