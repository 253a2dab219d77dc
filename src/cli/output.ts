import { relative } from 'node:path';
import { formatConsoleSummary } from '../report/console.ts';
import { runAudit, type AuditOptions, type AuditResult } from '../pipeline.ts';
import { createProgress } from './progress.ts';

/** Prints the summary and the scorecard's path; returns the exit code (0 pass, 1 friction over failOn, 130 interrupted). */
export function reportResult(result: AuditResult, cwd: string): number {
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  process.stdout.write(`${formatConsoleSummary(result.scorecard, { color })}\n`);
  const shown = relative(cwd, result.htmlPath);
  process.stdout.write(`\nScorecard: ${shown.startsWith('..') ? result.htmlPath : shown}\n`);
  if (result.interrupted) {
    process.stdout.write('Interrupted: the scorecard covers the runs that finished.\n');
    return 130;
  }
  return result.failing.length > 0 ? 1 : 0;
}

/** Ctrl-C once: stop starting runs and write the report of finished ones. Twice: leave at once. */
export function interruptOnSignals(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\nStopping: finished runs are kept; writing the scorecard… (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** Runs an audit with live progress and Ctrl-C handling; returns the exit code. */
export async function auditFromCli(opts: AuditOptions, cwd = process.cwd()): Promise<number> {
  const progress = createProgress();
  const interrupt = interruptOnSignals();
  try {
    const result = await runAudit({
      ...opts,
      onPlanned: progress.planned,
      onRunStart: progress.runStarted,
      onRunEnd: progress.runEnded,
      signal: interrupt.signal,
    });
    progress.done();
    return reportResult(result, cwd);
  } finally {
    interrupt.dispose();
  }
}
