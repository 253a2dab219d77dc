import type { Command } from 'commander';
import { runAudit } from '../../pipeline.ts';
import { createProgress } from '../progress.ts';
import { interruptOnSignals, reportResult } from '../output.ts';
import { auditFlags, parseAuditFlags } from '../flags.ts';

export function registerRun(program: Command, setExit: (code: number) => void): void {
  auditFlags(
    program
      .command('run')
      .description('Run journeys against a site and write a scorecard')
      .argument('[paths...]', 'journey files or folders (default: the config\'s journeys)'),
  ).action(async (paths: string[], raw: Record<string, unknown>) => {
    const cwd = process.cwd();
    const progress = createProgress();
    const interrupt = interruptOnSignals();
    try {
      const result = await runAudit({
        cwd,
        paths,
        ...parseAuditFlags(raw),
        onPlanned: progress.planned,
        onRunStart: progress.runStarted,
        onRunEnd: progress.runEnded,
        signal: interrupt.signal,
      });
      progress.done();
      setExit(reportResult(result, cwd));
    } finally {
      interrupt.dispose();
    }
  });
}
