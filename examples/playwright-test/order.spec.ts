// Ordering the espresso machine: every test.step is a step of the journey, timed and screenshotted.
import { expect, test } from 'mystery-shopper/playwright';

test('order the espresso machine with standard shipping', { annotation: { type: 'journey-budget', description: '12s' } }, async ({ page }) => {
  await page.goto('/');
  await test.step('Browse the shop', async () => {
    await page.getByRole('link', { name: 'Shop', exact: true }).click();
    await expect(page.getByRole('link', { name: 'Espresso Machine' })).toBeVisible();
  });
  await test.step('Open the product', async () => {
    await page.getByRole('link', { name: 'Espresso Machine' }).click();
    await expect(page.getByRole('heading', { name: 'Espresso Machine' })).toBeVisible();
  });
  await test.step('Add to cart', async () => {
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await expect(page.getByRole('heading', { name: 'Your cart' })).toBeVisible();
  });
  await test.step('Go to checkout', async () => {
    await page.getByRole('link', { name: 'Checkout' }).click();
    await expect(page.getByRole('heading', { name: 'Checkout' })).toBeVisible();
  });
  await test.step('Fill in delivery details', async () => {
    await page.getByLabel('Full name').fill('Jo Example');
    await page.getByLabel('Email').fill('jo@example.com');
    await page.getByLabel('Address').fill('1 Test Street');
    await page.getByLabel('City').fill('Springfield');
    await page.getByLabel('Postcode').fill('12345');
    await page.getByLabel('Standard shipping').check();
    // A field whose label says card number: the value is written [secret] in the records.
    await page.getByLabel('Card number').fill(process.env.TEST_CARD_NUMBER ?? '4242 4242 4242 4242');
  });
  await test.step('Place the order', async (step) => {
    // Customers expect an order to go through in about a second.
    step.annotations.push({ type: 'step-budget', description: '1.5s' });
    await page.getByRole('button', { name: 'Place order' }).click();
    await expect(page.getByRole('heading', { name: 'Thank you for your order' })).toBeVisible();
  });
});
