// The contract check's own process (see contract.ts): answers {id, answers} with
// {id, problems}, and exits with the test process that started it.
import { violationsOf, type Answer } from './contract.ts';

process.on('message', (m: { id: number; answers: string }) => {
  let problems: string[];
  try {
    problems = violationsOf(JSON.parse(m.answers) as Answer[]);
  } catch (err) {
    problems = [`the contract check failed: ${String(err)}`];
  }
  process.send!({ id: m.id, problems });
});
process.on('disconnect', () => process.exit(0));
