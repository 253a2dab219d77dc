import type { Locator, Page } from 'playwright';
import { StepFailure } from '../action.ts';
import { describeLocator, type LocatorSpec } from './locator.ts';

export const describeWait = (loc: LocatorSpec): string => describeLocator(loc);

/** Waits for the first match to be visible; on timeout says what the customer saw instead. */
export async function waitForVisible(page: Page, locator: Locator, what: string, timeoutMs: number): Promise<void> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: timeoutMs });
  } catch (err) {
    if (!(err instanceof Error) || err.name !== 'TimeoutError') throw err;
    const heading = await page
      .locator('h1')
      .first()
      .innerText({ timeout: 500 })
      .catch(() => '');
    const title = await page.title().catch(() => '');
    const saw = heading || title ? ` The page showed “${(heading || title).trim().slice(0, 120)}”.` : '';
    throw new StepFailure('expectation', `Expected to see ${what} within ${Math.round(timeoutMs)} ms, but it did not appear.${saw}`);
  }
}
