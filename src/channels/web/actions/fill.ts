import { z } from 'zod';
import { defineAction } from '../../action.ts';
import { noteTyped } from '../../email/typed.ts';
import { describeLocator, LocatorFields, oneLocator, toLocator } from '../locator.ts';

export default defineAction({
  name: 'fill',
  summary: 'Type a value into a form field (replacing what was there).',
  args: oneLocator(
    z
      .object({
        ...LocatorFields,
        value: z.string().describe('What the customer types; may use {{persona.x}} / {{env.X}}'),
        optional: z.boolean().optional().describe('Skip it when the page has no such field (a form that asks more on some sites or days)'),
      })
      .strict(),
  ),
  describe: ({ value, optional, ...loc }) => `fill ${describeLocator(loc)} with "${value}"${optional ? ' (if asked)' : ''}`,
  async execute({ page, patienceMs, interactions, isSecret, mask }, { value, optional, ...loc }) {
    const field = toLocator(page, loc);
    if (optional && (await field.count()) === 0) return;
    await field.fill(value, { timeout: patienceMs });
    if (isSecret(value)) mask(field);
    interactions.fieldsFilled += 1;
    interactions.keystrokes += value.length;
    // A salted hash of what was typed (never the value), so re-asked information can be found.
    noteTyped(interactions, describeLocator(loc), value, isSecret(value));
  },
});
