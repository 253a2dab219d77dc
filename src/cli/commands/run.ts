import type { Command } from 'commander';
import { auditFlags, parseAuditFlags } from '../flags.ts';
import { auditFromCli } from '../output.ts';

export function registerRun(program: Command, setExit: (code: number) => void): void {
  auditFlags(
    program
      .command('run')
      .description('Run journeys against a site and write a scorecard')
      .argument('[paths...]', 'journey files or folders (default: the config\'s journeys)'),
  ).action(async (paths: string[], raw: Record<string, unknown>) => {
    setExit(await auditFromCli({ cwd: process.cwd(), paths, ...parseAuditFlags(raw) }));
  });
}
