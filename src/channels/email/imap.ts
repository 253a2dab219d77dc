import { ImapFlow, type FetchMessageObject } from 'imapflow';
import { simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import { InputError } from '../../errors.ts';
import { formatMs } from '../../model/duration.ts';
import { addressesOf, outgoingMessage, toMessage, type InboxMessage, type Mailbox, type MailboxLocation, type OutgoingMail } from './mailbox.ts';
import { isLoopback, type ResolvedLogin } from './settings.ts';

type MailServerLogin = ResolvedLogin;

export interface ImapMailboxOptions {
  imap: MailServerLogin & { mailbox: string };
  /** The authenticated submission server replies go out through; none: replies fail with a clear message. */
  smtp?: MailServerLogin;
  /** The address of one persona on one journey in this audit. */
  addressOf(persona: string, journeyId: string): string;
  /** Where a login problem is reported in the config (for the error message). */
  configPath?: string;
  /** The mailbox's own address (config `email.imap.address`), for meta.json. */
  address?: string;
  /** How often to look besides IDLE, ms (default 5 s). */
  pollMs?: number;
  /** Looks failing for this long make the mailbox unreadable (`failure`), ms (default 30 s). */
  giveUpAfterMs?: number;
}

type Listener = (m: InboxMessage) => void;

/** Headers servers add to say which address a message was delivered to (the envelope recipient). */
const DELIVERY_HEADERS = ['delivered-to', 'x-original-to', 'x-delivered-to', 'envelope-to', 'x-envelope-to'];
/** IDLE tells of new mail at once; a look this often as well covers servers whose IDLE is slow or absent. */
const POLL_MS = 5_000;
/** A dropped connection is mended by the next look; looks failing this long mean the mailbox cannot be read. */
const GIVE_UP_AFTER_MS = 30_000;
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 5 * 60_000 };

function headerAddresses(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[,\s]+/).map((a) => a.replace(/^<|>$/g, '').toLowerCase()).filter((a) => a.includes('@'));
  if (Array.isArray(value)) return value.flatMap(headerAddresses);
  if (value && typeof value === 'object' && 'value' in value) return addressesOf(value as never).map((a) => a.address);
  return [];
}

async function messageOf(msg: FetchMessageObject): Promise<InboxMessage | undefined> {
  if (!msg.source) return undefined;
  const parsed = await simpleParser(msg.source);
  // The server says where it delivered the copy (a Bcc too); only a server that does not is taken at the To and Cc headers' word.
  const delivered = DELIVERY_HEADERS.flatMap((h) => headerAddresses(parsed.headers.get(h)));
  const rcptTo = [...new Set(delivered.length ? delivered : [...addressesOf(parsed.to), ...addressesOf(parsed.cc)].map((a) => a.address))];
  const internal = msg.internalDate instanceof Date ? msg.internalDate : msg.internalDate ? new Date(msg.internalDate) : undefined;
  return toMessage(parsed, rcptTo, internal);
}

/** What a refused or failed connection means for the user, never with the password in it. */
function loginError(err: unknown, what: string, server: MailServerLogin, path: string): InputError {
  const e = err as { authenticationFailed?: boolean; responseText?: string; code?: string; message?: string };
  const where = `${server.host}:${server.port}`;
  const detail = (e.responseText || e.message || String(err)).split('\n')[0].split(server.password).join('***').replace(/[.\s]+$/, '');
  if (e.authenticationFailed || /auth|login|credential|535/i.test(detail)) {
    return new InputError(`the ${what} server ${where} refused the login for ${server.user}: ${detail}. Check the user and password variables (an app password for Gmail and Fastmail, see docs/email.md).`, { path });
  }
  return new InputError(`cannot reach the ${what} server ${where}: ${detail}`, { path });
}

/**
 * A real mailbox read over IMAP (imapflow): the audit watches the folder for mail that arrives
 * after it started (IDLE, and a look every few seconds), and sends the customers' replies through
 * the provider's authenticated SMTP submission server (nodemailer). The mailbox is opened
 * read-only: the audit marks nothing as read and deletes nothing.
 *
 * A look that fails (a dropped connection) is tried again at the next one, reconnecting; looks
 * failing for `giveUpAfterMs` set `failure`, and waits end as the harness's failure instead of
 * calling the mail missing. When the folder's UIDVALIDITY changed across a reconnect (the server
 * rebuilt its index), UIDs say nothing any more: the folder is read again by date since the
 * mailbox opened, and what was told already is not told twice.
 */
