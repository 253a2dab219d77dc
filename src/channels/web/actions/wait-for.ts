import { z } from 'zod';
import { defineAction } from '../../action.ts';
import { describeDeclared, WaitFields } from '../../wait.ts';
import { describeLocator, LocatorFields, oneLocator } from '../locator.ts';
import { mustSee } from '../page-target.ts';

export default defineAction({
  name: 'waitFor',
  summary: 'Wait until something appears (a reply, a status): `within` is what the customer should have to wait, `patience` how long they keep waiting.',
  args: oneLocator(z.object({ ...LocatorFields, ...WaitFields }).strict()),
  describe: ({ within, patience, ...loc }) => `waitFor ${describeLocator(loc)}${describeDeclared({ within, patience })}`,
  async execute(ctx, { within, patience: _p, ...loc }) {
    await mustSee(ctx, { ...loc, within }, `waitFor ${describeLocator(loc)}`);
  },
});
