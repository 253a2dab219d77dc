import type { AddressInfo } from 'node:net';
import { InputError } from '../../errors.ts';
import { inboxAddress } from './address.ts';
import { simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { outgoingMessage, toMessage, type InboxMessage, type Mailbox, type MailboxLocation, type OutgoingMail } from './mailbox.ts';

export { extractLinks, type InboxMessage } from './mailbox.ts';

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

/**
 * A real SMTP server that takes every email for every address (an inbox with one address per
 * persona and journey, and any other address a journey names) and keeps it for the whole audit,
 * and sends the customers' replies to the company's mail server.
 */
export class Inbox implements Mailbox {
  readonly messages: InboxMessage[] = [];
  private listeners = new Set<Listener>();
  /** What it holds it got itself: there is nothing it could fail to read. */
  readonly failure = undefined;
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

  addressOf(persona: string, journeyId: string): string {
    return inboxAddress(persona, journeyId);
  }

  templateValues(): Record<string, unknown> {
    return { smtp: { host: this.host, port: this.port } };
  }

  /** `resume` listens on the same host and port again: the company's mail server was told this address. */
  get location(): MailboxLocation {
    return { provider: 'inbox', smtp: { host: this.host, port: this.port } };
  }

  /** Only what came while this inbox ran: it lives as long as the audit. */
  async messagesSince(since: Date): Promise<InboxMessage[]> {
    return this.messages.filter((m) => m.arrivedAt >= since.getTime());
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
  async send(mail: OutgoingMail): Promise<void> {
    if (!this.relay) throw new Error('no mail server to send replies to (set email.relay in the config)');
    const transport = createTransport({ host: this.relay.host, port: this.relay.port, name: 'shopper.mystery-shopper.test', secure: false, ignoreTLS: true, connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 10_000 });
    try {
      await transport.sendMail(outgoingMessage(mail));
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
