// What the verification measures: HTTP probes (one line of `health-urls` each) and Prometheus
// queries (one line of `prometheus-queries` each), parsed into plain specs before anything is
// deployed, so a typo fails the step with the input, the line and what was expected.
//
// health-urls, one check per line (or comma-separated when each item starts with http):
//   <url> [status=<codes>] [body~<text>] [json:<path>=<value>]... [max-latency=<duration>] [name=<name>]
//   https://api.example.com/health status=200 body~"ok" json:$.status=ok json:$.db.ready=true
// Double quotes group text with blanks ("json:$.checks['db ok']=true"); bracketed JSON keys
// use single quotes.
// prometheus-queries, one per line:
//   <name>: <PromQL> <op> <number>      op: < <= > >= == !=
//   error-rate: sum(rate(http_requests_total{code=~"5.."}[1m])) / sum(rate(http_requests_total[1m])) < 0.01
import { InputError } from '../runner/errors.ts';
import { DURATION_EXPECTED, formatDuration, parseDuration } from '../text/duration.ts';

export const COMPARISONS = ['<=', '>=', '==', '!=', '<', '>'] as const;
export type Comparison = (typeof COMPARISONS)[number];

export interface Threshold {
  op: Comparison;
  value: number;
}

export interface JsonExpectation {
  /** As written, e.g. `$.db.ready`. */
  path: string;
  segments: (string | number)[];
  /** Compared with the JSON value as text: `true` matches true and "true". */
  expected: string;
}

interface CheckBase {
  name: string;
  /** Measured and reported, but never deciding the verdict (the dry-run input). */
  dryRun?: boolean;
}

export interface HttpCheckSpec extends CheckBase {
  kind: 'http';
  url: string;
  /** Accepted statuses: `200`, `2xx`; default 2xx. */
  status: string[];
  bodyContains?: string;
  json: JsonExpectation[];
  maxLatencyMs?: number;
}

export interface PrometheusCheckSpec extends CheckBase {
  kind: 'prometheus';
  query: string;
  /** Healthy while `value <op> number` holds. */
  threshold: Threshold;
}

export type CheckSpec = HttpCheckSpec | PrometheusCheckSpec;

export const HEALTH_URL_EXPECTED =
  'a health check like `https://api.example.com/health status=200 body~"ok" json:$.status=ok` ' +
  '(options: status=, body~, json:<path>=, max-latency=, name=)';

export const QUERY_EXPECTED =
  'a query line like `error-rate: sum(rate(http_requests_total{code=~"5.."}[1m])) < 0.01` ' +
  '(name, colon, PromQL, then one of < <= > >= == != and a number)';

/** Parses the `health-urls` input; `maxLatencyMs` is the default of every URL. */
export function parseHealthUrls(
  text: string,
  maxLatencyMs?: number,
  input = 'health-urls',
): HttpCheckSpec[] {
  const specs: HttpCheckSpec[] = [];
  for (const item of listItems(text, /,\s*(?=https?:\/\/)/)) {
    specs.push(parseHealthUrl(item, maxLatencyMs, input));
  }
  uniqueNames(specs, input);
  return specs;
}

function parseHealthUrl(line: string, maxLatencyMs: number | undefined, input: string) {
  const bad = (why: string) => new InputError(input, line, `${HEALTH_URL_EXPECTED}: ${why}`);
  const tokens = tokenize(line, bad);
  const url = tokens.shift() ?? '';
  if (!isHttpUrl(url)) throw bad(`"${url}" is not an http(s) URL`);
  const spec: HttpCheckSpec = { kind: 'http', name: url, url, status: ['2xx'], json: [] };
  if (maxLatencyMs !== undefined) spec.maxLatencyMs = maxLatencyMs;
  for (const t of tokens) {
    const opt = /^(status=|body~|json:|max-latency=|name=)(.*)$/s.exec(t);
    const value = opt?.[2] ?? '';
    switch (opt?.[1]) {
      case 'status=': {
        const codes = value.split(/[|,]/).map((c) => c.trim().toLowerCase());
        if (!codes.every((c) => /^[1-5](\d\d|xx)$/.test(c)))
          throw bad(`"${t}": status takes codes like 200, 2xx or 200|204`);
        spec.status = codes;
        break;
      }
      case 'body~':
        if (value === '') throw bad(`"${t}": body~ needs the text to look for`);
        spec.bodyContains = value;
        break;
      case 'json:': {
        const eq = value.indexOf('=');
        const path = eq > 0 ? value.slice(0, eq) : value;
        const segments = eq > 0 ? parseJsonPath(path) : undefined;
        if (!segments) throw bad(`"${path}" is not a JSON path like $.status or $.checks[0].ok`);
        spec.json.push({ path, segments, expected: value.slice(eq + 1) });
        break;
      }
      case 'max-latency=': {
        const ms = parseDuration(value);
        if (ms === undefined) throw bad(`"${t}": max-latency takes ${DURATION_EXPECTED}`);
        spec.maxLatencyMs = ms;
        break;
      }
      case 'name=':
        if (value === '') throw bad(`"${t}": name= needs a name`);
        spec.name = value;
        break;
      default:
        throw bad(`unknown option "${t}"`);
    }
  }
  return spec;
}

