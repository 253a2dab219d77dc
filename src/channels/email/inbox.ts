import type { AddressInfo } from 'node:net';
import { InputError } from '../../errors.ts';
import { inboxAddress } from './address.ts';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';

/** An email as the inbox got it, before a run claims it. */
export interface InboxMessage {
  /** Wall clock (performance.timeOrigin-based ms) when it was parsed: runs turn it into their own clock. */
  arrivedAt: number;
  receivedAt: string;
  /** Envelope recipients (where the mail was delivered), lower case. */
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

export interface InboxOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Where the customer's own emails (replies) go: the company's mail server. */
  relay?: { host: string; port: number };
  /** Largest email accepted, bytes. */
  maxBytes?: number;
}

type Listener = (m: InboxMessage) => void;

const addresses = (a: AddressObject | AddressObject[] | undefined): { address: string; name?: string }[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value).flatMap((v) => (v.address ? [{ address: v.address.toLowerCase(), ...(v.name ? { name: v.name } : {}) }] : []));

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

function toMessage(parsed: ParsedMail, rcptTo: string[]): InboxMessage {
  const from = addresses(parsed.from)[0];
  const text = parsed.text ?? '';
  const html = typeof parsed.html === 'string' ? parsed.html : undefined;
  return {
    arrivedAt: performance.timeOrigin + performance.now(),
    receivedAt: new Date().toISOString(),
    rcptTo,
    ...(parsed.messageId ? { messageId: parsed.messageId } : {}),
    ...(parsed.inReplyTo ? { inReplyTo: parsed.inReplyTo } : {}),
    from: from?.address ?? '',
    ...(from?.name ? { fromName: from.name } : {}),
    replyTo: addresses(parsed.replyTo).map((a) => a.address),
    to: addresses(parsed.to).map((a) => a.address),
    subject: parsed.subject ?? '',
    text,
    ...(html ? { html } : {}),
    links: extractLinks(text, html),
  };
}

/**
 * A real SMTP server that takes every email for the audit's customers (an inbox with one
 * address per persona), and sends the customers' replies to the company's mail server.
 */
export class Inbox {
  readonly messages: InboxMessage[] = [];
  private listeners = new Set<Listener>();
  relay?: { host: string; port: number };

  private constructor(
    private server: SMTPServer,
    readonly host: string,
    readonly port: number,
    relay?: { host: string; port: number },
  ) {
    this.relay = relay;
  }

  /** Starts the inbox; an address it cannot listen on is the config's mistake (InputError), named as such. */
  static async start(opts: InboxOptions = {}): Promise<Inbox> {
    const host = opts.host ?? '127.0.0.1';
    let inbox: Inbox | undefined;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      size: opts.maxBytes ?? 5 * 1024 * 1024,
      onData(stream, session, callback) {
        const rcptTo = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        simpleParser(stream)
          .then((parsed) => {
            inbox?.deliver(toMessage(parsed, rcptTo));
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
    server.on('error', () => undefined); // a client that hangs up mid-message is not the audit's problem
    await new Promise<void>((resolve, reject) => {
      const failed = (err: NodeJS.ErrnoException) => reject(listenError(err, host, opts.port ?? 0));
      server.server.once('error', failed);
      server.listen(opts.port ?? 0, host, () => {
        server.server.off('error', failed);
        resolve();
      });
    });
    const { port } = server.server.address() as AddressInfo;
    inbox = new Inbox(server, host, port, opts.relay);
    return inbox;
  }

  /**
   * The address of one persona in one journey (`alex+return-item@shopper.mystery-shopper.test`):
   * runs of different journeys or personas, even at the same time, never see each other's mail.
   */
  static addressOf(persona: string, journeyId: string): string {
    return inboxAddress(persona, journeyId);
  }

  private deliver(m: InboxMessage): void {
    this.messages.push(m);
    for (const l of this.listeners) l(m);
  }

  /** Calls `listener` for every message from now on; returns the unsubscribe. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends an email as the customer through the relay (the company's mail server). */
  async send(mail: { from: string; to: string; subject: string; text: string; inReplyTo?: string; messageId: string }): Promise<void> {
    if (!this.relay) throw new Error('no mail server to send replies to (set email.relay in the config)');
    const transport = createTransport({ host: this.relay.host, port: this.relay.port, name: 'shopper.mystery-shopper.test', secure: false, ignoreTLS: true, connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 10_000 });
    try {
      await transport.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
        ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo, references: [mail.inReplyTo] } : {}),
      });
    } finally {
      transport.close();
    }
  }

  close(): Promise<void> {
    this.listeners.clear();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const LISTEN_PROBLEMS: Record<string, string> = {
  EADDRINUSE: 'the port is already in use',
  EACCES: 'this user may not listen on that port',
  EADDRNOTAVAIL: 'this machine has no such address',
};

function listenError(err: NodeJS.ErrnoException, host: string, port: number): Error {
  const problem = err.code ? LISTEN_PROBLEMS[err.code] : undefined;
  if (!problem) return err;
  return new InputError(`the audit's inbox cannot listen on ${host}:${port}: ${problem}. Set email.host and email.port to a free address (email.port 0 takes any free port).`, { path: 'email.port' });
}
