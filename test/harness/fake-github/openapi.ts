// GitHub's published OpenAPI description (npm @octokit/openapi): the fake builds its objects
// from the examples in it, and the contract test validates the fake's answers against it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface OpenApi {
  paths: Record<
    string,
    Record<string, { operationId: string; responses: Record<string, unknown> }>
  >;
  components: {
    schemas: Record<string, unknown>;
    examples: Record<string, { value: unknown }>;
  };
}

let spec: OpenApi | undefined;

/** The api.github.com description; parsed once per process (13 MB, about 0.3 s). */
export function openapi(): OpenApi {
  if (!spec) {
    const require = createRequire(import.meta.url);
    const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
    spec = JSON.parse(readFileSync(file, 'utf8')) as OpenApi;
  }
  return spec;
}

/** A deep copy of one of GitHub's published examples, e.g. `pull-request`. */
export function example(name: string): Record<string, unknown> {
  const ex = openapi().components.examples[name];
  if (!ex) throw new Error(`no OpenAPI example named ${name}`);
  return structuredClone(ex.value) as Record<string, unknown>;
}
