import type { Browser } from 'playwright';

/** A `history.masks` selector Playwright cannot use, and what it said. */
export interface UnusableMask {
  index: number;
  selector: string;
  reason: string;
}

/**
 * The masks Playwright cannot parse, tried on a blank page. One such mask makes Playwright refuse
 * every screenshot, so every run would lose its evidence and `page-changed` would compare nothing:
 * the audit finds them before anything runs. Only syntax is checked: a mask that matches nothing
 * is fine (the element may appear on some pages only).
 */
export async function unusableMasks(browser: Browser, masks: readonly string[]): Promise<UnusableMask[]> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const unusable: UnusableMask[] = [];
    for (const [index, selector] of masks.entries()) {
      try {
        await page.locator(selector).count();
      } catch (err) {
        // "locator.count: Unexpected token "" while parsing css selector "div[". Did you mean to CSS.escape it?"
        const reason = ((err as Error).message ?? String(err)).split('\n')[0].replace(/^locator\.count:\s*/, '');
        unusable.push({ index, selector, reason });
      }
    }
    return unusable;
  } finally {
    await context.close().catch(() => undefined);
  }
}
