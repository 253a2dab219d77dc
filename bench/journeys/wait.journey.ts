// The wait-heavy journey of the concurrency and memory benchmarks: against Acme with
// `slow-checkout:2000` the customer spends ~2 s of it waiting for the order to go through.
// BENCH_WAIT_REPEAT sets how many runs are planned (the CLI is started once per measurement).
// bench/playwright/wait.spec.ts is the same journey as @playwright/test specs.
import { defineJourney } from 'mystery-shopper';
import { orderSteps } from '../../scenarios/lib/order-steps.ts';

export default defineJourney({
  id: 'bench-wait',
  name: 'Bench: wait for a slow order',
  tags: ['bench'],
  start: '/product/espresso-machine',
  repeat: Number(process.env.BENCH_WAIT_REPEAT ?? 1),
  budgets: { totalMs: 60_000 },
  // Starts on the product page: from "Add to cart" on, the demo's order steps.
  steps: orderSteps('Standard shipping')
    .slice(2)
    .map((step) => (step.name === 'Place the order' ? { ...step, budgetMs: 60_000 } : step)),
});
