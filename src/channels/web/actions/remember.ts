import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { defineAction, StepFailure } from '../../action.ts';
import { formatMs } from '../../../model/duration.ts';
import { REMEMBER_NAME } from '../../../journeys/remembered.ts';
import { textPattern } from '../../text.ts';

const Args = z
  .object({
    as: z
      .string()
      .regex(REMEMBER_NAME, 'expected a name such as order.number (letters, digits and _, parts joined by dots)')
      .describe('The name later actions use it by: `as: order.number` → `{{order.number}}`'),
    text: z
      .string()
      .min(1)
      .describe('Where the value is in the page\'s visible text: a /regex/ whose first group (or group named `value`) is the value, e.g. "/Order number (A\\\\d+)/"'),
  })
  .strict();
type Args = z.infer<typeof Args>;

export default defineAction({
  name: 'remember',
  summary:
    'Keep a value the page shows (the order number on the confirmation page, a total) for `{{name}}` in later actions: a check that the label names this order, a reply quoting it.',
  args: Args,
  describe: (a: Args) => `remember ${a.as} from text "${a.text}"`,
  remembers: (a: Args) => a.as,
  async execute({ page, patienceMs, remember }, a: Args) {
    const pattern = textPattern(a.text);
    const t0 = performance.now();
    for (;;) {
      const text = await page.locator('body').innerText({ timeout: patienceMs }).catch(() => '');
      const m = pattern.exec(text);
      if (m) {
        const value = (m.groups?.value ?? m[1] ?? m[0]).trim();
        remember(a.as, value);
        return;
      }
      if (performance.now() - t0 >= patienceMs) {
        throw new StepFailure('expectation', `Expected the page to show ${a.as.replace(/\./g, ' ')} (text "${a.text}"); it did not within ${formatMs(patienceMs)}.`);
      }
      await page.waitForTimeout(100);
    }
  },
});
