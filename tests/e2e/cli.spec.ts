// The CLI as a user runs it: a real process, real files, real browser, real demo company.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startAcme } from '../../fixtures/acme/server.ts';
import { ONE_PERSONA, ROOT, tempDir } from './helpers.ts';
import { scanForSecrets } from '../support/secret-scan.ts';

const BIN = join(ROOT, 'bin/mystery-shopper.mjs');

/** Runs the CLI without blocking this process, which may be serving the site under audit. */
function cli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

// Report folders are named by their start time; `latest` and the history store sit beside them.
const reportDirs = (out: string) => (existsSync(out) ? readdirSync(out).filter((d) => /^\d{4}-\d{2}-\d{2}T/.test(d)) : []);

/**
 * Runs the CLI and sends `signal` once `when` holds for its stderr so far (as a user pressing
 * Ctrl-C, a CI runner cancelling the job, or the OOM killer would).
 */
function cliUntil(
  args: string[],
  when: (stderr: string) => boolean,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (!sent && when(stderr)) {
      sent = true;
      child.kill(signal);
    }
  });
  return new Promise((resolve) => child.on('close', (code, sig) => resolve({ code, signal: sig, stdout, stderr })));
}

const auditArgs = (url: string, out: string) => ['run', '--config', ONE_PERSONA, '--concurrency', '1', '--screenshots', 'off', '--base-url', url, '--out', out];
const firstRunDone = (stderr: string) => /^[✓✗!] /m.test(stderr);
const PLANNED = 18;

/** Every file a human or CI reads says INCOMPLETE with the counts, and none says it passed. */
function expectIncomplete(dir: string, finished: number, why: RegExp) {
  const counts = `${finished} of ${PLANNED} runs finished`;
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  expect(html).toContain('class="incomplete-banner"');
  expect(html).toContain(`INCOMPLETE</strong>: ${counts}`);
  expect(html).toMatch(why);
  expect(html).not.toContain('Pass:');
  expect(html).not.toContain('class="result result-pass"');
  const md = readFileSync(join(dir, 'summary.md'), 'utf8');
  expect(md).toContain('## Mystery shopper scorecard: INCOMPLETE');
  expect(md).toContain(`INCOMPLETE: ${counts}`);
  expect(md).toMatch(why);
  expect(md).not.toMatch(/Result: pass/i);
  const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
  expect(junit).toContain('<testsuite name="Audit completeness" tests="1" failures="1"');
  expect(junit).toContain(`<failure message="INCOMPLETE: ${counts}`);
  const scorecard = JSON.parse(readFileSync(join(dir, 'scorecard.json'), 'utf8'));
  expect(scorecard.completeness).toMatchObject({ planned: PLANNED, finished, complete: false });
  expect(scorecard.summary.passed).toBe(false);
  expect(scorecard.summary.verdict).toMatch(/^Incomplete: /);
}

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
  // Every file the audit wrote, in every encoding of the card number and the password.
  expect(scanForSecrets(dir, ['4242 4242 4242 4242', 'espresso-alex'])).toEqual([]);
  expect(readFileSync(join(dir, 'runs.jsonl'), 'utf8')).toContain('{{persona.card}}');
  const before = JSON.parse(readFileSync(join(dir, 'scorecard.json'), 'utf8'));
  const rebuilt = await cli(['report', dir], ROOT);
  expect(rebuilt.code).toBe(0);
  const after = JSON.parse(readFileSync(join(dir, 'scorecard.json'), 'utf8'));
  expect(after).toEqual(before);
});

for (const [signal, exit, why] of [
  ['SIGINT', 130, /stopped by Ctrl-C \(SIGINT\)/],
  ['SIGTERM', 143, /stopped by SIGTERM/],
] as const) {
  test(`${signal} mid-run keeps every finished run, writes the scorecard saying INCOMPLETE and exits ${exit}`, async () => {
    const acme = await startAcme({ friction: 'slow-checkout:4000' });
    const out = tempDir();
    try {
      // After the first finished run, interrupt.
      const r = await cliUntil(auditArgs(acme.url, out), firstRunDone, signal);
      expect(r.code).toBe(exit);
      const dir = join(out, 'latest');
      const lines = readFileSync(join(dir, 'runs.jsonl'), 'utf8').trim().split('\n');
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines.length).toBeLessThan(6);
      const scorecard = JSON.parse(readFileSync(join(dir, 'scorecard.json'), 'utf8'));
      expect(scorecard.summary.runs.total).toBe(lines.length);
      expectIncomplete(dir, lines.length, why);
      const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
      expect(meta).toMatchObject({ planned: PLANNED, interrupted: true, stopped: { by: signal } });
      expect(meta.finishedAt).toBeTruthy();
      expect(r.stdout).toContain(`INCOMPLETE: ${lines.length} of ${PLANNED} runs finished`);
      expect(r.stdout).toMatch(/provisional/);
      expect(r.stdout).not.toContain('PASS');
      // Rebuilt, it is still incomplete: exit 1, or by its findings with --allow-partial.
      const rebuilt = await cli(['report', dir], ROOT);
      expect(rebuilt.code).toBe(1);
      expect(rebuilt.stdout).toContain('The audit is incomplete, so it fails');
      expectIncomplete(dir, lines.length, why);
    } finally {
      await acme.close();
    }
  });
}

