// The bundle's entry (dist/auto-rollback/index.js): run the action.
import { run } from './main.ts';

await run();
