// Email channel and after-sales journeys against the real demo company: real SMTP in (Acme's
// mail to the harness's inbox) and out (the customer's reply to Acme's mail server), a real
// browser. The knobs are the ground truth: each gives its finding on the right journey and step,
// and no other email or after-sales finding appears.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { RunRecord } from '../../src/model/run-record.ts';
import { auditAcme, key, pointsOf, type Point } from './helpers.ts';

const CONFIG = 'tests/e2e/fixtures/email.config.ts';
const EMAIL_RULES = [
  'missing-email',
  'slow-email',
  'no-reply-path',
  'no-acknowledgement',
  'no-promised-timeframe',
  'questions-asked',
  'reasked-information',
  'broken-email-link',
];
const EMAIL_JOURNEYS = ['cancel-by-email', 'reply-to-confirmation', 'return-item', 'warranty-claim', 'repair-request'];
const grepOf = (ids: string[]) => `^(${ids.join('|')}) `;

type Want = Pick<Point, 'rule' | 'journey' | 'step'>;
const CONFIRMATION = 'Find the confirmation email';
const ACK = 'Find the acknowledgement email';

const cases: Array<{ knob: string; journeys: string[]; wanted: Want[] }> = [
  {
    knob: 'email-slow:1500',
    journeys: ['cancel-by-email', 'warranty-claim'],
    wanted: [
      { rule: 'slow-email', journey: 'cancel-by-email', step: CONFIRMATION },
      { rule: 'slow-email', journey: 'cancel-by-email', step: 'Find the cancellation email' },
      { rule: 'slow-email', journey: 'warranty-claim', step: ACK },
    ],
  },
  {
    // A missing email is not a dead end by itself: the customer is stuck only at the step that needs it.
    knob: 'email-missing',
    journeys: ['cancel-by-email', 'warranty-claim'],
    wanted: [
      { rule: 'missing-email', journey: 'cancel-by-email', step: CONFIRMATION },
      { rule: 'dead-end', journey: 'cancel-by-email', step: 'Open the order from the email' },
    ],
  },
  {
    knob: 'email-noreply',
    journeys: ['reply-to-confirmation', 'repair-request'],
    wanted: [
      { rule: 'no-reply-path', journey: 'reply-to-confirmation', step: CONFIRMATION },
      { rule: 'dead-end', journey: 'reply-to-confirmation', step: 'Reply with a question' },
      { rule: 'no-reply-path', journey: 'repair-request', step: ACK },
    ],
  },
  {
    knob: 'email-no-ack',
    journeys: ['reply-to-confirmation'],
    // No later step needs the acknowledgement: the journey completes, and its absence is the finding.
    wanted: [{ rule: 'no-acknowledgement', journey: 'reply-to-confirmation', step: 'Wait for the acknowledgement' }],
  },
  {
    knob: 'ack-no-timeframe',
    journeys: ['reply-to-confirmation', 'warranty-claim', 'repair-request'],
    wanted: [
      { rule: 'no-promised-timeframe', journey: 'reply-to-confirmation', step: 'Wait for the acknowledgement' },
      { rule: 'no-promised-timeframe', journey: 'warranty-claim', step: ACK },
      { rule: 'no-promised-timeframe', journey: 'repair-request', step: ACK },
    ],
  },
  {
    knob: 'return-reasks',
    journeys: ['return-item'],
    wanted: [{ rule: 'reasked-information', journey: 'return-item', step: 'Choose what to return' }],
  },
  {
    knob: 'warranty-long-form',
    journeys: ['warranty-claim'],
    // Counted as the page asks it, at the step where the customer sends the form.
    wanted: [{ rule: 'questions-asked', journey: 'warranty-claim', step: 'Send the claim' }],
  },
  {
    knob: 'return-extra-steps',
    journeys: ['return-item'],
    wanted: [{ rule: 'too-many-steps', journey: 'return-item', step: undefined }],
  },
];

