import { defineConfig } from '@playwright/test';
import { launchOptions, resolveBrowser } from './src/runner/browser.ts';

/**
 * End-to-end specs whose assertions depend on no timing nor on owning the machine's processes
 * (corpus.spec counts browsers): they may share it with another. chat.spec and knobs.spec time
 * only waits the demo company makes on its own clock (a knob's delay, three to four times its
 * budget, and majors at three times), which a busy CPU does not stretch by seconds.
 */
const UNTIMED = /(explore|compare|package|hostile|secrets|locators|safe-orders|init|remote-browser|shards|corpus-input|documents|cli|chat|knobs)\.spec\.ts$/

// The test suite uses the same browser resolution as the tool itself.
const browser = resolveBrowser();

export default defineConfig({
  timeout: 180_000,
  // The CLI the tests spawn, and the package users' configs import, are the compiled dist/.
  globalSetup: './tests/support/build.ts',
  reporter: [['list']],
  use: {
    launchOptions: launchOptions(browser),
  },
  projects: [
    { name: 'unit', testDir: 'tests/unit', testMatch: /.*\.test\.ts$/, fullyParallel: true },
    // End-to-end tests time real journeys, so `npm test` runs them one at a time (--workers=1):
    // a second browser competing for two cores would turn timings into noise.
    { name: 'e2e', testDir: 'tests/e2e', testMatch: /.*\.spec\.ts$/, testIgnore: UNTIMED },
    // Specs that judge no timing run two at a time after them (scripts/test.mjs).
    { name: 'e2e-parallel', testDir: 'tests/e2e', testMatch: UNTIMED },
  ],
});
