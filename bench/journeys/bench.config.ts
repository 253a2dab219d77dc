// Config for the benchmarks' own journeys (bench-order8, bench-wait). The base URL is given on
// the command line / to runAudit, since every bench starts its own demo company.
import { defineConfig } from 'mystery-shopper';

export default defineConfig({
  journeys: ['.'],
  personas: {
    alex: {
      name: 'Alex Morgan',
      email: 'alex.morgan@example.com',
      address: '12 Harbour Street',
      city: 'Springfield',
      postcode: '12345',
      card: { value: '4242 4242 4242 4242', secret: true },
    },
  },
  budgets: { stepMs: 3000 },
  // Generous: on a shared 2-core machine under load a step can take many seconds.
  patienceMs: 90_000,
  journeyTimeoutMs: 300_000,
  concurrency: 1,
  screenshots: 'off',
  failOn: 'critical',
  out: '../tmp/reports',
});
