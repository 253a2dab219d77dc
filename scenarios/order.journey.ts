// The order journeys share one path through the shop and differ in the shipping method,
// so they are written once here in TypeScript (see find-contact.journey.yaml for YAML).
import { defineJourney } from 'mystery-shopper';
import { orderSteps, type Shipping } from './lib/order-steps.ts';

const order = (id: string, shipping: Shipping, what: string) =>
  defineJourney({
    id,
    name: `Order the espresso machine with ${what}`,
    description: `A customer buys the espresso machine and chooses ${shipping.toLowerCase()} at checkout.`,
    tags: ['order', 'web'],
    start: '/',
    budgets: { totalMs: 15_000, maxSteps: 7, maxInteractions: 16 },
    steps: orderSteps(shipping),
  });

export default [
  order('order-standard', 'Standard shipping', 'standard shipping'),
  order('order-express', 'Express shipping', 'express shipping'),
  order('order-pickup', 'Store pickup', 'store pickup'),
  defineJourney({
    id: 'cancel-after-submit',
    name: 'Cancel the order right after placing it',
    description: 'A customer changes their mind the moment the order is placed and cancels it.',
    tags: ['order', 'cancel', 'web'],
    start: '/',
    budgets: { totalMs: 18_000, maxSteps: 8, maxInteractions: 17 },
    steps: [
      ...orderSteps('Standard shipping'),
      {
        name: 'Cancel the order',
        budgetMs: 1500,
        do: [{ click: { role: 'button', name: 'Cancel order' } }, { expect: { text: '/Order A\\d+ has been cancelled/' } }],
      },
    ],
  }),
];
