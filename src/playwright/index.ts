// `mystery-shopper/playwright`: Playwright Test's way in (docs/playwright-test.md).
//   playwright.config.ts:  reporter: [['list'], ['mystery-shopper/playwright', { budgets: { stepMs: '2s' } }]]
//   the tests:             import { test, expect } from 'mystery-shopper/playwright';
// The default export is the reporter, as Playwright loads reporters by module name. Importing this
// neither starts a browser nor loads the CLI, the rules or the scorecard's reporters.
export { default } from './reporter.ts';
export type { MysteryShopperReporterOptions } from './reporter.ts';
export { test, expect, type MysteryShopperOptions } from './fixture.ts';
