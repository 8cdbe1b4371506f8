// The runner adapter for a runner name.
import type { Runner, RunnerContext, RunnerName } from './types.ts';
import type { SelectMode } from '../selection.ts';
import { vitestRunner } from './vitest.ts';
import { jestRunner } from './jest.ts';
import { pytestRunner } from './pytest.ts';
import { goRunner } from './go.ts';
import { commandRunner } from './command.ts';

export async function createRunner(
  name: RunnerName,
  ctx: RunnerContext,
  tag: string,
  select: SelectMode,
): Promise<Runner> {
  switch (name) {
    case 'vitest':
      return vitestRunner(ctx, tag, select);
    case 'jest':
      return jestRunner(ctx);
    case 'pytest':
      return pytestRunner(ctx);
    case 'go':
      return goRunner(ctx);
    case 'command':
      return commandRunner(ctx, tag);
  }
}
