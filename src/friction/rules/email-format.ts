/** Helpers shared by the email rules: finding a run's emails and quoting them. No rule logic lives here. */
import type { EmailExpectation, ReceivedEmail } from '../../model/email.ts';
import type { RunRecord } from '../../model/run-record.ts';
import { excerpt } from './format.ts';

export const emailById = (run: RunRecord, id: string | undefined): ReceivedEmail | undefined =>
  id === undefined ? undefined : run.emails?.received.find((e) => e.id === id);

/** Each expectation with the email that met it (if any). */
export const expectationsOf = (run: RunRecord): { x: EmailExpectation; email?: ReceivedEmail }[] =>
  (run.emails?.expectations ?? []).map((x) => ({ x, email: emailById(run, x.emailId) }));

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
