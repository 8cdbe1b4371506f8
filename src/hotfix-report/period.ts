// The period a report covers, from the since and until inputs: a duration back from now
// (`90d`, `12h`), a date (`2026-11-01`, a whole day in UTC) or a time (ISO-8601). A date as
// `until` includes that day. The report describes the history as it stood at `until`: what
// was recorded later (a status, an issue closed afterwards) is not seen, so a report of a
// past period reads the same whenever it is run.
import { parseDuration } from '../shared/text/duration.ts';

export interface Period {
  /** Inclusive. */
  since: Date;
  /** Exclusive; never later than `now`. */
  until: Date;
  /** `2026-11-01..2026-11-30`: UTC dates of since and of until's last moment. */
  key: string;
}

const DAY = 86_400_000;

/** A moment from an input, or undefined when the text is none of the accepted forms. */
export function parseMoment(text: string, now: Date, edge: 'start' | 'end'): Date | undefined {
  const s = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const day = Date.parse(`${s}T00:00:00Z`);
    if (Number.isNaN(day) || new Date(day).toISOString().slice(0, 10) !== s) return undefined;
    return new Date(edge === 'start' ? day : day + DAY);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
    const t = Date.parse(s);
    return Number.isNaN(t) ? undefined : new Date(t);
  }
  const ms = parseDuration(s);
  return ms === undefined ? undefined : new Date(now.getTime() - ms);
}

export const MOMENT_EXPECTED =
  'a duration back from now like 90d or 12h, a date like 2026-11-01, or a time like 2026-11-01T09:00:00Z';

/** The UTC date a period key shows for a moment. */
function dateOf(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

export function periodOf(since: Date, until: Date, now: Date): Period {
  const end = new Date(Math.min(until.getTime(), now.getTime()));
  return { since, until: end, key: `${dateOf(since.getTime())}..${dateOf(end.getTime() - 1)}` };
}
