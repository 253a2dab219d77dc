import { z } from 'zod';
import type { ReceivedEmail } from './record.ts';
import { matchText } from '../text.ts';

/** What identifies an email, the way a customer would describe it. */
export const EmailMatchFields = {
  from: z.string().min(1, 'expected some text (an empty one matches anything)').optional().describe('The sender address or name contains this (or matches /regex/)'),
  to: z.string().min(1, 'expected some text (an empty one matches anything)').optional().describe('Where to look: the address it was delivered to (the envelope, so Bcc counts) contains this (or matches /regex/), any address the mailbox receives, e.g. a seeded account\'s "{{persona.email}}". Default: the persona\'s own inbox address'),
  subject: z.string().min(1, 'expected some text (an empty one matches anything)').optional().describe('The subject contains this (or matches /regex/)'),
  text: z.string().min(1, 'expected some text (an empty one matches anything)').optional().describe('The text contains this (or matches /regex/)'),
};
export type EmailMatch = { from?: string; to?: string; subject?: string; text?: string };

const has = (actual: string, expected: string | undefined): boolean => expected === undefined || matchText(actual, expected);

export function emailMatches(e: Pick<ReceivedEmail, 'from' | 'fromName' | 'to' | 'subject' | 'text' | 'html'>, m: EmailMatch): boolean {
  return (
    has(`${e.fromName ?? ''} <${e.from}>`, m.from) &&
    has(e.to.join(', '), m.to) &&
    has(e.subject, m.subject) &&
    has(e.text || (e.html ?? ''), m.text)
  );
}

export function describeMatch(m: EmailMatch): string {
  const parts = (['subject', 'from', 'to', 'text'] as const).filter((k) => m[k] !== undefined).map((k) => `${k} "${m[k]}"`);
  return parts.length ? parts.join(' ') : 'any email';
}

/** The default of rule no-reply-path's `noReplyPattern`: `no-reply@…`, `noreply@…`, `donotreply@…`, addresses nobody reads. */
export const NO_REPLY_PATTERN = '(^|[^a-z])(no-?reply|do-?not-?reply|dont-?reply)([^a-z]|$)';
export const NO_REPLY = new RegExp(NO_REPLY_PATTERN, 'i');

/** The no-reply pattern as configured for rule no-reply-path (its options), else the default. */
export const noReplyPatternOf = (options: Readonly<Record<string, unknown>> | undefined): RegExp =>
  typeof options?.noReplyPattern === 'string' ? new RegExp(options.noReplyPattern, 'i') : NO_REPLY;

/** Where a reply to this email goes: its Reply-To, else its sender, unless that is a no-reply address. */
export function replyAddress(e: Pick<ReceivedEmail, 'replyTo' | 'from'>, noReply: RegExp = NO_REPLY): string | undefined {
  const usable = [...e.replyTo, e.from].filter((a) => a && !noReply.test(a.split('@')[0]));
  return usable[0];
}
