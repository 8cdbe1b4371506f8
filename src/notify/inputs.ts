// notify's inputs: one zod shape, and the checks across inputs that one field cannot make.
import {
  actionInputs,
  inputs,
  readInputs,
  splitList,
  type InputsOf,
  type InputSource,
} from '../shared/runner/inputs.ts';
import { setSecret } from '../shared/runner/secrets.ts';
import { InputError } from '../shared/runner/errors.ts';
import { CHANNELS, type Channel } from '../shared/policy/ids.ts';
import { EVENTS } from './events.ts';

export const INCIDENT_MODES = ['none', 'open', 'update', 'close'] as const;
export const POSTMORTEM_MODES = ['auto', 'always', 'never'] as const;

const channelList = inputs.matching(`a list of channels from: ${CHANNELS.join(', ')}`, (raw) => {
  const list = splitList(raw);
  return list.every((c) => (CHANNELS as readonly string[]).includes(c))
    ? (list as Channel[])
    : undefined;
});

const slackTs = inputs.matching(
  'a Slack message ts like 1712345678.123456 (the slack-ts output of the first notify)',
  (raw) => (raw === '' || /^\d{6,}\.\d{1,}$/.test(raw) ? raw : undefined),
);

const NOTIFY_INPUTS = {
  'github-token': inputs.text(''),
  event: inputs.oneOf(EVENTS),
  severity: inputs.explicitSeverity(),
  title: inputs.text(''),
  message: inputs.text(''),
  environment: inputs.text('production'),
  version: inputs.text(''),
  'rollback-version': inputs.text(''),
  'deployment-url': inputs.optionalUrl(),
  pr: inputs.optionalInt(1, 999_999_999),
  'incident-id': inputs.text(''),
  channels: channelList,
  'slack-webhook-url': inputs.optionalUrl(),
  'slack-bot-token': inputs.text(''),
  'slack-channel': inputs.text(''),
  'slack-thread-ts': slackTs,
  'slack-api-url': inputs.url('https://slack.com/api'),
  'teams-webhook-url': inputs.optionalUrl(),
  'webhook-url': inputs.optionalUrl(),
  'webhook-secret': inputs.text(''),
  'github-comment': inputs.bool(true),
  'incident-issue': inputs.oneOf(INCIDENT_MODES, 'none'),
  postmortem: inputs.oneOf(POSTMORTEM_MODES, 'auto'),
  summary: inputs.bool(true),
  'fail-on-error': inputs.bool(false),
  timeout: inputs.duration('10s'),
  'github-timeout': inputs.duration('30s'),
  retries: inputs.int(0, 10, 2),
  'policy-file': inputs.text(''),
};

export type NotifyInputs = InputsOf<typeof NOTIFY_INPUTS>;

const SECRET_INPUTS = [
  'github-token',
  'slack-webhook-url',
  'slack-bot-token',
  'teams-webhook-url',
  'webhook-url',
  'webhook-secret',
];

/**
 * Masks every credential input before anything is parsed, so that not even an error about
 * a malformed value can print one. For webhook URLs the path and query are the credential
 * too (a library error may quote the path alone), so they are masked on their own as well.
 */
function maskSecretInputs(source: InputSource): void {
  for (const name of SECRET_INPUTS) {
    const value = source(name);
    if (!value) continue;
    setSecret(value);
    if (!name.endsWith('-url')) continue;
    try {
      const u = new URL(value);
      const tail = `${u.pathname}${u.search}`;
      // A short path (`/`, `/hook`) is no secret, and masking it would garble every log line.
      if (tail.length >= 16) setSecret(tail);
    } catch {
      // Not a URL: readInputs reports it, already masked.
    }
  }
}

/** The inputs, masked before they are parsed and checked across fields before anything is sent. */
export function readNotifyInputs(source: InputSource = actionInputs): NotifyInputs {
  maskSecretInputs(source);
  const input = readInputs(NOTIFY_INPUTS, source);
  checkCombinations(input);
  return input;
}

/** Rules across inputs, checked before anything is sent. */
function checkCombinations(i: NotifyInputs): void {
  if (i['slack-bot-token'] && !i['slack-channel'])
    throw new InputError(
      'slack-channel',
      '',
      'a channel ID like C0123ABCDEF when slack-bot-token is set',
    );
  if (i['slack-channel'] && !i['slack-bot-token'])
    throw new InputError(
      'slack-bot-token',
      '',
      'a bot token when slack-channel is set (a webhook posts to its own channel: use slack-webhook-url alone)',
    );
  if (i['slack-thread-ts'] && !i['slack-bot-token'])
    throw new InputError(
      'slack-thread-ts',
      i['slack-thread-ts'],
      'used with slack-bot-token and slack-channel: an incoming webhook cannot reply in a thread',
    );
}
