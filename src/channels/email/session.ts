import { randomUUID } from 'node:crypto';
import { StepFailure } from '../action.ts';
import type { ChannelRunSession, RunChannelContext } from '../channel.ts';
import type { EmailExpectation, EmailLog, OpenedLink, ReceivedEmail, SentEmail } from '../../model/email.ts';
import type { RunRecord } from '../../model/run-record.ts';
import type { Inbox, InboxMessage } from './inbox.ts';

export const EMAIL_CHANNEL = 'email';

/** Emails claimed by an expectation, across runs, so two runs of one persona never take the same one. */
const claimed = new WeakSet<InboxMessage>();

export interface EmailFilter {
  (m: ReceivedEmail): boolean;
}

/** One run's view of the inbox: the mail to its persona's address since the run started. */
export class EmailSession implements ChannelRunSession {
  readonly received: ReceivedEmail[] = [];
  readonly sent: SentEmail[] = [];
  readonly expectations: EmailExpectation[] = [];
  readonly linksOpened: OpenedLink[] = [];
  /** The email the last expectation matched: what openLink and reply act on. */
  last?: ReceivedEmail;
  /** Set when the last expectation's email never came: what a later step that needs it is told. */
  lastMissing?: string;

  missing(what: string): void {
    this.last = undefined;
    this.lastMissing = what;
  }

  /** The email a step acts on, or a dead end that says which email never came. */
  needLast(action: string): ReceivedEmail {
    if (this.last) return this.last;
    throw new StepFailure(
      this.lastMissing ? 'expectation' : 'action',
      this.lastMissing ? `The customer could not ${action}: the ${this.lastMissing}.` : `${action} needs an email.expect before it.`,
    );
  }
  private originals = new Map<string, InboxMessage>();
  private used = new Set<string>();
  private waiters = new Set<() => void>();
  private unsubscribe: () => void;
  /** Wall-clock arrival (performance.now()) of each received email, by id. */
  private arrivedWall = new Map<string, number>();
  /**
   * The customer's last exchange with the company: the last answer to a page load or form post,
   * or the last email sent. An email is set off by such an exchange, so its delay is counted from
   * there on the wall clock (the company's mail does not pause while the harness takes screenshots).
   */
  lastTrigger?: { wall: number; atMs: number; stepIndex?: number };

  constructor(
    private inbox: Inbox,
    private ctx: RunChannelContext,
    readonly address: string,
  ) {
    this.unsubscribe = inbox.subscribe((m) => this.take(m));
    const page = ctx.page;
    page.on('response', (res) => {
      try {
        const req = res.request();
        if (req.isNavigationRequest() ? req.frame() === page.mainFrame() : req.method() !== 'GET') this.markTrigger();
      } catch {
        // A response without a frame (a service worker's) sets nothing off.
      }
    });
  }

  markTrigger(): void {
    const step = this.ctx.currentStep();
    this.lastTrigger = { wall: performance.now(), atMs: this.ctx.now(), ...(step !== undefined ? { stepIndex: step } : {}) };
  }

  /** ms between the last trigger and the email's arrival (0 when it came first). */
  delayOf(email: ReceivedEmail): number | undefined {
    const arrived = this.arrivedWall.get(email.id);
    if (arrived === undefined || !this.lastTrigger) return undefined;
    return Math.max(0, arrived - this.lastTrigger.wall);
  }

  get now(): number {
    return this.ctx.now();
  }

  get stepIndex(): number | undefined {
    return this.ctx.currentStep();
  }

  private take(m: InboxMessage): void {
    if (!m.rcptTo.includes(this.address.toLowerCase())) return;
    const email: ReceivedEmail = {
      id: `m${this.received.length + 1}`,
      ...(m.messageId ? { messageId: m.messageId } : {}),
      atMs: this.ctx.now(),
      receivedAt: m.receivedAt,
      ...(this.ctx.currentStep() !== undefined ? { stepIndex: this.ctx.currentStep() } : {}),
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
    this.received.push(email);
    this.originals.set(email.id, m);
    this.arrivedWall.set(email.id, performance.now());
    for (const wake of [...this.waiters]) wake();
  }

  private firstMatch(filter: EmailFilter): ReceivedEmail | undefined {
    return this.received.find((e) => !this.used.has(e.id) && !claimed.has(this.originals.get(e.id)!) && filter(e));
  }

  /** Waits up to `ms` for an email not yet matched by an earlier expectation; marks it as matched. */
  async waitFor(filter: EmailFilter, ms: number): Promise<ReceivedEmail | undefined> {
    let found = this.firstMatch(filter);
    if (!found) {
      found = await new Promise<ReceivedEmail | undefined>((resolve) => {
        const done = (e: ReceivedEmail | undefined) => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve(e);
        };
        const wake = () => {
          const e = this.firstMatch(filter);
          if (e) done(e);
        };
        const timer = setTimeout(() => done(undefined), Math.max(0, ms));
        this.waiters.add(wake);
      });
    }
    if (found) {
      this.lastMissing = undefined;
      this.used.add(found.id);
      claimed.add(this.originals.get(found.id)!);
      this.last = found;
    }
    return found;
  }

  /** Sends the customer's reply through the inbox's relay; records it either way. */
  async send(mail: { to: string; subject: string; text: string; inReplyTo?: string }): Promise<SentEmail> {
    const domain = this.address.split('@')[1] ?? 'mystery-shopper.test';
    const sent: SentEmail = {
      id: `s${this.sent.length + 1}`,
      messageId: `<${randomUUID()}@${domain}>`,
      atMs: this.ctx.now(),
      ...(this.ctx.currentStep() !== undefined ? { stepIndex: this.ctx.currentStep() } : {}),
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    };
    this.sent.push(sent);
    try {
      await this.inbox.send({ from: this.address, to: mail.to, subject: mail.subject, text: mail.text, messageId: sent.messageId, ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}) });
    } catch (err) {
      sent.error = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    }
    this.markTrigger();
    return sent;
  }

  finish(): Partial<RunRecord> {
    this.unsubscribe();
    for (const wake of [...this.waiters]) wake();
    if (!this.received.length && !this.sent.length && !this.expectations.length) return {};
    const emails: EmailLog = {
      address: this.address,
      received: this.received,
      sent: this.sent,
      expectations: this.expectations,
      linksOpened: this.linksOpened,
    };
    return { emails };
  }
}
