// hotfix-report's pure parts: the period, percentiles and percentages, reading pages within
// bounds, the charts as mermaid parses them, and the GraphQL query as GitHub's schema reads it.
import { describe, expect, it } from 'vitest';
import { validate } from '@octokit/graphql-schema';
import { parseMoment, periodOf } from '../../src/hotfix-report/period.ts';
import { readReportInputs } from '../../src/hotfix-report/inputs.ts';
import { percent, percentile } from '../../src/hotfix-report/metrics.ts';
import { mapLimit, readPages } from '../../src/hotfix-report/pages.ts';
import { monthsOf, resolveChart, rollbackChart, MAX_BARS } from '../../src/hotfix-report/charts.ts';
import { STATUSES_QUERY } from '../../src/hotfix-report/github.ts';
import { cut } from '../../src/hotfix-report/report.ts';
import { reportMarker, reportTitle } from '../../src/hotfix-report/report-issue.ts';
import type { Hotfix } from '../../src/hotfix-report/hotfixes.ts';
import { defaultPolicy } from '../../src/shared/policy/policy.ts';
import { parseMermaid } from '../harness/mermaid.ts';
import type { Severity } from '../../src/shared/severity/severity.ts';

const NOW = new Date('2026-11-24T10:30:00Z');

describe('period', () => {
  it('since and until: a duration back from now, a date, or a time', () => {
    expect(parseMoment('90d', NOW, 'start')?.toISOString()).toBe('2026-08-26T10:30:00.000Z');
    expect(parseMoment('12h', NOW, 'start')?.toISOString()).toBe('2026-11-23T22:30:00.000Z');
    expect(parseMoment('2026-11-01', NOW, 'start')?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    // A date as the end includes that day.
    expect(parseMoment('2026-11-01', NOW, 'end')?.toISOString()).toBe('2026-11-02T00:00:00.000Z');
    expect(parseMoment('2026-11-01T09:00:00+02:00', NOW, 'start')?.toISOString()).toBe(
      '2026-11-01T07:00:00.000Z',
    );
    for (const bad of ['last week', '2026-02-30', '2026-11-01 09:00', '', '-5d'])
      expect(parseMoment(bad, NOW, 'start'), bad).toBeUndefined();
  });

  it('ends no later than now, and is keyed by its UTC dates', () => {
    const p = periodOf(new Date('2026-11-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z'), NOW);
    expect(p.until).toEqual(NOW);
    expect(p.key).toBe('2026-11-01..2026-11-24');
    const october = periodOf(
      new Date('2026-10-01T00:00:00Z'),
      new Date('2026-11-01T00:00:00Z'),
      NOW,
    );
    expect(october.key).toBe('2026-10-01..2026-10-31');
    expect(reportTitle(october, 'production')).toBe(
      'Hotfix report: production, 2026-10-01 to 2026-10-31',
    );
    // Nothing that could end the HTML comment.
    expect(reportMarker(october, 'prod --> x')).toBe(
      '<!-- hotfix-actions:hotfix-report:prod-x:2026-10-01..2026-10-31 -->',
    );
  });

  it('inputs: the defaults, and a bad value named with what was expected', () => {
    const read = (values: Record<string, string>) =>
      readReportInputs((name) => values[name] ?? '', NOW);
    const input = read({ 'github-token': 'ghs_x' });
    expect(input).toMatchObject({ environment: 'production', issue: 'none', 'policy-file': '' });
    expect(input.period.since.toISOString()).toBe('2026-10-25T10:30:00.000Z');
    expect(input.period.until).toEqual(NOW);
    expect(() => read({})).toThrow('input "github-token" is required');
    expect(() => read({ 'github-token': 'x', since: 'soon' })).toThrow(
      'input "since": "soon" is not a duration back from now like 90d or 12h, a date like 2026-11-01, or a time like 2026-11-01T09:00:00Z',
    );
    expect(() => read({ 'github-token': 'x', since: '2026-12-01' })).toThrow(
      'input "since": "2026-12-01" is not a period that ends after it starts',
    );
    expect(() => read({ 'github-token': 'x', until: 'whenever' })).toThrow('input "until"');
  });
});

describe('percentiles and percentages', () => {
  it('interpolates between closest ranks, as numpy and PERCENTILE.INC do', () => {
    expect(percentile([], 50)).toBeUndefined();
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([4, 1, 3, 2], 50)).toBe(3); // 2.5, rounded to a whole millisecond
    expect(percentile([10, 20, 30, 40], 50)).toBe(25);
    const minutes = [40, 45, 50, 60, 65, 70, 105, 140].map((m) => m * 60_000);
    expect(percentile(minutes, 50)).toBe(62.5 * 60_000);
    expect(percentile(minutes, 90)).toBe(115.5 * 60_000);
    expect(percentile([0, 100], 90)).toBe(90);
  });

  it('percent: whole numbers, one decimal under 10 %', () => {
    expect(percent(2 / 8)).toBe('25%');
    expect(percent(2 / 3)).toBe('67%');
    expect(percent(1 / 21)).toBe('4.8%');
    expect(percent(0.05)).toBe('5%');
    expect(percent(0)).toBe('0%');
    expect(percent(1)).toBe('100%');
  });
});

