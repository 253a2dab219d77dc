import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { defineAction } from '../../action.ts';
import { describeDeclared, WaitFields } from '../../wait.ts';
import { StepFailure } from '../../action.ts';
import { waitRecord } from '../../wait.ts';
import { describeDocument, DocumentTargetField, judgeDocument, notWithDocument } from '../document-target.ts';
import { describePageTarget, mustSee, onePageTarget, PageJudgementFields, PageTargetFields } from '../page-target.ts';

const ExpectArgs = z
  .object({ ...PageTargetFields, ...DocumentTargetField, ...PageJudgementFields, ...WaitFields })
  .strict()
  .superRefine((v, ctx) => {
    onePageTarget(v, ctx, ['download']);
    notWithDocument(v, ctx);
  });
type ExpectArgs = z.infer<typeof ExpectArgs>;

export default defineAction({
  name: 'expect',
  summary:
    'What the customer needs to see to go on: a text, an element, the URL or the title (or, with `absent`, that something is gone; with `count`, how many). Waits up to their patience; not so means they are stuck (a dead end). Use `check` for what they should find but can do without.',
  args: ExpectArgs,
  describe: (a) => `expect ${a.download ? describeDocument(a.download) : describePageTarget(a)}${describeDeclared(a)}`,
  async execute(ctx, a: ExpectArgs) {
    if (a.download) {
      // The customer needs the document to go on (a label to print): one that never came, or the wrong one, is a dead end.
      const t0 = performance.now();
      const verdict = await judgeDocument(ctx, a.download, ctx.patienceMs);
      const label = `expect ${describeDocument(a.download)}`;
      if (a.within !== undefined) ctx.recordWait(waitRecord({ action: label, withinMs: a.within, patienceMs: ctx.patienceMs, ...(verdict.passed ? { tookMs: performance.now() - t0 } : {}) }));
      if (!verdict.passed) throw new StepFailure('expectation', verdict.failure ?? `Expected ${describeDocument(a.download)}.`, verdict.reportedBy);
      return;
    }
    await mustSee(ctx, a, `expect ${describePageTarget(a)}`);
  },
});
