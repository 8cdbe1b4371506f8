// Every channel notify can send to is reachable from the reusable workflows and the one-step
// deploy: a channel added to notify but not wired through would be silent exactly when the
// team counts on it (a status page left green, nobody paged).
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readRepoFile as read, type Step, type Workflow } from '../harness/workflow-files.ts';

const notify = parse(read('actions/notify/action.yml')) as { inputs: Record<string, unknown> };
// The settings of a channel: its credential and where it goes. The API base URLs exist for
// proxies and tests, and a thread is the caller's own to pass.
const channelSettings = Object.keys(notify.inputs).filter(
  (name) =>
    /^(slack|teams|webhook|statuspage|pagerduty|smtp|email)-/.test(name) &&
    !name.endsWith('-api-url') &&
    name !== 'slack-thread-ts',
);

function notifySteps(steps: Step[]): Step[] {
  return steps.filter((s) => s.uses?.startsWith('acme/hotfix-actions/actions/notify@'));
}

describe('notify channels wired through', () => {
  it('knows the channels it checks', () => {
    expect(channelSettings).toEqual(
      expect.arrayContaining(['slack-bot-token', 'statuspage-api-key', 'pagerduty-routing-key']),
    );
    expect(channelSettings).toContain('smtp-url');
  });

  for (const file of ['.github/workflows/hotfix.yml', '.github/workflows/rollback.yml']) {
    it(`${file}: every notify step is given every channel, secrets from secrets`, () => {
      const workflow = parse(read(file)) as Workflow;
      const secrets = Object.keys(workflow.on.workflow_call!.secrets!);
      const steps = Object.values(workflow.jobs).flatMap((job) => notifySteps(job.steps ?? []));
      expect(steps.length).toBeGreaterThan(0);
      for (const step of steps) {
        for (const name of channelSettings) {
          const value = String(step.with?.[name] ?? '');
          expect(value, `${file}: ${name}`).toMatch(/^\$\{\{ (secrets|inputs)\.[\w-]+ \}\}$/);
          const secret = /secrets\.([\w-]+)/.exec(value)?.[1];
          if (secret) expect(secrets, `${file}: ${name}`).toContain(secret);
        }
      }
      // And the production deploy passes them on to the composite, which passes them to notify.
      for (const job of Object.values(workflow.jobs))
        for (const step of job.steps ?? [])
          if (step.uses?.startsWith('acme/hotfix-actions/deploy@'))
            for (const name of channelSettings)
              expect(step.with?.[name], `${file}: deploy ${name}`).toBeTruthy();
    });
  }

  it('hotfix.yml opens the incident and the deploy resolves it: declared, then verified', () => {
    // Without a declared event the status page never opens and nobody is paged.
    const workflow = parse(read('.github/workflows/hotfix.yml')) as Workflow;
    const composite = parse(read('deploy/action.yml')) as { runs: { steps: Step[] } };
    const events = [
      ...Object.values(workflow.jobs).flatMap((job) => notifySteps(job.steps ?? [])),
      ...notifySteps(composite.runs.steps),
    ].map((s) => String(s.with?.event));
    expect(events).toContain('declared');
    expect(events.some((e) => e.includes("'verified'"))).toBe(true);
  });

  it('deploy/action.yml: passes every channel from its inputs to notify', () => {
    const composite = parse(read('deploy/action.yml')) as {
      inputs: Record<string, unknown>;
      runs: { steps: Step[] };
    };
    const [step] = notifySteps(composite.runs.steps);
    for (const name of [...channelSettings, 'statuspage-api-url', 'pagerduty-api-url']) {
      expect(Object.keys(composite.inputs)).toContain(name);
      expect(step!.with?.[name]).toBe(`\${{ inputs.${name} }}`);
    }
  });
});
