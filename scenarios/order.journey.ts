// The order journeys share one path through the shop and differ in the shipping method,
// so they are written once here in TypeScript (see find-contact.journey.yaml for YAML).
import { defineJourney, type JourneyInput } from 'mystery-shopper';

type Shipping = 'Standard shipping' | 'Express shipping' | 'Store pickup';

const orderSteps = (shipping: Shipping): JourneyInput['steps'] => [
  {
    name: 'Browse the shop',
    do: [{ click: { role: 'link', name: 'Shop', exact: true } }, { expect: { role: 'link', name: 'Espresso Machine' } }],
  },
  {
    name: 'Open the product',
    do: [{ click: { role: 'link', name: 'Espresso Machine' } }, { expect: { role: 'heading', name: 'Espresso Machine' } }],
  },
  {
    name: 'Add to cart',
    do: [{ click: { role: 'button', name: 'Add to cart' } }, { expect: { role: 'heading', name: 'Your cart' } }],
  },
  {
    name: 'Go to checkout',
    do: [{ click: { role: 'link', name: 'Checkout' } }, { expect: { role: 'heading', name: 'Checkout' } }],
  },
  {
    name: 'Fill in delivery details',
    do: [
      { fill: { label: 'Full name', value: '{{persona.name}}' } },
      { fill: { label: 'Email', value: '{{persona.email}}' } },
      { fill: { label: 'Address', value: '{{persona.address}}' } },
      { fill: { label: 'City', value: '{{persona.city}}' } },
      { fill: { label: 'Postcode', value: '{{persona.postcode}}' } },
      { check: { label: shipping } },
      { fill: { label: 'Card number', value: '{{persona.card}}' } },
    ],
  },
  {
    name: 'Place the order',
    // Customers expect an order to go through in about a second.
    budgetMs: 1500,
    do: [{ click: { role: 'button', name: 'Place order' } }, { expect: { role: 'heading', name: 'Thank you for your order' } }],
  },
];

const order = (id: string, shipping: Shipping, what: string) =>
  defineJourney({
    id,
    name: `Order the espresso machine with ${what}`,
    description: `A customer buys the espresso machine and chooses ${shipping.toLowerCase()} at checkout.`,
    tags: ['order', 'web'],
    start: '/',
    budgets: { totalMs: 15_000, maxSteps: 8, maxInteractions: 16 },
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
    budgets: { totalMs: 18_000, maxSteps: 9, maxInteractions: 17 },
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
