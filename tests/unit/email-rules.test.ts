// The email and after-sales rules on hand-built records: each finds its friction at the right
// step, stays quiet on a clean run, and takes its thresholds from options.
import { expect, test } from '@playwright/test';
import { analyse, type RulesConfig } from '../../src/friction/analyse.ts';
import { builtInRules } from '../../src/friction/rules/index.ts';
import type { EmailLog, ReceivedEmail } from '../../src/channels/email/record.ts';
import { Finding } from '../../src/model/finding.ts';
import type { RunRecord } from '../../src/model/run-record.ts';
import { makeRun, makeSteps } from './fixtures/records.ts';

const EMAIL_RULES = ['missing-email', 'slow-email', 'no-reply-path', 'no-acknowledgement', 'no-promised-timeframe', 'questions-asked', 'reasked-information', 'broken-email-link'];

function only(ruleId: string, run: RunRecord, settings: Record<string, unknown> = {}): Finding[] {
  const config: RulesConfig = Object.fromEntries(builtInRules.map((r) => [r.id, { enabled: r.id === ruleId }]));
  config[ruleId] = { ...settings };
  const findings = analyse([run], config);
  for (const f of findings) Finding.parse(f);
  return findings;
}

const email = (o: Partial<ReceivedEmail> = {}): ReceivedEmail => ({
  id: 'm1',
  atMs: 3100,
  receivedAt: '2026-01-01T09:00:03.100Z',
  stepIndex: 2,
  from: 'orders@shop.test',
  fromName: 'Shop',
  replyTo: ['support@shop.test'],
  to: ['alex+order@shopper.mystery-shopper.test'],
  subject: 'Your order A1001',
  text: 'Thanks for your order. We will answer within 24 hours.',
  links: [],
  ...o,
});

const log = (o: Partial<EmailLog> = {}): EmailLog => ({
  address: 'alex+order@shopper.mystery-shopper.test',
  received: [email()],
  sent: [],
  expectations: [{ stepIndex: 2, triggerStepIndex: 1, kind: 'email', label: 'email.expect subject "order"', patienceMs: 60_000, fromMs: 3000, emailId: 'm1', delayMs: 100 }],
  linksOpened: [],
  ...o,
});

const runWith = (emails: EmailLog, over: Partial<RunRecord> = {}) => makeRun({ steps: makeSteps(4), channels: { email: emails }, ...over });

test('a clean email run gives no email finding', () => {
  const findings = analyse([runWith(log())]);
  expect(findings.filter((f) => EMAIL_RULES.includes(f.ruleId))).toEqual([]);
});

test('missing-email: an expected email that never came, at the step that waited', () => {
  const run = runWith(log({ received: [], expectations: [{ ...log().expectations[0], emailId: undefined, delayMs: undefined }] }));
  const [f, ...rest] = only('missing-email', run);
  expect(rest).toEqual([]);
  expect(f).toMatchObject({ ruleId: 'missing-email', severity: 'major', stepIndex: 2, stepName: 'Step 3' });
  expect(f.message).toContain('none arrived');
});

test('slow-email: over maxMs is minor, over maxMs × majorFactor is major; the threshold comes from options', () => {
  const slow = (delayMs: number) => runWith(log({ expectations: [{ ...log().expectations[0], delayMs }] }));
  expect(only('slow-email', slow(4000))).toEqual([]);
  expect(only('slow-email', slow(6000))[0]).toMatchObject({ severity: 'minor', stepIndex: 2 });
  expect(only('slow-email', slow(9000))[0]).toMatchObject({ severity: 'major' });
  expect(only('slow-email', slow(1500), { maxMs: 1000 })[0].evidence.metric).toEqual({ name: 'emailDelay', value: 1500, threshold: 1000, unit: 'ms' });
});

test('slow-email: a journey\'s own `within` is the budget; late is slow, not missing', () => {
  const late = runWith(log({ expectations: [{ ...log().expectations[0], withinMs: 2000, delayMs: 30_000 }] }));
  expect(only('slow-email', late)[0]).toMatchObject({ severity: 'major', evidence: { metric: { value: 30_000, threshold: 2000 } } });
  expect(only('missing-email', late)).toEqual([]);
  const inTime = runWith(log({ expectations: [{ ...log().expectations[0], withinMs: 40_000, delayMs: 30_000 }] }));
  expect(only('slow-email', inTime)).toEqual([]);
});

