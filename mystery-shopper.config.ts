// The demo audit's config: journeys in scenarios/, two personas, budgets a customer would accept.
import { defineConfig } from 'mystery-shopper';

export default defineConfig({
  journeys: ['scenarios'],
  personas: {
    alex: {
      name: 'Alex Morgan',
      // The audit's inbox: each persona has its own address there (see docs/email.md).
      email: '{{inbox.address}}',
      address: '12 Harbour Street',
      city: 'Springfield',
      postcode: '12345',
      // Typed into the page, never written to a report, log or screenshot.
      card: { value: '4242 4242 4242 4242', secret: true },
      // Acme's demo accounts (fixtures/acme/README.md).
      username: 'alex',
      password: { value: 'espresso-alex', secret: true },
      // Keyed in on Acme's phone line when it asks for the order number.
      order: '10042',
    },
    sam: {
      name: 'Sam Okafor',
      email: '{{inbox.address}}',
      address: '7 Mill Lane',
      city: 'Riverton',
      postcode: '54321',
      card: { value: '4242424242424242', secret: true },
      username: 'sam',
      password: { value: 'espresso-sam', secret: true },
      order: '10057',
    },
  },
  budgets: { stepMs: 3000 },
  // Two runs at a time: on a small (2-core) machine more would make the browser itself the
  // bottleneck and the timings would measure the harness, not the shop.
  concurrency: 2,
  screenshots: 'each',
  failOn: 'major',
  // A kind of finding of our own, for the return journey's checks of the documents it receives.
  findings: {
    'wrong-document': {
      title: 'A document names the wrong order',
      severity: 'major',
      description: 'The label or invoice the customer received does not name their order: a parcel sent back with it goes unmatched, a refund waits.',
    },
  },
  // The demo company listens on a port picked at random: history knows it by this name.
  history: { site: 'acme-demo' },
});
