// The wait-heavy bench journeys as BENCH_WAIT_COUNT @playwright/test specs, for the concurrency
// comparison: BENCH_WAIT_JOURNEY=faq is bench/journeys/faq-wait.journey.ts, =order (default)
// bench/journeys/wait.journey.ts.
import { expect, test, type Page } from '@playwright/test';

const count = Number(process.env.BENCH_WAIT_COUNT ?? 40);

const journeys: Record<string, (page: Page) => Promise<void>> = {
  async faq(page) {
    await page.goto('/help');
    await page.getByLabel('Search the FAQ').fill('return');
    await page.getByLabel('Search the FAQ').press('Enter');
    await expect(page.getByText(/answers? for “return”/)).toBeVisible();
  },
  async order(page) {
    await page.goto('/product/espresso-machine');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await expect(page.getByRole('heading', { name: 'Your cart' })).toBeVisible();
    await page.getByRole('link', { name: 'Checkout' }).click();
    await expect(page.getByRole('heading', { name: 'Checkout' })).toBeVisible();
    await page.getByLabel('Full name').fill('Alex Morgan');
    await page.getByLabel('Email').fill('alex.morgan@example.com');
    await page.getByLabel('Address').fill('12 Harbour Street');
    await page.getByLabel('City').fill('Springfield');
    await page.getByLabel('Postcode').fill('12345');
    await page.getByLabel('Standard shipping').check();
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Place order' }).click();
    await expect(page.getByRole('heading', { name: 'Thank you for your order' })).toBeVisible();
  },
};

const journey = journeys[process.env.BENCH_WAIT_JOURNEY ?? 'order'];
if (!journey) throw new Error(`BENCH_WAIT_JOURNEY must be one of ${Object.keys(journeys).join(', ')}`);

for (let i = 1; i <= count; i++) {
  test(`wait-heavy journey #${i}`, async ({ page }) => journey(page));
}
