// bench-order8 written by hand with plain Playwright: what a developer would write without the
// tool. Same browser (same executable and flags), same viewport, same actions — including the
// harness's wait for the page load a click starts (without it the next expect can match the old page).
import { chromium, expect } from '@playwright/test';
import { launchOptions, resolveBrowser } from '../../src/runner/browser.ts';

export async function scriptOrder8(baseURL: string): Promise<{ wallMs: number; journeyMs: number }> {
  const t0 = performance.now();
  const browser = await chromium.launch(launchOptions(resolveBrowser()));
  let journeyMs: number;
  try {
    const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const j0 = performance.now();
    await page.goto('/');
    await page.getByRole('link', { name: 'Shop', exact: true }).click();
    await page.waitForLoadState('load');
    await expect(page.getByRole('link', { name: 'Espresso Machine' })).toBeVisible();
    await page.getByRole('link', { name: 'Espresso Machine' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByRole('heading', { name: 'Espresso Machine' })).toBeVisible();
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByRole('heading', { name: 'Your cart' })).toBeVisible();
    await page.getByRole('link', { name: 'Checkout' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByRole('heading', { name: 'Checkout' })).toBeVisible();
    await page.getByLabel('Full name').fill('Alex Morgan');
    await page.getByLabel('Email').fill('alex.morgan@example.com');
    await page.getByLabel('Address').fill('12 Harbour Street');
    await page.getByLabel('City').fill('Springfield');
    await page.getByLabel('Postcode').fill('12345');
    await page.getByLabel('Standard shipping').check();
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByRole('heading', { name: 'Thank you for your order' })).toBeVisible();
    await page.getByRole('link', { name: 'Shop', exact: true }).click();
    await page.waitForLoadState('load');
    await expect(page.getByRole('link', { name: 'Espresso Machine' })).toBeVisible();
    journeyMs = performance.now() - j0;
    await context.close();
  } finally {
    await browser.close();
  }
  return { wallMs: performance.now() - t0, journeyMs };
}
