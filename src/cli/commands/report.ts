import { Option, type Command } from 'commander';
import { SEVERITY_ORDER, type Severity } from '../../model/finding.ts';
import { rebuildReport } from '../../pipeline.ts';
import { reportResult } from '../output.ts';

export function registerReport(program: Command, setExit: (code: number) => void): void {
  program
    .command('report')
    .description('Rebuild the scorecard of a report folder from its runs.jsonl, running nothing')
    .argument('<dir>', 'a report folder, e.g. reports/latest')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe').choices([...SEVERITY_ORDER]))
    .option('--allow-partial', 'an incomplete audit (interrupted, killed, fewer runs than planned) exits 0/1 by its findings instead of 1; its reports still say INCOMPLETE')
    .action(async (dir: string, raw: { failOn?: Severity; allowPartial?: boolean }) => {
      const result = await rebuildReport(dir, process.cwd(), raw.failOn);
      setExit(reportResult(result, process.cwd(), { allowPartial: Boolean(raw.allowPartial) }));
    });
}
