// Makes sure a Chromium can be launched: the one that resolves now, else Playwright's download,
// else (as root on Debian/Ubuntu) the distribution's package; otherwise says what to run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BrowserNotFoundError, resolveBrowser } from '../src/runner/browser.ts';

function found(): boolean {
  try {
    const b = resolveBrowser();
    console.log(`setup: browser ready: ${b.executablePath ?? "Playwright's Chromium"} (${b.source})`);
    return true;
  } catch (err) {
    if (err instanceof BrowserNotFoundError) return false;
    throw err;
  }
}

if (found()) process.exit(0);

console.log('setup: no Chromium found; trying Playwright\'s download (npx playwright install chromium)');
spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit', timeout: 300_000 });
if (found()) process.exit(0);

const isRoot = process.getuid?.() === 0;
if (isRoot && existsSync('/usr/bin/apt-get')) {
  console.log("setup: Playwright's download failed; installing Debian's chromium package (apt-get)");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  if (found()) process.exit(0);
}

console.error(
  'setup: could not get a Chromium. Run one of these, then `npm run setup` again:\n' +
    '  sudo apt-get update && sudo apt-get install -y chromium      (Debian/Ubuntu)\n' +
    '  npx playwright install chromium                             (needs Playwright\'s download host)\n' +
    'or set MYSTERY_SHOPPER_CHROMIUM to the path of a Chromium or Chrome executable.',
);
process.exit(1);
