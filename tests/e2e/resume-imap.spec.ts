// `resume` over a real mailbox (issue 14, parts 3 and 4 together): an audit with
// `email.provider: imap` against Dovecot (tests/support/dovecot.ts) ends with a person's answer
// pending (Acme's knob support-reply); the answer is delivered into Dovecot after the audit; a
// separate `mystery-shopper resume DIR` process (the built CLI, in the project folder with its
// config and .env) finds it over IMAP, measures its arrival by the server's INTERNALDATE from the
// customer's email, and rewrites the scorecard. No password in meta.json or any report. And a
// mailbox that stops answering is the harness's failure, never mail called missing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startAcme, type Acme } from '../../fixtures/acme/server.ts';
import type { RunChannelContext } from '../../src/channels/channel.ts';
import { ImapMailbox } from '../../src/channels/email/imap.ts';
import { EmailSession } from '../../src/channels/email/session.ts';
import { reportResult } from '../../src/cli/output.ts';
import { RunRecord } from '../../src/model/run-record.ts';
import { runAudit } from '../../src/pipeline.ts';
import { MailboxUnreadable, settleFromMailbox } from '../../src/resume.ts';
import { imapLogin, startDovecot, writeImapProject, type TestMailServer } from '../support/dovecot.ts';
import { describeFindings, scanForSecrets } from '../support/secret-scan.ts';
import { cli } from './cli-process.ts';
import { ROOT, tempDir } from './helpers.ts';

const MAILBOX = 'shopper@mail.test';
const PASSWORD = 'resume-app-pass Zq!4';
const ANSWER_MS = 3000;

let mail: TestMailServer;
let acme: Acme;

test.beforeAll(async () => {
  mail = await startDovecot({ domain: 'mail.test', users: [{ user: MAILBOX, password: PASSWORD }] });
  acme = await startAcme({ friction: `support-reply:${ANSWER_MS}`, smtp: mail.mx });
  mail.route('acme.example', acme.mail!);
});

test.afterAll(async () => {
  await acme?.close();
  await mail?.close();
});

const recordOf = (dir: string): RunRecord => RunRecord.parse(JSON.parse(readFileSync(join(dir, 'runs.jsonl'), 'utf8').trim().split('\n')[0]));

