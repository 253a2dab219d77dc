// Ordinary Playwright tests of the demo company, with mystery-shopper's reporter turning the run
// into a scorecard (docs/playwright-test.md). From the repository's root:
//   npm run build                                   # the reporter runs from dist/, as installed
//   npx playwright test -c examples/playwright-test  # starts the demo company itself (webServer)
//   ACME_FRICTION=slow-faq-search:3000,js-error npx playwright test -c examples/playwright-test
// Without a Playwright-installed browser, point MYSTERY_SHOPPER_CHROMIUM at a Chromium
// (e.g. /usr/bin/chromium-headless-shell). Against another site: BASE_URL=https://… (no webServer then).
import { defineConfig } from '@playwright/test';

const PORT = 3100;
const baseURL = process.env.BASE_URL ?? `http://127.0.0.1:${PORT}`;
const chromium = process.env.MYSTERY_SHOPPER_CHROMIUM;

export default defineConfig({
  testDir: '.',
  // In your own project this is simply 'mystery-shopper/playwright'; inside the mystery-shopper
  // repository the package is not in node_modules, so the built module is named by its path.
  reporter: [
    ['list'],
    [
      '../../dist/src/playwright/index.js',
      {
        // One report folder per run in here, and `latest` pointing at the newest.
        outputFolder: 'reports',
        // Every step should take at most 3 s, every test 15 s (a test can set its own: see order.spec.ts).
        budgets: { stepMs: '3s', journeyMs: '15s' },
        // Leave Playwright's exit code alone (the default); true fails the run when the scorecard fails.
        failOnFriction: false,
      },
    ],
  ],
  use: {
    baseURL,
    // For tests that use @playwright/test's own `test`: the reporter shows this on a dead end.
    screenshot: 'only-on-failure',
    ...(chromium && { launchOptions: { executablePath: chromium } }),
  },
  // The project's name is the persona in the scorecard.
  projects: [{ name: 'first-time-buyer' }],
  ...(!process.env.BASE_URL && {
    webServer: { command: `npm run acme -- --port ${PORT}`, cwd: '../..', url: baseURL, reuseExistingServer: true },
  }),
});