test('no-reply-path: a no-reply sender with no Reply-To; a usable Reply-To is enough', () => {
  const noreply = runWith(log({ received: [email({ from: 'no-reply@shop.test', replyTo: [] })] }));
  expect(only('no-reply-path', noreply)[0]).toMatchObject({ stepIndex: 2 });
  const rescued = runWith(log({ received: [email({ from: 'no-reply@shop.test', replyTo: ['help@shop.test'] })] }));
  expect(only('no-reply-path', rescued)).toEqual([]);
  const both = runWith(log({ received: [email({ from: 'donotreply@shop.test', replyTo: ['noreply@shop.test'] })] }));
  expect(only('no-reply-path', both)).toHaveLength(1);
});

test('no-acknowledgement and no-promised-timeframe judge acknowledgements only', () => {
  const ackX = { stepIndex: 3, triggerStepIndex: 2, kind: 'acknowledgement' as const, label: 'email.expectReply', withinMs: 10_000, fromMs: 3000 };
  const none = runWith(log({ expectations: [ackX], sent: [{ id: 's1', messageId: '<a@b>', atMs: 2900, stepIndex: 2, to: 'support@shop.test', subject: 'Re: Your order', text: 'Hi' }] }));
  expect(only('no-acknowledgement', none)[0]).toMatchObject({ stepIndex: 3 });
  expect(only('no-acknowledgement', none)[0].message).toContain('Re: Your order');
  const vague = runWith(log({ received: [email({ subject: 'Ticket T-1', text: 'We will be in touch.' })], expectations: [{ ...ackX, emailId: 'm1', delayMs: 50 }] }));
  expect(only('no-promised-timeframe', vague)[0]).toMatchObject({ stepIndex: 3 });
  expect(only('no-acknowledgement', vague)).toEqual([]);
  for (const promise of ['We will answer within 2 business days.', 'Expect a reply within 24 hours', 'in the next 3 days']) {
    const ok = runWith(log({ received: [email({ text: promise })], expectations: [{ ...ackX, emailId: 'm1' }] }));
    expect(only('no-promised-timeframe', ok), promise).toEqual([]);
  }
  // An order confirmation is not an acknowledgement: no promise needed.
  expect(only('no-promised-timeframe', runWith(log({ received: [email({ text: 'Thanks' })] })))).toEqual([]);
});

test('a later expectReply to the same email waits for the answer: no promise needed, and missing it is a missing email, not a missing acknowledgement', () => {
  const sent = [{ id: 's1', messageId: '<a@b>', atMs: 2900, stepIndex: 1, to: 'support@shop.test', subject: 'Re: Your order', text: 'Can I change the address?' }];
  const ack = { stepIndex: 2, triggerStepIndex: 1, kind: 'acknowledgement' as const, label: 'email.expectReply text "ticket"', answers: 's1', fromMs: 3000, emailId: 'm1', delayMs: 100 };
  const answer = { stepIndex: 3, triggerStepIndex: 1, kind: 'acknowledgement' as const, label: 'email.expectReply text "/our answer/i"', answers: 's1', withinMs: 86_400_000, fromMs: 3000 };
  const received = [
    email({ id: 'm1', subject: 'Ticket T-1', text: 'We have your message (ticket T-1) and will answer within 2 business days.' }),
    email({ id: 'm2', subject: 'Re: Your order', text: 'Here is our answer: yes, reply with the new address.' }),
  ];
  const answered = runWith(log({ sent, received, expectations: [ack, { ...answer, emailId: 'm2', delayMs: 9000 }] }));
  for (const rule of ['no-promised-timeframe', 'no-acknowledgement', 'missing-email']) expect(only(rule, answered), rule).toEqual([]);
  const unanswered = runWith(log({ sent, received: [received[0]], expectations: [ack, answer] }));
  expect(only('no-acknowledgement', unanswered)).toEqual([]);
  const [missing, ...rest] = only('missing-email', unanswered);
  expect(rest).toEqual([]);
  expect(missing).toMatchObject({ stepIndex: 3 });
  expect(missing.message).toBe('The customer waited 24 h for the answer to their email “Re: Your order” and none arrived.');
  // The first reply is still judged as the acknowledgement.
  const vagueAck = runWith(log({ sent, received: [email({ id: 'm1', subject: 'Ticket T-1', text: 'We have it.' }), received[1]], expectations: [ack, { ...answer, emailId: 'm2', delayMs: 9000 }] }));
  expect(only('no-promised-timeframe', vagueAck).map((f) => f.stepIndex)).toEqual([2]);
});

