// The wait-heavy journeys as @playwright/test specs, for the concurrency comparison.
// Deliberately no `workers` setting: Playwright's default on this machine is what we compare with.
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
