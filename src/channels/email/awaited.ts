import type { ReceivedEmail } from './record.ts';
import type { AwaitedEmail } from '../../model/pending.ts';
import { matchText } from '../text.ts';
import type { InboxMessage } from './mailbox.ts';
import { emailMatches } from './match.ts';

/** What an email wait looks for, as data: the same words during the audit and in `resume`. */
export type Awaits = Pick<AwaitedEmail, 'match' | 'answers'>;

/** What an email looks like to a wait: the parts a customer would describe it by. */
export type EmailView = Pick<ReceivedEmail, 'from' | 'fromName' | 'to' | 'subject' | 'text' | 'html' | 'inReplyTo'>;

/** The subject a reply to `subject` carries, without Re:/Aw:/Sv:, lower case. */
const baseSubject = (subject: string): string => subject.replace(/^(re|aw|sv):\s*/i, '').toLowerCase();

/**
 * Whether an email is what the wait looks for. An answer to the customer's email refers to it
 * (In-Reply-To) or carries its subject; then it must match what the journey said. Where it was
 * delivered (`match.to`) is `deliveredTo`'s part: the envelope knows a Bcc the To header does not.
 */
export function awaitedBy(awaits: Awaits): (e: EmailView) => boolean {
  const base = awaits.answers ? baseSubject(awaits.answers.subject) : undefined;
  const { to: _where, ...looks } = awaits.match;
  return (e) =>
    (!awaits.answers || e.inReplyTo === awaits.answers.messageId || (base !== '' && base !== undefined && e.subject.toLowerCase().includes(base))) &&
    emailMatches(e, looks);
}

/**
 * Where a wait looks, and the address a message reached it at (undefined: not delivered there).
 * Without `to`, the run's own addresses (its inbox address, and the one the customer last wrote
 * from); with `to`, any address it names (contains, or /regex/). Delivered means to the
 * recipients the mailbox knows (`rcptTo`: the SMTP envelope for the inbox, a real mailbox's
 * Delivered-To / X-Original-To), so a Bcc counts and another address in the To header does not.
 * One rule for the audit (EmailSession) and `resume`.
 */
export function deliveredTo(m: Pick<InboxMessage, 'rcptTo'>, where: { addresses: readonly string[]; to?: string }): string | undefined {
  const recipients = m.rcptTo.map((a) => a.toLowerCase());
  if (where.to !== undefined) return recipients.find((r) => matchText(r, where.to!));
  const own = where.addresses.map((a) => a.toLowerCase());
  return recipients.find((r) => own.includes(r));
}
