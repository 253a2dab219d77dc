// Remote browsers (issue 17, part 5): `browser.connect` runs the audit's contexts in a browser
// elsewhere, a Playwright browser server or a Chromium over the DevTools protocol. Both are started
// here on loopback. The remote browser alone can reach the shop (its name resolves only there:
// --host-resolver-rules) and the audit's own executablePath does not exist, so an audit that
// completes was served by the remote browser; the Playwright server's protocol log counts the
// contexts it made. The endpoint's token never reaches a written file or the console.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { chromium, type BrowserServer } from 'playwright';
import { runAudit } from '../../src/pipeline.ts';
import { CHROMIUM_ARGS, resolveBrowser } from '../../src/runner/browser.ts';
import { describeFindings, scanForSecrets } from '../support/secret-scan.ts';
import { cli } from './cli-process.ts';
import { ROOT, tempDir, useAcme } from './helpers.ts';

const TOKEN = 'grid-t0ken-5ecret-7f3a';
/** A name only the remote browser can resolve (to loopback): a local browser could not load the shop. */
const SHOP_HOST = 'shop.remote-grid.test';
const ONLY_REMOTE_RESOLVES = `--host-resolver-rules=MAP ${SHOP_HOST} 127.0.0.1`;
const JOURNEY = 'cancel-after-submit';
/** The knob's known findings (tests/e2e/knobs.spec.ts): none of them depends on timing. */
const KNOB_FINDINGS = [`dead-end @ ${JOURNEY} › Cancel the order`, `http-error @ ${JOURNEY} › Cancel the order`];
const TIMING_RULES = ['slow-step', 'slow-journey', 'slow-page', 'layout-shift'];

const executable = () => resolveBrowser().executablePath ?? chromium.executablePath();

/** A config like the demo's, one persona, no inbox; `extra` adds to its browser section. */
function writeConfig(dir: string, browser: Record<string, unknown> = {}): void {
  const config = {
    journeys: [join(ROOT, 'scenarios')],
    personas: {
      alex: { name: 'Alex Morgan', email: 'alex.morgan@example.com', address: '12 Harbour Street', city: 'Springfield', postcode: '12345', card: { value: '4242 4242 4242 4242', secret: true } },
    },
    pageHealth: { accessibility: false },
    patienceMs: 15_000,
    screenshots: 'each',
    browser,
  };
  writeFileSync(join(dir, 'mystery-shopper.config.json'), JSON.stringify(config, null, 2));
}

interface Scorecard {
  summary: { runs: { total: number; completed: number; errored: number } };
  frictionPoints: { ruleId: string; places: { journeyId: string; stepName?: string }[] }[];
}
const pointKeys = (s: Scorecard) =>
  s.frictionPoints
    .filter((p) => !TIMING_RULES.includes(p.ruleId))
    .flatMap((p) => p.places.map((pl) => `${p.ruleId} @ ${pl.journeyId} › ${pl.stepName ?? '(journey)'}`))
    .sort();
const latestScorecard = (dir: string): Scorecard => JSON.parse(readFileSync(join(dir, 'reports/latest/scorecard.json'), 'utf8'));

const firstRecord = (dir: string) => JSON.parse(readFileSync(join(dir, 'reports/latest/runs.jsonl'), 'utf8').split('\n')[0]);

/** What the page observers record through init scripts and bindings in the remote pages: Web Vitals, and the forms shown. */
function expectWatchersWorked(record: { pages?: { vitals?: { lcpMs?: number } }[]; steps: { forms?: { name: string }[] }[] }): void {
  expect(record.pages?.some((p) => typeof p.vitals?.lcpMs === 'number')).toBe(true);
  expect(record.steps.flatMap((s) => s.forms ?? []).map((f) => f.name)).toContain('Delivery details');
}

/** The audit's output: no file under reports/, and nothing on the console, holds the token in any encoding. */
function expectNoToken(dir: string, output: string): void {
  const hits = scanForSecrets(join(dir, 'reports'), [TOKEN]);
  expect(hits, describeFindings(hits)).toEqual([]);
  expect(output).not.toContain(TOKEN);
}

