#!/usr/bin/env node
// Runs the compiled tool (dist/). In a clone of the repository, `npm run setup` (npm ci) and
// `npm run build` make it; the published package ships it.
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('mystery-shopper: the compiled tool (dist/) is missing: run `npm run build` in the repository first.\n');
  process.exit(3);
}
const { main: run } = await import(main.href);
process.exitCode = await run(process.argv);
