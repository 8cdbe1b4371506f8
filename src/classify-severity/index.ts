// The bundle's entry (dist/classify-severity/index.js): run the action.
import { run } from './main.ts';

await run();
