import { z } from 'zod';
import { defineAction } from '../../action.ts';
import { describeLocator, LocatorFields, oneLocator, toLocator } from '../locator.ts';

export default defineAction({
  name: 'fill',
  summary: 'Type a value into a form field (replacing what was there).',
  args: oneLocator(z.object({ ...LocatorFields, value: z.string().describe('What the customer types; may use {{persona.x}} / {{env.X}}') }).strict()),
  describe: ({ value, ...loc }) => `fill ${describeLocator(loc)} with "${value}"`,
  async execute({ page, timeoutMs, interactions, isSecret, mask }, { value, ...loc }) {
    const field = toLocator(page, loc);
    await field.fill(value, { timeout: timeoutMs });
    if (isSecret(value)) mask(field);
    interactions.fieldsFilled += 1;
    interactions.keystrokes += value.length;
  },
});