test('questions-asked: counts the questions each submitted form asks, whatever the journey filled', () => {
  const labels = Array.from({ length: 14 }, (_, i) => `Question ${i + 1}`);
  const form = { name: 'Return an item', fields: 14, required: 3, labels };
  // The journey filled 2 fields; the form asked 14.
  const steps = makeSteps(3, (i) => (i === 1 ? { interactions: { fieldsFilled: 2 }, forms: [form] } : {}));
  const [f, ...rest] = only('questions-asked', makeRun({ steps }));
  expect(rest).toEqual([]);
  expect(f).toMatchObject({ stepIndex: 1, evidence: { metric: { name: 'questionsAsked', value: 14, threshold: 10 } } });
  expect(f.message).toBe('The form “Return an item” asks 14 questions (3 of them required); a form should ask at most 10.');
  expect(only('questions-asked', makeRun({ steps }), { maxFields: 14 })).toEqual([]);
  // The same form sent twice (after an error) is one form, counted once.
  const twice = makeSteps(3, (i) => (i > 0 ? { forms: [{ ...form, fields: 8 }] } : {}));
  expect(only('questions-asked', makeRun({ steps: twice }), { maxTotal: 10 })).toEqual([]);
  // Over all forms of the journey.
  const many = makeSteps(3, (i) => ({ forms: [{ ...form, name: ['Delivery', 'Payment', 'Survey'][i], fields: 8 }] }));
  expect(only('questions-asked', makeRun({ steps: many }))[0].message).toContain('asks 24 questions over 3 forms');
});

test('questions-asked: without a submitted form, the fields the journey filled count', () => {
  const steps = makeSteps(3, (i) => ({ interactions: { fieldsFilled: i === 1 ? 20 : 1 } }));
  const [f] = only('questions-asked', makeRun({ steps }));
  expect(f).toMatchObject({ stepIndex: 1, evidence: { metric: { value: 22, threshold: 20 } } });
  expect(only('questions-asked', makeRun({ steps }), { maxTotal: 30 })).toEqual([]);
  expect(only('questions-asked', makeRun({ steps, status: 'failed', stoppedAt: { stepIndex: 2, stepName: 'Step 3', reason: 'x' } }))).toEqual([]);
});

test('reasked-information: the same hash typed in a later step, once per value', () => {
  const typed = (pairs: [string, string][]) => ({ interactions: { fieldsFilled: pairs.length, typed: pairs.map(([field, hash]) => ({ field, hash })) } });
  const steps = makeSteps(3, (i) =>
    typed(i === 0 ? [['field "Email"', 'h-email'], ['field "Postcode"', 'h-pc']] : i === 1 ? [['field "Name"', 'h-name']] : [['field "Email"', 'h-email'], ['field "Confirm email"', 'h-email']]),
  );
  const findings = only('reasked-information', makeRun({ steps }));
  expect(findings).toHaveLength(1);
  expect(findings[0]).toMatchObject({ stepIndex: 2, stepName: 'Step 3' });
  expect(findings[0].message).toContain('Step 1');
  // Twice in the same step (a "confirm your email" field) is not re-asking across the journey.
  const same = makeSteps(1, () => typed([['field "Email"', 'h'], ['field "Confirm"', 'h']]));
  expect(only('reasked-information', makeRun({ steps: same }))).toEqual([]);
});

test('broken-email-link: a link from an email that led to an error page or did not load', () => {
  const run = runWith(
    log({
      linksOpened: [
        { stepIndex: 3, emailId: 'm1', text: 'Track your parcel', href: 'http://shop.test/track?key=s3cr3t', status: 404 },
        { stepIndex: 3, emailId: 'm1', text: 'View order', href: 'http://shop.test/orders/A1', status: 200 },
      ],
    }),
  );
  const [f, ...rest] = only('broken-email-link', run);
  expect(rest).toEqual([]);
  expect(f).toMatchObject({ stepIndex: 3 });
  expect(f.message).toContain('HTTP 404');
  // The link's query (which may hold a key) is not quoted.
  expect(JSON.stringify(f)).not.toContain('s3cr3t');
});
