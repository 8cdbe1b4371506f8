// Writes schema/hotfix-policy.schema.json from the zod schema (a test fails when it is stale).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { policyJsonSchema } from '../src/shared/policy-json-schema.ts';

const file = join(import.meta.dirname, '..', 'schema', 'hotfix-policy.schema.json');
writeFileSync(file, JSON.stringify(policyJsonSchema(), null, 2) + '\n');
console.log(`wrote ${file}`);