export class ImapMailbox implements Mailbox {
  private listeners = new Set<Listener>();
  private failureListeners = new Set<(err: Error) => void>();
  /** The first UID not yet looked at. */
  private nextUid: number;
  private uidValidity: string;
  /** Set when UIDVALIDITY changed: the next look reads by date instead of by UID. */
  private reread = false;
  /** Deliveries already told to listeners (for a read again after UIDVALIDITY changed). */
  private told = new Set<string>();
  private readonly openedAt = Date.now();
  private looking: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private closed = false;
  /** Since when looks have kept failing, and the last reason. */
  private failingSince?: number;
  private unreadable?: Error;

  private constructor(
    private client: ImapFlow,
    private opts: ImapMailboxOptions,
    opened: { uidNext: number; uidValidity: string },
  ) {
    this.nextUid = opened.uidNext;
    this.uidValidity = opened.uidValidity;
  }

  /** Logs in and opens the folder; mail already there is not the audit's. A login the server refuses is an InputError. */
  static async open(opts: ImapMailboxOptions): Promise<ImapMailbox> {
    const client = ImapMailbox.client(opts.imap);
    const path = opts.configPath ?? 'email.imap';
    try {
      await client.connect();
    } catch (err) {
      throw loginError(err, 'IMAP', opts.imap, path);
    }
    let opened: { uidNext: number; uidValidity: string };
    try {
      opened = await ImapMailbox.openFolder(client, opts.imap.mailbox);
    } catch (err) {
      await client.logout().catch(() => undefined);
      const detail = ((err as { responseText?: string }).responseText || (err as Error).message).split('\n')[0];
      throw new InputError(`the mailbox has no folder "${opts.imap.mailbox}" (${detail})`, { path: `${path}.mailbox` });
    }
    const mailbox = new ImapMailbox(client, opts, opened);
    mailbox.watch(client);
    mailbox.timer = setInterval(() => mailbox.look(), opts.pollMs ?? POLL_MS);
    mailbox.timer.unref();
    return mailbox;
  }

  private static async openFolder(client: ImapFlow, folder: string): Promise<{ uidNext: number; uidValidity: string }> {
    const opened = await client.mailboxOpen(folder, { readOnly: true });
    // A server that does not say UIDNEXT: the newest message's UID tells it.
    const newest = opened.uidNext === undefined && opened.exists ? await client.fetchOne('*', { uid: true }) : undefined;
    return { uidNext: opened.uidNext ?? (newest ? newest.uid + 1 : 1), uidValidity: String(opened.uidValidity) };
  }

  private static client(imap: ImapMailboxOptions['imap']): ImapFlow {
    const client = new ImapFlow({
      host: imap.host,
      port: imap.port,
      secure: imap.secure,
      // The password never crosses a network in the clear; a server on this machine may go without TLS.
      ...(imap.secure ? {} : { doSTARTTLS: isLoopback(imap.host) ? undefined : true }),
      auth: { user: imap.user, pass: imap.password },
      logger: false,
      // New mail is told at once only while IDLE: enter it as soon as the client is quiet.
      autoIdleDelay: 200,
      ...TIMEOUTS,
    });
    // A connection that breaks is noticed by the next look, which reconnects (see lookFailed).
    client.on('error', () => undefined);
    return client;
  }

  /** New mail, and a dropped connection, start a look at once (the poll is the fallback). */
  private watch(client: ImapFlow): void {
    client.on('exists', () => this.look());
    client.on('close', () => this.look());
  }

  get location(): MailboxLocation {
    const { host, port, mailbox } = this.opts.imap;
    return { provider: 'imap', imap: { host, port, mailbox, address: this.opts.address ?? this.opts.imap.user } };
  }

  get failure(): Error | undefined {
    return this.unreadable;
  }

  addressOf(persona: string, journeyId: string): string {
    return this.opts.addressOf(persona, journeyId);
  }

  templateValues(): Record<string, unknown> {
    return {};
  }

  subscribe(listener: Listener, onFailure?: (err: Error) => void): () => void {
    this.listeners.add(listener);
    if (onFailure) this.failureListeners.add(onFailure);
    return () => {
      this.listeners.delete(listener);
      if (onFailure) this.failureListeners.delete(onFailure);
    };
  }

  /** Fetches what arrived since the last look, one look at a time. */
  private look(): Promise<void> {
    this.looking = this.looking
      .then(() => (this.closed ? undefined : this.fetchNew()))
      .then(
        () => this.lookWorked(),
        (err: unknown) => this.lookFailed(err),
      );
    return this.looking;
  }

  private lookWorked(): void {
    this.failingSince = undefined;
    this.unreadable = undefined;
  }

