import { z } from 'zod';
import { defineAction } from '../../action.ts';
import { describeLocator, LOCATOR_KINDS, LocatorFields, toLocator } from '../locator.ts';

const PressArgs = z.union([
  z.string().min(1).describe('A key such as Enter, Tab or Escape, pressed on the focused element'),
  z.object({ key: z.string().min(1).describe('The key to press, e.g. Enter'), ...LocatorFields }).strict(),
]);

export default defineAction({
  name: 'press',
  summary: 'Press a key (Enter, Tab, Escape…), on the focused element or on a located one.',
  args: PressArgs,
  describe: (a) => (typeof a === 'string' ? `press ${a}` : `press ${a.key}${hasLocator(a) ? ` on ${describeLocator(a)}` : ''}`),
  async execute({ page, patienceMs, interactions }, a) {
    if (typeof a === 'string') await page.keyboard.press(a);
    else if (hasLocator(a)) await toLocator(page, a).press(a.key, { timeout: patienceMs });
    else await page.keyboard.press(a.key);
    interactions.keystrokes += 1;
  },
});

function hasLocator(a: Record<string, unknown>): boolean {
  return LOCATOR_KINDS.some((k) => a[k] !== undefined);
}
