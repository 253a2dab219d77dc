import { z } from 'zod';
import { defineAction } from '../../action.ts';
import { describeLocator, LocatorFields, oneLocator, toLocator } from '../locator.ts';

export default defineAction({
  name: 'select',
  summary: 'Choose an option in a drop-down, by its label or value.',
  args: oneLocator(z.object({ ...LocatorFields, option: z.string().describe('Option label or value') }).strict()),
  describe: ({ option, ...loc }) => `select "${option}" in ${describeLocator(loc)}`,
  async execute({ page, patienceMs, interactions }, { option, ...loc }) {
    const field = toLocator(page, loc);
    // Customers pick by what they read; fall back to the option's value attribute.
    const byLabel = await field.selectOption({ label: option }, { timeout: patienceMs }).catch(() => null);
    if (!byLabel) await field.selectOption(option, { timeout: patienceMs });
    interactions.fieldsFilled += 1;
  },
});
