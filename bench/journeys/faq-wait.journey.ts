// The purely wait-heavy journey of the concurrency benchmark: against Acme with
// `slow-faq-search:2000` the customer searches the help centre and waits ~2 s for the answer,
// with one page load besides. BENCH_WAIT_REPEAT sets how many runs are planned.
// bench/playwright/wait.spec.ts (BENCH_WAIT_JOURNEY=faq) is the same journey as @playwright/test specs.
import { defineJourney } from 'mystery-shopper';

export default defineJourney({
  id: 'bench-faq-wait',
  name: 'Bench: wait for a slow FAQ search',
  tags: ['bench'],
  start: '/help',
  repeat: Number(process.env.BENCH_WAIT_REPEAT ?? 1),
  budgets: { totalMs: 60_000 },
  steps: [
    {
      name: 'Search the FAQ for returns',
      budgetMs: 60_000,
      do: [{ fill: { label: 'Search the FAQ', value: 'return' } }, { press: 'Enter' }, { expect: { text: '/answers? for “return”/' } }],
    },
  ],
});
