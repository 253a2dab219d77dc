import { z } from 'zod';
import { defineAction, StepFailure, type ActionContext } from '../../action.ts';
import { EMAIL_CHANNEL, type EmailSession } from '../session.ts';
import { describeMatch, EmailMatchFields, emailMatches, type EmailMatch } from '../match.ts';
import type { EmailExpectation } from '../../../model/email.ts';

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** Shared by email.expect and email.expectReply: waits, records the expectation, fails when nothing came. */
export async function expectEmail(
  ctx: ActionContext,
  opts: { kind: EmailExpectation['kind']; label: string; within: number; what: string; filter: (s: EmailSession) => (e: import('../../../model/email.ts').ReceivedEmail) => boolean },
): Promise<void> {
  const session = ctx.session<EmailSession>(EMAIL_CHANNEL);
  const step = session.stepIndex ?? 0;
  // The email was set off by the customer's last exchange with the company (a form sent, a page
  // loaded, an email sent): normally the step just before, or earlier in this step.
  const trigger = session.lastTrigger;
  const fromMs = trigger?.atMs ?? session.now;
  const expectation: EmailExpectation = {
    stepIndex: step,
    ...(trigger?.stepIndex !== undefined ? { triggerStepIndex: trigger.stepIndex } : {}),
    kind: opts.kind,
    label: opts.label,
    withinMs: opts.within,
    fromMs,
  };
  session.expectations.push(expectation);
  // The customer's patience (`within`) counts from the trigger too.
  const waited = trigger ? performance.now() - trigger.wall : 0;
  const wait = Math.min(Math.max(opts.within - waited, 0), ctx.timeoutMs);
  const found = await session.waitFor(opts.filter(session), wait);
  if (!found) {
    throw new StepFailure('expectation', `No ${opts.what} arrived within ${seconds(opts.within)}.`);
  }
  expectation.emailId = found.id;
  const delay = session.delayOf(found);
  if (delay !== undefined) expectation.delayMs = delay;
}

export const ExpectArgs = z
  .object({
    ...EmailMatchFields,
    within: z.number().int().positive().default(30_000).describe('How long the customer waits for it, ms (from the step that set it off)'),
    acknowledgement: z.boolean().optional().describe('The email acknowledges something the customer sent (a claim, a request): it should promise when they will hear back'),
  })
  .strict();
type ExpectArgs = z.infer<typeof ExpectArgs>;

export default defineAction({
  name: 'email.expect',
  summary: 'Wait for an email in the persona\'s inbox (by subject, sender, recipient or text), at most `within` ms.',
  args: ExpectArgs,
  describe: (a: ExpectArgs) => `email.expect ${describeMatch(a)}${a.within ? ` within ${a.within} ms` : ''}`,
  async execute(ctx, a: ExpectArgs) {
    const m: EmailMatch = a;
    await expectEmail(ctx, {
      kind: a.acknowledgement ? 'acknowledgement' : 'email',
      label: `email.expect ${describeMatch(a)}`,
      within: a.within,
      what: `email with ${describeMatch(a)}`,
      filter: () => (e) => emailMatches(e, m),
    });
  },
});
