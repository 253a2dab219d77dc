// The harness's inbox with real SMTP: mail to one address reaches only that address's run,
// mail to any other address reaches a run that names it,
// links are found in HTML and text parts, replies go out through the relay, and what the
// customer typed is kept as a salted hash only.
import { expect, test } from '@playwright/test';
import { createTransport } from 'nodemailer';
import { extractLinks, Inbox } from '../../src/channels/email/inbox.ts';
import { NO_REPLY, replyAddress } from '../../src/channels/email/match.ts';
import { EmailSession } from '../../src/channels/email/session.ts';
import { noteTyped, typedHash } from '../../src/channels/email/typed.ts';
import type { RunChannelContext } from '../../src/channels/channel.ts';
import { parseFriction } from '../../fixtures/acme/friction.ts';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/errors.ts';
import { runAudit } from '../../src/pipeline.ts';

const fakePage = { on: () => undefined, mainFrame: () => undefined } as unknown as RunChannelContext['page'];
const ctx = (persona: string, runId: string): RunChannelContext => {
  const t0 = performance.now();
  return { page: fakePage, runId, journeyId: runId.split('/')[0], persona, now: () => performance.now() - t0, currentStep: () => 0, customerTime: () => undefined, signal: new AbortController().signal };
};

async function send(inbox: Inbox, to: string, subject: string, extra: Record<string, unknown> = {}) {
  const t = createTransport({ host: inbox.host, port: inbox.port, name: 'test.example', secure: false, ignoreTLS: true });
  await t.sendMail({ from: '"Shop" <orders@shop.test>', to, subject, text: 'Hello', ...extra });
  t.close();
}

test('each persona and journey has its own address; a run sees only its own mail', async () => {
  const inbox = await Inbox.start();
  try {
    const a = Inbox.addressOf('alex', 'return-item');
    const b = Inbox.addressOf('alex', 'cancel-by-email');
    expect(a).toBe('alex+return-item@shopper.mystery-shopper.test');
    expect(a).not.toBe(b);
    const sa = new EmailSession(inbox, ctx('alex', 'return-item/alex/1'), a);
    const sb = new EmailSession(inbox, ctx('alex', 'cancel-by-email/alex/1'), b);
    await send(inbox, b, 'For B');
    await send(inbox, a, 'For A', { replyTo: 'help@shop.test' });
    const got = await sa.waitFor({ match: { subject: '/For/' } }, 5000);
    expect(got).toMatchObject({ subject: 'For A', from: 'orders@shop.test', fromName: 'Shop', replyTo: ['help@shop.test'], to: [a] });
    expect(sa.received.map((e) => e.subject)).toEqual(['For A']);
    expect((await sb.waitFor({ match: {} }, 5000))?.subject).toBe('For B');
    // An email is matched once: a second expectation waits for a new one.
    expect(await sa.waitFor({ match: { subject: 'For A' } }, 200)).toBeUndefined();
    expect(sa.finish()).toMatchObject({ address: a, received: [{ subject: 'For A' }] });
  } finally {
    await inbox.close();
  }
});