test.describe('remote browsers', () => {
  const acme = useAcme('cancel-fails');
  let local: string[];

  test.beforeAll(async () => {
    // The same audit in a browser launched here: what the remote audits must find.
    const dir = tempDir('ms-remote-local-');
    writeConfig(dir);
    const result = await runAudit({ cwd: dir, configFile: 'mystery-shopper.config.json', baseURL: acme().url, grep: JOURNEY, out: join(dir, 'reports') });
    local = pointKeys(result.scorecard as unknown as Scorecard);
    expect(local).toEqual(expect.arrayContaining(KNOB_FINDINGS));
  });

  test('through a Playwright browser server: the same findings, pages served there, the token never written', async () => {
    let contexts = 0;
    let shopLoads = 0;
    const server: BrowserServer = await chromium.launchServer({
      host: '127.0.0.1',
      port: 0,
      executablePath: executable(),
      args: [...CHROMIUM_ARGS, ONLY_REMOTE_RESOLVES],
      // What the server's own browser is told over its protocol: the contexts and pages it makes.
      logger: {
        isEnabled: (name) => name === 'protocol',
        log: (_name, _severity, message) => {
          const text = String(message);
          if (!text.startsWith('SEND')) return;
          if (text.includes('"Target.createBrowserContext"')) contexts++;
          if (text.includes('"Page.navigate"') && text.includes(SHOP_HOST)) shopLoads++;
        },
      },
    });
    try {
      const dir = tempDir('ms-remote-pw-');
      // The executable configured here does not exist: launching locally would fail (exit 2).
      writeConfig(dir, { executablePath: join(dir, 'no-such-chromium') });
      // The endpoint alone, from .env, turns the connection on.
      writeFileSync(join(dir, '.env'), `MYSTERY_SHOPPER_BROWSER_WS=${server.wsEndpoint()}?token=${TOKEN}\n`);
      const port = new URL(acme().url).port;
      const res = await cli(['run', '--grep', JOURNEY, '--base-url', `http://${SHOP_HOST}:${port}`, '--out', 'reports'], dir);
      const output = res.stdout + res.stderr;
      expect(res.code, output).toBe(1); // the knob's findings are major
      expect(existsSync(join(dir, 'reports/latest/scorecard.json')), output).toBe(true);
      const scorecard = latestScorecard(dir);
      expect(scorecard.summary.runs).toMatchObject({ total: 1, completed: 0, errored: 0 });
      expect(pointKeys(scorecard)).toEqual(local);
      // The server's browser made the run's context and loaded the shop.
      expect(contexts).toBeGreaterThanOrEqual(1);
      expect(shopLoads).toBeGreaterThanOrEqual(1);
      // Screenshots were written here, from the remote pages.
      const record = firstRecord(dir);
      expectWatchersWorked(record);
      const shots = (record.steps as { screenshot?: string }[]).map((s) => s.screenshot).filter(Boolean) as string[];
      expect(shots.length).toBeGreaterThan(3);
      for (const shot of shots) expect(readFileSync(join(dir, 'reports/latest', shot)).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      expectNoToken(dir, output);
      // Ending the audit disconnected and left the server and its browser running for the next client.
      const again = await chromium.connect(server.wsEndpoint());
      expect(again.contexts()).toEqual([]);
      const page = await again.newPage();
      await page.goto(`http://${SHOP_HOST}:${port}/`);
      await expect(page.getByRole('link', { name: 'Shop', exact: true })).toBeVisible();
      await again.close();
    } finally {
      await server.close();
    }
  });

  test('over the DevTools protocol (cdp): the same findings, and the browser is left running', async () => {
    const dir = tempDir('ms-remote-cdp-');
    // A Chromium started as a grid would: its DevTools endpoint on loopback, a port of its choosing.
    const browser = spawn(executable(), ['--headless', '--no-sandbox', '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', `--user-data-dir=${join(dir, 'profile')}`, ...CHROMIUM_ARGS, ONLY_REMOTE_RESOLVES, 'about:blank'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true, // its own process group: Debian's launcher is a shell script with Chromium as its child
    });
    try {
      const wsEndpoint = await devToolsEndpoint(browser);
      writeConfig(dir, { executablePath: join(dir, 'no-such-chromium'), connect: { protocol: 'cdp', timeoutMs: 10_000 } });
      writeFileSync(join(dir, '.env'), `MYSTERY_SHOPPER_BROWSER_WS=${wsEndpoint}\n`);
      const port = new URL(acme().url).port;
      const res = await cli(['run', '--grep', JOURNEY, '--base-url', `http://${SHOP_HOST}:${port}`, '--out', 'reports'], dir);
      expect(res.code, res.stdout + res.stderr).toBe(1);
      const scorecard = latestScorecard(dir);
      expect(scorecard.summary.runs).toMatchObject({ total: 1, errored: 0 });
      expect(pointKeys(scorecard)).toEqual(local);
      expectWatchersWorked(firstRecord(dir));
      // Disconnecting left the browser up, and none of the audit's pages open in it.
      const http = `http://${new URL(wsEndpoint).host}`;
      const version = (await (await fetch(`${http}/json/version`)).json()) as { webSocketDebuggerUrl: string };
      expect(version.webSocketDebuggerUrl).toBe(wsEndpoint);
      const targets = (await (await fetch(`${http}/json/list`)).json()) as { type: string; url: string }[];
      expect(targets.filter((t) => t.url.includes(SHOP_HOST))).toEqual([]);
    } finally {
      if (browser.pid) process.kill(-browser.pid, 'SIGKILL');
    }
  });

  test('an endpoint that cannot be reached: exit 2 before any run, named without its token', async () => {
    const dir = tempDir('ms-remote-down-');
    writeConfig(dir, { connect: { timeoutMs: 5_000 } });
    const closed = await closedPort();
    writeFileSync(join(dir, '.env'), `MYSTERY_SHOPPER_BROWSER_WS=ws://127.0.0.1:${closed}/playwright?token=${TOKEN}\n`);
    const res = await cli(['run', '--grep', JOURNEY, '--base-url', acme().url, '--out', 'reports'], dir);
    const output = res.stdout + res.stderr;
    expect(res.code, output).toBe(2);
    expect(res.stderr).toContain(`Could not reach the remote browser at ws://127.0.0.1:${closed}/playwright?[secret] (Playwright server)`);
    expect(res.stderr).not.toMatch(/^\s+at /m); // no stack trace
    // The report folder says why the audit stopped, and that nothing ran.
    const folders = readdirSync(join(dir, 'reports'));
    expect(folders).toHaveLength(1);
    const meta = JSON.parse(readFileSync(join(dir, 'reports', folders[0], 'meta.json'), 'utf8'));
    expect(meta.stopped).toMatchObject({ by: 'error', message: expect.stringContaining('Could not reach the remote browser') });
    const runs = join(dir, 'reports', folders[0], 'runs.jsonl');
    expect(existsSync(runs) ? readFileSync(runs, 'utf8').trim() : '').toBe('');
    expectNoToken(dir, output);

    // An endpoint that is not an address at all is bad input, said without repeating it.
    writeFileSync(join(dir, '.env'), `MYSTERY_SHOPPER_BROWSER_WS=grid.example.com/pw?token=${TOKEN}\n`);
    const bad = await cli(['run', '--grep', JOURNEY, '--base-url', acme().url, '--out', 'reports-bad'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('MYSTERY_SHOPPER_BROWSER_WS: expected a ws:// or wss:// address');
    expect(bad.stdout + bad.stderr).not.toContain(TOKEN);
  });
});

/** Chromium prints `DevTools listening on ws://…` on stderr once its endpoint is up. */
function devToolsEndpoint(browser: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no DevTools endpoint after 20 s:\n${err}`)), 20_000);
    browser.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = err.match(/DevTools listening on (ws:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    browser.on('exit', (code) => reject(new Error(`the browser exited (${code}):\n${err}`)));
  });
}

/** A loopback port nothing listens on (taken, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
