// The health-urls and prometheus-queries syntax: what parses, and the errors for what does not.
import { describe, expect, it } from 'vitest';
import {
  parseHealthUrls,
  parseJsonPath,
  parsePrometheusQueries,
  valueAt,
  describeCheck,
} from '../../src/shared/health/checks.ts';
import { healthPlan } from '../../src/shared/health/settings.ts';
import { defaultPolicy } from '../../src/shared/policy/policy.ts';
import { InputError } from '../../src/shared/runner/errors.ts';

describe('health-urls', () => {
  it('parses a URL with every kind of expectation', () => {
    const [c] = parseHealthUrls(
      `https://api.example.com/health status=200|204 body~"all good" json:$.status=ok "json:$.checks[0]['db ok']=true" max-latency=800ms name=api`,
    );
    expect(c).toEqual({
      kind: 'http',
      name: 'api',
      url: 'https://api.example.com/health',
      status: ['200', '204'],
      bodyContains: 'all good',
      json: [
        { path: '$.status', segments: ['status'], expected: 'ok' },
        { path: "$.checks[0]['db ok']", segments: ['checks', 0, 'db ok'], expected: 'true' },
      ],
      maxLatencyMs: 800,
    });
    expect(describeCheck(c!)).toBe(
      `status 200|204, body contains "all good", $.status = ok, $.checks[0]['db ok'] = true, latency ≤ 800ms`,
    );
  });

  it('defaults to any 2xx, names a check by its URL, and takes max-latency from the input', () => {
    expect(parseHealthUrls('http://127.0.0.1:8080/health', 500)).toEqual([
      {
        kind: 'http',
        name: 'http://127.0.0.1:8080/health',
        url: 'http://127.0.0.1:8080/health',
        status: ['2xx'],
        json: [],
        maxLatencyMs: 500,
      },
    ]);
  });

  it('takes one URL per line or comma-separated URLs, and skips blank lines and comments', () => {
    const specs = parseHealthUrls(
      '\n# the API\nhttps://a.example/health status=200,204\n\nhttps://b.example/h, https://c.example/h?x=1,2\n',
    );
    expect(specs.map((s) => s.url)).toEqual([
      'https://a.example/health',
      'https://b.example/h',
      'https://c.example/h?x=1,2',
    ]);
    // status=200,204: a comma not followed by a URL stays inside the item.
    expect(specs[0]!.status).toEqual(['200', '204']);
  });

  it('keeps quoted text and escaped quotes', () => {
    const [c] = parseHealthUrls('https://x.example/h body~"say \\"hi\\"" json:$.msg="a b"');
    expect(c!.bodyContains).toBe('say "hi"');
    expect(c!.json[0]!.expected).toBe('a b');
  });

  it.each([
    ['https://x.example/h stauts=200', 'unknown option "stauts=200"'],
    ['x.example/h', '"x.example/h" is not an http(s) URL'],
    ['ftp://x.example/h', 'is not an http(s) URL'],
    ['https://x.example/h status=600', 'status takes codes like 200, 2xx or 200|204'],
    ['https://x.example/h status=ok', 'status takes codes'],
    ['https://x.example/h body~', 'body~ needs the text'],
    ['https://x.example/h json:status=ok', '"status" is not a JSON path'],
    ['https://x.example/h json:$..x=1', 'is not a JSON path'],
    ['https://x.example/h max-latency=fast', 'max-latency takes a duration'],
    ['https://x.example/h body~"open', 'a quote is not closed'],
    ['https://x.example/h\nhttps://x.example/h', 'a unique check name'],
  ])('rejects %j: %s', (text, why) => {
    let err: unknown;
    try {
      parseHealthUrls(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).input).toBe('health-urls');
    expect((err as Error).message).toContain(why);
    expect((err as Error).message).toMatch(/^input "health-urls": /);
  });
});

describe('JSON paths', () => {
  it.each([
    ['$', []],
    ['$.a', ['a']],
    ['$.a.b_c', ['a', 'b_c']],
    ['$.a[2].b', ['a', 2, 'b']],
    ["$['x y']", ['x y']],
    ['$["x.y"]', ['x.y']],
  ])('%s', (path, segments) => expect(parseJsonPath(path)).toEqual(segments));

  it.each(['a.b', '$.', '$[x]', '$.a[', '$a'])('rejects %s', (path) =>
    expect(parseJsonPath(path)).toBeUndefined(),
  );

  it('reads values and says undefined for what is not there', () => {
    const doc = { a: { b: [1, { c: 'x' }] } };
    expect(valueAt(doc, ['a', 'b', 1, 'c'])).toBe('x');
    expect(valueAt(doc, ['a', 'z'])).toBeUndefined();
    expect(valueAt(doc, ['a', 'b', 0, 'c'])).toBeUndefined();
  });
});

