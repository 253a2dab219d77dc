import { z } from 'zod';
import { defineAction, type ActionContext } from '../../action.ts';
import { formatMs } from '../../../model/duration.ts';
import { describeDeclared, WaitFields, waitRecord } from '../../wait.ts';
import { EMAIL_CHANNEL, type EmailSession } from '../session.ts';
import { describeMatch, EmailMatchFields, type EmailMatch } from '../match.ts';
import type { Awaits } from '../awaited.ts';
import type { EmailExpectation } from '../record.ts';

/**
 * Shared by email.expect and email.expectReply: waits up to the customer's patience (counted
 * from the exchange that set the email off) and records the expectation. An email that never
 * comes is `missing-email` and the journey goes on: only a later step that needs it (opening its
 * link, replying) is stuck. A patience longer than the audit stays up (`waitInAuditMs`) is
 * waited out for that long; if nothing came, the wait is pending and `resume` settles it.
 */
export async function expectEmail(
  ctx: ActionContext,
  opts: { kind: EmailExpectation['kind']; label: string; within?: number; what: string; awaits: Awaits },
): Promise<void> {
  const session = ctx.session<EmailSession>(EMAIL_CHANNEL);
  const step = session.stepIndex ?? 0;
  // The email was set off by the customer's last exchange with the company (a form sent, a page
  // loaded, an email sent): normally the step just before, or earlier in this step.
  const trigger = session.lastTrigger;
  const fromMs = trigger?.atMs ?? session.now;
  const answered = opts.awaits.answers && session.sent.find((m) => m.messageId === opts.awaits.answers?.messageId);
  const expectation: EmailExpectation = {
    stepIndex: step,
    ...(trigger?.stepIndex !== undefined ? { triggerStepIndex: trigger.stepIndex } : {}),
    kind: opts.kind,
    label: opts.label,
    ...(answered ? { answers: answered.id } : {}),
    ...(opts.within !== undefined ? { withinMs: opts.within } : {}),
    patienceMs: ctx.patienceMs,
    fromMs,
  };
  session.expectations.push(expectation);
  // The customer's patience counts from the trigger too.
  const waited = trigger ? performance.now() - trigger.wall : 0;
  const t0 = performance.now();
  const left = Math.max(ctx.patienceMs - waited, 0);
  // The audit sits out at most waitInAuditMs of a wait that may take hours; `resume` does the rest.
  const outlasts = left > ctx.waitInAuditMs;
  // `match.to` names where to look when it is not the run's own address (a seeded account's).
  const found = await session.waitFor(opts.awaits, outlasts ? ctx.waitInAuditMs : left).catch((err: unknown) => {
    // The mailbox could not be read: no rule may call this email missing.
    session.expectations.splice(session.expectations.indexOf(expectation), 1);
    throw err;
  });
  const tookMs = performance.now() - t0;
  if (!found && outlasts) {
    // Recorded as pending, not in `expectations`: no rule judges it until `resume` has.
    session.expectations.splice(session.expectations.indexOf(expectation), 1);
    ctx.recordWait(waitRecord({ action: opts.label, channel: 'email', withinMs: opts.within, patienceMs: ctx.patienceMs, pending: true }));
    ctx.awaitAfterAudit({
      action: opts.label,
      channel: 'email',
      what: opts.what,
      since: new Date(performance.timeOrigin + (trigger?.wall ?? t0)).toISOString(),
      ...(opts.within !== undefined ? { withinMs: opts.within } : {}),
      patienceMs: ctx.patienceMs,
      waitedInAuditMs: Math.round(tookMs),
      // Where the run was waiting (its addresses now, or `match.to`), so `resume` looks there too.
      email: { address: session.address, addresses: session.addresses, ...opts.awaits, expectation },
    });
    return;
  }
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
    "Wait for an email in the persona's inbox, or to any address `to` names (a seeded account's `{{persona.email}}`), by subject, sender or text. `within` is how soon it should come (else the slow-email rule's limit), `patience` how long the customer waits; one that never comes is missing-email, and the journey goes on.",
  args: ExpectArgs,
  describe: (a: ExpectArgs) => `email.expect ${describeMatch(a)}${describeDeclared(a)}`,
  outlastsAudit: true,
  async execute(ctx, a: ExpectArgs) {
    const match: EmailMatch = { from: a.from, to: a.to, subject: a.subject, text: a.text };
    await expectEmail(ctx, {
      kind: a.acknowledgement ? 'acknowledgement' : 'email',
      label: `email.expect ${describeMatch(a)}`,
      within: a.within,
      what: `email with ${describeMatch(a)}`,
      awaits: { match: JSON.parse(JSON.stringify(match)) as EmailMatch },
    });
  },
});
