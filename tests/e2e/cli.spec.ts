// The CLI as a user runs it: a real process, real files, real browser, real demo company.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startAcme } from '../../fixtures/acme/server.ts';
import { ONE_PERSONA, ROOT, tempDir } from './helpers.ts';

const BIN = join(ROOT, 'bin/mystery-shopper.mjs');

/** Runs the CLI without blocking this process, which may be serving the site under audit. */
function cli(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const reportDirs = (out: string) => (existsSync(out) ? readdirSync(out).filter((d) => d !== 'latest') : []);

const JOURNEY = `id: look
name: Look at the home page
steps:
  - name: Open the home page
    goto: /
  - name: See the welcome
    waitFor: { role: heading, name: Welcome, within: 1000, patience: 2000 }
`;

test('bad input: exit 2, file, line, path and expectation named, no stack trace, nothing written', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'bad.journey.yaml'), JOURNEY.replace('goto: /', 'goto: /\n    clik: { text: Go }'));
  const out = join(dir, 'reports');
  for (const command of [['validate', 'bad.journey.yaml'], ['run', 'bad.journey.yaml', '--base-url', 'http://127.0.0.1:9/', '--out', out]]) {
    const r = await cli(command, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.journey.yaml:6:5 at steps[0].clik: unknown action or step field "clik"');
    expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  }
  expect(reportDirs(out)).toEqual([]);
  const flags = await cli(['run', 'bad.journey.yaml', '--concurrency', 'lots'], dir);
  expect(flags.code).toBe(2);
  expect(flags.stderr).toContain('--concurrency expects a whole number');
});

test('an unreachable site: every run is a dead end with the network error, and the scorecard is written', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'look.journey.yaml'), JOURNEY);
  // A port that was just free: nothing listens there.
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise((r) => server.close(r));
  const r = await cli(['run', 'look.journey.yaml', '--base-url', `http://127.0.0.1:${port}/`, '--out', 'reports'], dir);
  expect(r.code).toBe(1);
  const scorecard = JSON.parse(readFileSync(join(dir, 'reports/latest/scorecard.json'), 'utf8'));
  expect(scorecard.summary.runs).toMatchObject({ total: 1, failed: 1 });
  const deadEnd = scorecard.frictionPoints.find((p: { ruleId: string }) => p.ruleId === 'dead-end');
  expect(deadEnd.stepName).toBe('Open the home page');
  expect(deadEnd.message).toContain('ERR_CONNECTION_REFUSED');
  expect(existsSync(join(dir, 'reports/latest/index.html'))).toBe(true);
});

test('page text in findings is escaped in the HTML scorecard', async ({ page }) => {
  const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    const text = evil.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    res.end(`<!doctype html><title>${text}</title><h1>${text}</h1>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const dir = tempDir();
  writeFileSync(join(dir, 'look.journey.yaml'), JOURNEY);
  try {
    const r = await cli(['run', 'look.journey.yaml', '--base-url', `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, '--out', 'reports'], dir);
    expect(r.code).toBe(1);
  } finally {
    server.close();
  }
  const html = readFileSync(join(dir, 'reports/latest/index.html'), 'utf8');
  expect(html).not.toContain('<img src=x');
  expect(html).not.toContain('<script>window');
  let dialogs = 0;
  page.on('dialog', () => dialogs++);
  await page.goto(`file://${join(dir, 'reports/latest/index.html')}`);
  await expect(page.getByText('onerror="window.__pwned=1"').first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('script').count()).toBe(0);
  expect(dialogs).toBe(0);
});

test('secrets typed into the page never reach runs.jsonl, the scorecard or the HTML; report DIR rebuilds the same scorecard', async () => {
  const acme = await startAcme({});
  const out = tempDir();
  try {
    const r = await cli(['run', '--config', ONE_PERSONA, '--grep', 'order-standard', '--base-url', acme.url, '--out', out], ROOT);
    expect(r.code).toBe(0);
  } finally {
    await acme.close();
  }
  const dir = join(out, 'latest');
  for (const file of ['runs.jsonl', 'scorecard.json', 'index.html', 'summary.md', 'junit.xml', 'meta.json']) {
    const text = readFileSync(join(dir, file), 'utf8');
    expect(text, file).not.toContain('4242 4242 4242 4242');
    expect(text, file).not.toContain('4242424242424242');
  }
  expect(readFileSync(join(dir, 'runs.jsonl'), 'utf8')).toContain('{{persona.card}}');
  const before = JSON.parse(readFileSync(join(dir, 'scorecard.json'), 'utf8'));
  const rebuilt = await cli(['report', dir], ROOT);
  expect(rebuilt.code).toBe(0);
  const after = JSON.parse(readFileSync(join(dir, 'scorecard.json'), 'utf8'));
  expect(after).toEqual(before);
});

test('Ctrl-C mid-run keeps every finished run and still writes the scorecard', async () => {
  const acme = await startAcme({ friction: 'slow-checkout:4000' });
  const out = tempDir();
  try {
    const child = spawn(process.execPath, [BIN, 'run', '--config', ONE_PERSONA, '--concurrency', '1', '--screenshots', 'off', '--base-url', acme.url, '--out', out], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // After the first finished run, interrupt, as a user pressing Ctrl-C would.
        if (/^✓ /m.test(stderr) && !child.killed) child.kill('SIGINT');
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code).toBe(130);
    const dir = join(out, 'latest');
    const lines = readFileSync(join(dir, 'runs.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThan(6);
    const scorecard = JSON.parse(readFileSync(join(dir, 'scorecard.json'), 'utf8'));
    expect(scorecard.summary.runs.total).toBe(lines.length);
  } finally {
    await acme.close();
  }
});

test('demo --friction slow-checkout,cancel-fails ranks those two at the top, with screenshots', async () => {
  // The demo runs every example journey (web, email, chat) for two personas, two at a time.
  test.setTimeout(420_000);
  const out = tempDir();
  const r = await cli(['demo', '--friction', 'slow-checkout,cancel-fails', '--grep', '@web', '--out', out], ROOT);
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/Scorecard: .*index\.html/);
  const dir = join(out, 'latest');
  const scorecard = JSON.parse(readFileSync(join(dir, 'scorecard.json'), 'utf8'));
  type Point = { ruleId: string; journeyId: string; stepName: string; severity: string; evidence: { screenshot?: string } };
  const fromKnobs = (p: Point) =>
    (p.ruleId === 'slow-step' && p.stepName === 'Place the order') || (['dead-end', 'http-error'].includes(p.ruleId) && p.stepName === 'Cancel the order');
  // The two knobs' points: a dead end and an HTTP 500 at the cancel, the slow order on 4 journeys.
  const top: Point[] = scorecard.frictionPoints.slice(0, 6);
  expect(top[0]).toMatchObject({ ruleId: 'dead-end', journeyId: 'cancel-after-submit', stepName: 'Cancel the order' });
  expect(top.filter((p) => !fromKnobs(p))).toEqual([]);
  for (const p of top) {
    expect(['critical', 'major']).toContain(p.severity);
    expect(p.evidence.screenshot, `${p.ruleId} ${p.journeyId}`).toBeTruthy();
    expect(existsSync(join(dir, p.evidence.screenshot ?? 'missing'))).toBe(true);
  }
});