describe('prometheus-queries', () => {
  it('parses name, PromQL, comparison and number, keeping comparisons inside the query', () => {
    const specs = parsePrometheusQueries(
      [
        'error-rate: sum(rate(http_requests_total{code=~"5.."}[1m])) / sum(rate(http_requests_total[1m])) < 0.01',
        'p99: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) <= 0.5',
        'pods: count(up{job="api"} == 1) >= 3',
        'restarts: sum(increase(kube_pod_container_status_restarts_total[5m])) == 0',
        'tiny: x != -1e-3',
      ].join('\n'),
    );
    expect(specs.map((s) => [s.name, s.query, s.threshold.op, s.threshold.value])).toEqual([
      [
        'error-rate',
        'sum(rate(http_requests_total{code=~"5.."}[1m])) / sum(rate(http_requests_total[1m]))',
        '<',
        0.01,
      ],
      [
        'p99',
        'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))',
        '<=',
        0.5,
      ],
      ['pods', 'count(up{job="api"} == 1)', '>=', 3],
      ['restarts', 'sum(increase(kube_pod_container_status_restarts_total[5m]))', '==', 0],
      ['tiny', 'x', '!=', -0.001],
    ]);
  });

  it.each([
    'sum(rate(x[1m])) < 0.01',
    'error-rate: sum(rate(x[1m]))',
    'error-rate: < 0.01',
    'error rate: x < 1',
    'error-rate: x < one',
  ])('rejects %j, naming the input and the expected form', (line) => {
    expect(() => parsePrometheusQueries(line)).toThrow(
      /^input "prometheus-queries": .* is not a query line like `error-rate: /,
    );
  });

  it('rejects two queries with one name', () => {
    expect(() => parsePrometheusQueries('a: x < 1\na: y < 2')).toThrow('a unique check name');
  });
});

describe('healthPlan', () => {
  const none = {
    'health-urls': '',
    'prometheus-queries': '',
    'dry-run': [] as string[],
  };

  it('takes the policy defaults, then overrides them with inputs', () => {
    const policy = defaultPolicy().health;
    expect(healthPlan(none, policy)).toEqual({
      specs: [],
      window: {
        intervalMs: 10_000,
        durationMs: 120_000,
        initialDelayMs: 0,
        probeTimeoutMs: 5_000,
        failureLimit: 0,
        consecutiveErrorLimit: 4,
        inconclusiveLimit: 0,
        consecutiveSuccessLimit: 0,
        inconclusive: 'fail',
      },
      inconclusive: 'fail',
    });
    const plan = healthPlan(
      { ...none, interval: 1_000, 'failure-limit': 2, inconclusive: 'pass' },
      { ...policy, duration: '30s', 'failure-limit': 5 },
    );
    expect(plan.window).toMatchObject({ intervalMs: 1_000, durationMs: 30_000, failureLimit: 2 });
    expect(plan.inconclusive).toBe('pass');
  });

  it('needs prometheus-url for queries, an interval above 0, and distinct names across kinds', () => {
    const policy = defaultPolicy().health;
    expect(() => healthPlan({ ...none, 'prometheus-queries': 'a: up < 1' }, policy)).toThrow(
      'input "prometheus-url" is required',
    );
    expect(() => healthPlan({ ...none, interval: 0 }, policy)).toThrow(
      'input "interval": "0ms" is not a duration above 0',
    );
    expect(() =>
      healthPlan(
        {
          ...none,
          'health-urls': 'https://x.example/h name=api',
          'prometheus-queries': 'api: up < 1',
          'prometheus-url': 'http://127.0.0.1:9090',
        },
        policy,
      ),
    ).toThrow('a name no health URL uses');
  });

  it('takes the new limits from inputs or the policy, and marks dry-run checks by name', () => {
    const policy = { ...defaultPolicy().health, 'inconclusive-limit': 2 };
    const plan = healthPlan(
      {
        ...none,
        'health-urls': 'https://x.example/h name=api',
        'prometheus-queries': 'new-query: up < 1',
        'prometheus-url': 'http://127.0.0.1:9090',
        'consecutive-success-limit': 3,
        'dry-run': ['new-query'],
      },
      policy,
    );
    expect(plan.window).toMatchObject({ inconclusiveLimit: 2, consecutiveSuccessLimit: 3 });
    expect(plan.specs.map((s) => [s.name, s.dryRun === true])).toEqual([
      ['api', false],
      ['new-query', true],
    ]);
    expect(() =>
      healthPlan(
        { ...none, 'health-urls': 'https://x.example/h name=api', 'dry-run': ['error-rate'] },
        policy,
      ),
    ).toThrow(
      'input "dry-run": "error-rate" is not the name of a check in health-urls or prometheus-queries (api)',
    );
  });
});