test('mail to any address: a run finds mail to an address it names, records it only once taken, replies from it and gets the answer there', async () => {
  const company = await Inbox.start();
  const inbox = await Inbox.start({ relay: { host: company.host, port: company.port } });
  try {
    const seeded = 'jo@shop-customer.test';
    const jo = new EmailSession(inbox, ctx('jo', 'seeded/jo/1'), Inbox.addressOf('jo', 'seeded'));
    const other = new EmailSession(inbox, ctx('sam', 'other/sam/1'), Inbox.addressOf('sam', 'other'));
    await send(inbox, seeded, 'Your order A1', { replyTo: 'help@shop.test' });
    // Not the run's own address: without `to` it is not the run's mail, and no run records it.
    expect(await jo.waitFor({ match: {} }, 150)).toBeUndefined();
    expect(jo.received).toEqual([]);
    const found = await jo.waitFor({ match: { subject: 'order', to: seeded } }, 5000);
    expect(found).toMatchObject({ id: 'm1', subject: 'Your order A1', to: [seeded] });
    expect(jo.received.map((e) => e.subject)).toEqual(['Your order A1']);
    // Taken once across runs: another run naming the same address waits for a new one.
    expect(await other.waitFor({ match: { to: seeded } }, 150)).toBeUndefined();
    expect(other.received).toEqual([]);

    // The reply goes out from the address the email reached; the company answers there.
    expect(jo.recipientOf(found!)).toBe(seeded);
    const sent = await jo.send({ from: jo.recipientOf(found!), to: 'help@shop.test', subject: 'Re: Your order A1', text: 'A question' });
    expect(sent.error).toBeUndefined();
    await expect.poll(() => company.messages.length).toBe(1);
    expect(company.messages[0]).toMatchObject({ from: seeded, rcptTo: ['help@shop.test'] });
    await send(inbox, seeded, 'Re: Your order A1', { inReplyTo: sent.messageId });
    expect(await jo.waitFor({ match: {}, answers: { messageId: sent.messageId, subject: sent.subject } }, 5000)).toMatchObject({ id: 'm2', to: [seeded] });

    // The inbox keeps every message of the audit, for every address (what a later look asks).
    const since = new Date(performance.timeOrigin + performance.now() - 60_000);
    expect((await inbox.messagesSince(since)).map((m) => m.subject)).toEqual(['Your order A1', 'Re: Your order A1']);
  } finally {
    await inbox.close();
    await company.close();
  }
});

test('where a wait looks is where the mail was delivered (the envelope): a Bcc counts, an address only in the To header does not', async () => {
  const inbox = await Inbox.start();
  try {
    const seeded = 'jo@shop-customer.test';
    const jo = new EmailSession(inbox, ctx('jo', 'bcc/jo/1'), Inbox.addressOf('jo', 'bcc'));
    // Addressed to someone else in the header, delivered to the seeded address by Bcc.
    await send(inbox, 'list@shop.test', 'Newsletter', { bcc: seeded });
    // Delivered elsewhere, though its To header names the seeded address.
    const t = createTransport({ host: inbox.host, port: inbox.port, name: 'test.example', secure: false, ignoreTLS: true });
    await t.sendMail({ from: 'orders@shop.test', to: seeded, subject: 'Not delivered to jo', text: 'x', envelope: { from: 'orders@shop.test', to: 'someone@else.test' } });
    t.close();
    const found = await jo.waitFor({ match: { to: seeded } }, 5000);
    expect(found).toMatchObject({ subject: 'Newsletter', to: ['list@shop.test'] });
    expect(jo.recipientOf(found!)).toBe(seeded);
    expect(await jo.waitFor({ match: { to: seeded } }, 300)).toBeUndefined();
  } finally {
    await inbox.close();
  }
});

test('replies go out through the relay; a refusing server is recorded', async () => {
  const company = await Inbox.start();
  const inbox = await Inbox.start({ relay: { host: company.host, port: company.port } });
  try {
    const s = new EmailSession(inbox, ctx('sam', 'reply/sam/1'), Inbox.addressOf('sam', 'reply'));
    const sent = await s.send({ to: 'support@shop.test', subject: 'Re: Your order', text: 'A question', inReplyTo: '<m1@shop.test>' });
    expect(sent.error).toBeUndefined();
    await expect.poll(() => company.messages.length).toBe(1);
    expect(company.messages[0]).toMatchObject({ subject: 'Re: Your order', inReplyTo: '<m1@shop.test>', from: 'sam+reply@shopper.mystery-shopper.test' });
    const offline = await Inbox.start({ relay: { host: '127.0.0.1', port: 1 } });
    const s2 = new EmailSession(offline, ctx('sam', 'reply/sam/2'), 'sam+reply@shopper.mystery-shopper.test');
    expect((await s2.send({ to: 'support@shop.test', subject: 'x', text: 'y' })).error).toBeTruthy();
    await offline.close();
  } finally {
    await inbox.close();
    await company.close();
  }
});

