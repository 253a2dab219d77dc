import { z } from 'zod';
import { defineAction, type ActionContext } from '../../action.ts';
import { formatMs } from '../../../model/duration.ts';
import { describeDeclared, WaitFields, waitRecord } from '../../wait.ts';
import { EMAIL_CHANNEL, type EmailSession } from '../session.ts';
import { describeMatch, EmailMatchFields, emailMatches, type EmailMatch } from '../match.ts';
import type { EmailExpectation, ReceivedEmail } from '../../../model/email.ts';

/**
 * Shared by email.expect and email.expectReply: waits up to the customer's patience (counted
 * from the exchange that set the email off) and records the expectation. An email that never
 * comes is `missing-email` and the journey goes on: only a later step that needs it (opening its
 * link, replying) is stuck.
 */
export async function expectEmail(
  ctx: ActionContext,
  opts: { kind: EmailExpectation['kind']; label: string; within?: number; what: string; filter: (s: EmailSession) => (e: ReceivedEmail) => boolean },
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
    ...(opts.within !== undefined ? { withinMs: opts.within } : {}),
    patienceMs: ctx.patienceMs,
    fromMs,
  };
  session.expectations.push(expectation);
  // The customer's patience counts from the trigger too.
  const waited = trigger ? performance.now() - trigger.wall : 0;
  const t0 = performance.now();
  const found = await session.waitFor(opts.filter(session), Math.max(ctx.patienceMs - waited, 0));
  const tookMs = performance.now() - t0;
  ctx.recordWait(
    waitRecord({
      action: opts.label,
      channel: 'email',
      withinMs: opts.within,
      patienceMs: ctx.patienceMs,
      ...(found ? { tookMs, elapsedMs: tookMs + waited } : {}),
    }),
  );
  if (!found) {
    session.missing(`${opts.what} (none arrived within ${formatMs(ctx.patienceMs)})`);
    return;
  }
  expectation.emailId = found.id;
  const delay = session.delayOf(found);
  if (delay !== undefined) expectation.delayMs = delay;
}

export const ExpectArgs = z
  .object({
    ...EmailMatchFields,
    ...WaitFields,
    acknowledgement: z.boolean().optional().describe('The email acknowledges something the customer sent (a claim, a request): it should promise when they will hear back'),
  })
  .strict();
type ExpectArgs = z.infer<typeof ExpectArgs>;

export default defineAction({
  name: 'email.expect',
  summary:
    "Wait for an email in the persona's inbox (by subject, sender, recipient or text). `within` is how soon it should come (else the slow-email rule's limit), `patience` how long the customer waits; one that never comes is missing-email, and the journey goes on.",
  args: ExpectArgs,
  describe: (a: ExpectArgs) => `email.expect ${describeMatch(a)}${describeDeclared(a)}`,
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
