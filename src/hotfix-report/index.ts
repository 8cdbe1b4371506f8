// The bundle's entry (dist/hotfix-report/index.js): run the action.
import { run } from './main.ts';

await run();
