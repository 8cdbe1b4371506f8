// The bundle's entry (dist/validate-hotfix-pr/index.js): run the action.
import { run } from './main.ts';

await run();