test('links come from the HTML part (decoded), else from "Label: URL" lines of the text', () => {
  expect(extractLinks('', '<p><a href="http://s.test/o?a=1&amp;b=2">View &amp; <b>cancel</b></a></p>')).toEqual([{ text: 'View & cancel', href: 'http://s.test/o?a=1&b=2' }]);
  expect(extractLinks('Track it: http://s.test/t/1\nhttp://s.test/bare', undefined)).toEqual([
    { text: 'Track it', href: 'http://s.test/t/1' },
    { text: 'http://s.test/bare', href: 'http://s.test/bare' },
  ]);
});

test('reply path: Reply-To first, never a no-reply address', () => {
  const e = { from: 'no-reply@s.test', replyTo: [] as string[] };
  expect(replyAddress(e as never)).toBeUndefined();
  expect(replyAddress({ ...e, replyTo: ['help@s.test'] } as never)).toBe('help@s.test');
  expect(replyAddress({ from: 'orders@s.test', replyTo: [] } as never)).toBe('orders@s.test');
  for (const local of ['noreply', 'no-reply', 'donotreply', 'do-not-reply', 'shop.noreply']) expect(NO_REPLY.test(local), local).toBe(true);
  expect(NO_REPLY.test('norepair')).toBe(false);
});

test('typed values are salted hashes, equal after normalising; secrets and blanks are not noted', () => {
  expect(typedHash(' Alex@Example.com ')).toBe(typedHash('alex@example.com'));
  expect(typedHash('12345')).not.toContain('12345');
  const interactions = { clicks: 0, keystrokes: 0, fieldsFilled: 0 };
  noteTyped(interactions, 'field "Card"', '4242 4242 4242 4242', true);
  noteTyped(interactions, 'field "Note"', '   ', false);
  expect(interactions).toEqual({ clicks: 0, keystrokes: 0, fieldsFilled: 0 });
  noteTyped(interactions, 'field "Email"', 'a@b.c', false);
  expect(interactions).toMatchObject({ typed: [{ field: 'field "Email"', hash: typedHash('a@b.c') }] });
});

test('Acme knobs: email and after-sales knobs parse and print back', () => {
  const all = 'email-slow:1500,email-missing,email-noreply,email-no-ack,ack-no-timeframe,return-reasks,warranty-long-form,return-extra-steps';
  const f = parseFriction(all);
  expect(f).toMatchObject({ emailSlowMs: 1500, emailMissing: true, emailNoreply: true, emailNoAck: true, ackNoTimeframe: true, returnReasks: true, warrantyLongForm: true, returnExtraSteps: true });
  expect(parseFriction('email-slow').emailSlowMs).toBe(8000);
  expect(() => parseFriction('email-slow:soon')).toThrow(/Bad value "soon" for email-slow/);
  expect(() => parseFriction('email-missing:yes')).toThrow(/takes no value/);
});

test('an inbox port already taken is bad input, named by its config field, and leaves no report behind', async () => {
  const taken = await Inbox.start();
  try {
    const error = await Inbox.start({ port: taken.port }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(`email.port: the audit's inbox cannot listen on 127.0.0.1:${taken.port}: the port is already in use`);

    // The same through an audit whose journey needs the inbox: it fails before anything runs.
    const dir = mkdtempSync(join(tmpdir(), 'ms-inbox-port-'));
    const out = join(dir, 'reports');
    writeFileSync(join(dir, 'mystery-shopper.config.json'), JSON.stringify({ journeys: ['.'], personas: { alex: { name: 'Alex', email: '{{inbox.address}}' } }, email: { port: taken.port } }));
    writeFileSync(join(dir, 'mail.journey.yaml'), 'id: mail\nname: Mail\nstart: /\nsteps:\n  - name: Find the email\n    email.expect: { subject: Hello, within: 1000 }\n');
    const audit = runAudit({ cwd: dir, baseURL: 'http://127.0.0.1:9/', out });
    await expect(audit).rejects.toThrow(/email\.port: .*already in use/);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  } finally {
    await taken.close();
  }
});
