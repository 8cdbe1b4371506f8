// Checks the fake's recorded answers against GitHub's OpenAPI description, so the fake
// cannot drift from what the real API returns. Used by the contract tests of every route.
//
// The check runs in a process of its own (contract-checker.ts): compiling GitHub's schemas
// takes seconds of CPU on a busy machine, and in the test's process it would block the event
// loop that serves the fake GitHub, the test services and the chat receivers to the actions
// running beside it, whose requests would then time out for no fault of theirs.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { openapi } from './openapi.ts';
import type { FakeRequest } from './server.ts';
import { NODE24 } from '../run-action.ts';

/** What is checked of one request: the route that answered, its status and its JSON body. */
export interface Answer {
  route?: string;
  method: string;
  status: number;
  response: unknown;
}

let checker: ChildProcess | undefined;
let nextId = 0;
const waiting = new Map<number, { resolve: (p: string[]) => void; reject: (e: Error) => void }>();

function startChecker(): ChildProcess {
  const child = spawn(NODE24, [fileURLToPath(new URL('./contract-checker.ts', import.meta.url))], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const failAll = (err: Error) => {
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
    checker = undefined;
  };
  child.on('message', (m: { id: number; problems: string[] }) => {
    waiting.get(m.id)?.resolve(m.problems);
    waiting.delete(m.id);
  });
  child.on('error', failAll);
  child.on('exit', (code, signal) =>
    failAll(new Error(`the contract checker exited (${code ?? signal}) before answering`)),
  );
  // Idle, it must not keep the test process alive; it exits when that process goes.
  child.unref();
  child.channel?.unref();
  return child;
}

/** Problems with the fake's answers; empty when every answer matches GitHub's description. */
export function contractViolations(requests: FakeRequest[]): Promise<string[]> {
  // As sent on the wire: what a client of the real API would have to parse.
  const answers = JSON.stringify(
    requests.map(({ route, method, status, response }): Answer => ({
      ...(route === undefined ? {} : { route }),
      method,
      status,
      response,
    })),
  );
  checker ??= startChecker();
  const id = nextId++;
  return new Promise<string[]>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    checker!.channel?.ref();
    checker!.send({ id, answers }, (err) => {
      if (err) reject(err);
    });
  }).finally(() => {
    if (!waiting.size) checker?.channel?.unref();
  });
}

let ajv: Ajv | undefined;
const cache = new Map<string, ValidateFunction | null>();

function validator(route: string, method: string, status: number): ValidateFunction | null {
  const key = `${method} ${route} ${status}`;
  if (cache.has(key)) return cache.get(key)!;
  const spec = openapi();
  if (!ajv) {
    // OpenAPI 3.0 schemas: `nullable`, and keywords (example, x-github) Ajv does not know.
    ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
    addFormats.default(ajv);
    // GitHub answers "" for an unset URL (a deployment status's target_url and
    // environment_url document "" as their default) although the schema says format uri.
    const uri = ajv.formats.uri as { validate?: (s: string) => boolean } | ((s: string) => boolean);
    const isUri = typeof uri === 'function' ? uri : (uri.validate ?? (() => true));
    ajv.addFormat('uri', (s: string) => s === '' || isUri(s));
    ajv.addSchema(nullableToAnyOf({ components: spec.components }) as object, 'gh');
  }
  const operation = spec.paths[route]?.[method.toLowerCase()];
  if (!operation)
    throw new Error(
      `the fake answers ${method} ${route}, which is not in GitHub's OpenAPI description`,
    );
  let response = operation.responses[String(status)] as Record<string, unknown> | undefined;
  if (response && typeof response.$ref === 'string') {
    const name = response.$ref.split('/').pop()!;
    response = (
      spec.components as unknown as { responses: Record<string, Record<string, unknown>> }
    ).responses[name];
  }
  if (!response) throw new Error(`GitHub's ${method} ${route} never answers ${status}`);
  const content = response.content as Record<string, { schema?: unknown }> | undefined;
  const schema = content?.['application/json']?.schema;
  const fn = schema
    ? ajv.compile(
        nullableToAnyOf(
          JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"gh#/components/')),
        ) as object,
      )
    : null;
  cache.set(key, fn);
  return fn;
}

/** The check itself, synchronous: run by contract-checker.ts, out of the tests' processes. */
export function violationsOf(requests: Answer[]): string[] {
  const problems: string[] = [];
  for (const r of requests) {
    // GraphQL is not part of the REST description; routes/graphql.ts documents its shape.
    if (!r.route || r.route === '/graphql') continue;
    try {
      const validate = validator(r.route, r.method, r.status);
      if (validate && !validate(r.response)) {
        const e = validate.errors?.[0];
        problems.push(
          `${r.method} ${r.route} ${r.status}: ${e?.instancePath} ${e?.message} ${JSON.stringify(e?.params)}`,
        );
      }
    } catch (err) {
      problems.push(String(err));
    }
  }
  return problems;
}

/**
 * Ajv reads OpenAPI's `nullable` only beside `type`, and never lets it widen an `enum`:
 * elsewhere it becomes anyOf [schema, null], and a nullable enum gains null.
 */
function nullableToAnyOf(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableToAnyOf);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node))
    out[k] = k === 'example' || k === 'examples' ? v : nullableToAnyOf(v);
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null))
    out.enum = [...out.enum, null];
  if (out.nullable === true && out.type === undefined) {
    delete out.nullable;
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}
