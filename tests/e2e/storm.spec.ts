// A page that floods the console (issue 12, part 3): the audit finishes, each step keeps to the
// customer's patience, the record keeps at most `maxObservations` console errors and counts the
// rest, runs.jsonl stays small and the reports are written. Performance targets live in bench/.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { RunRecord } from '../../src/model/run-record.ts';
import { CONSOLE_MARGIN, OTHER_MESSAGES } from '../../src/observers/page.ts';
import { readRunRecords, rebuildReport, runAudit, RUNS_FILE } from '../../src/pipeline.ts';
import { tempDir } from './helpers.ts';

/** How long each page load storms, ms: longer than the 3 s wait, short enough for a 2-core machine. */
const STORM_MS = 8_000;
const MAX_OBSERVATIONS = 200;

/**
 * Tries for 500 console errors a millisecond: a burst of 500 every tick of a 1 ms interval, until
 * STORM_MS has passed. Most repeat one of three texts; every 50th is unique (a counter), so the
 * count by message has to bound itself too. When the storm is over the page says so and tells
 * the server how many it logged.
 */
const STORM_PAGE = `<!doctype html>
<html lang="en"><title>Storm</title>
<h1>Storm</h1>
<p id="calm" hidden>The storm is over</p>
<script>
  let logged = 0;
  const until = performance.now() + ${STORM_MS};
  const burst = () => {
    for (let i = 0; i < 500; i++) {
      logged++;
      console.error(i % 50 === 0 ? 'Storm error number ' + logged : 'Storm error ' + (i % 3));
    }
  };
  const timer = setInterval(() => {
    if (performance.now() > until) {
      clearInterval(timer);
      document.getElementById('calm').hidden = false;
      fetch('/logged', { method: 'POST', body: location.search + ' ' + logged });
      return;
    }
    burst();
    queueMicrotask(burst);
  }, 1);
</script>
</html>`;

const WAIT_JOURNEY = `id: storm-wait
name: Wait on a stormy page for what never comes
start: /storm
steps:
  - name: Wait for the answer
    waitFor: { role: heading, name: Your answer, patience: 3000 }
`;

const CALM_JOURNEY = `id: storm-calm
name: Read a stormy page until it calms down
start: /storm?calm
steps:
  - name: See the page
    expect: { role: heading, name: Storm }
  - name: Wait for the calm
    waitFor: { text: The storm is over, patience: 30000 }
`;

