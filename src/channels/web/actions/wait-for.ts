import { z } from 'zod';
import { defineAction } from '../../action.ts';
import { describeLocator, LocatorFields, oneLocator, toLocator, type LocatorSpec } from '../locator.ts';
import { describeWait, waitForVisible } from '../visible.ts';

export default defineAction({
  name: 'waitFor',
  summary: 'Wait until something appears, at most `within` ms (for things that take a while, like a reply).',
  args: oneLocator(
    z.object({ ...LocatorFields, within: z.number().int().positive().describe('Longest wait, ms') }).strict(),
  ),
  describe: ({ within, ...loc }) => `waitFor ${describeWait(loc)} within ${within} ms`,
  async execute({ page, timeoutMs }, { within, ...loc }) {
    const spec = loc as LocatorSpec;
    await waitForVisible(page, toLocator(page, spec), describeLocator(spec), Math.min(within, timeoutMs));
  },
});
