// The bundle's entry (dist/critical-tests/index.js): run the action.
import { run } from './main.ts';

await run();
