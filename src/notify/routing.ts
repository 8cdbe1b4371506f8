// Which channels hear about this event. A channel is used when it is configured (its URL,
// token or switch is given) and either the severity routes to it (policy
// levels.<Pn>.notify) or the `channels` input asks for it. A channel that is asked for but
// not configured is an input error: nobody would be told, silently.
import { CHANNELS, type Channel } from '../shared/policy/ids.ts';
import type { Severity } from '../shared/severity/severity.ts';
import { InputError } from '../shared/runner/errors.ts';

export interface Route {
  channel: Channel;
  use: boolean;
  /** Why, for the summary: `P0 routes to it (levels.P0.notify)`. */
  why: string;
}

export interface RoutingInput {
  severity: Severity;
  /** The policy's levels.<severity>.notify. */
  routed: readonly Channel[];
  /** The `channels` input. */
  requested: readonly Channel[];
  /** For rollback-failed: the policy's levels.<severity>.escalation, heard besides `routed`. */
  escalation?: readonly Channel[];
  /** true when configured, else why not (`no teams-webhook-url`). */
  configured: Record<Channel, true | string>;
  /**
   * An incident issue already exists and the incident-issue input asks to update or close
   * it: it is kept current whatever the level, so it is never left open and stale.
   */
  existingIncident?: number;
}

export function route(r: RoutingInput): Route[] {
  const missing = r.requested.filter((c) => r.configured[c] !== true);
  if (missing.length) {
    throw new InputError(
      'channels',
      r.requested.join(','),
      `a list of configured channels: ${missing.map((c) => `${c} has ${r.configured[c]}`).join('; ')}`,
    );
  }
  const levelKey = `levels.${r.severity}.notify`;
  return CHANNELS.map((channel): Route => {
    const configured = r.configured[channel];
    if (configured !== true) return { channel, use: false, why: `not configured: ${configured}` };
    if (r.requested.includes(channel))
      return { channel, use: true, why: 'asked for by the channels input' };
    if (r.routed.includes(channel))
      return { channel, use: true, why: `${r.severity} routes to it (${levelKey})` };
    if (r.escalation?.includes(channel))
      return {
        channel,
        use: true,
        why: `rollback-failed escalates to it (levels.${r.severity}.escalation)`,
      };
    if (channel === 'incident-issue' && r.existingIncident !== undefined)
      return {
        channel,
        use: true,
        why: `keeps the existing incident issue #${r.existingIncident} current`,
      };
    return {
      channel,
      use: false,
      why: `${r.severity} does not route to it (${levelKey}: ${r.routed.join(', ') || 'nothing'})`,
    };
  });
}
