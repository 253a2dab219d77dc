import type { Command } from 'commander';
import { prepareAudit } from '../../pipeline.ts';
import { plural } from '../../report/format.ts';

export function registerValidate(program: Command, setExit: (code: number) => void): void {
  program
    .command('validate')
    .description('Check the config and journeys (schema, personas, templates) without running anything')
    .argument('[paths...]', 'journey files or folders (default: the config\'s journeys)')
    .option('-c, --config <file>', 'config file')
    .action(async (paths: string[], raw: { config?: string }) => {
      // A base URL is not needed to validate; the placeholder is never contacted.
      const { journeys, runs } = await prepareAudit({ cwd: process.cwd(), paths, configFile: raw.config, baseURL: 'http://127.0.0.1/' });
      process.stdout.write(`OK: ${plural(journeys.length, 'journey')}, ${plural(runs.length, 'planned run')}\n`);
      setExit(0);
    });
}
