import { z } from 'zod';
import { InputError } from '../../errors.ts';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const envName = (what: string) => z.string().regex(ENV_NAME, 'expected an environment variable name such as MYSTERY_SHOPPER_IMAP_PASSWORD').describe(what);

/** The real mailbox the `imap` provider reads (config `email.imap`). Credentials come from the environment or .env, never the config. */
export const ImapSettings = z
  .object({
    host: z.string().min(1).describe('The IMAP server, e.g. imap.gmail.com or imap.fastmail.com'),
    port: z.number().int().min(1).max(65535).default(993).describe('IMAP port: 993 (TLS) for most providers'),
    secure: z
      .boolean()
      .optional()
      .describe('TLS from the first byte (default: true on port 993). Otherwise STARTTLS, which is required unless the server is on this machine (127.0.0.1, ::1, localhost)'),
    mailbox: z.string().min(1).default('INBOX').describe('The folder new mail arrives in'),
    address: z.email().describe("The mailbox's own address, e.g. shopper@example.com: the runs' addresses are made from it"),
    addressing: z
      .enum(['plus', 'catch-all'])
      .default('plus')
      .describe(
        "How each run's address is made: `plus` gives <local>+<persona>.<journey>.<audit>@<domain> (Gmail, Fastmail and most providers deliver it to the mailbox); `catch-all` gives <persona>.<journey>.<audit>@<domain>, for a domain whose every address lands in this mailbox",
      ),
    userEnv: envName('The environment variable (or .env entry) holding the login; when it is not set, the login is `address`').default('MYSTERY_SHOPPER_IMAP_USER'),
    passwordEnv: envName('The environment variable (or .env entry) holding the password (an app password); its value is redacted from every report').default('MYSTERY_SHOPPER_IMAP_PASSWORD'),
  })
  .strict();
export type ImapSettings = z.infer<typeof ImapSettings>;

/** The provider's outgoing server for the customer's replies (config `email.smtp`), with authentication (SMTP submission). */
export const SmtpSubmission = z
  .object({
    host: z.string().min(1).describe('The outgoing (SMTP) server, e.g. smtp.gmail.com or smtp.fastmail.com'),
    port: z.number().int().min(1).max(65535).default(465).describe('Submission port: 465 (TLS) or 587 (STARTTLS)'),
    secure: z
      .boolean()
      .optional()
      .describe('TLS from the first byte (default: true on port 465). Otherwise STARTTLS, which is required unless the server is on this machine'),
    userEnv: envName('The environment variable holding the login (default MYSTERY_SHOPPER_SMTP_USER; when that is not set, the IMAP login)').optional(),
    passwordEnv: envName('The environment variable holding the password (default MYSTERY_SHOPPER_SMTP_PASSWORD; when that is not set, the IMAP password)').optional(),
  })
  .strict();
export type SmtpSubmission = z.infer<typeof SmtpSubmission>;

/** Where a server is this machine, plain connections are allowed (a test server); anywhere else the password travels only over TLS. */
export const isLoopback = (host: string) => /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i.test(host);

/** TLS from the first byte: as configured, else by the well-known port. */
const secureOf = (s: { port: number; secure?: boolean }, tlsPort: number) => s.secure ?? s.port === tlsPort;

/** The part of the config the `imap` provider reads. */
export interface ImapProviderConfig {
  imap: ImapSettings;
  smtp?: SmtpSubmission;
}

/** A server and its login, resolved from the config and the environment. */
export interface ResolvedLogin {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
}

/**
 * The IMAP and submission logins from the config (servers) and the environment or .env
 * (credentials). A password missing, or held in a variable whose value would not be redacted,
 * is bad input, named here before anything runs.
 */
export function resolveLogins(
  email: ImapProviderConfig,
  env: { values: Record<string, string>; secretNames: Set<string> },
): { imap: ResolvedLogin & { mailbox: string }; smtp?: ResolvedLogin } {
  const secretOf = (name: string, path: string): string => {
    const value = env.values[name];
    if (!value) throw new InputError(`the mailbox password is not set: put ${name}=… in .env or the environment (see docs/email.md)`, { path });
    if (!env.secretNames.has(name)) {
      throw new InputError(`${name} holds a password but its name does not mark it as a secret, so it could reach a report: name it …_PASSWORD, or list it in the config's \`secrets\``, { path });
    }
    return value;
  };
  const { imap, smtp } = email;
  const imapUser = env.values[imap.userEnv] || imap.address;
  const imapPassword = secretOf(imap.passwordEnv, 'email.imap.passwordEnv');
  const login = {
    imap: { host: imap.host, port: imap.port, secure: secureOf(imap, 993), user: imapUser, password: imapPassword, mailbox: imap.mailbox },
  };
  if (!smtp) return login;
  const userName = smtp.userEnv ?? 'MYSTERY_SHOPPER_SMTP_USER';
  const passwordName = smtp.passwordEnv ?? 'MYSTERY_SHOPPER_SMTP_PASSWORD';
  if (smtp.userEnv && !env.values[userName]) throw new InputError(`${userName} is not set (in .env or the environment)`, { path: 'email.smtp.userEnv' });
  const password = smtp.passwordEnv || env.values[passwordName] ? secretOf(passwordName, 'email.smtp.passwordEnv') : imapPassword;
  return { ...login, smtp: { host: smtp.host, port: smtp.port, secure: secureOf(smtp, 465), user: env.values[userName] || imapUser, password } };
}

/**
 * The config's `email` section: the audit's SMTP inbox (journeys see it as {{smtp.host}},
 * {{smtp.port}}, {{inbox.address}}), or a real mailbox over IMAP (docs/email.md).
 */
export const EmailConfig = z
  .object({
    provider: z
      .enum(['inbox', 'imap'])
      .default('inbox')
      .describe("Where the customers' mail is read: `inbox`, an SMTP server the audit runs (the site must be able to send there), or `imap`, a real mailbox (`imap` and `smtp` below, logins from .env)"),
    host: z.string().default('127.0.0.1').describe('Where the inbox listens (provider inbox)'),
    port: z.number().int().min(0).max(65535).default(0).describe('SMTP port of the inbox; 0 picks a free one (provider inbox)'),
    relay: z
      .object({ host: z.string(), port: z.number().int().positive().max(65535) })
      .strict()
      .optional()
      .describe("The company's mail server, which receives the customer's replies (provider inbox)"),
    imap: ImapSettings.optional().describe('The real mailbox (provider imap)'),
    smtp: SmtpSubmission.optional().describe("The mail provider's outgoing server the customer's replies go through, with its login (provider imap)"),
  })
  .strict()
  .refine((e) => e.provider !== 'imap' || e.imap !== undefined, { message: 'provider imap needs imap: { host, address } (see docs/email.md)', path: ['imap'] })
  .default({ provider: 'inbox', host: '127.0.0.1', port: 0 });
export type EmailConfig = z.infer<typeof EmailConfig>;
