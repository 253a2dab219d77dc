// A real mail provider for the tests, on loopback: Debian's Dovecot (IMAP, LMTP delivery,
// authenticated SMTP submission) with a throwaway config in a temp folder, run as an unprivileged
// user (the current one, or `nobody` when the tests run as root), plus a small SMTP router that
// plays the internet's part: mail for the mailbox's domain is delivered into Dovecot over LMTP,
// mail for other domains (the company's) goes to the server routed for it. Dovecot's submission
// service relays the customer's authenticated mail through the same router.
//
//   Acme ──SMTP──► router ──LMTP──► Dovecot ◄──IMAP── harness
//   harness ──SMTP AUTH──► Dovecot submission ──► router ──SMTP──► Acme's inbound server
//
// Dovecot needs fixed ports in its config: free ones are picked just before it starts, and the
// start is tried again if one was taken in between. Stopped by its PID.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';

export const DOVECOT = process.env.MYSTERY_SHOPPER_DOVECOT ?? '/usr/sbin/dovecot';
const LIBEXEC = '/usr/lib/dovecot';
/** What the tests need of Dovecot, and the Debian packages that bring it (scripts/ensure-dovecot.ts installs them). */
export const DOVECOT_PACKAGES = ['dovecot-imapd', 'dovecot-lmtpd', 'dovecot-submissiond'];
export const DOVECOT_PARTS = [DOVECOT, `${LIBEXEC}/imap`, `${LIBEXEC}/lmtp`, `${LIBEXEC}/submission`];

export interface Endpoint {
  host: string;
  port: number;
}

