import type { AddressObject, ParsedMail } from 'mailparser';
import { z } from 'zod';
import type { ReceivedEmail } from './record.ts';

/** An email as the mailbox got it, before a run claims it. */
export interface InboxMessage {
  /** Wall clock (performance.timeOrigin-based ms) when the harness had it parsed: runs turn it into their own clock. */
  arrivedAt: number;
  /** When it arrived, ISO: the harness's clock for the inbox, the server's INTERNALDATE for a real mailbox. */
  receivedAt: string;
  /**
   * Where the mail was delivered, lower case: the SMTP envelope's recipients for the inbox; for a
   * real mailbox the Delivered-To / X-Original-To headers its server adds (To and Cc only when it
   * adds none). Waits look here (`deliveredTo` in awaited.ts), so a Bcc counts.
   */
  rcptTo: string[];
  messageId?: string;
  inReplyTo?: string;
  from: string;
  fromName?: string;
  replyTo: string[];
  to: string[];
  subject: string;
  text: string;
  html?: string;
  links: { text: string; href: string }[];
}

/** An email the customer sends (a reply), through the mailbox's way out. */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  inReplyTo?: string;
  messageId: string;
}

/**
 * Where an audit read its mail, as meta.json keeps it for `resume`: never a login or a password
 * (resume reads those from the config and .env again).
 */
export const MailboxLocation = z.object({
  provider: z.enum(['inbox', 'imap']).default('inbox').describe('The in-process SMTP inbox, or a real mailbox over IMAP'),
  smtp: z
    .object({ host: z.string().describe('Host the inbox listened on'), port: z.number().int().describe('Port the inbox listened on') })
    .optional()
    .describe("The SMTP inbox's address: resume listens there again"),
  imap: z
    .object({
      host: z.string().describe('The IMAP server'),
      port: z.number().int().describe('Its port'),
      mailbox: z.string().describe('The folder the audit read'),
      address: z.string().describe("The mailbox's own address, which the runs' addresses were made from"),
    })
    .optional()
    .describe('The real mailbox: resume opens this folder again, with the login from the config and .env'),
});
export type MailboxLocation = z.infer<typeof MailboxLocation>;

/**
 * Where an audit's customers read and send their mail: the in-process SMTP `Inbox`, or a real
 * mailbox over IMAP (`ImapMailbox`). Sessions, actions and `resume` see only this.
 */
export interface Mailbox {
  /** Where it is, for meta.json (what `resume` opens again). */
  readonly location: MailboxLocation;
  /** The address of one persona in one journey in this audit. */
  addressOf(persona: string, journeyId: string): string;
  /** Values for `{{…}}` templating besides `{{inbox.address}}` (the inbox's `{{smtp.host}}` and `{{smtp.port}}`). */
  templateValues(): Record<string, unknown>;
  /**
   * Calls `listener` for every message from now on, and `onFailure` when the mailbox has become
   * unreadable (`failure` is set); returns the unsubscribe.
   */
  subscribe(listener: (m: InboxMessage) => void, onFailure?: (err: Error) => void): () => void;
  /**
   * Why the mailbox cannot be read now (its looks have kept failing), else undefined. A wait that
   * found nothing while it is set must not say the mail is missing: it is the harness's failure.
   */
  readonly failure: Error | undefined;
  /** Sends an email as the customer to the company. */
  send(mail: OutgoingMail): Promise<void>;
  /**
   * Every message that arrived at or after `since`, oldest first: what a later look (`resume`)
   * asks. The in-process inbox only knows what came while it ran, which is as long as the audit;
   * a real mailbox keeps its mail, so there this works days later.
   */
  messagesSince(since: Date): Promise<InboxMessage[]>;
  close(): Promise<void>;
}

export const addressesOf = (a: AddressObject | AddressObject[] | undefined): { address: string; name?: string }[] =>
  (Array.isArray(a) ? a : a ? [a] : [])
    .flatMap((o) => o.value)
    .flatMap((v) => (v.address ? [{ address: v.address.toLowerCase(), ...(v.name ? { name: v.name } : {}) }] : []));

/** Links in an email: `<a href>` in the HTML part, else bare URLs in the text part. */
export function extractLinks(text: string, html: string | undefined): { text: string; href: string }[] {
  const links: { text: string; href: string }[] = [];
  if (html) {
    const re = /<a\b[^>]*\bhref\s*=\s*("([^"]*)"|'([^']*)')[^>]*>([\s\S]*?)<\/a>/gi;
    for (const m of html.matchAll(re)) {
      const href = decodeEntities(m[2] ?? m[3] ?? '');
      const label = decodeEntities(m[4].replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
      if (href) links.push({ text: label || href, href });
    }
    if (links.length) return links;
  }
  // Text part: "Label: https://…" or a bare URL on its own.
  for (const line of text.split(/\r?\n/)) {
    for (const m of line.matchAll(/https?:\/\/[^\s<>"')]+/g)) {
      const before = line.slice(0, m.index).replace(/[:\-–\s]+$/, '').trim();
      links.push({ text: before || m[0], href: m[0] });
    }
  }
  return links;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&');
}

/** A parsed email as a mailbox message; `receivedAt` defaults to now. */
export function toMessage(parsed: ParsedMail, rcptTo: string[], receivedAt?: Date): InboxMessage {
  const from = addressesOf(parsed.from)[0];
  const text = parsed.text ?? '';
  const html = typeof parsed.html === 'string' ? parsed.html : undefined;
  return {
    arrivedAt: performance.timeOrigin + performance.now(),
    receivedAt: (receivedAt ?? new Date()).toISOString(),
    rcptTo,
    ...(parsed.messageId ? { messageId: parsed.messageId } : {}),
    ...(parsed.inReplyTo ? { inReplyTo: parsed.inReplyTo } : {}),
    from: from?.address ?? '',
    ...(from?.name ? { fromName: from.name } : {}),
    replyTo: addressesOf(parsed.replyTo).map((a) => a.address),
    to: addressesOf(parsed.to).map((a) => a.address),
    subject: parsed.subject ?? '',
    text,
    ...(html ? { html } : {}),
    links: extractLinks(text, html),
  };
}

/** A message as a run records it: `atMs` on the run's clock, `id` its place in the run's list. */
export function asReceived(m: InboxMessage, at: { id: string; atMs: number; stepIndex?: number }): ReceivedEmail {
  return {
    id: at.id,
    ...(m.messageId ? { messageId: m.messageId } : {}),
    atMs: at.atMs,
    receivedAt: m.receivedAt,
    ...(at.stepIndex !== undefined ? { stepIndex: at.stepIndex } : {}),
    from: m.from,
    ...(m.fromName ? { fromName: m.fromName } : {}),
    replyTo: m.replyTo,
    to: m.to,
    subject: m.subject,
    text: m.text,
    ...(m.html ? { html: m.html } : {}),
    links: m.links,
    ...(m.inReplyTo ? { inReplyTo: m.inReplyTo } : {}),
  };
}

/** What nodemailer sends for a customer's email, whichever server carries it. */
export const outgoingMessage = (mail: OutgoingMail) => ({
  from: mail.from,
  to: mail.to,
  subject: mail.subject,
  text: mail.text,
  messageId: mail.messageId,
  ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo, references: [mail.inReplyTo] } : {}),
});
