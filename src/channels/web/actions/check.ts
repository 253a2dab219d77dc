import { z } from 'zod';
import { defineAction } from '../../action.ts';
import { describeLocator, LocatorFields, oneLocator, toLocator } from '../locator.ts';

export default defineAction({
  name: 'check',
  summary: 'Tick a checkbox or choose a radio button (checked: false unticks).',
  args: oneLocator(z.object({ ...LocatorFields, checked: z.boolean().default(true) }).strict()),
  describe: ({ checked, ...loc }) => `${checked === false ? 'uncheck' : 'check'} ${describeLocator(loc)}`,
  async execute({ page, timeoutMs, interactions }, { checked, ...loc }) {
    await toLocator(page, loc).setChecked(checked, { timeout: timeoutMs });
    interactions.clicks += 1;
  },
});
