import { availableParallelism } from 'node:os';
import type { RunRecord } from '../model/run-record.ts';
import type { PlannedRun } from '../model/planned-run.ts';
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
  const waiting = r.pending?.find((p) => !p.resolved);
  if (r.status === 'pending' && waiting) return `pending at “${waiting.stepName}”: waits for the ${waiting.what} (resume the report to finish it)`;
  const where = r.stoppedAt ? ` at “${r.stoppedAt.stepName}”: ${r.stoppedAt.reason}` : '';
  return `${r.status === 'failed' ? 'dead end' : 'harness error'}${where}`;
};

/** Lines for a log (no terminal) stop here: a page's 200,000-character title is no log line. */
export const LOG_LINE_MAX = 500;

/** Columns a character takes on a terminal: 0 for combining marks, 2 for wide (CJK, emoji), else 1. */
function columnsOf(cp: number): number {
  if ((cp >= 0x0300 && cp <= 0x036f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/**
 * Cuts one line of text to `columns` terminal columns, ending with "…" when cut, never splitting
 * a surrogate pair. Expects text without control characters (see `terminalSafe`).
 */
export function fitLine(text: string, columns: number): string {
  const max = Math.max(1, Math.floor(columns));
  let used = 0;
  let end = 0;
  let cutAt = -1;
  for (const ch of text) {
    const w = columnsOf(ch.codePointAt(0)!);
    // Remember where the line would end with room left for the ellipsis.
    if (cutAt < 0 && used + w > max - 1) cutAt = end;
    if (used + w > max) return `${text.slice(0, cutAt)}…`;
    used += w;
    end += ch.length;
  }
  return text;
}

/**
 * CI (no TTY): one line per finished run. A terminal: the same lines, plus a live status line
 * with the counts and the runs in flight, redrawn in place.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = Boolean(stream.isTTY);
  // On a terminal every line fits its width (a longer one would wrap and break the redraw).
  const width = () => (tty ? Math.max(20, (stream.columns || 80) - 1) : LOG_LINE_MAX);
  const line = (text: string) => fitLine(terminalSafe(text), width());
  let total = 0;
  const inFlight = new Set<string>();
  const counts = { completed: 0, failed: 0, errored: 0, pending: 0 };
  const status = () => {
    if (!tty) return;
    const running = [...inFlight].slice(0, 3).join(', ') + (inFlight.size > 3 ? ` +${inFlight.size - 3}` : '');
    const done = counts.completed + counts.failed + counts.errored + counts.pending;
    const text = `[${done}/${total}] ${counts.completed} completed, ${counts.failed} dead ends${counts.errored ? `, ${counts.errored} errored` : ''}${counts.pending ? `, ${counts.pending} pending` : ''}${running ? ` · running ${running}` : ''}`;
    stream.write(`\r\x1b[2K${line(text)}`);
  };
  return {
    planned(runs, { concurrency }) {
      total = runs.length;
      const at = Math.min(concurrency, runs.length);
      stream.write(`${line(`Running ${runs.length} run${runs.length === 1 ? '' : 's'} of ${new Set(runs.map((r) => r.journeyId)).size} journeys, ${at} at a time`)}\n`);
      // Browsers are CPU-hungry: past one run per core, step times start to measure the harness.
      if (at > availableParallelism()) {
        stream.write(`${line(`Note: ${at} runs at once on ${availableParallelism()} CPU cores; step times may include the browser's own CPU contention (try --concurrency ${availableParallelism()}).`)}\n`);
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
      const mark = record.status === 'completed' ? '✓' : record.status === 'failed' ? '✗' : record.status === 'pending' ? '…' : '!';
      if (tty) stream.write('\r\x1b[2K');
      stream.write(`${line(`${mark} ${record.runId}  ${describe(record)}`)}\n`);
      status();
    },
    done() {
      if (tty) stream.write('\r\x1b[2K');
    },
  };
}
