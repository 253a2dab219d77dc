import type { Command } from 'commander';
import { prepareAudit } from '../../pipeline.ts';
import { PERSONA_FLAG } from '../flags.ts';

export function registerList(program: Command, setExit: (code: number) => void): void {
  program
    .command('list')
    .description('List the journeys and the runs they plan')
    .argument('[paths...]', 'journey files or folders (default: the config\'s journeys)')
    .option('-c, --config <file>', 'config file')
    .option('-g, --grep <pattern>', 'only journeys whose id, name or @tag matches')
    .option(...PERSONA_FLAG)
    .action(async (paths: string[], raw: { config?: string; grep?: string; persona?: string[] }) => {
      const { journeys, runs } = await prepareAudit({ cwd: process.cwd(), paths, configFile: raw.config, grep: raw.grep, personas: raw.persona, baseURL: 'http://127.0.0.1/' });
      for (const { journey, file } of journeys) {
        const mine = runs.filter((r) => r.journeyId === journey.id);
        if (mine.length === 0) continue;
        const steps = mine[0].steps.filter((s) => !s.implicit).length; // the start page is not a step the customer takes
        const tags = journey.tags.length ? `  ${journey.tags.map((t) => `@${t}`).join(' ')}` : '';
        process.stdout.write(`${journey.id}  ${journey.name}  (${steps} steps, ${mine.length} runs: ${[...new Set(mine.map((r) => r.persona))].join(', ')})${tags}\n    ${file}\n`);
      }
      process.stdout.write(`${runs.length} runs planned\n`);
      setExit(0);
    });
}
