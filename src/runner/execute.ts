import pLimit from 'p-limit';
import type { Browser } from 'playwright';
import type { RunRecord } from '../model/run-record.ts';
import { openBrowser, type RemoteBrowser } from './browser.ts';
import type { PlannedRun } from '../model/planned-run.ts';
import { runJourney, type RunSettings } from './run-journey.ts';
import { RunWriter } from './writer.ts';

export interface ExecuteOptions extends RunSettings {
  concurrency: number;
  /** `launched`: a browser the caller already started (see runAudit); else execute launches one. */
  browser: { executablePath?: string; headless: boolean; connect?: RemoteBrowser; launched?: Promise<Browser> };
  /** The attribute `testId` locators look at (config `testIdAttribute`). */
  testIdAttribute?: string;
  /** Where each finished run is appended (runs.jsonl). */
  writer: RunWriter;
  onRunStart?: (run: PlannedRun) => void;
  onRunEnd?: (record: RunRecord) => void;
  /** Aborting stops starting new runs and cancels the ones in flight; finished runs stay written. */
  signal?: AbortSignal;
}

export interface ExecuteResult {
  records: RunRecord[];
  /** True when the signal stopped the audit before every run finished. */
  interrupted: boolean;
}

/** Runs every planned run as its own context of ONE shared browser, `concurrency` at a time. */
export async function execute(runs: PlannedRun[], opts: ExecuteOptions): Promise<ExecuteResult> {
  const records: RunRecord[] = [];
  if (runs.length === 0) return { records, interrupted: false };
  const browser: Browser = await (opts.browser.launched ?? openBrowser({ explicitPath: opts.browser.executablePath, headless: opts.browser.headless, connect: opts.browser.connect }));
  // Playwright keeps the test id attribute per process; an audit has one.
  (await import('playwright')).selectors.setTestIdAttribute(opts.testIdAttribute ?? 'data-testid');
  const limit = pLimit(opts.concurrency);
  // Each page is axe-checked once per audit, whichever run gets there first.
  const pageHealthChecked = opts.pageHealthChecked ?? new Set<string>();
  const onAbort = () => {
    // Queued runs see the signal and return at once (clearQueue would leave their promises pending).
    // Closing the browser ends the runs in flight; they did not finish and are not recorded.
    void browser.close().catch(() => undefined);
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.all(
      runs.map((run) =>
        limit(async () => {
          if (opts.signal?.aborted) return;
          opts.onRunStart?.(run);
          const record = await runJourney(browser, run, { ...opts, pageHealthChecked });
          if (opts.signal?.aborted) return;
          opts.writer.append(record);
          records.push(record);
          opts.onRunEnd?.(record);
        }),
      ),
    );
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await browser.close().catch(() => undefined);
  }
  // Keep the plan's order, whatever order runs finished in.
  const order = new Map(runs.map((r, i) => [r.runId, i]));
  records.sort((a, b) => (order.get(a.runId) ?? 0) - (order.get(b.runId) ?? 0));
  return { records, interrupted: opts.signal?.aborted ?? false };
}
