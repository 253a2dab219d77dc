import { defineConfig } from '@playwright/test';
import { launchOptions, resolveBrowser } from './src/runner/browser.ts';

// The test suite uses the same browser resolution as the tool itself.
const browser = resolveBrowser();

export default defineConfig({
  testDir: 'tests',
  testMatch: /.*\.(spec|test)\.ts$/,
  timeout: 120_000,
  workers: process.env.CI ? 2 : undefined,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    launchOptions: launchOptions(browser),
  },
});
