import { z } from 'zod';
import { defineAction, StepFailure } from '../../action.ts';
import { describeDeclared, WaitFields, waitRecord } from '../../wait.ts';
import { describeLocator, toLocator, type LocatorSpec } from '../locator.ts';
import { describePageTarget, onePageTarget, PageTargetFields, waitForPageValue } from '../page-target.ts';
import { waitForVisible } from '../visible.ts';
import { formatMs } from '../../../model/duration.ts';

const ExpectArgs = z
  .object({ ...PageTargetFields, ...WaitFields })
  .strict()
  .superRefine((v, ctx) => onePageTarget(v, ctx));
type ExpectArgs = z.infer<typeof ExpectArgs>;

export default defineAction({
  name: 'expect',
  summary:
    'What the customer needs to see to go on: a text, an element, the URL or the title. Waits up to their patience; not there means they are stuck (a dead end). Use `check` for what they should find but can do without.',
  args: ExpectArgs,
  describe: (a) => `expect ${describePageTarget(a)}${describeDeclared(a)}`,
  async execute(ctx, a: ExpectArgs) {
    const label = `expect ${describePageTarget(a)}`;
    if (a.url !== undefined || a.title !== undefined) {
      const what = a.url !== undefined ? 'url' : 'title';
      const expected = (a.url ?? a.title) as string;
      const r = await waitForPageValue(ctx.page, what, expected, ctx.patienceMs);
      if (!r.matched) {
        ctx.recordWait(waitRecord({ action: label, withinMs: a.within, patienceMs: ctx.patienceMs }));
        throw new StepFailure('expectation', `Expected the page ${what === 'url' ? 'address' : 'title'} to show “${expected}” within ${formatMs(ctx.patienceMs)}; it was “${r.actual}”.`);
      }
      if (a.within !== undefined) {
        ctx.recordWait(waitRecord({ action: label, withinMs: a.within, patienceMs: ctx.patienceMs, tookMs: r.tookMs }));
      }
      return;
    }
    const { url: _u, title: _t, within, patience: _p, ...loc } = a;
    const spec = loc as LocatorSpec;
    await waitForVisible(ctx, toLocator(ctx.page, spec), describeLocator(spec), label, within);
  },
});
