// The bundle's entry (dist/notify/index.js): run the action.
import { run } from './main.ts';

await run();
