// The 8-step web journey of the overhead and accuracy benchmarks: the demo's order journey
// (start page + 6 steps) plus one more page, so every step is a real page the customer waits for.
// bench/lib/script-order8.ts does exactly the same actions with plain Playwright.
import { defineJourney } from 'mystery-shopper';

export default defineJourney({
  id: 'bench-order8',
  name: 'Bench: order the espresso machine, then back to the shop',
  tags: ['bench'],
  start: '/',
  budgets: { totalMs: 60_000, maxSteps: 8, maxInteractions: 16 },
  steps: [
    { name: 'Browse the shop', do: [{ click: { role: 'link', name: 'Shop', exact: true } }, { expect: { role: 'link', name: 'Espresso Machine' } }] },
    { name: 'Open the product', do: [{ click: { role: 'link', name: 'Espresso Machine' } }, { expect: { role: 'heading', name: 'Espresso Machine' } }] },
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
      budgetMs: 120_000,
      do: [{ click: { role: 'button', name: 'Place order' } }, { expect: { role: 'heading', name: 'Thank you for your order' } }],
    },
    { name: 'Back to the shop', do: [{ click: { role: 'link', name: 'Shop', exact: true } }, { expect: { role: 'link', name: 'Espresso Machine' } }] },
  ],
});
