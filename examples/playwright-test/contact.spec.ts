// Finding a way to write to the company, and how soon they answer.
import { expect, test } from 'mystery-shopper/playwright';

test('find an email address and the promised response time', async ({ page }) => {
  // Before the first step: opening the start page, as a journey's `start` does.
  await page.goto('/');
  await test.step('Open the contact page', async () => {
    await page.getByRole('link', { name: 'Contact' }).click();
    await expect(page.getByRole('heading', { name: 'Contact us' })).toBeVisible();
  });
  await test.step('Find the email address', async () => {
    await expect(page.getByRole('link', { name: /@/ })).toBeVisible();
  });
  await test.step('Find the promised response time', async () => {
    await expect(page.getByText(/within \d+ (hours?|days?)/i)).toBeVisible();
  });
});
