// Waits longer than the audit: human durations in journeys, the pending part of a run record,
// and `resume`'s settling on hand-built records and mailbox messages (arrival measured from
// when the customer's wait began; nothing by the end of patience is missing, judged by the usual rules).
import { expect, test } from '@playwright/test';
import { Duration } from '../../src/channels/wait.ts';
import { Journey } from '../../src/journeys/schema.ts';
import type { InboxMessage } from '../../src/channels/email/mailbox.ts';
import { analyse } from '../../src/friction/analyse.ts';
import { formatMs, parseDuration } from '../../src/model/duration.ts';
import type { PendingWait } from '../../src/model/pending.ts';
import { RunRecord } from '../../src/model/run-record.ts';
import { settlePending } from '../../src/resume.ts';
import { makeRun, makeSteps } from './fixtures/records.ts';

test('human durations: 30s, 15m, 24h, 1d, 1h30m, 500ms and plain ms; anything else is not one', () => {
  expect([parseDuration('30s'), parseDuration('15m'), parseDuration('15 min'), parseDuration('24h'), parseDuration('1d'), parseDuration('1h30m'), parseDuration('500ms'), parseDuration('2000'), parseDuration(1500)]).toEqual([
    30_000, 900_000, 900_000, 86_400_000, 86_400_000, 5_400_000, 500, 2000, 1500,
  ]);
  for (const bad of ['soon', '-5s', '1 week', '', 'h']) expect(parseDuration(bad)).toBeUndefined();
  expect(Duration.parse('24h')).toBe(86_400_000);
  expect(Duration.safeParse('tomorrow').error?.issues[0].message).toContain('30s, 15m, 24h or 1d');
  expect(formatMs(86_400_000)).toBe('24 h');
  expect(formatMs(5_400_000)).toBe('1 h 30 min');
});

test('a journey may say `within: 24h` on an email wait; every wait takes durations', () => {
  const j = Journey.parse({ id: 'j', name: 'J', start: '/', steps: [{ name: 'Answer', 'email.expectReply': { within: '24h', patience: '2d' } }, { name: 'Page', expect: { text: 'x', within: '30s' } }] });
  expect((j.steps[0] as Record<string, unknown>)['email.expectReply']).toEqual({ within: 86_400_000, patience: 172_800_000 });
  expect((j.steps[1] as { expect: { within: number } }).expect.within).toBe(30_000);
});

const ADDRESS = 'alex+ask@shopper.mystery-shopper.test';
const SINCE = '2026-01-01T09:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(SINCE) + ms).toISOString();

function pendingRun(over: Partial<PendingWait> = {}): RunRecord {
  const steps = makeSteps(3);
  steps[2] = { ...steps[2], status: 'pending', waits: [{ action: 'email.expectReply', channel: 'email', withinMs: 3_600_000, patienceMs: 86_400_000, outcome: 'pending' }] };
  const pending: PendingWait = {
    stepIndex: 2,
    stepName: 'Step 3',
    action: 'email.expectReply',
    channel: 'email',
    what: "answer to the customer's email",
    since: SINCE,
    withinMs: 3_600_000,
    patienceMs: 86_400_000,
    waitedInAuditMs: 1000,
    stepsNotRun: 1,
    email: {
      address: ADDRESS,
      match: { text: '/answer/' },
      answers: { messageId: '<q1@shopper>', subject: 'Re: Your order A1001' },
      expectation: { stepIndex: 2, triggerStepIndex: 1, kind: 'acknowledgement', label: 'email.expectReply', answers: 's1', withinMs: 3_600_000, patienceMs: 86_400_000, fromMs: 5000 },
    },
    ...over,
  };
  return makeRun({
    status: 'pending',
    steps,
    plannedSteps: 4,
    pending: [pending],
    channels: { email: { address: ADDRESS, received: [], sent: [{ id: 's1', messageId: '<q1@shopper>', atMs: 5000, stepIndex: 1, to: 'support@shop.test', subject: 'Re: Your order A1001', text: 'Can I change the address?' }], expectations: [], linksOpened: [] } },
  });
}

