// What the fixture (in Playwright's worker) hands the reporter (in Playwright's main process):
// one JSON attachment per test, plus its screenshots as image attachments. Times are epoch ms
// (Date.now()), the clock Playwright stamps its steps with, so the reporter can place every
// observation in the step it happened in.
import { z } from 'zod';
import { CustomerView, Observations } from '../model/run-record.ts';

/** A top-level `test.step` as the fixture's `test.step` saw it. */
export const RecordedStep = z.object({
  title: z.string(),
  /** Epoch ms when the step's body started. */
  startedAt: z.number(),
  /** Time the fixture spent in the step for its own sake (screenshot, reading the page), ms: not the customer's. */
  harnessMs: z.number().nonnegative(),
  failed: z.boolean(),
  /** The name of the screenshot attachment taken as the step ended. */
  screenshot: z.string().optional(),
  /** What the page showed when the step failed. */
  saw: CustomerView.optional(),
});
export type RecordedStep = z.infer<typeof RecordedStep>;

export const Recording = z.object({
  version: z.literal(1),
  /** What the page showed besides the test's own assertions; atMs are epoch ms, stepIndex unset. */
  observations: Observations,
  steps: z.array(RecordedStep),
  /** When the test failed: the page at the end (for a failure outside any step, or a step cut off by the test's timeout). */
  failure: z.object({ screenshot: z.string().optional(), saw: CustomerView.optional() }).optional(),
  /** The page's last URL. */
  url: z.string().optional(),
});
export type Recording = z.infer<typeof Recording>;
