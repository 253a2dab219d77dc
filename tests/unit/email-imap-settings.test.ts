// The imap provider's settings: the config names servers, .env the login; a password that would
// not be redacted, or none at all, is bad input naming the variable; run addresses in a real
// mailbox are plus- or catch-all addresses that fit an address's limits and differ per audit.
import { expect, test } from '@playwright/test';
import { mailboxAddress } from '../../src/channels/email/address.ts';
import { resolveLogins } from '../../src/channels/email/settings.ts';
import { Config } from '../../src/config/schema.ts';
import { parseConfig } from '../../src/config/load.ts';
import { InputError } from '../../src/errors.ts';
import { thrownBy } from './fixtures/errors.ts';

const email = (extra: Record<string, unknown> = {}) =>
  Config.parse({ email: { provider: 'imap', imap: { host: 'imap.example.com', address: 'shopper@example.com' }, smtp: { host: 'smtp.example.com' }, ...extra } }).email;
const env = (values: Record<string, string>, secretNames = Object.keys(values).filter((k) => /PASSW/.test(k))) => ({ values, secretNames: new Set(secretNames) });

test('servers from the config with TLS by port, the login from the environment (the user defaults to the address, submission to the IMAP login)', () => {
  const e = email();
  expect(e).toMatchObject({ provider: 'imap', imap: { port: 993, mailbox: 'INBOX', addressing: 'plus' }, smtp: { port: 465 } });
  const logins = resolveLogins({ imap: e.imap!, smtp: e.smtp }, env({ MYSTERY_SHOPPER_IMAP_PASSWORD: 'app pass 1' }));
  expect(logins).toEqual({
    imap: { host: 'imap.example.com', port: 993, secure: true, user: 'shopper@example.com', password: 'app pass 1', mailbox: 'INBOX' },
    smtp: { host: 'smtp.example.com', port: 465, secure: true, user: 'shopper@example.com', password: 'app pass 1' },
  });
  const own = resolveLogins(
    { imap: { ...e.imap!, port: 143 }, smtp: { ...e.smtp!, port: 587 } },
    env({ MYSTERY_SHOPPER_IMAP_USER: 'login', MYSTERY_SHOPPER_IMAP_PASSWORD: 'a', MYSTERY_SHOPPER_SMTP_USER: 'out', MYSTERY_SHOPPER_SMTP_PASSWORD: 'b' }),
  );
  expect(own.imap).toMatchObject({ secure: false, user: 'login', password: 'a' });
  expect(own.smtp).toMatchObject({ secure: false, user: 'out', password: 'b' });
});

test('a missing password, or one in a variable that would not be redacted, is bad input naming the variable', () => {
  const e = email();
  const missing = thrownBy(() => resolveLogins({ imap: e.imap! }, env({})));
  expect(missing).toBeInstanceOf(InputError);
  expect(missing.message).toContain('email.imap.passwordEnv: the mailbox password is not set: put MYSTERY_SHOPPER_IMAP_PASSWORD=… in .env');
  const odd = email({ imap: { host: 'imap.example.com', address: 'shopper@example.com', passwordEnv: 'MAILBOX_WORD' } });
  const leaky = thrownBy(() => resolveLogins({ imap: odd.imap! }, env({ MAILBOX_WORD: 'x' }, [])));
  expect(leaky.message).toContain('MAILBOX_WORD holds a password but its name does not mark it as a secret');
  expect(leaky.message).not.toContain(': x');
  // Listed in `secrets`, the same name is fine.
  expect(resolveLogins({ imap: odd.imap! }, env({ MAILBOX_WORD: 'x' }, ['MAILBOX_WORD'])).imap.password).toBe('x');
});

test('provider imap without a mailbox, or with a bad address, is bad config at its path', () => {
  expect(thrownBy(() => parseConfig({ email: { provider: 'imap' } }, 'c.json')).message).toContain('c.json at email.imap: provider imap needs imap: { host, address }');
  expect(thrownBy(() => parseConfig({ email: { provider: 'imap', imap: { host: 'h', address: 'not-an-address' } } }, 'c.json')).message).toContain('email.imap.address');
  expect(Config.parse({}).email.provider).toBe('inbox');
});

test('run addresses: plus or catch-all, per persona, journey and audit, never longer than 64 before the @', () => {
  expect(mailboxAddress('Shopper@Example.com', 'plus', 'Alex', 'return-item', 'k3f9q')).toBe('Shopper+alex.return-item.k3f9q@example.com');
  expect(mailboxAddress('shopper+base@example.com', 'plus', 'alex', 'x', 'k3f9q')).toBe('shopper+alex.x.k3f9q@example.com');
  expect(mailboxAddress('any@audit.example.com', 'catch-all', 'sam', 'cancel-by-email', 'a1b2c')).toBe('sam.cancel-by-email.a1b2c@audit.example.com');
  const long = mailboxAddress('shopper@example.com', 'plus', 'alex', 'a-very-long-journey-id-that-goes-on-and-on-and-on-for-ever', 'k3f9q');
  expect(long.split('@')[0].length).toBeLessThanOrEqual(64);
  expect(long).toMatch(/^shopper\+alex\.a-very-long-journey-id[a-z-]*[a-z]\.k3f9q@example\.com$/);
  expect(mailboxAddress('s@e.com', 'plus', 'alex', 'j', 'aaaaa')).not.toBe(mailboxAddress('s@e.com', 'plus', 'alex', 'j', 'bbbbb'));
});
