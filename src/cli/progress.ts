import { availableParallelism } from 'node:os';
import type { RunRecord } from '../model/run-record.ts';
import type { PlannedRun } from '../runner/plan.ts';
import { formatMs } from '../report/format.ts';
import { terminalSafe } from '../report/console.ts';

export interface Progress {
  planned(runs: PlannedRun[], settings: { concurrency: number }): void;
  runStarted(run: PlannedRun): void;
  runEnded(record: RunRecord): void;
  done(): void;
}

const describe = (r: RunRecord): string => {
  if (r.status === 'completed') return `completed in ${formatMs(r.durationMs)}`;
  const where = r.stoppedAt ? ` at “${r.stoppedAt.stepName}”: ${r.stoppedAt.reason}` : '';
  return `${r.status === 'failed' ? 'dead end' : 'harness error'}${where}`;
};

/**
 * CI (no TTY): one line per finished run. A terminal: the same lines, plus a live status line
 * with the counts and the runs in flight, redrawn in place.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = Boolean(stream.isTTY);
  let total = 0;
  const inFlight = new Set<string>();
  const counts = { completed: 0, failed: 0, errored: 0 };
  const status = () => {
    if (!tty) return;
    const running = [...inFlight].slice(0, 3).join(', ') + (inFlight.size > 3 ? ` +${inFlight.size - 3}` : '');
    const done = counts.completed + counts.failed + counts.errored;
    const line = `[${done}/${total}] ${counts.completed} completed, ${counts.failed} dead ends${counts.errored ? `, ${counts.errored} errored` : ''}${running ? ` · running ${running}` : ''}`;
    stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 120) - 1)}`);
  };
  return {
    planned(runs, { concurrency }) {
      total = runs.length;
      const at = Math.min(concurrency, runs.length);
      stream.write(`Running ${runs.length} run${runs.length === 1 ? '' : 's'} of ${new Set(runs.map((r) => r.journeyId)).size} journeys, ${at} at a time\n`);
      // Browsers are CPU-hungry: past one run per core, step times start to measure the harness.
      if (at > availableParallelism()) {
        stream.write(`Note: ${at} runs at once on ${availableParallelism()} CPU cores; step times may include the browser's own CPU contention (try --concurrency ${availableParallelism()}).\n`);
      }
      status();
    },
    runStarted(run) {
      inFlight.add(run.runId);
      status();
    },
    runEnded(record) {
      inFlight.delete(record.runId);
      counts[record.status] += 1;
      const mark = record.status === 'completed' ? '✓' : record.status === 'failed' ? '✗' : '!';
      if (tty) stream.write('\r\x1b[2K');
      stream.write(`${mark} ${record.runId}  ${terminalSafe(describe(record))}\n`);
      status();
    },
    done() {
      if (tty) stream.write('\r\x1b[2K');
    },
  };
}
