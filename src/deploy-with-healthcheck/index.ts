// The bundle's entry (dist/deploy-with-healthcheck/index.js): run the action.
import { run } from './main.ts';

await run();
