// How fast auto-rollback restores production after a failed hotfix deploy, run locally the way
// the pipeline runs it: the deploy-with-healthcheck bundle deploys a version that breaks a real
// service on 127.0.0.1 (its command turns /health to 503) and says Failed; the auto-rollback
// bundle then redeploys the last good version (its command records when it started and
// heals the service) and verifies it healthy. Both against the fake GitHub.
//
// Reported, median and max over the runs:
//   verdict -> rollback command start   the deploy's Failed verdict to the rollback's command
//                                       starting: the deploy step ending (its failure status,
//                                       summary, exit), then auto-rollback until its command
//                                       (a node start, the policy and history reads, two
//                                       deployment writes, bash)
//   verdict -> first healthy probe      to the first successful measurement after the rollback
//   verdict -> proven healthy           to the rollback's Successful verdict (adds the window)
//   failed deploy -> healthy again      the failed deploy's start to that verdict
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGitHub } from '../test/harness/fake-github/server.ts';
import { fakeSha } from '../test/harness/fake-github/state.ts';
import { runAction } from '../test/harness/run-action.ts';
import { startServiceProcess } from '../test/harness/service.ts';
import { median } from './lib/common.ts';

const RUNS = 5;
const WINDOW = '2s';
const NEW_SHA = fakeSha('bench-failed');
const OLD_SHA = fakeSha('bench-good');

interface Sample {
  toCommand: number;
  deployWrapUp: number;
  rollbackStartToCommand: number;
  toFirstHealthy: number;
  toProven: number;
  total: number;
  rollbackWall: number;
}

const fake = new FakeGitHub();
await fake.start();
const samples: Sample[] = [];
const dir = mkdtempSync(join(tmpdir(), 'bench-rollback-'));
try {
  for (let i = 0; i < RUNS; i++) {
    const repo = fake.state.addRepo(`acme/bench-rollback-${i}`);
    repo.refs.set('heads/main', NEW_SHA);
    fake.state.addDeployment(repo, {
      sha: OLD_SHA,
      ref: 'v1.4.0',
      version: 'v1.4.0',
      createdAt: new Date(Date.now() - 3_600_000).toISOString(),
      statuses: [{ state: 'success', description: 'Healthy' }],
    });
    const svc = await startServiceProcess({ version: 'v1.4.0' });
    const started = join(dir, `started-${i}`);
    const common = {
      repository: `acme/${repo.name}`,
      sha: NEW_SHA,
      apiUrl: fake.url,
      token: fake.token,
      timeoutMs: 120_000,
    };
    try {
      const t0 = Date.now();
      const deploy = await runAction('deploy-with-healthcheck', {
        ...common,
        inputs: {
          environment: 'production',
          version: 'v1.5.1',
          command: `curl -fsS -o /dev/null -X POST -d '{"health":503,"version":"v1.5.1"}' ${svc.url}/control`,
          'health-urls': `${svc.url}/health`,
          interval: '1s',
          'probe-timeout': '1s',
          duration: '2m',
        },
      });
      if (deploy.outputs.verdict !== 'Failed')
        throw new Error(`run ${i + 1}: deploy verdict ${deploy.outputs.verdict}\n${deploy.stdout}`);
      const verdictAt = Date.parse(
        (JSON.parse(deploy.outputs.measurements ?? '{}') as { decidedAt: string }).decidedAt,
      );
      const rollbackStart = Date.now();

      const rollback = await runAction('auto-rollback', {
        ...common,
        inputs: {
          environment: 'production',
          'failed-deployment-id': deploy.outputs['deployment-id'] ?? '',
          command: [
            `date +%s%3N > '${started}'`,
            `curl -fsS -o /dev/null -X POST -d "{\\"health\\":200,\\"version\\":\\"$DEPLOY_VERSION\\"}" ${svc.url}/control`,
          ].join('\n'),
          'health-urls': `${svc.url}/health json:$.version=v1.4.0`,
          interval: '1s',
          duration: WINDOW,
        },
      });
      if (rollback.outputs['rolled-back'] !== 'true')
        throw new Error(`run ${i + 1}: not rolled back\n${rollback.stdout}`);
      const m = JSON.parse(rollback.outputs.measurements ?? '{}') as {
        decidedAt: string;
        checks: { series: { at: string; phase: string }[] }[];
      };
      const commandAt = Number(readFileSync(started, 'utf8').trim());
      const firstHealthy = m.checks[0]?.series.find((p) => p.phase === 'Successful');
      const proven = Date.parse(m.decidedAt);
      samples.push({
        toCommand: commandAt - verdictAt,
        deployWrapUp: rollbackStart - verdictAt,
        rollbackStartToCommand: commandAt - rollbackStart,
        toFirstHealthy: firstHealthy ? Date.parse(firstHealthy.at) - verdictAt : NaN,
        toProven: proven - verdictAt,
        total: proven - t0,
        rollbackWall: rollback.durationMs,
      });
      const s = samples.at(-1)!;
      console.log(
        `run ${i + 1}: command started ${s.toCommand} ms after the Failed verdict, first healthy probe at ${s.toFirstHealthy} ms, proven healthy at ${s.toProven} ms; failed deploy to healthy ${s.total} ms (auto-rollback ran ${s.rollbackWall} ms)`,
      );
    } finally {
      await svc.stop();
    }
  }
} finally {
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
}

const max = (xs: number[]) => Math.max(...xs);
const line = (label: string, key: keyof Sample) => {
  const xs = samples.map((s) => s[key]);
  console.log(`  ${label.padEnd(44)} median ${median(xs)} ms, max ${max(xs)} ms`);
};
console.log(
  `\nauto-rollback after a Failed deploy, ${RUNS} runs (redeploy, interval 1s, rollback window ${WINDOW}):`,
);
line('verdict -> rollback command start', 'toCommand');
line('  of which the deploy step ending', 'deployWrapUp');
line('  of which auto-rollback until its command', 'rollbackStartToCommand');
line('verdict -> first healthy probe', 'toFirstHealthy');
line('verdict -> proven healthy', 'toProven');
line('failed deploy start -> healthy again', 'total');
line('auto-rollback wall time', 'rollbackWall');