const recordsOf = (dir: string): RunRecord[] =>
  readFileSync(join(dir, 'runs.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => RunRecord.parse(JSON.parse(l)));

test('no knob: every email journey completes, mail goes both ways, nothing email-related is found', async () => {
  const result = await auditAcme('', { configFile: CONFIG, grep: grepOf(EMAIL_JOURNEYS) });
  expect(result.scorecard.summary.runs).toMatchObject({ total: EMAIL_JOURNEYS.length, completed: EMAIL_JOURNEYS.length });
  const points = pointsOf(result);
  expect(points.filter((p) => EMAIL_RULES.includes(p.rule) || p.severity === 'critical' || p.severity === 'major').map(key)).toEqual([]);

  const records = recordsOf(result.dir);
  const reply = records.find((r) => r.journeyId === 'reply-to-confirmation')!;
  const emails = reply.channels!.email!;
  expect(emails.address).toBe('alex+reply-to-confirmation@shopper.mystery-shopper.test');
  const confirmation = emails.received.find((e) => /Your Acme order/.test(e.subject))!;
  expect(confirmation).toMatchObject({ from: 'orders@acme.example', replyTo: ['support@acme.example'], to: [emails.address] });
  expect(confirmation.links.map((l) => l.text)).toEqual(['View or cancel your order', 'Return an item']);
  expect(emails.sent).toHaveLength(1);
  expect(emails.sent[0]).toMatchObject({ to: 'support@acme.example', subject: `Re: ${confirmation.subject}` });
  expect(emails.sent[0].error).toBeUndefined();
  const ack = emails.received.find((e) => e.inReplyTo === emails.sent[0].messageId)!;
  expect(ack.text).toMatch(/ticket T-\d+/);
  expect(ack.text).toMatch(/within 24 hours/);
  // Each expectation names the step that set the email off: the step before the one that waited.
  for (const x of emails.expectations) {
    expect(x.emailId).toBeDefined();
    expect(x.triggerStepIndex).toBe(x.stepIndex - 1);
  }
  // What the customer typed is kept as hashes only: the persona's values never appear as typed values.
  const typed = reply.steps.flatMap((s) => s.interactions.typed ?? []);
  expect(typed.length).toBeGreaterThan(0);
  expect(JSON.stringify(typed)).not.toContain('Harbour');
  // Secrets never reach the record, even through an email.
  expect(readFileSync(join(result.dir, 'runs.jsonl'), 'utf8')).not.toContain('4242 4242 4242 4242');

  // The scorecard shows the emails in their journey, escaped.
  const html = readFileSync(result.htmlPath, 'utf8');
  expect(html).toContain('Your Acme order');
  expect(html).toContain('support@acme.example');
});

test('mail to any address: the confirmation to a seeded account\'s address is found, the reply goes from it and the acknowledgement comes back there', async () => {
  const result = await auditAcme('', {
    configFile: 'tests/e2e/fixtures/email-seeded.config.ts',
    paths: ['tests/e2e/fixtures/journeys-imap/seeded-account.journey.yaml'],
  });
  expect(result.scorecard.summary.runs).toMatchObject({ total: 1, completed: 1 });
  expect(pointsOf(result).filter((p) => EMAIL_RULES.includes(p.rule) || p.severity === 'critical' || p.severity === 'major').map(key)).toEqual([]);
  const emails = recordsOf(result.dir)[0].channels!.email!;
  expect(emails.address).toBe('jo+seeded-account@shopper.mystery-shopper.test');
  expect(emails.received.map((e) => [e.subject.replace(/\d+/, 'N'), e.to])).toEqual([
    ['Your Acme order AN', ['jo.lee@customer.example']],
    ['Re: Your Acme order AN', ['jo.lee@customer.example']],
  ]);
  expect(emails.sent[0].error).toBeUndefined();
  expect(emails.received[1].inReplyTo).toBe(emails.sent[0].messageId);
});

for (const { knob, journeys, wanted } of cases) {
  test(`knob ${knob}: its finding appears where it should, and no other email finding`, async () => {
    const result = await auditAcme(knob, { configFile: CONFIG, grep: grepOf(journeys) });
    const found = pointsOf(result);
    const foundKeys = found.map(key);
    for (const w of wanted) expect(foundKeys, `missing ${key(w)}`).toContain(key(w));
    const wantedKeys = new Set(wanted.map(key));
    const unexplained = found.filter((p) => !wantedKeys.has(key(p)) && (EMAIL_RULES.includes(p.rule) || p.severity === 'critical' || p.severity === 'major'));
    expect(unexplained.map(key)).toEqual([]);
  });
}
