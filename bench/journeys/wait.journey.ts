// The wait-heavy journey of the concurrency and memory benchmarks: against Acme with
// `slow-checkout:2000` the customer spends ~2 s of it waiting for the order to go through.
// BENCH_WAIT_REPEAT sets how many runs are planned (the CLI is started once per measurement).
// bench/playwright/wait.spec.ts is the same journey as @playwright/test specs.
import { defineJourney } from 'mystery-shopper';

export default defineJourney({
  id: 'bench-wait',
  name: 'Bench: wait for a slow order',
  tags: ['bench'],
  start: '/product/espresso-machine',
  repeat: Number(process.env.BENCH_WAIT_REPEAT ?? 1),
  budgets: { totalMs: 60_000 },
  steps: [
    { name: 'Add to cart', do: [{ click: { role: 'button', name: 'Add to cart' } }, { expect: { role: 'heading', name: 'Your cart' } }] },
    { name: 'Go to checkout', do: [{ click: { role: 'link', name: 'Checkout' } }, { expect: { role: 'heading', name: 'Checkout' } }] },
    {
      name: 'Fill in delivery details',
      do: [
        { fill: { label: 'Full name', value: '{{persona.name}}' } },
        { fill: { label: 'Email', value: '{{persona.email}}' } },
        { fill: { label: 'Address', value: '{{persona.address}}' } },
        { fill: { label: 'City', value: '{{persona.city}}' } },
        { fill: { label: 'Postcode', value: '{{persona.postcode}}' } },
        { check: { label: 'Standard shipping' } },
        { fill: { label: 'Card number', value: '{{persona.card}}' } },
      ],
    },
    {
      name: 'Place the order',
      budgetMs: 60_000,
      do: [{ click: { role: 'button', name: 'Place order' } }, { expect: { role: 'heading', name: 'Thank you for your order' } }],
    },
  ],
});
