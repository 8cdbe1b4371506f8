// Every workflow we ship, read by GitHub's own workflow parser (@actions/workflow-parser, the
// one behind github.com and the VS Code extension): the schema authority. actionlint, run by
// npm run lint, predates some keys GitHub accepts (environment.deployment).
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  NoOperationTraceWriter,
  convertWorkflowTemplate,
  parseWorkflow,
} from '@actions/workflow-parser';
import { readRepoFile } from '../harness/workflow-files.ts';
import { ROOT } from '../harness/run-action.ts';

const files = ['.github/workflows', 'examples'].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => /\.ya?ml$/.test(f) && !f.includes('policy'))
    .map((f) => `${dir}/${f}`),
);

describe("GitHub's workflow parser", () => {
  it.each(files)('%s has no errors', async (file) => {
    const parsed = parseWorkflow(
      { name: file, content: readRepoFile(file) },
      new NoOperationTraceWriter(),
    );
    expect(parsed.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    const template = await convertWorkflowTemplate(parsed.context, parsed.value!);
    expect((template.errors ?? []).map((e) => e.Message)).toEqual([]);
  });

  it('reports what it does not accept, so the check above can fail', () => {
    const parsed = parseWorkflow(
      {
        name: 'bad.yml',
        content:
          'on: push\njobs:\n  a:\n    runs-on: x\n    environment: { name: p, deploy: no }\n    steps: [{ run: a }]\n',
      },
      new NoOperationTraceWriter(),
    );
    expect(
      parsed.context.errors
        .getErrors()
        .map((e) => e.message)
        .join('\n'),
    ).toContain("Unexpected value 'deploy'");
  });
});