test('a console storm: the audit finishes, steps keep to their patience, the record stays bounded', async () => {
  test.setTimeout(180_000);
  /** What each page logged, by its query (the calm journey's page is /storm?calm). */
  const logged = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/logged') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const [query, count] = body.split(' ');
        logged.set(query, Number(count));
        res.end();
      });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(STORM_PAGE);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const dir = tempDir('ms-storm-');
  writeFileSync(join(dir, 'wait.journey.yaml'), WAIT_JOURNEY);
  writeFileSync(join(dir, 'calm.journey.yaml'), CALM_JOURNEY);
  writeFileSync(
    join(dir, 'mystery-shopper.config.json'),
    JSON.stringify({ journeys: ['.'], personas: { alex: {} }, concurrency: 1, patienceMs: 20_000, screenshots: 'failures', maxObservations: MAX_OBSERVATIONS }),
  );

  // This process runs the audit: its memory is the harness's.
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const t0 = performance.now();
  let result: Awaited<ReturnType<typeof runAudit>>;
  try {
    result = await runAudit({ cwd: dir, baseURL, out: tempDir('ms-storm-out-') });
  } finally {
    clearInterval(sampler);
    await new Promise((r) => server.close(r));
  }
  const tookMs = performance.now() - t0;
  test.info().annotations.push({
    type: 'storm',
    description: `audit ${Math.round(tookMs)} ms, peak RSS ${Math.round(peakRss / 1e6)} MB, pages logged ${[...logged.values()].join(', ') || '?'} errors`,
  });

  // Finished, in a generous bound (before the fix: 335 s for an 8 s step, then a crash).
  expect(tookMs).toBeLessThan(120_000);
  expect(peakRss).toBeLessThan(1_000_000_000);

  const runsFile = join(result.dir, RUNS_FILE);
  expect(statSync(runsFile).size).toBeLessThan(1_000_000);
  const records = readRunRecords(runsFile, RUNS_FILE);
  const byId = new Map<string, RunRecord>(records.map((r) => [r.journeyId, r]));
  expect([...byId.keys()].sort()).toEqual(['storm-calm', 'storm-wait']);

  // The wait that never ends ends at the customer's patience (3 s, plus a generous margin).
  const wait = byId.get('storm-wait')!;
  expect(wait.status).toBe('failed');
  const waited = wait.steps.find((s) => s.name === 'Wait for the answer')!;
  expect(waited.error?.message).toContain('did not appear within 3 s');
  expect(waited.waits?.[0]).toMatchObject({ patienceMs: 3000, outcome: 'missing' });
  expect(waited.durationMs).toBeLessThan(3000 + 10_000);

  // The patient customer gets through once the storm is over.
  const calm = byId.get('storm-calm')!;
  expect(calm.steps.map((s) => [s.name, s.status])).toEqual([
    ['Open the start page', 'passed'],
    ['See the page', 'passed'],
    ['Wait for the calm', 'passed'],
  ]);
  expect(calm.status).toBe('completed');

  for (const run of records) {
    const { consoleErrors, overflow = [] } = run.observations;
    expect(consoleErrors).toHaveLength(MAX_OBSERVATIONS);
    const counted = overflow.filter((o) => o.kind === 'consoleErrors');
    // Counted by message: the three repeated texts, unique ones up to the cap, the rest as one.
    expect(counted.find((o) => o.message === 'Storm error 0')?.count).toBeGreaterThan(100);
    expect(counted.filter((o) => !o.message.startsWith('(')).length).toBeLessThanOrEqual(MAX_OBSERVATIONS);
    expect(overflow.length).toBeLessThanOrEqual(5 * (MAX_OBSERVATIONS + 2));
    for (const o of overflow) expect(o.count).toBeGreaterThan(0);
    const total = consoleErrors.length + counted.reduce((n, o) => n + o.count, 0);
    expect(total).toBeGreaterThan(MAX_OBSERVATIONS);
    // Counting stops (and says so) only past the margin; below it, every error is counted.
    const stopped = counted.find((o) => o.message.startsWith('(console no longer watched'));
    if (stopped) expect(total).toBeGreaterThanOrEqual(MAX_OBSERVATIONS + CONSOLE_MARGIN);
  }
  const calmCounted = calm.observations.overflow!.filter((o) => o.kind === 'consoleErrors');
  expect(calmCounted.some((o) => o.message === OTHER_MESSAGES)).toBe(true);
  // Never more than the page logged (the calm page says how many once its storm is over).
  const calmLogged = logged.get('?calm');
  if (calmLogged !== undefined) {
    const total = calm.observations.consoleErrors.length + calmCounted.filter((o) => !o.message.startsWith('(console')).reduce((n, o) => n + o.count, 0);
    expect(total).toBeLessThanOrEqual(calmLogged);
  }

  // The reports are written; scorecard.json points at runs.jsonl instead of carrying the runs.
  for (const file of ['scorecard.json', 'index.html', 'junit.xml', 'summary.md']) expect(existsSync(join(result.dir, file)), file).toBe(true);
  const scorecard = JSON.parse(readFileSync(join(result.dir, 'scorecard.json'), 'utf8'));
  expect(scorecard.runsFile).toBe('runs.jsonl');
  expect(scorecard.journeys.map((j: { runCounts: { total: number } }) => j.runCounts.total)).toEqual([1, 1]);
  expect(scorecard.journeys.every((j: object) => !('runs' in j))).toBe(true);
  // The console-error rule still reads the capped records.
  expect(result.scorecard.frictionPoints.some((p) => p.ruleId === 'console-error' && p.message.includes('Storm error'))).toBe(true);

  // And the folder rebuilds from its records.
  const rebuilt = await rebuildReport(result.dir, dir);
  expect(rebuilt.scorecard.summary.runs.total).toBe(2);
});
