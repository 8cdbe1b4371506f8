// The README's first command: `npm run demo` plays the incident end to end, and the happy
// path with --happy, on this machine, and leaves nothing running.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NODE24, ROOT } from '../harness/run-action.ts';
import { prometheusBinary } from '../harness/prometheus.ts';

/** PIDs of live processes whose environment carries the marker (the drill's descendants). */
function withMarker(marker: string): number[] {
  const pids: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'utf8').includes(marker)) pids.push(Number(pid));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

function drill(args: string[]): Promise<{ code: number | null; out: string }> {
  const marker = `DRILL_TEST_MARKER=${randomUUID()}`;
  const [k, v] = marker.split('=') as [string, string];
  return new Promise((resolve, reject) => {
    const child = spawn(NODE24, [join(ROOT, 'demo', 'drill.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, [k]: v, CI: process.env.CI ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      // Give a straggler a moment to show itself, then look for it.
      setTimeout(() => {
        const left = withMarker(marker);
        resolve({
          code,
          out: left.length ? `${out}\nLEFT BEHIND: ${left.join(' ')}` : out,
        });
      }, 300);
    });
  });
}

function summaries(out: string): string {
  const file = /Job summaries: (\S+)/.exec(out)?.[1];
  expect(file && existsSync(file), out).toBe(true);
  return readFileSync(file!, 'utf8');
}

/**
 * A negative duration as formatDuration prints it (`-45s`, `-1.5s`, `-350ms`, `-3m 05s`,
 * `-2h 05m`, `-1d 2h`): never right, since a duration before its start is a wrong fact.
 * Not a date's `-24` nor a flag: the sign must start a word.
 */
const NEGATIVE_DURATION = /(?<![\w./-])-\d+(?:\.\d+)?(?:ms|[dhms])\b/;

// The whole incident, every action in turn: about 30 s idle, over 90 s on a busy machine.
describe.concurrent('npm run demo', { timeout: 240_000 }, () => {
  it('plays the incident: Failed verdict, rollback to v1.5.0, Slack told, one backport conflict', async () => {
    const { code, out } = await drill([]);
    expect(code, out).toBe(0);
    expect(out).not.toContain('LEFT BEHIND');
    // The legend tells the truth: as many red rows as it announces.
    expect(out).toContain('Expected: three ✘ rows, the incident as it should go');
    expect(out.match(/^ *✘ /gm)).toHaveLength(3);
    expect(out).toMatch(/✔ classify-severity +P1 from the checkbox/);
    expect(out).toMatch(/✔ validate-hotfix-pr +all checks pass/);
    expect(out).toMatch(/✔ critical-tests +2\/2 passed: test\/cart\.test\.mjs/);
    expect(out).toMatch(/✘ {3}deploy-with-healthcheck v1\.5\.1 +Failed \(v1\.5\.1\)/);
    expect(out).toMatch(/✔ {3}auto-rollback +back on v1\.5\.0 \([0-9a-f]{7}\), healthy true/);
    expect(out).toMatch(/✔ notify \(declared\) +sent to slack, statuspage, pagerduty/);
    expect(out).toMatch(/✔ {3}notify \(rolled-back\) +sent to .*slack/);
    // The status page opened on declared and updated on the rollback; one page, at P1's level.
    expect(out).toMatch(
      /Status page \(Statuspage stand-in\):\n {2}inc000000001 investigating: investigating "We are investigating[^"]*" → investigating "We rolled back/,
    );
    expect(out).toContain('components: checkout partial_outage, api partial_outage');
    expect(out).toMatch(
      /PagerDuty \(Events v2 stand-in\): 1 page\(s\)\n {2}error · dedup_key acme\/shop#pr-1 · 🚨 \[P1\]/,
    );
    expect(out).toMatch(/✘ {3}the job fails +Failed: service: .* \(rolled back: true\)/);
    expect(out).toMatch(/release\/1\.5: PR #\d+; release\/1\.4: conflict/);
    expect(out).toContain('"text": "⏪ [P1] Rolled back to the last good version');
    expect(out).toContain('Production now runs v1.5.0');
    expect(out).toContain('plan: production directly (staging: false for P1');
    expect(out).toContain(
      prometheusBinary() ? 'Prometheus was used' : 'Prometheus is not installed: HTTP probes only',
    );
    const payloadFile = /all in (\S+)\):/.exec(out)![1]!;
    expect(JSON.parse(readFileSync(payloadFile, 'utf8'))).toMatchObject({
      text: expect.stringContaining('Rolled back'),
    });
    const md = summaries(out);
    // The timeline's durations (time to rollback, in Slack's payload and the summaries).
    expect(out).not.toMatch(NEGATIVE_DURATION);
    expect(md).not.toMatch(NEGATIVE_DURATION);
    for (const step of [
      'classify-severity',
      'validate-hotfix-pr',
      'critical-tests',
      'deploy-with-healthcheck',
      'auto-rollback',
      'notify',
      'backport',
    ])
      expect(md).toContain(`# ${step}`);
  });

  it('--happy: healthy deploy, both backports clean', async () => {
    const { code, out } = await drill(['--happy']);
    expect(code, out).toBe(0);
    expect(out).not.toContain('LEFT BEHIND');
    expect(out).toContain('Expected: every row ✔');
    expect(out).not.toMatch(/^ *✘ /m);
    expect(out).toMatch(/✔ {3}deploy-with-healthcheck v1\.5\.1 +Successful \(v1\.5\.1\)/);
    expect(out).not.toContain('auto-rollback');
    expect(out).toMatch(/✔ {3}notify \(verified\)/);
    expect(out).toMatch(
      /inc000000001 resolved: investigating "[^"]*" → resolved "This incident has been resolved\."/,
    );
    expect(out).toContain('components: checkout operational, api operational');
    expect(out).toContain('resolve · dedup_key acme/shop#pr-1');
    expect(out).not.toContain('the job fails');
    expect(out).toMatch(
      /✔ backport to release\/1\.4, release\/1\.5 +release\/1\.4: PR #\d+; release\/1\.5: PR #\d+/,
    );
    expect(out).toContain('Production now runs v1.5.1');
    expect(out).not.toMatch(NEGATIVE_DURATION);
    expect(summaries(out)).not.toMatch(NEGATIVE_DURATION);
  });

  it.skipIf(!prometheusBinary())(
    '--canary: v1.5.1 aborts at 25%, traffic back on v1.5.0, the rollback verified, Slack told',
    async () => {
      const { code, out } = await drill(['--canary']);
      expect(code, out).toBe(0);
      expect(out).not.toContain('LEFT BEHIND');
      expect(out).toMatch(
        /✘ deploy-with-healthcheck +Failed, 1 step\(s\) healthy, 0% on v1\.5\.1 at the end: Failed at step 2\/4 \(25%\): error-rate: /,
      );
      expect(out).toMatch(/✔ auto-rollback +rolled back: true/);
      expect(out).toContain('Weights the router was set to: 10% -> 25% -> 0%');
      expect(out).toContain('live weight now 0%');
      expect(summaries(out)).toContain('Canary: 1 of 4 steps healthy, stopped at step 2');
    },
  );
});
