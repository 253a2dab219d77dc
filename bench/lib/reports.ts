import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readRunRecords, RUNS_FILE } from '../../src/pipeline.ts';
import type { RunRecord } from '../../src/model/run-record.ts';

/** The run records of every report folder under `out` (each CLI call writes one). */
export function recordsUnder(out: string): RunRecord[] {
  if (!existsSync(out)) return [];
  return readdirSync(out)
    .filter((d) => d !== 'latest' && existsSync(join(out, d, RUNS_FILE)))
    .flatMap((d) => readRunRecords(join(out, d, RUNS_FILE), RUNS_FILE));
}
