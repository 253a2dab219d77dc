// Makes sure a Chromium can be launched: the one that resolves now, else Playwright's download,
// else (as root on Debian/Ubuntu) the distribution's packages; otherwise says what to run.
// Headless audits run fastest on Chromium's headless shell, so on Debian it is installed too.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { BrowserNotFoundError, HEADLESS_SHELL_NAMES, resolveBrowser, type ResolvedBrowser } from '../src/runner/browser.ts';

function resolved(): ResolvedBrowser | undefined {
  try {
    return resolveBrowser();
  } catch (err) {
    if (err instanceof BrowserNotFoundError) return undefined;
    throw err;
  }
}

function report(b: ResolvedBrowser): void {
  console.log(`setup: browser ready: ${b.executablePath ?? "Playwright's Chromium"} (${b.source})`);
}

const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
const apt = (...args: string[]) => spawnSync('apt-get', args, { stdio: 'inherit', env: aptEnv }).status === 0;

/** Full Chromium besides the shell: the tests run the document journeys on both (they differ on PDFs). */
function ensureFullChromium(): void {
  try {
    resolveBrowser({ headless: false, env: { ...process.env, MYSTERY_SHOPPER_CHROMIUM: '' } });
  } catch (err) {
    if (!(err instanceof BrowserNotFoundError) || !canApt) return;
    console.log("setup: installing Debian's chromium too (the tests compare it with the headless shell)");
    if (!apt('install', '-y', '-qq', 'chromium')) {
      apt('update', '-qq');
      apt('install', '-y', '-qq', 'chromium');
    }
  }
}

let browser = resolved();
if (browser) {
  ensureFullChromium();
  const isShell = browser.source === 'playwright' || HEADLESS_SHELL_NAMES.includes(basename(browser.executablePath ?? ''));
  if (!isShell && browser.source === 'system' && canApt) {
    // Optional: without it, headless runs use full Chromium (slower, heavier), so a failure is no error.
    console.log("setup: installing Debian's chromium-headless-shell (headless audits use a third of the CPU)");
    if (!apt('install', '-y', '-qq', 'chromium-headless-shell')) {
      apt('update', '-qq');
      apt('install', '-y', '-qq', 'chromium-headless-shell');
    }
    browser = resolved() ?? browser;
  }
  report(browser);
  process.exit(0);
}

console.log('setup: no Chromium found; trying Playwright\'s download (npx playwright install chromium)');
spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit', timeout: 300_000 });
browser = resolved();
if (browser) {
  report(browser);
  process.exit(0);
}

if (canApt) {
  console.log("setup: Playwright's download failed; installing Debian's chromium and chromium-headless-shell packages (apt-get)");
  apt('update', '-qq');
  apt('install', '-y', '-qq', 'chromium', 'chromium-headless-shell');
  browser = resolved();
  if (browser) {
    report(browser);
    process.exit(0);
  }
}

console.error(
  'setup: could not get a Chromium. Run one of these, then `npm run setup` again:\n' +
    '  sudo apt-get update && sudo apt-get install -y chromium chromium-headless-shell   (Debian/Ubuntu)\n' +
    '  npx playwright install chromium                             (needs Playwright\'s download host)\n' +
    'or set MYSTERY_SHOPPER_CHROMIUM to the path of a Chromium or Chrome executable.',
);
process.exit(1);
