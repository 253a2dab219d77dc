// Serving oneself in the help centre before writing to anyone.
import { expect, test } from 'mystery-shopper/playwright';

test('find out how to return an item', async ({ page }) => {
  await page.goto('/');
  await test.step('Open the help centre', async () => {
    await page.getByRole('link', { name: 'Help', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Help centre' })).toBeVisible();
  });
  await test.step('Search the FAQ for returns', async (step) => {
    // Self-service should feel instant: this step's own budget.
    step.annotations.push({ type: 'step-budget', description: '1.5s' });
    await page.getByLabel('Search the FAQ').fill('return');
    await page.getByLabel('Search the FAQ').press('Enter');
    await expect(page.getByText(/return any item within 30 days/i)).toBeVisible();
  });
});
