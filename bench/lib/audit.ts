import { join } from 'node:path';
import { readRunRecords, RUNS_FILE, runAudit } from '../../src/pipeline.ts';
import type { RunRecord } from '../../src/model/run-record.ts';
import { BENCH_CONFIG, REPO, TMP } from './util.ts';

/** One in-process audit of a bench journey; wall time covers browser launch to report written. */
export async function auditOnce(opts: { baseURL: string; grep: string; screenshots?: 'each' | 'off'; out?: string }): Promise<{ wallMs: number; records: RunRecord[] }> {
  const t0 = performance.now();
  const result = await runAudit({
    cwd: REPO,
    configFile: BENCH_CONFIG,
    baseURL: opts.baseURL,
    grep: opts.grep,
    concurrency: 1,
    screenshots: opts.screenshots ?? 'off',
    out: opts.out ?? join(TMP, 'reports'),
  });
  const wallMs = performance.now() - t0;
  const records = readRunRecords(join(result.dir, RUNS_FILE), RUNS_FILE);
  return { wallMs, records };
}