  /** One failed look is a dropped connection the next one mends; failing for `giveUpAfterMs`, the mailbox is unreadable. */
  private lookFailed(err: unknown): void {
    if (this.closed) return;
    const now = Date.now();
    this.failingSince ??= now;
    if (this.unreadable || now - this.failingSince < (this.opts.giveUpAfterMs ?? GIVE_UP_AFTER_MS)) return;
    const { host, port, mailbox, password } = this.opts.imap;
    const e = err as { responseText?: string; code?: string; message?: string };
    const detail = (e.responseText || e.message || e.code || String(err)).split('\n')[0].split(password).join('***').replace(/[.\s]+$/, '');
    this.unreadable = new Error(`the audit could not read its mailbox (IMAP ${host}:${port}, folder ${mailbox}) for ${formatMs(now - this.failingSince)}: ${detail}`);
    for (const l of [...this.failureListeners]) l(this.unreadable);
  }

  private async fetchNew(): Promise<void> {
    if (!this.client.usable) await this.reconnect();
    if (this.reread) return this.readAgain();
    const from = this.nextUid;
    const found: InboxMessage[] = [];
    // `N:*` also returns the last message when none is N or newer: the UID check leaves it out.
    for await (const msg of this.client.fetch(`${from}:*`, { uid: true, source: true, internalDate: true }, { uid: true })) {
      if (msg.uid < from) continue;
      this.nextUid = Math.max(this.nextUid, msg.uid + 1);
      const m = await messageOf(msg);
      if (m) found.push(m);
    }
    this.tell(found);
  }

  private tell(found: InboxMessage[]): void {
    for (const m of found) {
      const key = `${m.messageId ?? ''}\u0000${m.receivedAt}\u0000${m.rcptTo.join()}`;
      if (this.told.has(key)) continue;
      this.told.add(key);
      for (const l of this.listeners) l(m);
    }
  }

  /** After a UIDVALIDITY change: everything since the mailbox opened, by date; what was told already is skipped. */
  private async readAgain(): Promise<void> {
    const found = await this.search(new Date(this.openedAt));
    this.reread = false;
    this.tell(found);
  }

  private async reconnect(): Promise<void> {
    const client = ImapMailbox.client(this.opts.imap);
    await client.connect();
    let opened: { uidNext: number; uidValidity: string };
    try {
      opened = await ImapMailbox.openFolder(client, this.opts.imap.mailbox);
    } catch (err) {
      await client.logout().catch(() => undefined);
      throw err;
    }
    if (opened.uidValidity !== this.uidValidity) {
      this.uidValidity = opened.uidValidity;
      this.nextUid = opened.uidNext;
      this.reread = true;
    }
    this.watch(client);
    const old = this.client;
    this.client = client;
    old.removeAllListeners('close');
    old.removeAllListeners('exists');
    old.close();
  }

  /** Every message whose arrival (INTERNALDATE) is at or after `since`, with that arrival. */
  private async search(since: Date): Promise<InboxMessage[]> {
    const out: InboxMessage[] = [];
    // SINCE is a date without time: the exact arrival is checked on each message.
    const uids = await this.client.search({ since }, { uid: true });
    if (!uids || !uids.length) return out;
    for await (const msg of this.client.fetch(uids, { uid: true, source: true, internalDate: true }, { uid: true })) {
      const m = await messageOf(msg);
      // Looked at later: it arrived when the server says, not when this look found it.
      if (m && Date.parse(m.receivedAt) >= since.getTime() - 1000) out.push({ ...m, arrivedAt: Date.parse(m.receivedAt) });
    }
    return out.sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt));
  }

  async messagesSince(since: Date): Promise<InboxMessage[]> {
    let out: InboxMessage[] = [];
    const search = this.looking.then(async () => {
      if (!this.client.usable) await this.reconnect();
      out = await this.search(since);
    });
    // Looks queue behind this one whether it fails or not.
    this.looking = search.catch(() => undefined);
    await search;
    return out;
  }

  async send(mail: OutgoingMail): Promise<void> {
    const smtp = this.opts.smtp;
    if (!smtp) throw new Error('no server to send replies through (set email.smtp in the config, see docs/email.md)');
    const domain = mail.from.split('@')[1] ?? 'localhost';
    const transport = createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      requireTLS: !smtp.secure && !isLoopback(smtp.host),
      name: domain,
      auth: { user: smtp.user, pass: smtp.password },
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    try {
      await transport.sendMail(outgoingMessage(mail));
    } catch (err) {
      // The server's words, never the password.
      throw new Error(((err as Error).message ?? String(err)).split('\n')[0].split(smtp.password).join('***'));
    } finally {
      transport.close();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    this.listeners.clear();
    await this.looking;
    await this.client.logout().catch(() => this.client.close());
  }
}
