import { z } from 'zod';

/** A link found in an email (text part or HTML part). */
export const EmailLink = z.object({ text: z.string(), href: z.string() });
export type EmailLink = z.infer<typeof EmailLink>;

/** One email the customer's inbox received during the run. */
export const ReceivedEmail = z.object({
  /** Unique within the run, e.g. `m1`. */
  id: z.string(),
  messageId: z.string().optional(),
  /** Customer clock (ms since the run started) when the harness's inbox had it. */
  atMs: z.number(),
  receivedAt: z.string(),
  /** The step running when it arrived. */
  stepIndex: z.number().int().nonnegative().optional(),
  /** The sender's address, and display name when there is one. */
  from: z.string(),
  fromName: z.string().optional(),
  /** Reply-To addresses; empty when the email gives none. */
  replyTo: z.array(z.string()),
  to: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  html: z.string().optional(),
  links: z.array(EmailLink),
  inReplyTo: z.string().optional(),
});
export type ReceivedEmail = z.infer<typeof ReceivedEmail>;

/** One email the harness sent as the customer (a reply). */
export const SentEmail = z.object({
  id: z.string(),
  messageId: z.string(),
  atMs: z.number(),
  stepIndex: z.number().int().nonnegative().optional(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  /** The received email this answers. */
  inReplyTo: z.string().optional(),
  /** What the company's mail server said, when it refused the reply. */
  error: z.string().optional(),
});
export type SentEmail = z.infer<typeof SentEmail>;

/** What a journey waited for (`email.expect`, `email.expectReply`) and what came of it. */
export const EmailExpectation = z.object({
  /** The step holding the expectation. */
  stepIndex: z.number().int().nonnegative(),
  /** The step whose action made the company send it (the same step, or the one before). */
  triggerStepIndex: z.number().int().nonnegative().optional(),
  kind: z.enum(['email', 'acknowledgement']),
  /** The label of the action, e.g. `email.expect subject "/order/"`. */
  label: z.string(),
  /** The customer's email (`sent` id) this is an answer to (`email.expectReply`): judged on an email's time scale, not a confirmation's. */
  answers: z.string().optional(),
  /** What the journey said the email should take at most (`within`); absent: the slow-email rule's limit. */
  withinMs: z.number().optional(),
  /** How long the customer waited for it at most, ms. */
  patienceMs: z.number().optional(),
  /** Customer clock when the wait began (the triggering action had just finished). */
  fromMs: z.number(),
  /** The email that met it; absent when none arrived within patience. */
  emailId: z.string().optional(),
  /** Arrival minus fromMs (0 when it was already there). */
  delayMs: z.number().optional(),
});
export type EmailExpectation = z.infer<typeof EmailExpectation>;

/** A link from an email the customer opened (`email.openLink`). */
export const OpenedLink = z.object({
  stepIndex: z.number().int().nonnegative().optional(),
  emailId: z.string(),
  text: z.string(),
  href: z.string(),
  /** HTTP status of the page it led to; absent when it could not be loaded. */
  status: z.number().int().optional(),
  failure: z.string().optional(),
});
export type OpenedLink = z.infer<typeof OpenedLink>;

/** The email channel's part of a run record. */
export const EmailLog = z.object({
  /** The customer's address in this run. */
  address: z.string(),
  received: z.array(ReceivedEmail),
  sent: z.array(SentEmail),
  expectations: z.array(EmailExpectation),
  linksOpened: z.array(OpenedLink),
});
export type EmailLog = z.infer<typeof EmailLog>;


/** An email as the scorecard shows it, in the run it belongs to (text cut to a readable length). */
export const EmailSummary = z.object({
  direction: z.enum(['received', 'sent']),
  /** Customer clock, ms since the run started. */
  atMs: z.number(),
  /** The step running when it arrived or was sent. */
  stepIndex: z.number().int().nonnegative().optional(),
  stepName: z.string().optional(),
  /** The step that set it off (received emails a journey waited for). */
  triggerStepIndex: z.number().int().nonnegative().optional(),
  triggerStepName: z.string().optional(),
  /** How long after the trigger it arrived, ms. */
  delayMs: z.number().optional(),
  from: z.string(),
  replyTo: z.array(z.string()),
  /** Where a reply would go; absent when there is no usable reply path. */
  replyPath: z.string().optional(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  links: z.array(EmailLink),
  /** Why a reply the customer sent was refused. */
  error: z.string().optional(),
});
export type EmailSummary = z.infer<typeof EmailSummary>;