export interface TestMailServer {
  domain: string;
  imap: Endpoint;
  /** Authenticated SMTP submission (Dovecot's); relays through the router. */
  submission: Endpoint;
  /** Where anyone sends mail (the company's outgoing relay): the mailbox's domain is delivered, others routed. */
  mx: Endpoint;
  /** Sends mail for `domain` to this server (the company's inbound mail server). */
  route(domain: string, to: Endpoint): void;
  /** Dovecot's log, for a failing test's message. */
  log(): string;
  pid: number;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

/** Says exactly what to install when Dovecot is missing. */
export function missingDovecot(): string | undefined {
  const missing = DOVECOT_PARTS.filter((p) => !existsSync(p));
  if (!missing.length) return undefined;
  return `Dovecot is not installed (missing ${missing.join(', ')}): run \`npm run setup\` as root, or \`sudo apt-get install -y ${DOVECOT_PACKAGES.join(' ')}\``;
}

/** A user's login to the server's IMAP (plain, on loopback), folder INBOX: what `ImapMailbox.open` takes. */
export const imapLogin = (mail: TestMailServer, user: string, password: string) => ({ host: mail.imap.host, port: mail.imap.port, secure: false, user, password, mailbox: 'INBOX' });

/**
 * A project folder as a user would have it: a JSON config (`config`, plus `email.provider: imap`
 * on this server, the mailbox's address being `user`'s) and the login in .env.
 */
export function writeImapProject(cwd: string, mail: TestMailServer, login: { user: string; password: string }, config: Record<string, unknown>): void {
  writeFileSync(join(cwd, '.env'), `MYSTERY_SHOPPER_IMAP_USER=${login.user}\nMYSTERY_SHOPPER_IMAP_PASSWORD="${login.password}"\n`);
  const email = {
    provider: 'imap',
    imap: { host: mail.imap.host, port: mail.imap.port, secure: false, address: login.user },
    smtp: { host: mail.submission.host, port: mail.submission.port, secure: false },
  };
  writeFileSync(join(cwd, 'mystery-shopper.config.json'), JSON.stringify({ ...config, email }, null, 2));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, HOST, () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Who Dovecot runs as: never root (Dovecot refuses mail access as root, and tests need no privilege). */
function runAs(): { uid: number; gid: number; user: string; group: string; drop: boolean } {
  if (process.getuid?.() !== 0) {
    const group = execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
    return { uid: process.getuid!(), gid: process.getgid!(), user: userInfo().username, group, drop: false };
  }
  const id = (flag: string) => execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim();
  return { uid: Number(id('-u')), gid: Number(id('-g')), user: 'nobody', group: id('-gn'), drop: true };
}

function dovecotConfig(dir: string, who: ReturnType<typeof runAs>, ports: { imap: number; lmtp: number; submission: number }, relay: Endpoint, domain: string): string {
  return `# Throwaway config written by tests/support/dovecot.ts
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
protocols = imap lmtp submission
listen = ${HOST}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = ${who.user}
default_internal_group = ${who.group}
default_login_user = ${who.user}
hostname = ${domain}
postmaster_address = postmaster@${domain}
recipient_delimiter = +
lmtp_save_to_detail_mailbox = no
mail_location = maildir:${dir}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${dir}/users
}
userdb {
  driver = passwd-file
  args = ${dir}/users
  default_fields = uid=${who.uid} gid=${who.gid} home=${dir}/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = ${HOST}
    port = ${ports.imap}
  }
  inet_listener imaps {
    port = 0
  }
}
service submission-login {
  chroot =
  inet_listener submission {
    address = ${HOST}
    port = ${ports.submission}
  }
}
service lmtp {
  inet_listener lmtp {
    address = ${HOST}
    port = ${ports.lmtp}
  }
}
submission_relay_host = ${relay.host}
submission_relay_port = ${relay.port}
submission_relay_trusted = yes
# chroot needs root: these run unprivileged like the rest
service anvil {
  chroot =
}
service ipc {
  chroot =
}
service old-stats {
  chroot =
}
service aggregator {
  chroot =
}
service imap-urlauth-login {
  chroot =
}
`;
}

/** Waits for Dovecot's IMAP greeting; rejects when the process ends first. */
function greeted(port: number, child: ChildProcess, ms: number): Promise<void> {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    let exited = false;
    child.once('exit', () => (exited = true));
    const attempt = () => {
      if (exited) return reject(new Error('Dovecot exited while starting'));
      if (Date.now() > until) return reject(new Error(`Dovecot did not greet on port ${port} within ${ms} ms`));
      const socket = connect(port, HOST);
      socket.setTimeout(1000);
      socket.once('data', (d) => {
        socket.destroy();
        if (d.toString().startsWith('* OK')) resolve();
        else setTimeout(attempt, 50);
      });
      socket.once('error', () => {
        socket.destroy();
        setTimeout(attempt, 50);
      });
      socket.once('timeout', () => {
        socket.destroy();
        setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** The internet's part: the mailbox's domain by LMTP into Dovecot, other domains to their routed servers. */
async function startRouter(domain: string, lmtp: () => Endpoint): Promise<{ endpoint: Endpoint; routes: Map<string, Endpoint>; close(): Promise<void> }> {
  const routes = new Map<string, Endpoint>();
  const domainOf = (a: string) => a.slice(a.lastIndexOf('@') + 1).toLowerCase();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const d = domainOf(address.address);
      if (d === domain || routes.has(d)) return callback();
      callback(Object.assign(new Error(`5.1.2 no route to ${d}`), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const byDomain = new Map<string, string[]>();
        for (const r of session.envelope.rcptTo) byDomain.set(domainOf(r.address), [...(byDomain.get(domainOf(r.address)) ?? []), r.address]);
        Promise.all(
          [...byDomain].map(async ([d, to]) => {
            const target = d === domain ? lmtp() : routes.get(d)!;
            const transport = createTransport({ host: target.host, port: target.port, lmtp: d === domain, secure: false, ignoreTLS: true, name: 'router.test' });
            try {
              await transport.sendMail({ envelope: { from, to }, raw });
            } finally {
              transport.close();
            }
          }),
        ).then(
          () => callback(),
          (err: Error) => callback(err),
        );
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, HOST, () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { endpoint: { host: HOST, port }, routes, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * Starts Dovecot with these users (`user` is the full address, `password` plain) and the router.
 * Throws, saying what to install, when Dovecot is missing.
 */
export async function startDovecot(opts: { domain?: string; users: { user: string; password: string }[] }): Promise<TestMailServer> {
  const missing = missingDovecot();
  if (missing) throw new Error(missing);
  const domain = opts.domain ?? 'mail.test';
  const who = runAs();
  let lmtp: Endpoint = { host: HOST, port: 0 };
  const router = await startRouter(domain, () => lmtp);
  for (let attempt = 1; ; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), 'ms-dovecot-'));
    const ports = { imap: await freePort(), lmtp: await freePort(), submission: await freePort() };
    lmtp = { host: HOST, port: ports.lmtp };
    for (const sub of ['run', 'state', 'mail']) mkdirSync(join(dir, sub));
    writeFileSync(join(dir, 'users'), opts.users.map((u) => `${u.user}:{PLAIN}${u.password}::::\n`).join(''), { mode: 0o600 });
    writeFileSync(join(dir, 'dovecot.conf'), dovecotConfig(dir, who, ports, router.endpoint, domain));
    if (who.drop) for (const p of [dir, ...['run', 'state', 'mail', 'users', 'dovecot.conf'].map((n) => join(dir, n))]) chownSync(p, who.uid, who.gid);
    let stderr = '';
    const child = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: ['ignore', 'ignore', 'pipe'], ...(who.drop ? { uid: who.uid, gid: who.gid } : {}) });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const log = () => (existsSync(join(dir, 'dovecot.log')) ? readFileSync(join(dir, 'dovecot.log'), 'utf8') : '') + stderr;
    // A test that dies must not leave Dovecot behind.
    const killOnExit = () => child.pid && process.kill(child.pid, 'SIGKILL');
    process.once('exit', killOnExit);
    const stop = async () => {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        process.kill(child.pid!, 'SIGTERM');
        const timer = setTimeout(() => child.exitCode === null && process.kill(child.pid!, 'SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    };
    try {
      await greeted(ports.imap, child, 10_000);
    } catch (err) {
      const text = log();
      await stop();
      if (attempt < 3 && /in use|bind\(/i.test(text)) continue;
      await router.close();
      throw new Error(`${(err as Error).message}:\n${text}`);
    }
    return {
      domain,
      imap: { host: HOST, port: ports.imap },
      submission: { host: HOST, port: ports.submission },
      mx: router.endpoint,
      route: (d, to) => router.routes.set(d.toLowerCase(), to),
      log,
      pid: child.pid!,
      close: async () => {
        await stop();
        await router.close();
      },
    };
  }
}
