import { relative } from 'node:path';
import type { CompareAuditsResult } from '../compare/run.ts';
import { formatConsoleSummary } from '../report/console.ts';
import { finishedCounts } from '../report/reporter.ts';
import { runAudit, type AuditOptions, type AuditResult } from '../pipeline.ts';
import { createProgress } from './progress.ts';

/** Exit codes: the audit passed; friction at or over failOn (or an incomplete report); bad input; the signals. */
export const EXIT = { pass: 0, fail: 1, input: 2, sigint: 130, sigterm: 143 } as const;

export interface ReportResultOptions {
  /** `report DIR --allow-partial`: judge an incomplete audit by its findings (0/1) instead of failing it. */
  allowPartial?: boolean;
  /** `run`/`demo`: a signal that stopped the audit sets the exit code (130 SIGINT, 143 SIGTERM). */
  signals?: boolean;
}

/**
 * Prints the summary and the scorecard's path; returns the exit code: 130 after SIGINT, 143 after
 * SIGTERM (when `signals`), 1 for an incomplete audit (unless `allowPartial`), else 1 for
 * findings at or over failOn and 0 for none.
 */
export function reportResult(result: AuditResult, cwd: string, options: ReportResultOptions = {}): number {
  if (result.historyWarning) process.stderr.write(`mystery-shopper: history: ${result.historyWarning}\n`);
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  process.stdout.write(`${formatConsoleSummary(result.scorecard, { color })}\n`);
  const shown = relative(cwd, result.htmlPath);
  process.stdout.write(`\nScorecard: ${shown.startsWith('..') ? result.htmlPath : shown}\n`);
  const { completeness } = result.scorecard;
  if (options.signals && result.interrupted) {
    process.stdout.write(`Interrupted: the scorecard covers what ran before it stopped (${finishedCounts(completeness)}).\n`);
    return result.stoppedBy === 'SIGTERM' ? EXIT.sigterm : EXIT.sigint;
  }
  if (!completeness.complete && !options.allowPartial) {
    process.stdout.write(`The audit is incomplete, so it fails (${finishedCounts(completeness)}). Pass --allow-partial to judge it by the findings of the runs that finished.\n`);
    return EXIT.fail;
  }
  return result.scorecard.summary.failing > 0 ? EXIT.fail : EXIT.pass;
}

/**
 * Ctrl-C (SIGINT) or SIGTERM once: stop starting runs and write the report of finished ones; the
 * signal's name is the abort reason, for meta.json and the exit code. Twice: leave at once.
 */
export function interruptOnSignals(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(name === 'SIGTERM' ? EXIT.sigterm : EXIT.sigint);
    const again = name === 'SIGINT' ? 'Ctrl-C again' : `${name} again`;
    process.stderr.write(`\nStopping (${name}): finished runs are kept; writing the scorecard… (${again} to quit now)\n`);
    controller.abort(name);
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

/** Runs an audit with live progress and Ctrl-C/SIGTERM handling; returns the exit code. */
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
    return reportResult(result, cwd, { signals: true });
  } finally {
    interrupt.dispose();
  }
}

/**
 * `run --base-url A --base-url B`: audits each site in turn (each with its own progress and
 * console summary), then compares them; prints the ranking and the comparison's path. Exit code:
 * 130/143 when a signal stopped it (the sites audited so far are compared), else 1 when any
 * site's audit fails (as one audit would), else 0.
 */
export async function compareFromCli(opts: Omit<AuditOptions, 'baseURL' | 'reportDir'>, baseURLs: string[], cwd = process.cwd()): Promise<number> {
  // Loaded here: a single audit never loads the comparison's reporters.
  const { compareAudits, formatComparisonConsole } = await import('../compare/index.ts');
  const interrupt = interruptOnSignals();
  const codes: number[] = [];
  let progress: ReturnType<typeof createProgress> | undefined;
  let result: CompareAuditsResult;
  try {
    result = await compareAudits({ ...opts, signal: interrupt.signal }, baseURLs, {
      onSiteStart(site, total) {
        process.stderr.write(`${site.index ? '\n' : ''}Site ${site.index + 1} of ${total}: ${site.baseURL}\n`);
      },
      auditHooks() {
        progress = createProgress();
        return { onPlanned: progress.planned, onRunStart: progress.runStarted, onRunEnd: progress.runEnded };
      },
      onSiteEnd(_site, audit) {
        progress?.done();
        codes.push(reportResult(audit, cwd, { signals: true }));
        process.stdout.write('\n');
      },
    });
  } finally {
    progress?.done();
    interrupt.dispose();
  }
  process.stdout.write(`${formatComparisonConsole(result.comparison)}\n`);
  const shown = relative(cwd, result.htmlPath);
  process.stdout.write(`\nComparison: ${shown.startsWith('..') ? result.htmlPath : shown}\n`);
  if (result.interrupted) return result.stoppedBy === 'SIGTERM' ? EXIT.sigterm : EXIT.sigint;
  return codes.some((c) => c !== EXIT.pass) ? EXIT.fail : EXIT.pass;
}
