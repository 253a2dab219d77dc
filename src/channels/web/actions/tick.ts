import { z } from 'zod';
import { defineAction } from '../../action.ts';
import { describeLocator, LocatorFields, oneLocator, toLocator } from '../locator.ts';

export default defineAction({
  name: 'tick',
  summary: 'Tick a checkbox or choose a radio button (checked: false unticks).',
  args: oneLocator(z.object({ ...LocatorFields, checked: z.boolean().default(true).describe('false unticks it') }).strict()),
  describe: ({ checked, ...loc }) => `${checked === false ? 'untick' : 'tick'} ${describeLocator(loc)}`,
  async execute({ page, patienceMs, interactions }, { checked, ...loc }) {
    await toLocator(page, loc).setChecked(checked, { timeout: patienceMs });
    interactions.clicks += 1;
  },
});