const message = (afterMs: number, o: Partial<InboxMessage> = {}): InboxMessage => ({
  arrivedAt: Date.parse(SINCE) + afterMs,
  receivedAt: at(afterMs),
  rcptTo: [ADDRESS],
  messageId: `<a${afterMs}@shop>`,
  inReplyTo: '<q1@shopper>',
  from: 'support@shop.test',
  replyTo: [],
  to: [ADDRESS],
  subject: 'Re: Your order A1001',
  text: 'Here is our answer.',
  links: [],
  ...o,
});

test('a pending run parses; a record from before pending existed still does', () => {
  const run = pendingRun();
  expect(RunRecord.parse(JSON.parse(JSON.stringify(run))).pending?.[0].stepsNotRun).toBe(1);
  const { pending: _, ...old } = makeRun({ steps: makeSteps(2) });
  expect(RunRecord.parse(old).pending).toBeUndefined();
  // While pending, no rule judges the wait: it is neither a missing nor a slow email yet.
  expect(analyse([run]).filter((f) => /email|acknowledgement/.test(f.ruleId))).toEqual([]);
});

test('resume fills in the arrival measured from the customer\'s email: 2 h against a 1 h budget is slow-email', () => {
  const run = pendingRun();
  // Mail to another address, mail before the wait began and mail that does not answer are not it.
  const others = [message(60_000, { rcptTo: ['sam+ask@shopper.mystery-shopper.test'], to: ['sam+ask@shopper.mystery-shopper.test'] }), message(-5000), message(90_000, { inReplyTo: '<other>', subject: 'Newsletter' })];
  const settled = settlePending([run], [...others, message(7_200_000)], Date.parse(SINCE) + 90_000_000);
  expect(settled).toEqual({ arrived: 1, missing: 0, left: 0 });
  expect(run.status).toBe('completed');
  expect(run.steps[2].status).toBe('passed');
  expect(run.steps[2].waits?.[0]).toMatchObject({ tookMs: 7_200_000, outcome: 'late' });
  const x = run.channels!.email!.expectations.at(-1)!;
  expect(x).toMatchObject({ emailId: 'm1', delayMs: 7_200_000, answers: 's1' });
  expect(run.channels!.email!.received[0]).toMatchObject({ id: 'm1', atMs: 5000 + 7_200_000, text: 'Here is our answer.' });
  expect(run.pending![0].resolved).toMatchObject({ outcome: 'arrived', delayMs: 7_200_000, arrivedAt: at(7_200_000) });
  const slow = analyse([run]).filter((f) => f.ruleId === 'slow-email');
  expect(slow).toHaveLength(1);
  expect(slow[0].evidence.metric).toMatchObject({ value: 7_200_000, threshold: 3_600_000 });
});

test('before the patience ends and with nothing there, the wait stays pending; after it, it is missing and the usual rule judges it', () => {
  const run = pendingRun();
  expect(settlePending([run], [], Date.parse(SINCE) + 3_600_000)).toEqual({ arrived: 0, missing: 0, left: 1 });
  expect(run.status).toBe('pending');
  // An answer after the customer gave up does not count either.
  expect(settlePending([run], [message(90_000_000)], Date.parse(SINCE) + 100_000_000)).toEqual({ arrived: 0, missing: 1, left: 0 });
  expect(run.status).toBe('completed');
  expect(run.steps[2].waits?.[0].outcome).toBe('missing');
  expect(analyse([run]).map((f) => f.ruleId)).toContain('no-acknowledgement');
});

test('without a `within`, an answer to the customer\'s email has 24 h (slow-email replyMaxMs), a site\'s email 5 s', () => {
  const run = pendingRun({ withinMs: undefined });
  run.pending![0].email!.expectation.withinMs = undefined;
  settlePending([run], [message(3 * 3_600_000)], Date.parse(SINCE) + 4 * 3_600_000);
  expect(analyse([run]).filter((f) => f.ruleId === 'slow-email')).toEqual([]);
  expect(analyse([run], { 'slow-email': { replyMaxMs: 3_600_000 } }).filter((f) => f.ruleId === 'slow-email')).toHaveLength(1);
});

test('two runs sharing an address never take the same message', () => {
  const a = pendingRun();
  const b = pendingRun({ since: at(1000) });
  const settled = settlePending([a, b], [message(5000)], Date.parse(SINCE) + 10_000);
  expect(settled).toEqual({ arrived: 1, missing: 0, left: 1 });
  expect(a.status).toBe('completed');
  expect(b.status).toBe('pending');
});