test('kill -9 mid-run: meta.json shows it never finished; report DIR rebuilds it as INCOMPLETE, exit 1 unless --allow-partial', async () => {
  const acme = await startAcme({ friction: 'slow-checkout:4000' });
  const out = tempDir();
  let r;
  try {
    r = await cliUntil(auditArgs(acme.url, out), firstRunDone, 'SIGKILL');
  } finally {
    await acme.close();
  }
  expect(r.signal).toBe('SIGKILL');
  // Killed: no report, no latest; the folder has meta.json (planned, no finishedAt) and the finished runs.
  const [name] = reportDirs(out);
  expect(existsSync(join(out, 'latest'))).toBe(false);
  const dir = join(out, name);
  expect(existsSync(join(dir, 'index.html'))).toBe(false);
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
  expect(meta.planned).toBe(PLANNED);
  expect(meta.finishedAt).toBeUndefined();
  const finished = readFileSync(join(dir, 'runs.jsonl'), 'utf8').trim().split('\n').filter(Boolean).length;
  expect(finished).toBeGreaterThanOrEqual(1);
  expect(finished).toBeLessThan(PLANNED);

  const strict = await cli(['report', dir], ROOT);
  expect(strict.code).toBe(1);
  expect(strict.stdout).toContain(`INCOMPLETE: ${finished} of ${PLANNED} runs finished — the audit never finished`);
  expect(strict.stdout).not.toContain('PASS');
  expectIncomplete(dir, finished, /the audit never finished/);

  const partial = await cli(['report', dir, '--allow-partial'], ROOT);
  const scorecard = JSON.parse(readFileSync(join(dir, 'scorecard.json'), 'utf8'));
  expect(partial.code).toBe(scorecard.summary.failing > 0 ? 1 : 0);
  expect(partial.stdout).toContain(`INCOMPLETE: ${finished} of ${PLANNED} runs finished`);
  expect(partial.stdout).not.toContain('PASS');
  expectIncomplete(dir, finished, /the audit never finished/);
});

test('interrupted before any run finished: 0 of 18, INCOMPLETE everywhere, never PASS, exit 130', async () => {
  const acme = await startAcme({});
  const out = tempDir();
  let r;
  try {
    // As soon as the plan is printed: nothing has run yet.
    r = await cliUntil(auditArgs(acme.url, out), (stderr) => /^Running \d+ runs/m.test(stderr), 'SIGINT');
  } finally {
    await acme.close();
  }
  expect(r.code).toBe(130);
  expect(r.stdout).toContain('0/100 (F), provisional (INCOMPLETE)');
  expect(r.stdout).toContain(`INCOMPLETE: 0 of ${PLANNED} runs finished`);
  expect(r.stdout).not.toContain('PASS');
  const dir = join(out, 'latest');
  expectIncomplete(dir, 0, /stopped by Ctrl-C/);
  const rebuilt = await cli(['report', dir], ROOT);
  expect(rebuilt.code).toBe(1);
  expect(rebuilt.stdout).not.toContain('PASS');
  // Even allowed to be partial, an audit with no finished run prints no PASS.
  const partial = await cli(['report', dir, '--allow-partial'], ROOT);
  expect(partial.code).toBe(0);
  expect(partial.stdout).not.toContain('PASS');
  expect(partial.stdout).toContain(`INCOMPLETE: 0 of ${PLANNED} runs finished`);
});

test('an audit stopped by an error (no browser) records why in meta.json, and its folder says INCOMPLETE', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'look.journey.yaml'), JOURNEY);
  const r = await cli(['run', 'look.journey.yaml', '--base-url', 'http://127.0.0.1:9/', '--out', 'reports'], dir, { MYSTERY_SHOPPER_CHROMIUM: join(dir, 'no-such-chrome') });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('No Chromium browser found');
  const [name] = reportDirs(join(dir, 'reports'));
  const folder = join(dir, 'reports', name);
  const meta = JSON.parse(readFileSync(join(folder, 'meta.json'), 'utf8'));
  expect(meta).toMatchObject({ planned: 1, stopped: { by: 'error' } });
  expect(meta.stopped.message).toContain('No Chromium browser found');
  expect(readFileSync(join(folder, 'summary.md'), 'utf8')).toContain('INCOMPLETE: 0 of 1 run finished — stopped by an error: No Chromium browser found');
  const rebuilt = await cli(['report', folder], dir);
  expect(rebuilt.code).toBe(1);
  expect(rebuilt.stdout).not.toContain('PASS');
});

test('a history.masks selector Playwright cannot parse: exit 2 naming the config and the mask, nothing written', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'look.journey.yaml'), JOURNEY);
  // Without the check, Playwright would refuse every screenshot: every finding without its evidence.
  writeFileSync(join(dir, 'mystery-shopper.config.json'), JSON.stringify({ history: { masks: ['.order-date', 'div[data-carousel'] } }));
  const r = await cli(['run', 'look.journey.yaml', '--base-url', 'http://127.0.0.1:9/'], dir);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('mystery-shopper.config.json at history.masks[1]: "div[data-carousel" is not a selector Playwright can use (Unexpected token');
  expect(r.stderr).not.toContain('masks[0]');
  expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(readdirSync(dir).sort()).toEqual(['look.journey.yaml', 'mystery-shopper.config.json']);
});

test('--out pointing at a file: exit 2 naming it, before anything runs, nothing written', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'look.journey.yaml'), JOURNEY);
  writeFileSync(join(dir, 'report.txt'), 'keep me');
  for (const out of ['report.txt', 'report.txt/reports']) {
    const r = await cli(['run', 'look.journey.yaml', '--base-url', 'http://127.0.0.1:9/', '--out', out], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--out ${out}`);
    expect(r.stderr).toContain(join(dir, 'report.txt'));
    expect(r.stderr).not.toContain('unexpected error');
    expect(r.stderr).not.toContain('Running');
  }
  expect(readFileSync(join(dir, 'report.txt'), 'utf8')).toBe('keep me');
  expect(readdirSync(dir).sort()).toEqual(['look.journey.yaml', 'report.txt']);
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
