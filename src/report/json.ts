import { join } from 'node:path';
import { z } from 'zod';
import { JourneyScorecard, Scorecard } from '../model/scorecard.ts';
import { serializeJson, writeAll, writeJson, type JsonOptions } from '../json-write.ts';
import { writeFileAtomicSync, type Reporter } from './reporter.ts';

export const JSON_FILE = 'scorecard.json';
/** Where scorecard.json points for the runs: the audit's runs.jsonl, in the same folder. */
export const RUNS_FILE_REF = 'runs.jsonl';

/**
 * The shape of scorecard.json: the scorecard model without each journey's `runs` list (every
 * run is in `runsFile`, one record a line; `runCounts` and `medianRunId` stay), plus `runsFile`.
 */
export const ScorecardFile = Scorecard.extend({
  /** The run records, one JSON object a line; a path relative to scorecard.json's folder. */
  runsFile: z.string(),
  journeys: z.array(JourneyScorecard.omit({ runs: true })),
});
export type ScorecardFile = z.infer<typeof ScorecardFile>;

/**
 * What is written for the model: its top level with `runsFile` after `failOn` (a shallow copy of
 * the top level only), and options that leave each journey's `runs` out as the walk meets them.
 * Nothing below the top level is copied.
 */
function fileView(scorecard: Scorecard): { top: Record<string, unknown>; opts: JsonOptions } {
  const top: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(scorecard)) {
    top[key] = value;
    if (key === 'failOn') top.runsFile = RUNS_FILE_REF;
  }
  top.runsFile ??= RUNS_FILE_REF;
  const journeys = new Set<object>(scorecard.journeys);
  return {
    top,
    opts: { indent: 2, replacer: (holder, key, value) => (key === 'runs' && journeys.has(holder) ? undefined : value) },
  };
}

/** scorecard.json's text (see ScorecardFile), pretty-printed with 2 spaces. */
export function renderJson(scorecard: Scorecard): string {
  const { top, opts } = fileView(scorecard);
  const pieces: string[] = [];
  serializeJson(top, (p) => pieces.push(p), opts);
  pieces.push('\n');
  return pieces.join('');
}

/**
 * Writes scorecard.json in parts (never the whole text as one string) to a temporary sibling,
 * then renames it into place, so readers see the old file or the whole new one.
 */
function writeScorecardFile(scorecard: Scorecard, path: string): string {
  const { top, opts } = fileView(scorecard);
  return writeFileAtomicSync(path, (fd) => {
    writeJson(fd, top, opts);
    writeAll(fd, '\n');
  });
}

export const jsonReporter: Reporter = {
  name: 'json',
  write: async (scorecard, outDir) => writeScorecardFile(scorecard, join(outDir, JSON_FILE)),
};
