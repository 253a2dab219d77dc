// The customer's path through Acme's shop, shared by the order journeys and the benchmarks.
// Not a journey itself: the loader only reads files named *.journey.*.
import type { JourneyInput } from 'mystery-shopper';

export type Shipping = 'Standard shipping' | 'Express shipping' | 'Store pickup';

export const orderSteps = (shipping: Shipping): JourneyInput['steps'] => [
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
      { tick: { label: shipping } },
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
