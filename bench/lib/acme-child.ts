// Runs the demo company in its own process so that the site's event loop never shares a CPU
// slice with the harness being measured. Prints `URL <url>` once listening; with
// BENCH_LOG_REQUESTS=1 also `REQ <epoch ms> <method> <url>` for every request it receives.
// Stops when its stdin closes (the bench died) or on SIGTERM.
import diagnostics_channel from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { startAcme } from '../../fixtures/acme/server.ts';

const friction = process.argv[2] || undefined;
if (process.env.BENCH_LOG_REQUESTS === '1') {
  diagnostics_channel.subscribe('http.server.request.start', (msg) => {
    const req = (msg as { request: IncomingMessage }).request;
    process.stdout.write(`REQ ${Date.now()} ${req.method} ${req.url}\n`);
  });
}
const acme = await startAcme({ friction });
process.stdout.write(`URL ${acme.url}\n`);
let closing = false;
const stop = () => {
  if (closing) return;
  closing = true;
  void acme.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
