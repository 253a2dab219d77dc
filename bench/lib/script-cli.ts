// The hand-written Playwright script as its own process (start-up comparison): node bench/lib/script-cli.ts URL
import { scriptOrder8 } from './script-order8.ts';

await scriptOrder8(process.argv[2]);
