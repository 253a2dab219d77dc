// The demo audit's config: journeys in scenarios/, two personas, budgets a customer would accept.
import { defineConfig } from 'mystery-shopper';

export default defineConfig({
  journeys: ['scenarios'],
  personas: {
    alex: {
      name: 'Alex Morgan',
      email: 'alex.morgan@example.com',
      address: '12 Harbour Street',
      city: 'Springfield',
      postcode: '12345',
      // Typed into the page, never written to a report, log or screenshot.
      card: { value: '4242 4242 4242 4242', secret: true },
    },
    sam: {
      name: 'Sam Okafor',
      email: 'sam.okafor@example.com',
      address: '7 Mill Lane',
      city: 'Riverton',
      postcode: '54321',
      card: { value: '4242424242424242', secret: true },
    },
  },
  budgets: { stepMs: 3000 },
  concurrency: 4,
  screenshots: 'each',
  failOn: 'major',
});
