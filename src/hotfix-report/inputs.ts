// hotfix-report's inputs: one zod shape, and the rules across inputs (a period that ends after
// it starts, a token) checked before anything is read.
import { inputs, readInputs, type InputSource } from '../shared/runner/inputs.ts';
import { InputError } from '../shared/runner/errors.ts';
import { MOMENT_EXPECTED, parseMoment, periodOf, type Period } from './period.ts';

export const ISSUE_MODES = ['none', 'update'] as const;

const shape = {
  'github-token': inputs.secret(),
  since: inputs.text('30d'),
  until: inputs.text(''),
  environment: inputs.text('production'),
  'policy-file': inputs.text(''),
  issue: inputs.oneOf(ISSUE_MODES, 'none'),
};

export interface ReportInputs {
  'github-token': string;
  environment: string;
  'policy-file': string;
  issue: (typeof ISSUE_MODES)[number];
  period: Period;
}

export function readReportInputs(source?: InputSource, now = new Date()): ReportInputs {
  const input = readInputs(shape, source);
  if (!input['github-token'])
    throw new InputError(
      'github-token',
      '',
      'a token that can read pull requests, deployments and issues (pass ${{ github.token }})',
    );
  const since = parseMoment(input.since, now, 'start');
  if (!since) throw new InputError('since', input.since, MOMENT_EXPECTED);
  const until = input.until ? parseMoment(input.until, now, 'end') : now;
  if (!until) throw new InputError('until', input.until, MOMENT_EXPECTED);
  const period = periodOf(since, until, now);
  if (period.since.getTime() >= period.until.getTime())
    throw new InputError(
      input.until ? 'until' : 'since',
      input.until || input.since,
      `a period that ends after it starts (since ${since.toISOString()}, until ${period.until.toISOString()})`,
    );
  if (!input.environment.trim()) throw new InputError('environment', '', 'an environment name');
  return {
    'github-token': input['github-token'],
    environment: input.environment.trim(),
    'policy-file': input['policy-file'],
    issue: input.issue,
    period,
  };
}
