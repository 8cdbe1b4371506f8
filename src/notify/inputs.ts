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
import { FOLLOW_UP_MODES } from './follow-up.ts';
import { maskCredential, maskSmtpUrl } from './credentials.ts';

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

/** An address as SMTP takes it: local@domain, without spaces, brackets, quotes or commas. */
const EMAIL =
  /^[^\s@<>"',;:()[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

const emailList = inputs.matching(
  'comma- or newline-separated addresses like ops@example.com',
  (raw) => {
    const list = splitList(raw);
    return list.every((a) => EMAIL.test(a)) ? list : undefined;
  },
);

const emailAddress = inputs.matching('an address like hotfix@example.com', (raw) =>
  raw === '' || EMAIL.test(raw) ? raw : undefined,
);

/** smtps://user:password@host:465 (TLS from the start) or smtp://…:587 (STARTTLS, required). */
const smtpUrl = inputs.matching(
  'an smtps:// or smtp:// URL like smtps://user:password@smtp.example.com:465',
  (raw) => {
    if (raw === '') return raw;
    try {
      const u = new URL(raw);
      return (u.protocol === 'smtps:' || u.protocol === 'smtp:') && u.hostname ? raw : undefined;
    } catch {
      return undefined;
    }
  },
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
  'statuspage-api-key': inputs.text(''),
  'statuspage-page-id': inputs.matching('a Statuspage page id like kctbh9vrtdwd', (raw) =>
    /^[a-z0-9]{0,64}$/i.test(raw) ? raw : undefined,
  ),
  'statuspage-components': inputs.matching(
    'a list of Statuspage component ids like 8kbf7d35c070',
    (raw) => {
      const list = splitList(raw);
      return list.every((c) => /^[a-z0-9]{1,64}$/i.test(c)) ? list : undefined;
    },
  ),
  'statuspage-api-url': inputs.url('https://api.statuspage.io/v1'),
  'pagerduty-routing-key': inputs.text(''),
  'pagerduty-api-url': inputs.url('https://events.pagerduty.com'),
  'smtp-url': smtpUrl,
  'email-from': emailAddress,
  'email-to': emailList,
  'github-comment': inputs.bool(true),
  'incident-issue': inputs.oneOf(INCIDENT_MODES, 'none'),
  postmortem: inputs.oneOf(POSTMORTEM_MODES, 'auto'),
  'follow-up-issue': inputs.oneOf(FOLLOW_UP_MODES, 'auto'),
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

/** Keys that also travel encoded: masked in every form (credentials.ts). */
const KEY_INPUTS = ['statuspage-api-key', 'pagerduty-routing-key'];

/**
 * Masks every credential input before anything is parsed, so that not even an error about
 * a malformed value can print one. For webhook URLs the path and query are the credential
 * too (a library error may quote the path alone), so they are masked on their own as well.
 */
function maskSecretInputs(source: InputSource): void {
  for (const name of KEY_INPUTS) maskCredential(source(name));
  if (source('smtp-url')) maskSmtpUrl(source('smtp-url'));
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
  const statuspage = [
    ['statuspage-api-key', i['statuspage-api-key'], 'the API key of a Statuspage user (a secret)'],
    ['statuspage-page-id', i['statuspage-page-id'], 'the page id from the Statuspage API page'],
  ] as const;
  if (statuspage.some(([, v]) => v) || i['statuspage-components'].length)
    for (const [name, value, what] of statuspage)
      if (!value) throw new InputError(name, '', `${what}: the other statuspage inputs are set`);
  const email = [
    ['smtp-url', i['smtp-url'], 'smtps://user:password@host:465 or smtp://user:password@host:587'],
    ['email-from', i['email-from'], 'the sender address'],
    ['email-to', i['email-to'].join(','), 'the recipients'],
  ] as const;
  if (email.some(([, v]) => v))
    for (const [name, value, what] of email)
      if (!value) throw new InputError(name, '', `${what}: the other email inputs are set`);
  if (i['slack-thread-ts'] && !i['slack-bot-token'])
    throw new InputError(
      'slack-thread-ts',
      i['slack-thread-ts'],
      'used with slack-bot-token and slack-channel: an incoming webhook cannot reply in a thread',
    );
}
