import type { Command } from 'commander';
import { resolve } from 'node:path';
import { startInboxAudit } from '../../channels/email/channel.ts';
import { InputError } from '../../errors.ts';
import { PACKAGE_ROOT } from '../../package-root.ts';
import { checkOutFolder } from '../../pipeline.ts';
import { auditFromCli } from '../output.ts';
import { auditFlags, parseAuditFlags } from '../flags.ts';

export function registerDemo(program: Command, setExit: (code: number) => void): void {
  auditFlags(
    program
      .command('demo')
      .description('Start the demo company (Acme) on a free port, audit it with the example journeys, write the scorecard')
      .option('-f, --friction <knobs>', 'switch on Acme\'s known problems, e.g. slow-checkout,cancel-fails (see fixtures/acme/README.md)'),
  ).action(async (raw: Record<string, unknown>) => {
    const cwd = process.cwd();
    // The demo company (and its mail libraries) load only for `demo`, not for every command.
    const { parseFriction } = await import('../../../fixtures/acme/friction.ts');
    const { startAcme } = await import('../../../fixtures/acme/server.ts');
    let friction;
    try {
      friction = parseFriction(String(raw.friction ?? ''));
    } catch (err) {
      throw new InputError(`--friction: ${(err as Error).message}`);
    }
    const flags = parseAuditFlags(raw);
    // A --out that cannot hold reports is bad input, found before the demo company starts.
    checkOutFolder(resolve(cwd, flags.out ?? 'reports'), `--out ${flags.out ?? 'reports'}`);
    // The audit's inbox starts first, so Acme can be told where to send its mail; Acme's own mail
    // server (for the customers' replies) is then where the inbox sends what customers write.
    const email = await startInboxAudit();
    let acme;
    try {
      acme = await startAcme({ port: 0, friction, smtp: { host: email.inbox.host, port: email.inbox.port } });
    } catch (err) {
      await email.inbox.close();
      throw err;
    }
    email.inbox.relay = acme.mail;
    process.stderr.write(`Acme is open at ${acme.url}${raw.friction ? ` (friction: ${String(raw.friction)})` : ''}\n`);
    try {
      setExit(
        await auditFromCli(
          {
            ...flags,
            // The demo's journeys and config ship with the package; reports land where the user is.
            cwd: PACKAGE_ROOT,
            configFile: flags.configFile ? resolve(cwd, flags.configFile) : 'mystery-shopper.config.ts',
            out: resolve(cwd, flags.out ?? 'reports'),
            baseURL: acme.url,
            channels: [email],
          },
          cwd,
        ),
      );
    } finally {
      await acme.close();
      await email.inbox.close();
    }
  });
}
