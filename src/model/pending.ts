import { z } from 'zod';
import { EmailExpectation } from '../channels/email/record.ts';

/**
 * What a pending email wait looks for, in words a later process can match on (no functions):
 * mail delivered where the run was waiting (`addresses`, or `match.to`) that matches `match`,
 * and, for an answer to the customer's email, refers to it (In-Reply-To) or carries its subject.
 * `src/channels/email/awaited.ts` is the one rule, for the audit and `resume` alike.
 */
export const AwaitedEmail = z.object({
  /** The run's inbox address (its email log's). */
  address: z.string().describe("The run's inbox address"),
  /** Where the run's own mail arrived when it began to wait: its address, and the one the customer last wrote from (a seeded account's). */
  addresses: z
    .array(z.string())
    .optional()
    .describe("Where the run's own mail arrives: its inbox address and the address the customer last wrote from (absent in records before it was kept: the inbox address)"),
  match: z
    .object({ from: z.string().optional(), to: z.string().optional(), subject: z.string().optional(), text: z.string().optional() })
    .describe('What the journey said the email looks like (text, or /regex/); `to`: the address it must be delivered to instead of the run\'s own'),
  /** The customer's email it answers (email.expectReply). */
  answers: z
    .object({ messageId: z.string(), subject: z.string() })
    .optional()
    .describe("The customer's email it answers: it refers to it (In-Reply-To) or carries its subject"),
  /** The expectation as the audit recorded it, without the email: `resume` completes it and adds it to `emails.expectations`. */
  expectation: EmailExpectation,
});
export type AwaitedEmail = z.infer<typeof AwaitedEmail>;

/**
 * A wait longer than the audit stays up (config `waitInAuditMs`): the run stopped at its step
 * with status `pending`, and `mystery-shopper resume DIR` looks for what it awaits later,
 * measuring the arrival from `since` (when the customer's wait began), and re-judges the run.
 */
export const PendingWait = z.object({
  stepIndex: z.number().int().nonnegative().describe('The step that waits'),
  stepName: z.string().describe('The name of the step that waits'),
  /** The action as written, e.g. `email.expectReply text "/answer/" within 24 h`. */
  action: z.string().describe('The action as written, e.g. `email.expectReply text "/answer/"`'),
  channel: z.enum(['email']).describe('Where the awaited message comes (chat and phone may follow)'),
  /** In the customer's words: "answer to the customer's email". */
  what: z.string().describe("What it waits for, in the customer's words"),
  /** When the customer's wait began (the exchange that set the message off), ISO time. */
  since: z.string().describe("When the customer's wait began (the exchange that set the message off), ISO time"),
  /** The budget: later than this after `since` is slow. */
  withinMs: z.number().optional().describe('The budget, ms: later than this after `since` is slow'),
  /** How long the customer waits: nothing by `since` + patience is missing. */
  patienceMs: z.number().describe('How long the customer waits, ms: nothing by `since` + patience is missing'),
  /** How long the audit itself waited before it ended (`waitInAuditMs`, less what had passed). */
  waitedInAuditMs: z.number().describe('How long the audit itself waited before it ended, ms'),
  /** Steps of the journey after this one, not run: they came after a wait the audit could not sit out. */
  stepsNotRun: z.number().int().nonnegative().describe('Steps after this one, not run'),
  email: AwaitedEmail.optional().describe('What the awaited email looks like and where it is delivered'),
  /** Set by `resume` once the wait is over: what came of it. */
  resolved: z
    .object({
      /** When `resume` settled it, ISO time. */
      at: z.string().describe('When `resume` settled it, ISO time'),
      outcome: z.enum(['arrived', 'missing']).describe('It arrived within patience, or it did not'),
      /** Arrival, ISO time (the mailbox's time of delivery). */
      arrivedAt: z.string().optional().describe("Arrival, ISO time: the mailbox's time of delivery (a real mailbox's INTERNALDATE)"),
      /** Arrival minus `since`, ms. */
      delayMs: z.number().optional().describe('Arrival minus `since`, ms'),
    })
    .optional()
    .describe('Set by `resume` once the wait is over: what came of it'),
});
export type PendingWait = z.infer<typeof PendingWait>;

/** The waits of a run not yet settled. */
export const stillPending = (pending: readonly PendingWait[] | undefined): PendingWait[] => (pending ?? []).filter((p) => !p.resolved);