test('resume looks where the run was waiting: the address the customer wrote from, or the one `to` names, by where the mail was delivered (a Bcc counts)', () => {
  const seeded = 'jo@customer.example';
  // The customer wrote from a seeded account: the answer comes there, not to the run's address.
  const wroteFrom = pendingRun();
  wroteFrom.pending![0].email!.addresses = [ADDRESS, seeded];
  const answered = settlePending([wroteFrom], [message(60_000, { rcptTo: [seeded], to: [seeded] })], Date.parse(SINCE) + 90_000);
  expect(answered).toEqual({ arrived: 1, missing: 0, left: 0 });

  // `email.expect { to: seeded }`: delivered there by Bcc (the To header names a list) is it;
  // a To header naming the seeded address of mail delivered elsewhere is not.
  const named = pendingRun();
  named.pending![0].email = { ...named.pending![0].email!, match: { to: seeded, subject: 'Newsletter' }, answers: undefined };
  const notDelivered = message(30_000, { rcptTo: ['someone@else.example'], to: [seeded], subject: 'Newsletter', messageId: '<n1@shop>' });
  const byBcc = message(60_000, { rcptTo: [seeded], to: ['list@shop.test'], subject: 'Newsletter', messageId: '<n2@shop>' });
  expect(settlePending([named], [notDelivered, byBcc], Date.parse(SINCE) + 90_000)).toEqual({ arrived: 1, missing: 0, left: 0 });
  expect(named.channels!.email!.received.at(-1)).toMatchObject({ messageId: '<n2@shop>', to: ['list@shop.test'] });
  expect(named.pending![0].resolved).toMatchObject({ delayMs: 60_000 });
});

test('a message an IMAP server stamps with the second the wait began in came after it; an earlier second did not', async () => {
  const { cameAfter } = await import('../../src/resume.ts');
  const since = Date.parse('2026-12-02T17:07:03.337Z');
  const at = (iso: string) => ({ receivedAt: iso, arrivedAt: Date.parse(iso) }) as unknown as InboxMessage;
  expect(cameAfter(at('2026-12-02T17:07:03.000Z'), since)).toBe(true);
  expect(cameAfter(at('2026-12-02T17:07:04.000Z'), since)).toBe(true);
  expect(cameAfter(at('2026-12-02T17:07:02.000Z'), since)).toBe(false);
  // A clock with milliseconds (the SMTP inbox) is taken at its word.
  expect(cameAfter(at('2026-12-02T17:07:03.200Z'), since)).toBe(false);
});

test('an answer the run saw arrive after its wait went pending (before it closed its mailbox) settles the wait, once; one a check used does not', () => {
  const run = pendingRun();
  const answer = message(60_000);
  // The run's mailbox was still open when the answer came: it is in `received`, used by no check.
  run.channels!.email!.received.push({ id: 'm1', messageId: answer.messageId, atMs: 65_000, receivedAt: answer.receivedAt, from: answer.from, replyTo: [], to: answer.to, subject: answer.subject, text: answer.text, links: [] });
  expect(settlePending([run], [answer], Date.parse(SINCE) + 90_000)).toEqual({ arrived: 1, missing: 0, left: 0 });
  expect(run.channels!.email!.received).toHaveLength(1);
  expect(run.channels!.email!.expectations.at(-1)).toMatchObject({ emailId: 'm1', delayMs: 60_000 });

  // The same message matched by a check of the audit (the acknowledgement, say) is that check's.
  const used = pendingRun();
  used.channels!.email!.received.push({ id: 'm1', messageId: answer.messageId, atMs: 65_000, receivedAt: answer.receivedAt, from: answer.from, replyTo: [], to: answer.to, subject: answer.subject, text: answer.text, links: [] });
  used.channels!.email!.expectations.push({ stepIndex: 1, kind: 'acknowledgement', label: 'email.expectReply', fromMs: 5000, emailId: 'm1', delayMs: 60_000 });
  expect(settlePending([used], [answer], Date.parse(SINCE) + 90_000)).toEqual({ arrived: 0, missing: 0, left: 1 });
});
