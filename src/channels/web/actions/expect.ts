import { z } from 'zod';
import { defineAction } from '../../action.ts';
import { describeDeclared, WaitFields } from '../../wait.ts';
import { describePageTarget, mustSee, onePageTarget, PageJudgementFields, PageTargetFields } from '../page-target.ts';

const ExpectArgs = z
  .object({ ...PageTargetFields, ...PageJudgementFields, ...WaitFields })
  .strict()
  .superRefine((v, ctx) => onePageTarget(v, ctx));
type ExpectArgs = z.infer<typeof ExpectArgs>;

export default defineAction({
  name: 'expect',
  summary:
    'What the customer needs to see to go on: a text, an element, the URL or the title (or, with `absent`, that something is gone; with `count`, how many). Waits up to their patience; not so means they are stuck (a dead end). Use `check` for what they should find but can do without.',
  args: ExpectArgs,
  describe: (a) => `expect ${describePageTarget(a)}${describeDeclared(a)}`,
  async execute(ctx, a: ExpectArgs) {
    await mustSee(ctx, a, `expect ${describePageTarget(a)}`);
  },
});
