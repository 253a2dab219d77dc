// The 8-step web journey of the overhead and accuracy benchmarks: the demo's order journey
// (start page + 6 steps) plus one more page, so every step is a real page the customer waits for.
// bench/lib/script-order8.ts does exactly the same actions with plain Playwright.
import { defineJourney } from 'mystery-shopper';
import { orderSteps } from '../../scenarios/lib/order-steps.ts';

export default defineJourney({
  id: 'bench-order8',
  name: 'Bench: order the espresso machine, then back to the shop',
  tags: ['bench'],
  start: '/',
  budgets: { totalMs: 60_000, maxSteps: 8, maxInteractions: 16 },
  steps: [
    // The order's budget is wide: the benchmark measures the clock, not Acme.
    ...orderSteps('Standard shipping').map((step) => (step.name === 'Place the order' ? { ...step, budgetMs: 120_000 } : step)),
    { name: 'Back to the shop', do: [{ click: { role: 'link', name: 'Shop', exact: true } }, { expect: { role: 'link', name: 'Espresso Machine' } }] },
  ],
});
