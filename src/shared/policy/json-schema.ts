// The JSON Schema of the policy file, generated from the zod schema so that editors can
// validate and complete .github/hotfix.yml; `npm run schema` writes it to schema/.
import { z } from 'zod';
import { policySchema } from './schema.ts';

export function policyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(policySchema, { io: 'input', target: 'draft-2020-12' }),
    $id: 'https://github.com/hotfix-actions/hotfix-actions/blob/v1/schema/hotfix-policy.schema.json',
    title: 'hotfix-actions policy (.github/hotfix.yml)',
  };
}
