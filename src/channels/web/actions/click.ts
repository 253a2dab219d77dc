import { z } from 'zod';
import { defineAction } from '../../action.ts';
import { describeLocator, LocatorFields, oneLocator, toLocator } from '../locator.ts';

export default defineAction({
  name: 'click',
  summary: 'Click a button, link or anything else the customer can see.',
  args: oneLocator(
    z
      .object({
        ...LocatorFields,
        optional: z.boolean().optional().describe('Skip it when the page has no such element (an extra page some sites show)'),
      })
      .strict(),
  ),
  describe: ({ optional, ...loc }) => `click ${describeLocator(loc)}${optional ? ' (if there)' : ''}`,
  async execute({ page, patienceMs, interactions }, { optional, ...loc }) {
    const target = toLocator(page, loc);
    if (optional && (await target.count()) === 0) return;
    await target.click({ timeout: patienceMs });
    interactions.clicks += 1;
  },
});
