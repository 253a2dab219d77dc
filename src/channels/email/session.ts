import { randomUUID } from 'node:crypto';
import { StepFailure } from '../action.ts';
import type { ChannelRunSession, RunChannelContext } from '../channel.ts';
import type { EmailExpectation, EmailLog, OpenedLink, ReceivedEmail, SentEmail } from './record.ts';
import type { RunRecord } from '../../model/run-record.ts';
import { awaitedBy, deliveredTo, type Awaits } from './awaited.ts';
import { asReceived, type InboxMessage, type Mailbox } from './mailbox.ts';

export const EMAIL_CHANNEL = 'email';

/** Emails claimed by an expectation, across runs, so two runs of one persona never take the same one. */
const claimed = new WeakSet<InboxMessage>();

/** A message as it reached the mailbox while the run was on: the run's clock then. */
interface Arrival {
  m: InboxMessage;
  atMs: number;
  stepIndex?: number;
  wall: number;
}

/**
 * One run's view of the mailbox: the mail to its persona's address since the run started, and
 * mail to any other address a journey names (`email.expect: { to: "{{persona.email}}" }`), which
 * joins the record when an expectation takes it.
 */
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
  /** The address the customer last wrote from, when not the run's own (a seeded account's): answers come there. */
  private repliedFrom?: string;
  /** Everything the mailbox got since the run started, to any address. */
  private arrivals: Arrival[] = [];
  private recorded = new Map<InboxMessage, ReceivedEmail>();
  /** The address each recorded email reached this run at: a reply goes out from it. */
  private deliveredTo = new Map<string, string>();
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
    private mailbox: Mailbox,
    private ctx: RunChannelContext,
    readonly address: string,
  ) {
    // A mailbox that cannot be read wakes the waits: they end as the harness's failure, not as missing mail.
    this.unsubscribe = mailbox.subscribe(
      (m) => this.take(m),
      () => this.wakeAll(),
    );
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
    const step = this.ctx.currentStep();
    const arrival: Arrival = { m, atMs: this.ctx.now(), ...(step !== undefined ? { stepIndex: step } : {}), wall: performance.now() };
    this.arrivals.push(arrival);
    if (m.rcptTo.includes(this.address.toLowerCase())) this.record(arrival, this.address);
    this.wakeAll();
  }

  private wakeAll(): void {
    for (const wake of [...this.waiters]) wake();
  }

  /** Adds an email to the run's record, on the run's clock of its arrival. */
  private record(a: Arrival, deliveredTo: string): ReceivedEmail {
    const known = this.recorded.get(a.m);
    if (known) return known;
    const email = asReceived(a.m, { id: `m${this.received.length + 1}`, atMs: a.atMs, stepIndex: a.stepIndex });
    this.received.push(email);
    this.recorded.set(a.m, email);
    this.originals.set(email.id, a.m);
    this.arrivedWall.set(email.id, a.wall);
    this.deliveredTo.set(email.id, deliveredTo);
    return email;
  }

  /** Where the run's own mail arrives: its address, and the one the customer last wrote from (answers come there). */
  get addresses(): string[] {
    return this.repliedFrom ? [this.address, this.repliedFrom] : [this.address];
  }

  /** The address an email reached this run at (its own, or the one the journey named). */
  recipientOf(email: ReceivedEmail): string {
    return this.deliveredTo.get(email.id) ?? this.address;
  }

  /**
   * The first email not yet matched that the wait looks for, among the mail delivered where it
   * looks (`deliveredTo`: the run's own addresses, or the address the journey names in `to`).
   */
  private firstMatch(awaits: Awaits): ReceivedEmail | undefined {
    const wanted = awaitedBy(awaits);
    for (const a of this.arrivals) {
      if (claimed.has(a.m)) continue;
      const at = deliveredTo(a.m, { addresses: this.addresses, to: awaits.match.to });
      if (at === undefined) continue;
      const seen = this.recorded.get(a.m);
      if (seen && this.used.has(seen.id)) continue;
      // Another address's mail joins the record only once it is taken: runs do not log each other's mail.
      const view = seen ?? this.viewOf(a);
      if (wanted(view)) return seen ?? this.record(a, at);
    }
    return undefined;
  }

  /** A mailbox that cannot be read: the wait cannot say whether the mail came (a harness failure, not missing mail). */
  private unreadable(): StepFailure | undefined {
    const failure = this.mailbox.failure;
    return failure && new StepFailure('harness', failure.message);
  }

  private viewOf(a: Arrival): ReceivedEmail {
    return asReceived(a.m, { id: '', atMs: a.atMs });
  }

  /**
   * Waits up to `ms` for an email the wait looks for, not yet matched by an earlier expectation;
   * marks it as matched. Throws a harness failure when the mailbox cannot be read (then nothing
   * can be said about the mail).
   */
  async waitFor(awaits: Awaits, ms: number): Promise<ReceivedEmail | undefined> {
    let found = this.firstMatch(awaits);
    if (!found) {
      const early = this.unreadable();
      if (early) throw early;
      found = await new Promise<ReceivedEmail | undefined>((resolve, reject) => {
        const done = (e: ReceivedEmail | undefined, err?: StepFailure) => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          if (err) reject(err);
          else resolve(e);
        };
        const wake = () => {
          const e = this.firstMatch(awaits);
          if (e) return done(e);
          const failed = this.unreadable();
          if (failed) done(undefined, failed);
        };
        // At the end, one more word from the mailbox: nothing found while it could not be read is not "missing".
        const timer = setTimeout(() => done(undefined, this.unreadable()), Math.max(0, ms));
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

  /**
   * Sends the customer's email through the mailbox's way out (the inbox's relay, a real
   * mailbox's submission server); records it either way. `from`: default the run's address.
   */
  async send(mail: { from?: string; to: string; subject: string; text: string; inReplyTo?: string }): Promise<SentEmail> {
    const from = mail.from ?? this.address;
    const domain = from.split('@')[1] ?? 'mystery-shopper.test';
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
    // The company answers where the customer wrote from: that address is the run's now too.
    if (from.toLowerCase() !== this.address.toLowerCase()) this.repliedFrom = from.toLowerCase();
    try {
      await this.mailbox.send({ from, to: mail.to, subject: mail.subject, text: mail.text, messageId: sent.messageId, ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}) });
    } catch (err) {
      sent.error = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    }
    this.markTrigger();
    return sent;
  }

  finish(): EmailLog | undefined {
    this.unsubscribe();
    for (const wake of [...this.waiters]) wake();
    if (!this.received.length && !this.sent.length && !this.expectations.length) return undefined;
    return {
      address: this.address,
      received: this.received,
      sent: this.sent,
      expectations: this.expectations,
      linksOpened: this.linksOpened,
    };
  }
}
