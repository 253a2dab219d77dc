// The wait-heavy journeys as @playwright/test specs, for the concurrency comparison.
// No `workers` setting: figure 3 gives `--workers N` (1, 2, 4, 8 and Playwright's default, half the
// cores) and compares ours with the default and with the best of them. fullyParallel, so that
// every spec of the one file can go to any worker.
import { defineConfig } from '@playwright/test';
import { launchOptions, resolveBrowser } from '../../src/runner/browser.ts';

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  fullyParallel: true,
  timeout: 120_000,
  reporter: [['dot']],
  outputDir: '../tmp/pw-test-results',
  use: {
    baseURL: process.env.BENCH_ACME_URL,
    launchOptions: launchOptions(resolveBrowser()),
    viewport: { width: 1280, height: 800 },
  },
});