test('an answer pending when the audit ends is found over IMAP by a later resume, timed by the server\'s arrival', async () => {
  test.setTimeout(60_000);
  const cwd = tempDir('ms-resume-imap-');
  writeImapProject(cwd, mail, { user: MAILBOX, password: PASSWORD }, {
    journeys: [join(ROOT, 'tests/e2e/fixtures/journeys-resume')],
    personas: { alex: { name: 'Alex Morgan', email: '{{inbox.address}}', address: '12 Harbour Street', city: 'Springfield', postcode: '12345', card: '4242 4242 4242 4242' } },
    patienceMs: 15_000,
    waitInAuditMs: 1000,
  });

  const audit = await runAudit({ cwd, baseURL: acme.url, out: join(cwd, 'reports') });
  expect(reportResult(audit, cwd), mail.log()).toBe(0);
  const before = recordOf(audit.dir);
  expect(before.status).toBe('pending');
  expect(audit.scorecard.pending).toEqual([expect.objectContaining({ stepName: 'Wait for the answer', outcome: 'pending' })]);
  const sent = before.channels!.email!.sent.at(-1)!;
  expect(sent.error).toBeUndefined();
  // Where the run waited, as data: its plus-address (the answer comes back there).
  expect(before.pending![0].email).toMatchObject({ address: before.channels!.email!.address, addresses: [before.channels!.email!.address] });
  // meta.json says which mailbox to open again, and nothing to log in with.
  const meta = readFileSync(join(audit.dir, 'meta.json'), 'utf8');
  expect(JSON.parse(meta).channels.email).toEqual({ provider: 'imap', imap: { host: mail.imap.host, port: mail.imap.port, mailbox: 'INBOX', address: MAILBOX } });

  // The audit is over; Acme's answer lands in the mailbox a few seconds after the customer's email.
  const look = await ImapMailbox.open({ imap: imapLogin(mail, MAILBOX, PASSWORD), addressOf: () => MAILBOX });
  let delivered: { receivedAt: string; rcptTo: string[] } | undefined;
  try {
    await expect
      .poll(
        async () => {
          delivered = (await look.messagesSince(new Date(Date.now() - 60_000))).find((m) => m.inReplyTo === sent.messageId && /our answer/i.test(m.text));
          return delivered !== undefined;
        },
        { timeout: 20_000, intervals: [500] },
      )
      .toBe(true);
  } finally {
    await look.close();
  }
  // Dovecot's LMTP says where it delivered the copy: the run's plus-address.
  expect(delivered!.rcptTo).toEqual([before.channels!.email!.address]);

  const r = await cli(['resume', audit.dir], cwd);
  expect(r.stderr).toContain('“Wait for the answer” waits for the answer');
  expect(r.stdout, r.stderr).toContain('Settled 1 of 1 pending wait: 1 arrived, 0 missing.');
  expect(r.code).toBe(0);

  const after = recordOf(audit.dir);
  expect(after.status).toBe('completed');
  const resolved = after.pending![0].resolved!;
  // The arrival is the server's INTERNALDATE (whole seconds), not when resume looked.
  expect(resolved).toMatchObject({ outcome: 'arrived', arrivedAt: delivered!.receivedAt });
  expect(resolved.delayMs!).toBeGreaterThanOrEqual(ANSWER_MS - 1100);
  expect(resolved.delayMs!).toBeLessThan(ANSWER_MS + 2500);
  const x = after.channels!.email!.expectations.at(-1)!;
  expect(x.delayMs).toBe(resolved.delayMs);
  expect(after.channels!.email!.received.find((e) => e.id === x.emailId)).toMatchObject({ inReplyTo: sent.messageId, receivedAt: delivered!.receivedAt });

  const scorecard = JSON.parse(readFileSync(join(audit.dir, 'scorecard.json'), 'utf8'));
  expect(scorecard.pending).toBeUndefined();
  expect(scorecard.summary.runs).toMatchObject({ completed: 1, pending: 0 });
  const html = readFileSync(join(audit.dir, 'index.html'), 'utf8');
  expect(html).not.toContain('<strong>PENDING</strong>');
  expect(html).toContain('Here is our answer');

  const leaks = scanForSecrets(audit.dir, [PASSWORD]);
  expect(leaks, describeFindings(leaks)).toEqual([]);
});

test('a mailbox that stops answering fails the wait as the harness\'s, and resume settles nothing', async () => {
  const own = await startDovecot({ domain: 'mail.test', users: [{ user: MAILBOX, password: PASSWORD }] });
  const imap = imapLogin(own, MAILBOX, PASSWORD);
  let stopped = false;
  const mailbox = await ImapMailbox.open({ imap, addressOf: () => MAILBOX, pollMs: 200, giveUpAfterMs: 1000 });
  try {
    const page = { on: () => undefined, mainFrame: () => undefined } as unknown as RunChannelContext['page'];
    const session = new EmailSession(mailbox, { page, runId: 'j/alex/1', journeyId: 'j', persona: 'alex', now: () => 0, currentStep: () => 0, customerTime: () => undefined, signal: new AbortController().signal }, MAILBOX);
    const waiting = session.waitFor({ match: { subject: 'Your order' } }, 20_000).then(
      () => undefined,
      (err: Error & { kind?: string }) => err,
    );
    await own.close();
    stopped = true;
    const failed = await waiting;
    // Not "missing": the harness could not look. The message names the server, never the password.
    expect(failed).toMatchObject({ name: 'StepFailure', kind: 'harness' });
    expect(failed!.message).toContain(`could not read its mailbox (IMAP ${imap.host}:${imap.port}, folder INBOX)`);
    expect(failed!.message).not.toContain(PASSWORD);
    expect(mailbox.failure).toBeDefined();
    // resume on such a mailbox settles nothing (the CLI says so and exits 1, runs.jsonl untouched).
    await expect(settleFromMailbox([], mailbox)).rejects.toBeInstanceOf(MailboxUnreadable);
  } finally {
    await mailbox.close();
    if (!stopped) await own.close();
  }
});

