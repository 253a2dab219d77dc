import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../errors.ts';
import { analyse, analyseChannels } from '../friction/analyse.ts';
import { SCORECARD_SCHEMA_VERSION, type RunSummary, type Scorecard } from '../model/scorecard.ts';
import { META_FILE, ReportMeta, readRunRecords, RUNS_FILE } from '../pipeline.ts';
import { buildScorecard } from '../report/build.ts';
import { JSON_FILE, ScorecardFile } from '../report/json.ts';

/**
 * The scorecard of a saved report folder (`<dir>/scorecard.json`), validated. scorecard.json
 * leaves each journey's runs out (they are in runs.jsonl): when the folder has its runs.jsonl,
 * the runs are summarised again from it (what `explore` kept of the site is there), the rest is
 * the saved scorecard as written. Bad input is an InputError naming the folder: no such folder,
 * no scorecard.json, not JSON, another schema version, not a scorecard.
 */
export function readScorecard(dirArg: string, cwd = process.cwd()): Scorecard {
  const dir = resolve(cwd, dirArg);
  const shown = join(dirArg, JSON_FILE);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new InputError(`${dirArg}: no such report folder`);
  }
  if (!isDir) throw new InputError(`${dirArg} is not a report folder (it is a file)`);
  const file = join(dir, JSON_FILE);
  if (!existsSync(file)) throw new InputError(`${dirArg} is not a report folder: it has no ${JSON_FILE}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError(`not valid JSON (${(err as Error).message}): the report in ${dirArg} cannot be compared`, { file: shown });
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version !== 'number') throw new InputError(`not a scorecard (no schemaVersion): the report in ${dirArg} cannot be compared`, { file: shown });
  if (version > SCORECARD_SCHEMA_VERSION) {
    throw new InputError(`a scorecard of version ${version}, newer than this mystery-shopper reads (${SCORECARD_SCHEMA_VERSION}): compare it with a newer version`, { file: shown });
  }
  if (version !== SCORECARD_SCHEMA_VERSION) {
    throw new InputError(
      `a scorecard of version ${version}; this mystery-shopper compares version ${SCORECARD_SCHEMA_VERSION}: rebuild it first with \`mystery-shopper report ${dirArg}\``,
      { file: shown },
    );
  }
  const parsed = ScorecardFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`not a valid scorecard: ${issue?.message}; the report in ${dirArg} cannot be compared`, { file: shown, path: issue?.path.join('.') || undefined });
  }
  const { runsFile, ...saved } = parsed.data;
  const runs = runSummaries(dir, dirArg, runsFile);
  return { ...saved, journeys: saved.journeys.map((j) => ({ ...j, runs: runs.get(j.id) ?? [] })) };
}

/** Each journey's runs, summarised from the folder's runs.jsonl as the scorecard does (none when it is missing). */
function runSummaries(dir: string, dirArg: string, runsFile: string): Map<string, RunSummary[]> {
  const file = resolve(dir, runsFile || RUNS_FILE);
  if (!existsSync(file)) return new Map();
  const records = readRunRecords(file, join(dirArg, runsFile || RUNS_FILE));
  let meta: ReportMeta | undefined;
  const metaFile = join(dir, META_FILE);
  if (existsSync(metaFile)) {
    try {
      const read = ReportMeta.safeParse(JSON.parse(readFileSync(metaFile, 'utf8')));
      if (read.success) meta = read.data;
    } catch {
      // Without a readable meta.json the rules' default options summarise the runs.
    }
  }
  const analyses = analyseChannels(records, meta?.rules);
  const findings = analyse(records, meta?.rules, undefined, meta?.findings, analyses);
  const rebuilt = buildScorecard({
    runs: records,
    findings,
    analyses,
    meta: {
      toolVersion: meta?.toolVersion ?? 'unknown',
      target: meta?.target ?? 'unknown',
      startedAt: meta?.startedAt ?? new Date(0).toISOString(),
      finishedAt: meta?.finishedAt ?? meta?.startedAt ?? new Date(0).toISOString(),
      configHash: meta?.configHash ?? 'unknown',
      failOn: meta?.failOn ?? 'major',
    },
  });
  return new Map(rebuilt.journeys.map((j) => [j.id, j.runs]));
}
