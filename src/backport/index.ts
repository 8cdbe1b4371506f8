// The bundle's entry (dist/backport/index.js): run the action.
import { run } from './main.ts';

await run();
