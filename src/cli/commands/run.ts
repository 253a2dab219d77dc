import type { Command } from 'commander';
import { auditFlags, parseAuditFlags } from '../flags.ts';
import { auditFromCli, compareFromCli } from '../output.ts';

export function registerRun(program: Command, setExit: (code: number) => void): void {
  auditFlags(
    program
      .command('run')
      .description('Run journeys against a site and write a scorecard (several --base-url: each site in turn, compared side by side)')
      .argument('[paths...]', 'journey files or folders (default: the config\'s journeys)'),
  ).action(async (paths: string[], raw: Record<string, unknown>) => {
    const { baseURLs, ...flags } = parseAuditFlags(raw);
    const opts = { cwd: process.cwd(), paths, ...flags };
    setExit(baseURLs.length > 1 ? await compareFromCli(opts, baseURLs) : await auditFromCli(opts));
  });
}
