// The email channel on a real mailbox (issue 14, part 3): Dovecot on loopback (IMAP, LMTP
// delivery, authenticated SMTP submission; tests/support/dovecot.ts), the demo company sending
// its mail there, and the audit configured as a user would: `email.provider: imap` in the config,
// the login in .env. A seeded account's address (named by the journey) and a run's own
// plus-address both get their mail; the reply goes out over authenticated submission and the
// company's acknowledgement is read back over IMAP; the password reaches no report.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startAcme, type Acme } from '../../fixtures/acme/server.ts';
import { RunRecord } from '../../src/model/run-record.ts';
import { ImapMailbox } from '../../src/channels/email/imap.ts';
import { runAudit } from '../../src/pipeline.ts';
import { imapLogin, startDovecot, writeImapProject, type TestMailServer } from '../support/dovecot.ts';
import { describeFindings, scanForSecrets } from '../support/secret-scan.ts';
import { pointsOf, ROOT, tempDir } from './helpers.ts';

const MAILBOX = 'shopper@mail.test';
const PASSWORD = 'imap-app-pass 7Qx!9';
const CARD = '4242 4242 4242 4242';

let mail: TestMailServer;
let acme: Acme;

test.beforeAll(async () => {
  mail = await startDovecot({ domain: 'mail.test', users: [{ user: MAILBOX, password: PASSWORD }] });
  // Acme sends through the router (the internet), which delivers mail for mail.test into Dovecot;
  // the customer's replies reach Acme's own inbound server the same way.
  acme = await startAcme({ friction: '', smtp: mail.mx });
  mail.route('acme.example', acme.mail!);
});

test.afterAll(async () => {
  await acme?.close();
  await mail?.close();
});

/** A project folder as a user would have it: a JSON config naming the mailbox, the login in .env. */
function project(password: string): string {
  const cwd = tempDir('ms-imap-');
  const persona = { address: '12 Harbour Street', city: 'Springfield', postcode: '12345', card: { value: CARD, secret: true } };
  writeImapProject(cwd, mail, { user: MAILBOX, password }, {
    journeys: [join(ROOT, 'tests/e2e/fixtures/journeys-imap')],
    personas: {
      // The run's own address in the mailbox (plus-addressed per persona, journey and audit).
      alex: { name: 'Alex Morgan', email: '{{inbox.address}}', ...persona },
      // A seeded account's fixed address: the mailbox's own.
      jo: { name: 'Jo Lee', email: MAILBOX, ...persona },
    },
    patienceMs: 15_000,
    concurrency: 2,
  });
  return cwd;
}

const recordsOf = (dir: string): RunRecord[] =>
  readFileSync(join(dir, 'runs.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => RunRecord.parse(JSON.parse(l)));

test('mail to a seeded address and to a plus-address is read over IMAP; the reply goes out over authenticated SMTP and its acknowledgement comes back', async () => {
  const cwd = project(PASSWORD);
  const result = await runAudit({ cwd, configFile: 'mystery-shopper.config.json', baseURL: acme.url, out: join(cwd, 'reports') });
  expect(result.scorecard.summary.runs, mail.log()).toMatchObject({ total: 2, completed: 2 });
  expect(pointsOf(result).filter((p) => p.severity === 'critical' || p.severity === 'major' || /email|acknowledgement|reply/.test(p.rule))).toEqual([]);

  const records = recordsOf(result.dir);
  const plus = records.find((r) => r.journeyId === 'plus-address')!.channels!.email!;
  expect(plus.address).toMatch(/^shopper\+alex\.plus-address\.[a-z0-9]{5}@mail\.test$/);
  const confirmation = plus.received.find((e) => /Your Acme order A\d+/.test(e.subject))!;
  expect(confirmation).toMatchObject({ from: 'orders@acme.example', to: [plus.address] });
  expect(plus.linksOpened).toMatchObject([{ text: 'View or cancel your order', status: 200 }]);

  const seeded = records.find((r) => r.journeyId === 'seeded-account')!.channels!.email!;
  // Mail to the seeded address joins the run's record once the expectation takes it, and no other.
  const order = seeded.received.find((e) => /Your Acme order A\d+/.test(e.subject))!;
  expect(order.to).toEqual([MAILBOX]);
  expect(seeded.received.every((e) => e.to.includes(MAILBOX))).toBe(true);
  expect(seeded.sent).toHaveLength(1);
  expect(seeded.sent[0]).toMatchObject({ to: 'support@acme.example', subject: `Re: ${order.subject}` });
  expect(seeded.sent[0].error).toBeUndefined();
  const ack = seeded.received.find((e) => e.inReplyTo === seeded.sent[0].messageId)!;
  expect(ack.text).toMatch(/ticket T-\d+/);
  for (const x of seeded.expectations) expect(x.emailId, x.label).toBeDefined();
  // The reply was relayed by the submission server after it checked the login.
  expect(mail.log()).toMatch(new RegExp(`submission\\(${MAILBOX}\\).*Successfully relayed`));

  // A later look (what `resume` does) finds the same mail in the mailbox, with the server's arrival times.
  const later = await ImapMailbox.open({ imap: imapLogin(mail, MAILBOX, PASSWORD), addressOf: () => MAILBOX });
  try {
    const since = new Date(Date.parse(result.scorecard.startedAt) - 1000);
    const kept = await later.messagesSince(since);
    expect(kept.map((m) => m.subject)).toEqual(expect.arrayContaining([order.subject, confirmation.subject, ack.subject]));
    expect(kept.find((m) => m.inReplyTo === seeded.sent[0].messageId)?.rcptTo).toContain(MAILBOX);
    expect(await later.messagesSince(new Date(Date.now() + 60_000))).toEqual([]);
  } finally {
    await later.close();
  }

  const leaks = scanForSecrets(result.dir, [PASSWORD, CARD]);
  expect(leaks, describeFindings(leaks)).toEqual([]);
});

test('a password the mailbox refuses is bad input, named without the password, before anything runs', async () => {
  const cwd = project('not-the-password');
  const error = await runAudit({ cwd, configFile: 'mystery-shopper.config.json', baseURL: acme.url, out: join(cwd, 'reports') }).then(
    () => undefined,
    (err: Error) => err,
  );
  expect(error?.name).toBe('InputError');
  expect(error?.message).toContain(`refused the login for ${MAILBOX}`);
  expect(error?.message).toContain('email.imap');
  expect(error?.message).not.toContain('not-the-password');
  expect(existsSync(join(cwd, 'reports')) ? readdirSync(join(cwd, 'reports')) : []).toEqual([]);
});