/** Parses the `prometheus-queries` input: one query per line (PromQL has commas). */
export function parsePrometheusQueries(
  text: string,
  input = 'prometheus-queries',
): PrometheusCheckSpec[] {
  const specs: PrometheusCheckSpec[] = [];
  for (const line of listItems(text)) {
    // Lazy query, then the last comparison that is followed only by a number: PromQL may
    // contain comparisons of its own (`x > 0`).
    const m =
      /^([A-Za-z0-9_.-]+)\s*:\s*(\S.*?)\s*(<=|>=|==|!=|<|>)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*$/i.exec(
        line,
      );
    if (!m) throw new InputError(input, line, QUERY_EXPECTED);
    const [, name = '', query = '', op = '', number = ''] = m;
    specs.push({
      kind: 'prometheus',
      name,
      query,
      threshold: { op: op as Comparison, value: Number(number) },
    });
  }
  uniqueNames(specs, input);
  return specs;
}

/** Non-empty, non-comment lines; `also` splits a line further. */
function listItems(text: string, also?: RegExp): string[] {
  return text
    .split(/\r?\n/)
    .flatMap((l) => (also ? l.split(also) : [l]))
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

function uniqueNames(specs: CheckSpec[], input: string): void {
  const seen = new Set<string>();
  for (const s of specs) {
    if (seen.has(s.name))
      throw new InputError(
        input,
        s.name,
        'a unique check name (add name=<name> to tell them apart)',
      );
    seen.add(s.name);
  }
}

/** Splits on blanks; double quotes group (anywhere in a token) and \" escapes a quote. */
function tokenize(line: string, bad: (why: string) => Error): string[] {
  const tokens: string[] = [];
  let cur = '';
  let inToken = false;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (quoted) {
      if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) cur += line.charAt(++i);
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') {
      quoted = true;
      inToken = true;
    } else if (/\s/.test(c)) {
      if (inToken) tokens.push(cur);
      cur = '';
      inToken = false;
    } else {
      cur += c;
      inToken = true;
    }
  }
  if (quoted) throw bad('a quote is not closed');
  if (inToken) tokens.push(cur);
  return tokens;
}

function isHttpUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** `$.a.b[0]["c d"]` -> ['a', 'b', 0, 'c d']; undefined when it is not such a path. */
export function parseJsonPath(path: string): (string | number)[] | undefined {
  const re = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\["([^"]*)"\]|\['([^']*)'\]/y;
  if (!path.startsWith('$')) return undefined;
  const out: (string | number)[] = [];
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const m = re.exec(path);
    if (!m) return undefined;
    out.push(m[2] !== undefined ? Number(m[2]) : (m[1] ?? m[3] ?? m[4] ?? ''));
  }
  return out;
}

/** The value at a parsed path, or undefined when the path does not exist. */
export function valueAt(data: unknown, segments: (string | number)[]): unknown {
  let cur: unknown = data;
  for (const s of segments) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[s];
  }
  return cur;
}

export function compare(value: number, t: Threshold): boolean {
  switch (t.op) {
    case '<':
      return value < t.value;
    case '<=':
      return value <= t.value;
    case '>':
      return value > t.value;
    case '>=':
      return value >= t.value;
    case '==':
      return value === t.value;
    case '!=':
      return value !== t.value;
  }
}

/** What a check expects, in words, for the summary. */
export function describeCheck(spec: CheckSpec): string {
  if (spec.kind === 'prometheus') return `${spec.threshold.op} ${spec.threshold.value}`;
  const parts = [`status ${spec.status.join('|')}`];
  if (spec.bodyContains !== undefined) parts.push(`body contains "${spec.bodyContains}"`);
  for (const j of spec.json) parts.push(`${j.path} = ${j.expected}`);
  if (spec.maxLatencyMs !== undefined) parts.push(`latency ≤ ${formatDuration(spec.maxLatencyMs)}`);
  return parts.join(', ');
}
