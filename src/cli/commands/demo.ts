import type { Command } from 'commander';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFriction } from '../../../fixtures/acme/friction.ts';
import { startAcme } from '../../../fixtures/acme/server.ts';
import { InputError } from '../../errors.ts';
import { auditFromCli } from '../output.ts';
import { auditFlags, parseAuditFlags } from '../flags.ts';

const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function registerDemo(program: Command, setExit: (code: number) => void): void {
  auditFlags(
    program
      .command('demo')
      .description('Start the demo company (Acme) on a free port, audit it with the example journeys, write the scorecard')
      .option('-f, --friction <knobs>', 'switch on Acme\'s known problems, e.g. slow-checkout,cancel-fails (see fixtures/acme/README.md)'),
  ).action(async (raw: Record<string, unknown>) => {
    const cwd = process.cwd();
    let friction;
    try {
      friction = parseFriction(String(raw.friction ?? ''));
    } catch (err) {
      throw new InputError(`--friction: ${(err as Error).message}`);
    }
    const flags = parseAuditFlags(raw);
    const acme = await startAcme({ port: 0, friction });
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
          },
          cwd,
        ),
      );
    } finally {
      await acme.close();
    }
  });
}
