import { defineAction } from '../../action.ts';
import { describeLocator, LocatorSchema, toLocator } from '../locator.ts';

export default defineAction({
  name: 'click',
  summary: 'Click a button, link or anything else the customer can see.',
  args: LocatorSchema,
  describe: (loc) => `click ${describeLocator(loc)}`,
  async execute({ page, timeoutMs, interactions }, loc) {
    await toLocator(page, loc).click({ timeout: timeoutMs });
    interactions.clicks += 1;
  },
});
