import { expect, test } from '@playwright/test';
import { BrowserNotFoundError, resolveBrowser } from '../../src/runner/browser.ts';

const PW = '/home/u/.cache/ms-playwright/chromium-1/chrome';
const existing = (...paths: string[]) => (p: string) => paths.includes(p);

test('an explicit path wins over everything else', () => {
  const r = resolveBrowser({
    explicitPath: '/opt/chrome',
    env: { MYSTERY_SHOPPER_CHROMIUM: '/env/chrome', PATH: '/usr/bin' },
    exists: existing('/opt/chrome', '/env/chrome', PW, '/usr/bin/chromium'),
    playwrightPath: () => PW,
  });
  expect(r).toEqual({ executablePath: '/opt/chrome', source: 'option' });
});

test('MYSTERY_SHOPPER_CHROMIUM comes next', () => {
  const r = resolveBrowser({
    env: { MYSTERY_SHOPPER_CHROMIUM: '/env/chrome', PATH: '/usr/bin' },
    exists: existing('/env/chrome', PW, '/usr/bin/chromium'),
    playwrightPath: () => PW,
  });
  expect(r.source).toBe('env');
  expect(r.executablePath).toBe('/env/chrome');
});

test("then Playwright's own browser, then a system Chromium on the PATH", () => {
  expect(resolveBrowser({ env: { PATH: '/usr/bin' }, exists: existing(PW, '/usr/bin/chromium'), playwrightPath: () => PW }).source).toBe('playwright');
  const system = resolveBrowser({ env: { PATH: '/x:/usr/bin' }, exists: existing('/usr/bin/chromium-browser'), playwrightPath: () => PW });
  expect(system).toEqual({ executablePath: '/usr/bin/chromium-browser', source: 'system' });
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
