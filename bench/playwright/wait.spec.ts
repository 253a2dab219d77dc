// bench-wait (bench/journeys/wait.journey.ts) as BENCH_WAIT_COUNT @playwright/test specs.
import { expect, test } from '@playwright/test';

const count = Number(process.env.BENCH_WAIT_COUNT ?? 40);

for (let i = 1; i <= count; i++) {
  test(`wait for a slow order #${i}`, async ({ page }) => {
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
  });
}
