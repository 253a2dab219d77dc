// `mystery-shopper resume DIR`: settles the waits an audit could not sit out (an answer to an
// email due within 24 h). The run stopped at the waiting step with status `pending`; here the
// awaited message is looked for in a mailbox that outlives the audit, its arrival measured from
// when the customer's wait began, and the rules and the scorecard run again. No browser opens:
// the steps after a pending wait stay not run (see docs/resume.md).
import { asReceived, type InboxMessage, type Mailbox } from './channels/email/mailbox.ts';
import { awaitedBy, deliveredTo } from './channels/email/awaited.ts';
import { formatMs } from './model/duration.ts';
import type { EmailExpectation, EmailLog } from './channels/email/record.ts';
import { stillPending, type PendingWait } from './model/pending.ts';
import type { RunRecord } from './model/run-record.ts';

/** Where `resume` looks: the audit's `Mailbox` (the SMTP inbox listening again, or the real mailbox over IMAP), asked "what arrived since…" and told of new mail. */
export type ResumeMailbox = Pick<Mailbox, 'messagesSince' | 'subscribe' | 'failure' | 'close'>;

/** What settling found: how many waits ended (arrived or missing) and how many still wait. */
export interface Settled {
  arrived: number;
  missing: number;
  left: number;
}

const epoch = (iso: string): number => Date.parse(iso);
/** When the mailbox got it: the server's INTERNALDATE for a real mailbox, the inbox's own clock for the SMTP inbox. */
const arrival = (m: InboxMessage): number => (Number.isFinite(epoch(m.receivedAt)) ? epoch(m.receivedAt) : m.arrivedAt);
/**
 * Whether a message came after the wait began. An IMAP server's INTERNALDATE has whole seconds: a
 * message stamped with the second the wait began in (17:07:03 for a wait from 17:07:03.337) may
 * have come after it, so that second counts.
 */
export const cameAfter = (m: InboxMessage, since: number): boolean => {
  const at = arrival(m);
  return at >= since || (at % 1000 === 0 && at >= since - (since % 1000));
};
/** When the customer stops waiting: `since` + patience, epoch ms. */
const patienceEnds = (p: PendingWait): number => epoch(p.since) + p.patienceMs;

/**
 * Settles what can be settled now, in place: a pending wait whose message is in `messages` (the
 * first that matches, arrived after the wait began, taken by no other wait) is filled in with
 * its arrival; one with no such message by the end of the customer's patience (`now` past it,
 * or the message came later than that) is missing, so the usual rules (`missing-email`,
 * `no-acknowledgement`) judge it. A run with nothing left pending is `completed`.
 */
export function settlePending(records: RunRecord[], messages: readonly InboxMessage[], now: number): Settled {
  const settled: Settled = { arrived: 0, missing: 0, left: 0 };
  // Messages a run's check already used (the audit matched them) or taken here are never taken
  // twice. One the run merely saw (it came after the wait went pending, before the run closed its
  // mailbox) is still free for that wait.
  const taken = new Set<string>();
  // A message is one per address it was delivered to (two runs waiting at one address never share it).
  const keyOf = (m: Pick<InboxMessage, 'messageId' | 'receivedAt'>, at: string | undefined) => `${m.messageId ?? m.receivedAt}\u0000${at?.toLowerCase()}`;
  for (const r of records) {
    const log = r.channels?.email;
    const used = new Set([...(log?.expectations ?? []).map((x) => x.emailId), ...(log?.linksOpened ?? []).map((l) => l.emailId)]);
    for (const e of log?.received ?? []) if (used.has(e.id)) for (const at of [log?.address, ...e.to]) taken.add(keyOf(e, at));
  }
  const waits = records.flatMap((run) => stillPending(run.pending).map((p) => ({ run, p }))).sort((a, b) => epoch(a.p.since) - epoch(b.p.since));
  const byArrival = [...messages].sort((a, b) => arrival(a) - arrival(b));
  for (const { run, p } of waits) {
    const awaited = p.email;
    if (!awaited) {
      settled.left++;
      continue;
    }
    const since = epoch(p.since);
    const wanted = awaitedBy(awaited);
    // Where the run was waiting: its addresses then (a record from before they were kept: its own), or `match.to`.
    const where = { addresses: awaited.addresses ?? [awaited.address], to: awaited.match.to };
    const key = (m: InboxMessage) => keyOf(m, deliveredTo(m, where));
    const found = byArrival.find((m) => cameAfter(m, since) && deliveredTo(m, where) !== undefined && !taken.has(key(m)) && wanted(m));
    const inTime = found && arrival(found) <= patienceEnds(p);
    if (!inTime && now < patienceEnds(p)) {
      settled.left++;
      continue;
    }
    const emails: EmailLog = ((run.channels ??= {}).email ??= { address: awaited.address, received: [], sent: [], expectations: [], linksOpened: [] });
    const expectation: EmailExpectation = { ...awaited.expectation };
    const step = run.steps.find((s) => s.index === p.stepIndex);
    const wait = step?.waits?.find((w) => w.outcome === 'pending');
    if (found && inTime) {
      taken.add(key(found));
      const delayMs = Math.max(0, arrival(found) - since);
      // Already in the record when the run saw it arrive; else added.
      const seen = emails.received.find((e) => e.messageId !== undefined && e.messageId === found.messageId && e.receivedAt === found.receivedAt);
      const email = seen ?? asReceived(found, { id: `m${emails.received.length + 1}`, atMs: expectation.fromMs + delayMs, stepIndex: p.stepIndex });
      if (!seen) emails.received.push(email);
      expectation.emailId = email.id;
      expectation.delayMs = delayMs;
      if (wait) {
        wait.tookMs = delayMs;
        wait.outcome = p.withinMs !== undefined && delayMs > p.withinMs ? 'late' : 'in-time';
      }
      p.resolved = { at: new Date(now).toISOString(), outcome: 'arrived', arrivedAt: new Date(arrival(found)).toISOString(), delayMs };
      settled.arrived++;
    } else {
      if (wait) wait.outcome = 'missing';
      p.resolved = { at: new Date(now).toISOString(), outcome: 'missing' };
      settled.missing++;
    }
    emails.expectations.push(expectation);
    if (step && step.status === 'pending') step.status = 'passed';
    if (stillPending(run.pending).length === 0 && run.status === 'pending') run.status = 'completed';
  }
  return settled;
}

