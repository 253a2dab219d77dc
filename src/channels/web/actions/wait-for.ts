import { z } from 'zod';
import { defineAction } from '../../action.ts';
import { describeDeclared, WaitFields } from '../../wait.ts';
import { describeLocator, LocatorFields, oneLocator, toLocator, type LocatorSpec } from '../locator.ts';
import { waitForVisible } from '../visible.ts';

export default defineAction({
  name: 'waitFor',
  summary: 'Wait until something appears (a reply, a status): `within` is what the customer should have to wait, `patience` how long they keep waiting.',
  args: oneLocator(z.object({ ...LocatorFields, ...WaitFields }).strict()),
  describe: ({ within, patience, ...loc }) => `waitFor ${describeLocator(loc)}${describeDeclared({ within, patience })}`,
  async execute(ctx, { within, patience: _p, ...loc }) {
    const spec = loc as LocatorSpec;
    await waitForVisible(ctx, toLocator(ctx.page, spec), describeLocator(spec), `waitFor ${describeLocator(spec)}`, within);
  },
});
