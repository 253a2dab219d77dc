import { expect, test } from '@playwright/test';
import { BrowserNotFoundError, HEADLESS_SHELL_NAMES, resolveBrowser, SYSTEM_CHROMIUM_NAMES } from '../../src/runner/browser.ts';

const PW = '/home/u/.cache/ms-playwright/chromium-1/chrome';
const existing = (...paths: string[]) => (p: string) => paths.includes(p);
/** A made-up PATH folder holding the resolver's first-choice system name. */
const SYSTEM = `/opt/browsers/bin/${SYSTEM_CHROMIUM_NAMES[0]}`;

test('an explicit path wins over everything else', () => {
  const r = resolveBrowser({
    explicitPath: '/opt/chrome',
    env: { MYSTERY_SHOPPER_CHROMIUM: '/env/chrome', PATH: '/opt/browsers/bin' },
    exists: existing('/opt/chrome', '/env/chrome', PW, SYSTEM),
    playwrightPath: () => PW,
  });
  expect(r).toEqual({ executablePath: '/opt/chrome', source: 'option' });
});

test('MYSTERY_SHOPPER_CHROMIUM comes next', () => {
  const r = resolveBrowser({
    env: { MYSTERY_SHOPPER_CHROMIUM: '/env/chrome', PATH: '/opt/browsers/bin' },
    exists: existing('/env/chrome', PW, SYSTEM),
    playwrightPath: () => PW,
  });
  expect(r.source).toBe('env');
  expect(r.executablePath).toBe('/env/chrome');
});

test("then Playwright's own browser, then a system Chromium on the PATH", () => {
  // Headless, Playwright is given no path so that it launches its own headless shell; headed, its Chromium.
  expect(resolveBrowser({ env: { PATH: '/opt/browsers/bin' }, exists: existing(PW, SYSTEM), playwrightPath: () => PW })).toEqual({ executablePath: undefined, source: 'playwright' });
  expect(resolveBrowser({ env: { PATH: '/opt/browsers/bin' }, exists: existing(PW, SYSTEM), playwrightPath: () => PW, headless: false })).toEqual({ executablePath: PW, source: 'playwright' });
  // A made-up folder on the PATH holding the resolver's second-choice name.
  const onPath = `/opt/browsers/bin/${SYSTEM_CHROMIUM_NAMES[1]}`;
  const system = resolveBrowser({ env: { PATH: '/x:/opt/browsers/bin' }, exists: existing(onPath), playwrightPath: () => PW });
  expect(system).toEqual({ executablePath: onPath, source: 'system' });
});

test('a missing explicit or env path is an error, not a silent fallback', () => {
  expect(() => resolveBrowser({ explicitPath: '/nope', exists: existing(PW), playwrightPath: () => PW })).toThrow(/does not exist: \/nope/);
  expect(() => resolveBrowser({ env: { MYSTERY_SHOPPER_CHROMIUM: '/nope' }, exists: existing(PW), playwrightPath: () => PW })).toThrow(/MYSTERY_SHOPPER_CHROMIUM/);
});

test('no browser anywhere: the error says how to get one', () => {
  let error: unknown;
  try {
    resolveBrowser({ env: { PATH: '/empty' }, exists: () => false, playwrightPath: () => PW });
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(BrowserNotFoundError);
  const message = (error as Error).message;
  expect(message).toContain('npx playwright install chromium');
  expect(message).toContain('apt-get install -y chromium');
  expect(message).toContain('MYSTERY_SHOPPER_CHROMIUM');
});

test('headless runs prefer a headless shell anywhere on the PATH; headed runs never pick one', () => {
  const shell = `/opt/shells/${HEADLESS_SHELL_NAMES[0]}`;
  const exists = existing(SYSTEM, shell);
  const env = { PATH: '/opt/browsers/bin:/opt/shells' };
  expect(resolveBrowser({ env, exists, playwrightPath: () => PW })).toEqual({ executablePath: shell, source: 'system' });
  expect(resolveBrowser({ env, exists, playwrightPath: () => PW, headless: false })).toEqual({ executablePath: SYSTEM, source: 'system' });
  // An explicit choice is never second-guessed.
  expect(resolveBrowser({ explicitPath: SYSTEM, env, exists, playwrightPath: () => PW }).executablePath).toBe(SYSTEM);
});