/** The same delivery told twice (by the search and by the watch): one message to one set of recipients at one time. */
const sameDelivery = (a: InboxMessage, b: InboxMessage): boolean =>
  a === b || (a.messageId !== undefined && a.messageId === b.messageId && a.receivedAt === b.receivedAt && a.rcptTo.join() === b.rcptTo.join());

/** The mailbox could not be read: nothing is settled from what it could not say, and the report folder stays as it was. */
export class MailboxUnreadable extends Error {
  constructor(cause: unknown) {
    super(`could not read the audit's mailbox: ${(cause instanceof Error ? cause.message : String(cause)).split('\n')[0]}. The report folder is left as it was; resume again later.`);
    this.name = 'MailboxUnreadable';
  }
}

/**
 * Settles now, then (with `waitMs`) keeps the mailbox open for messages still to come, until
 * every wait is settled, the last patience ends, or `waitMs` has passed. A mailbox that cannot
 * be read (the search fails, or its watch keeps failing) throws `MailboxUnreadable`: a wait is
 * never called missing because the mail could not be looked at.
 */
export async function settleFromMailbox(records: RunRecord[], mailbox: ResumeMailbox, waitMs = 0, clock: () => number = Date.now): Promise<Settled> {
  const started = clock();
  const earliest = Math.min(...records.flatMap((r) => stillPending(r.pending)).map((p) => epoch(p.since)));
  const messages: InboxMessage[] = [];
  const add = (m: InboxMessage) => {
    if (!messages.some((k) => sameDelivery(k, m))) messages.push(m);
  };
  // Subscribed first, so nothing that lands while the mailbox is searched is lost.
  const unsubscribe = mailbox.subscribe(add);
  try {
    let found: InboxMessage[];
    try {
      found = await mailbox.messagesSince(new Date(Number.isFinite(earliest) ? earliest : started));
    } catch (err) {
      throw new MailboxUnreadable(err);
    }
    for (const m of found) add(m);
    return await settleAsMailArrives(records, messages, mailbox, started, waitMs, clock);
  } finally {
    unsubscribe();
  }
}

async function settleAsMailArrives(records: RunRecord[], messages: InboxMessage[], mailbox: ResumeMailbox, started: number, waitMs: number, clock: () => number): Promise<Settled> {
  let result = settlePending(records, messages, clock());
  if (result.left === 0 || waitMs <= 0) return result;
  await new Promise<void>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const check = () => {
      // Checked before settling: past a patience end, an unreadable mailbox would make the wait look missing.
      if (mailbox.failure) return done(new MailboxUnreadable(mailbox.failure));
      result = settlePending(records, messages, clock());
      const next = Math.min(started + waitMs, ...records.flatMap((r) => stillPending(r.pending)).map(patienceEnds));
      if (result.left === 0 || clock() >= started + waitMs) return done();
      clearTimeout(timer);
      // Wake at the next patience end (which settles a wait as missing) or the end of the waiting.
      timer = setTimeout(check, Math.min(Math.max(0, next - clock()) + 5, 60_000));
    };
    // The message itself is collected by the first subscription (made earlier, so called first).
    const unsubscribe = mailbox.subscribe(
      () => check(),
      () => check(),
    );
    const done = (err?: Error) => {
      clearTimeout(timer);
      unsubscribe();
      if (err) reject(err);
      else resolve();
    };
    check();
  });
  return result;
}

/** "the answer to the customer's email (step “Wait for the answer”, until 2024-05-02 09:00 UTC)" lines, for the CLI. */
export function describePending(records: readonly RunRecord[]): string[] {
  return records.flatMap((r) =>
    stillPending(r.pending).map(
      (p) => `${r.runId}: “${p.stepName}” waits for the ${p.what}${p.withinMs !== undefined ? ` (due within ${formatMs(p.withinMs)})` : ''}, until ${new Date(patienceEnds(p)).toISOString()}`,
    ),
  );
}
