import { randomBytes } from 'node:crypto';
import { usesChannelActions, type Channel, type ChannelAudit } from '../channel.ts';
import { InputError } from '../../errors.ts';
import { inboxAddress, mailboxAddress } from './address.ts';
// The mail libraries load only when an audit starts a mailbox, not on every command.
import type { Inbox } from './inbox.ts';
import { MailboxLocation, type Mailbox } from './mailbox.ts';
import type { Config } from '../../config/schema.ts';
import type { LoadedEnv } from '../../config/env.ts';
import { resolveLogins, type ImapProviderConfig } from './settings.ts';
import { EMAIL_CHANNEL, EmailSession } from './session.ts';

/** Template values a journey or config may use: `{{smtp.host}}`, `{{smtp.port}}`, `{{inbox.address}}`. */
export const emailTemplateValues = (host: string, port: number, persona: string, journeyId: string) => ({
  smtp: { host, port },
  inbox: { address: inboxAddress(persona, journeyId) },
});

/** The audit-level part of the email channel: one mailbox, a session per run. */
export function mailboxAudit<M extends Mailbox>(mailbox: M, opts: { owned: boolean } = { owned: true }): ChannelAudit & { mailbox: M } {
  return {
    channel: EMAIL_CHANNEL,
    mailbox,
    templateValues: (persona, journeyId) => ({ ...mailbox.templateValues(), inbox: { address: mailbox.addressOf(persona, journeyId) } }),
    meta: () => mailbox.location,
    startRun: (ctx) => new EmailSession(mailbox, ctx, mailbox.addressOf(ctx.persona, ctx.journeyId)),
    // A mailbox the caller started (the demo starts the inbox before Acme) is the caller's to stop.
    stop: () => (opts.owned ? mailbox.close() : Promise.resolve()),
  };
}

/** The in-process SMTP inbox as the audit's mailbox (its host and port are what the company is told). */
export function inboxAudit(inbox: Inbox, opts: { owned: boolean } = { owned: true }): ChannelAudit & { inbox: Inbox; mailbox: Inbox } {
  return { ...mailboxAudit(inbox, opts), inbox };
}

/**
 * Starts the audit's inbox yourself, before the company under audit, when it must be told where
 * to send its mail (the demo does this); pass it to `runAudit({ channels: [audit] })` and stop it after.
 */
export async function startInboxAudit(opts: { host?: string; port?: number; relay?: { host: string; port: number } } = {}) {
  const { Inbox } = await import('./inbox.ts');
  const inbox = await Inbox.start(opts);
  return inboxAudit(inbox, { owned: false });
}

/** A short random word that tells this audit's run addresses from every other audit's. */
const auditToken = () => randomBytes(4).readUInt32BE().toString(36).padStart(5, '0').slice(-5);

/**
 * Opens a real mailbox over IMAP for an audit (provider `imap`): the logins come from the
 * environment or .env, each run gets its own address there (plus-addressing or a catch-all domain).
 */
export async function openImapMailbox(email: ImapProviderConfig, env: { values: Record<string, string>; secretNames: Set<string> }) {
  const logins = resolveLogins(email, env);
  const token = auditToken();
  const { ImapMailbox } = await import('./imap.ts');
  return ImapMailbox.open({
    ...logins,
    address: email.imap.address,
    addressOf: (persona, journeyId) => mailboxAddress(email.imap.address, email.imap.addressing, persona, journeyId, token),
  });
}

export const emailChannel: Channel = {
  name: EMAIL_CHANNEL,
  async startAudit({ config, env }) {
    if (config?.email.provider === 'imap') {
      if (!config.email.imap) throw new InputError('email.provider is imap but email.imap is not set', { path: 'email.imap' });
      return mailboxAudit(await openImapMailbox({ imap: config.email.imap, smtp: config.email.smtp }, env ?? { values: {}, secretNames: new Set() }));
    }
    const { Inbox } = await import('./inbox.ts');
    const inbox = await Inbox.start({ host: config?.email.host, port: config?.email.port, relay: config?.email.relay });
    return inboxAudit(inbox);
  },
  placeholderValues: (persona, journeyId) => emailTemplateValues('127.0.0.1', 2525, persona, journeyId),
  // Mail can come without an email.* action: a web journey that types its inbox address into a form gets the shop's mail.
  neededBy: (runs) =>
    usesChannelActions(runs, EMAIL_CHANNEL) ||
    runs.some((r) => {
      const address = inboxAddress(r.persona, r.journeyId);
      return r.steps.some((s) => s.actions.some((a) => JSON.stringify(a.args ?? null).includes(address)));
    }),
};

/**
 * The mailbox an audit read (its recorded `location`), opened again for `resume`: the same folder
 * of the same real mailbox, with the login from `config` and .env (`real`), or the SMTP inbox
 * listening where it listened. `shown` names the report folder in errors.
 */
export async function reopenMailbox(location: MailboxLocation, shown: string, real?: { config: Config; env: LoadedEnv }): Promise<Mailbox> {
  if (location.provider === 'imap') {
    const imap = real?.config.email.provider === 'imap' ? real.config.email.imap : undefined;
    if (!real || !imap) throw new InputError(`${shown}: the audit read a real mailbox (IMAP), but the config here sets no email.imap to read it again (run resume in the project folder, or pass --config)`, { path: 'email.imap' });
    const was = location.imap;
    // Another mailbox would not hold the audit's mail: say so rather than call every wait missing.
    if (was && (was.host.toLowerCase() !== imap.host.toLowerCase() || was.port !== imap.port || was.address.toLowerCase() !== imap.address.toLowerCase())) {
      throw new InputError(`${shown}: the audit read the mailbox ${was.address} on ${was.host}:${was.port}, but the config here reads ${imap.address} on ${imap.host}:${imap.port}`, { path: 'email.imap' });
    }
    return openImapMailbox({ imap: { ...imap, mailbox: was?.mailbox ?? imap.mailbox }, ...(real.config.email.smtp && { smtp: real.config.email.smtp }) }, real.env);
  }
  if (!location.smtp) throw new InputError(`${shown}: the audit recorded no address of its inbox to listen on again`);
  const { Inbox } = await import('./inbox.ts');
  return Inbox.start({ host: location.smtp.host, port: location.smtp.port });
}

/**
 * The mailbox an audit read (its meta.json `channels.email`), opened again for `resume`, and the
 * secret values resume redacts from what it adds: for a real mailbox, the config's login and .env's
 * secrets. `shown` names the report folder in errors.
 */
export async function reopenAuditMailbox(
  recorded: unknown,
  where: { shown: string; cwd: string; configFile?: string },
): Promise<{ mailbox: Mailbox; secrets: string[] }> {
  const { shown } = where;
  if (recorded === undefined) throw new InputError(`${shown}: the audit left waits pending but recorded no mailbox to look in (no channels.email in meta.json)`);
  const parsed = MailboxLocation.safeParse(recorded);
  if (!parsed.success) throw new InputError(`${shown}: meta.json's channels.email is not a mailbox location: ${parsed.error.issues[0]?.message}`);
  const location = parsed.data;
  if (location.provider !== 'imap') return { mailbox: await reopenMailbox(location, shown), secrets: [] };
  const { loadConfig } = await import('../../config/load.ts');
  const { loadEnv } = await import('../../config/env.ts');
  const { config } = await loadConfig(where.cwd, where.configFile);
  const env = loadEnv(where.cwd, config.secrets);
  return { mailbox: await reopenMailbox(location, shown, { config, env }), secrets: [...env.secretNames].flatMap((n) => (env.values[n] ? [env.values[n]] : [])) };
}
