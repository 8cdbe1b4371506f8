// Durations as people write them in workflow inputs and the policy file: 30s, 5m, 2h, 1h30m, 500ms.

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;

/** Milliseconds for a duration like `30s`, `5m`, `1h30m`; undefined when the text is not one. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim().toLowerCase();
  if (s === '') return undefined;
  PART.lastIndex = 0;
  let total = 0;
  let end = 0;
  for (let m = PART.exec(s); m; m = PART.exec(s)) {
    total += Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
    end = PART.lastIndex;
  }
  return end === s.length ? Math.round(total) : undefined;
}

export const DURATION_EXPECTED = 'a duration like 30s, 5m or 1h';

/** A short human duration: 850ms, 12s, 4m 05s, 1h 24m, 2d 3h. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const a = Math.abs(ms);
  if (a < 1_000) return `${sign}${Math.round(a)}ms`;
  if (a < 60_000) return `${sign}${(a / 1_000).toFixed(a < 10_000 ? 1 : 0).replace(/\.0$/, '')}s`;
  const s = Math.floor(a / 1_000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  const sec = s % 60;
  if (d > 0) return `${sign}${d}d ${h}h`;
  if (h > 0) return `${sign}${h}h ${String(m).padStart(2, '0')}m`;
  return `${sign}${m}m ${String(sec).padStart(2, '0')}s`;
}