describe('cut', () => {
  it('cuts between graphemes, never inside an emoji or a pair', () => {
    expect(cut('short', 80)).toBe('short');
    expect(cut('abcdef', 4)).toBe('abc…');
    const flags = '🇫🇷🇩🇪🇮🇹';
    expect(cut(flags, 6)).toBe('🇫🇷…');
    const family = 'a👨‍👩‍👧b';
    expect(cut(family, 5)).toBe('a…');
  });
});

describe('readPages', () => {
  /** A list of `total` items, newest first: item i is i minutes old. */
  function source(total: number) {
    const asked: number[] = [];
    const fetchPage = async (page: number) => {
      asked.push(page);
      return Array.from({ length: 100 }, (_, i) => (page - 1) * 100 + i).filter((i) => i < total);
    };
    return { asked, fetchPage };
  }

  it('reads the first page alone, then a few at a time, until a short page', async () => {
    const s = source(450);
    const items = await readPages(s.fetchPage, { concurrency: 3 });
    expect(items).toHaveLength(450);
    expect(s.asked).toHaveLength(7);
    expect(s.asked).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('stops at the page that reaches past the period, reading at most concurrency - 1 more', async () => {
    const s = source(10_000);
    const items = await readPages(s.fetchPage, {
      concurrency: 4,
      done: (page) => page.at(-1)! >= 250,
    });
    expect(items.at(-1)).toBe(299);
    expect(s.asked).toEqual([1, 2, 3, 4, 5]);
  });

  it('an empty list is one call', async () => {
    const s = source(0);
    expect(await readPages(s.fetchPage, { concurrency: 4 })).toEqual([]);
    expect(s.asked).toEqual([1]);
  });

  it('mapLimit keeps at most `limit` at work and the results in order', async () => {
    let running = 0;
    let most = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });
});

function hotfix(n: number, severity: Severity, resolveMin?: number, extra: Partial<Hotfix> = {}) {
  return {
    pr: {
      number: n,
      title: `fix ${n}`,
      body: '',
      labels: [],
      headRef: `hotfix/x-${n}`,
      baseRef: 'main',
      headSha: 'a'.repeat(40),
      mergeSha: null,
      createdAt: '2026-10-02T10:00:00Z',
      mergedAt: `2026-${String(9 + (n % 3)).padStart(2, '0')}-02T10:00:00Z`,
      url: `https://github.com/acme/shop/pull/${n}`,
    },
    severity,
    severityReason: '',
    key: `pr-${n}`,
    temporary: false,
    moments: { fixes: [], rollbacks: [] },
    durations: resolveMin === undefined ? {} : { timeToResolveMs: resolveMin * 60_000 },
    rolledBack: false,
    gaps: [],
    ...extra,
  } as Hotfix;
}

describe('charts', () => {
  const policy = defaultPolicy();

  it('time to resolve against the target line: every shape parses as GitHub renders it', async () => {
    const shapes: Hotfix[][] = [
      [hotfix(1, 'P0', 30)],
      [hotfix(1, 'P0', 30), hotfix(2, 'P0', 400), hotfix(3, 'P0')],
      Array.from({ length: 120 }, (_, i) => hotfix(i + 1, 'P1', (i * 37) % 600)),
      [hotfix(1, 'P1', 0.2), hotfix(2, 'P1', 100_000)],
    ];
    for (const hs of shapes) {
      const severity = hs[0]!.severity;
      const chart = resolveChart(hs, severity, policy)!;
      const body = /```mermaid\n([\s\S]*?)\n```/.exec(chart)![1]!;
      expect(await parseMermaid(body)).toBe('xychart');
      const bars = (body.match(/^ {2}bar \[(.*)\]$/m)?.[1] ?? '').split(', ');
      expect(bars.length).toBeLessThanOrEqual(MAX_BARS);
    }
    const many = resolveChart(
      Array.from({ length: 120 }, (_, i) => hotfix(i + 1, 'P1', 60)),
      'P1',
      policy,
    )!;
    expect(many).toContain('The 40 most recent of 120 resolved P1 hotfixes.');
    // No target, or nothing resolved: no chart.
    expect(resolveChart([hotfix(1, 'P2', 30)], 'P2', policy)).toBeUndefined();
    expect(resolveChart([hotfix(1, 'P0')], 'P0', policy)).toBeUndefined();
  });

  it('rollbacks per month over the period, and the months between', async () => {
    expect(
      monthsOf(Date.parse('2026-09-15T00:00:00Z'), Date.parse('2026-11-02T00:00:00Z')),
    ).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(
      monthsOf(Date.parse('2020-01-01T00:00:00Z'), Date.parse('2026-11-02T00:00:00Z')),
    ).toHaveLength(36);
    const hs = [
      hotfix(1, 'P0', 30, { rolledBack: true }),
      hotfix(2, 'P1', 30),
      hotfix(3, 'P2', 30, { rolledBack: true }),
      hotfix(4, 'P2', undefined, { gaps: ['no-deployment'] }),
    ];
    const chart = rollbackChart(
      hs,
      Date.parse('2026-09-01T00:00:00Z'),
      Date.parse('2026-12-01T00:00:00Z'),
    )!;
    const body = /```mermaid\n([\s\S]*?)\n```/.exec(chart)![1]!;
    expect(await parseMermaid(body)).toBe('xychart');
    expect(body).toContain('x-axis "month of the merge (UTC)" ["2026-09", "2026-10", "2026-11"]');
    // Merged in: #1 October, #2 November, #3 September; #4 was never deployed.
    expect(body).toContain('bar [1, 1, 1]');
    expect(body).toContain('bar [1, 1, 0]');
    const single = rollbackChart(
      [hotfix(3, 'P0', 1)],
      Date.parse('2026-09-01T00:00:00Z'),
      Date.parse('2026-09-08T00:00:00Z'),
    )!;
    expect(await parseMermaid(/```mermaid\n([\s\S]*?)\n```/.exec(single)![1]!)).toBe('xychart');
    expect(
      rollbackChart([hotfix(4, 'P2', undefined, { gaps: ['no-deployment'] })], 0, 1),
    ).toBeUndefined();
  });
});

describe('the GraphQL query of deployment statuses', () => {
  it("is valid against GitHub's published schema", () => {
    expect(validate(STATUSES_QUERY)).toEqual([]);
    // The check can fail: a field GitHub does not have is reported.
    expect(validate(STATUSES_QUERY.replace('logUrl', 'logURL')).length).toBeGreaterThan(0);
  });
});
