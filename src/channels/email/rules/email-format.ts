/** Helpers shared by the email rules: finding a run's emails and quoting them. No rule logic lives here. */
import type { EmailExpectation, ReceivedEmail } from '../record.ts';
import type { RunRecord } from '../../../model/run-record.ts';
import { excerpt } from '../../../friction/rules/format.ts';

export const emailById = (run: RunRecord, id: string | undefined): ReceivedEmail | undefined =>
  id === undefined ? undefined : run.channels?.email?.received.find((e) => e.id === id);

/** Each expectation with the email that met it (if any). */
export const expectationsOf = (run: RunRecord): { x: EmailExpectation; email?: ReceivedEmail }[] =>
  (run.channels?.email?.expectations ?? []).map((x) => ({ x, email: emailById(run, x.emailId) }));

/**
 * Whether an awaited reply is the acknowledgement of the customer's email: the first reply the
 * journey waits for to that email. A later `email.expectReply` to the same email waits for the
 * answer itself, which is not judged as an acknowledgement (it needs no promised timeframe, and
 * when it never comes the answer is missing, not the acknowledgement).
 */
export const isAcknowledgement = (run: RunRecord, x: EmailExpectation): boolean =>
  x.kind === 'acknowledgement' &&
  (x.answers === undefined || (run.channels?.email?.expectations ?? []).find((e) => e.kind === 'acknowledgement' && e.answers === x.answers) === x);

/** The email as a customer sees it, for `evidence.excerpt`. */
export function quoteEmail(e: ReceivedEmail, maxLines: number): string[] {
  return [
    `From: ${e.fromName ? `${e.fromName} <${e.from}>` : e.from}`,
    `Reply-To: ${e.replyTo.join(', ') || '(none)'}`,
    `Subject: ${e.subject}`,
    '',
    ...excerpt(e.text || '(no text part)', maxLines),
  ];
}
