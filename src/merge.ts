// `merge DIR…`: the report folders of `run --shard i/n` put back together into one audit's report
// folder, judged exactly as one audit (finishReport): findings are grouped by cause across every
// shard's runs, and cross-run rules (persona-disparity) see all of them. As `playwright
// merge-reports` does with blob reports, but stricter: folders that are not shards of ONE audit
// (another config, tool version, site, split or plan) are refused rather than mixed.
import { constants, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadConfig } from './config/load.ts';
import { InputError, InputErrors } from './errors.ts';
import { writeAll, writeJson } from './json-write.ts';
import { SEVERITY_ORDER, severityRank, type Severity } from './model/finding.ts';
import type { RunRecord } from './model/run-record.ts';
import { checkOutFolder, finishReport, historyMeta, historyRequest, META_FILE, newReportDir, ReportMeta, readRunRecords, RUNS_FILE, writeMeta, type AuditResult } from './pipeline.ts';
import { writeFileAtomicSync } from './report/reporter.ts';
import { planPosition, type ShardMeta } from './runner/shard.ts';

export interface MergeOptions {
  cwd: string;
  /** Folder for the merged report folder; default: the config's `out` (reports). */
  out?: string;
  /** The config whose `out` is used when `out` is not given; default: the one in cwd. */
  configFile?: string;
  failOn?: Severity;
}

/** One shard folder as merge read it. */
export interface MergedShard {
  /** The folder as given. */
  dir: string;
  index: number;
  /** Runs the shard planned, and how many finished. */
  planned: number;
  finished: number;
}

export interface MergeResult extends AuditResult {
  /** How many shards the audit was split into. */
  total: number;
  /** The shards merged, by index. */
  shards: MergedShard[];
  /** Shard numbers of the audit that were not among the folders (their runs are missing). */
  missing: number[];
}

interface ShardFolder {
  shown: string;
  abs: string;
  meta: ReportMeta & { shard: ShardMeta };
  records: RunRecord[];
}

/**
 * Reads the shard folders, refuses what is not one audit's shards, and writes a new report folder
 * (under `out`, with the `latest` link) holding every shard's runs in plan order, the files they
 * refer to (screenshots/, traces/…), meta.json with `merged`, and the scorecard in every format.
 */
export async function mergeShards(dirs: string[], opts: MergeOptions): Promise<MergeResult> {
  if (dirs.length === 0) throw new InputError('merge needs the report folders of the shards (run --shard i/n), e.g. merge shard-1 shard-2');
  const folders = readShards(dirs, opts.cwd);
  checkOneAudit(folders);
  const { total, plannedInAll } = folders[0].meta.shard;
  folders.sort((a, b) => a.meta.shard.index - b.meta.shard.index);
  const present = new Set(folders.map((f) => f.meta.shard.index));
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !present.has(i));

  const outShown = opts.out !== undefined ? `--out ${opts.out}` : undefined;
  const { config, root } = await loadConfig(opts.cwd, opts.configFile);
  const outRoot = resolve(opts.cwd, opts.out ?? config.out);
  checkOutFolder(outRoot, outShown ?? `the config's out (${outRoot})`);

  const records = inPlanOrder(folders);
  // The merged audit is the one history records (shards are not), with the shards' labels.
  const labels = folders[0].meta.labels ?? [];
  const history = historyRequest(config, { root, cwd: opts.cwd, outRoot, labels });
  const meta: ReportMeta = {
    ...mergedMeta(folders, plannedInAll, opts.failOn),
    ...(labels.length && { labels }),
    ...historyMeta(history),
  };
  const evidence = evidenceOf(folders);
  const dir = newReportDir(outRoot, new Date(meta.startedAt));
  for (const { from, to } of evidence) {
    mkdirSync(dirname(join(dir, to)), { recursive: true });
    copyFileSync(from, join(dir, to), constants.COPYFILE_EXCL);
  }
  // The runs as one audit would have written them; scorecard.json refers to this file.
  writeFileAtomicSync(join(dir, RUNS_FILE), (fd) => {
    for (const record of records) {
      writeJson(fd, record);
      writeAll(fd, '\n');
    }
  });
  writeMeta(dir, meta);
  const result = await finishReport(dir, records, meta, outRoot, history);
  return {
    ...result,
    total,
    missing,
    shards: folders.map((f) => ({ dir: f.shown, index: f.meta.shard.index, planned: f.meta.planned ?? f.meta.shard.runs.length, finished: new Set(f.records.map((r) => r.runId)).size })),
  };
}

/** Each folder's meta.json and runs.jsonl; a folder that is not a shard's report is bad input, all named at once. */
function readShards(dirs: string[], cwd: string): ShardFolder[] {
  const errors: InputError[] = [];
  const folders: ShardFolder[] = [];
  for (const shown of dirs) {
    const abs = resolve(cwd, shown);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) {
      errors.push(new InputError(`${shown} is not a folder`));
      continue;
    }
    const metaFile = join(abs, META_FILE);
    if (!existsSync(metaFile)) {
      errors.push(new InputError(`${shown} is not a report folder (it has no ${META_FILE}): give the report folders that run --shard i/n wrote`));
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(metaFile, 'utf8'));
    } catch {
      errors.push(new InputError('not valid JSON', { file: join(shown, META_FILE) }));
      continue;
    }
    const parsed = ReportMeta.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      errors.push(new InputError(`${META_FILE} is not valid: ${issue?.message}`, { file: join(shown, META_FILE), path: issue?.path.join('.') }));
      continue;
    }
    const meta = parsed.data;
    if (!meta.shard) {
      errors.push(
        new InputError(
          meta.merged
            ? `${shown} is a merged report, not a shard: merge the shards' own folders (${meta.merged.join(', ')})`
            : `${shown} is not a shard: its audit was not run with --shard i/n, so it cannot be merged with shards (merge combines the folders of one audit's shards)`,
        ),
      );
      continue;
    }
    const runsFile = join(abs, RUNS_FILE);
    try {
      // A shard that planned runs and stopped before writing any still has its meta.json: no runs.
      const records = existsSync(runsFile) ? readRunRecords(runsFile, join(shown, RUNS_FILE)) : [];
      folders.push({ shown, abs, meta: { ...meta, shard: meta.shard }, records });
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      errors.push(err);
    }
  }
  if (errors.length) throw errors.length === 1 ? errors[0] : new InputErrors(errors);
  return folders;
}

/** What shards of one audit share; folders that differ in any of these are not one audit's shards. */
const MUST_AGREE: { what: string; value: (m: ShardFolder['meta']) => string }[] = [
  { what: 'the tool version', value: (m) => m.toolVersion },
  { what: 'the config (its hash)', value: (m) => m.configHash },
  { what: 'the site (target)', value: (m) => m.target },
  { what: 'the number of shards', value: (m) => String(m.shard.total) },
  {
    what: 'the planned runs (other journeys, --grep or --persona)',
    value: (m) => `${m.shard.plannedInAll} runs, plan ${m.shard.plan}`,
  },
];

/** Refuses folders from different audits, or the same shard twice, naming the folders and what differs. */
function checkOneAudit(folders: ShardFolder[]): void {
  const differences: string[] = [];
  for (const { what, value } of MUST_AGREE) {
    const groups = new Map<string, string[]>();
    for (const f of folders) groups.set(value(f.meta), [...(groups.get(value(f.meta)) ?? []), f.shown]);
    if (groups.size > 1) differences.push(`  ${what} differs: ${[...groups].map(([v, dirs]) => `${v} in ${dirs.join(', ')}`).join('; ')}`);
  }
  if (differences.length) {
    throw new InputError(`cannot merge ${folders.map((f) => f.shown).join(', ')}: they are not shards of one audit (run every shard with the same version, config, site and journeys):\n${differences.join('\n')}`);
  }
  const byIndex = new Map<number, string[]>();
  for (const f of folders) byIndex.set(f.meta.shard.index, [...(byIndex.get(f.meta.shard.index) ?? []), f.shown]);
  const twice = [...byIndex].filter(([, dirs]) => dirs.length > 1);
  if (twice.length) {
    const total = folders[0].meta.shard.total;
    throw new InputError(`cannot merge: ${twice.map(([i, dirs]) => `shard ${i}/${total} is given ${dirs.length} times (${dirs.join(', ')})`).join('; ')}; give each shard's folder once`);
  }
}

/**
 * The runs in the order the whole plan lists them (each shard's meta lists its runs in plan order,
 * and `planPosition` says where its k-th stands); a run its shard did not plan is bad input.
 */
function inPlanOrder(folders: ShardFolder[]): RunRecord[] {
  const positioned: { at: number; record: RunRecord }[] = [];
  const errors: InputError[] = [];
  for (const f of folders) {
    const position = new Map(f.meta.shard.runs.map((runId, k) => [runId, planPosition(f.meta.shard, k)]));
    for (const record of f.records) {
      const at = position.get(record.runId);
      if (at === undefined) errors.push(new InputError(`run ${record.runId} is not one of the runs shard ${f.meta.shard.index}/${f.meta.shard.total} planned`, { file: join(f.shown, RUNS_FILE) }));
      else positioned.push({ at, record });
    }
  }
  if (errors.length) throw errors.length === 1 ? errors[0] : new InputErrors(errors);
  return positioned.sort((a, b) => a.at - b.at).map((p) => p.record);
}

/**
 * meta.json of the merged audit: the shards' shared settings, from the first shard's start to the
 * last one's end, the whole plan's count (so a missing shard leaves it INCOMPLETE), no `shard`,
 * and the folders it merged. The strictest --fail-on any shard ran with applies unless one is given.
 */
function mergedMeta(folders: ShardFolder[], plannedInAll: number, failOn: Severity | undefined): ReportMeta {
  const metas = folders.map((f) => f.meta);
  const [first] = metas;
  const earliest = (xs: string[]) => xs.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
  const latest = (xs: string[]) => xs.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
  const strictest = metas.map((m) => m.failOn).reduce((a, b) => (severityRank(b) > severityRank(a) ? b : a), SEVERITY_ORDER[0]);
  const finished = metas.flatMap((m) => (m.finishedAt ? [m.finishedAt] : []));
  const resumed = metas.flatMap((m) => (m.resumedAt ? [m.resumedAt] : []));
  // Why a shard stopped early is why the merged audit misses its runs.
  const stoppedShard = folders.find((f) => f.meta.stopped || f.meta.finishedAt === undefined);
  const stopped: ReportMeta['stopped'] = stoppedShard
    ? stoppedShard.meta.stopped ?? { by: 'error', message: `shard ${stoppedShard.meta.shard.index}/${stoppedShard.meta.shard.total} never finished (its process ended early)` }
    : undefined;
  // Each shard's channels (its SMTP inbox…) are its own: kept only when they are one for all, so resume each shard before merging.
  const channels = metas.every((m) => JSON.stringify(m.channels) === JSON.stringify(first.channels)) ? first.channels : undefined;
  return {
    toolVersion: first.toolVersion,
    target: first.target,
    startedAt: earliest(metas.map((m) => m.startedAt)),
    finishedAt: latest(finished.length ? finished : metas.map((m) => m.startedAt)),
    planned: plannedInAll,
    ...(stopped && { stopped }),
    configHash: first.configHash,
    failOn: failOn ?? strictest,
    rules: first.rules,
    findings: first.findings,
    reporters: first.reporters,
    interrupted: metas.some((m) => m.interrupted),
    ...(channels !== undefined && { channels }),
    ...(resumed.length && { resumedAt: latest(resumed) }),
    merged: folders.map((f) => f.shown),
  };
}

/**
 * What the runs refer to: every folder inside a shard's report folder (screenshots/, traces/, …;
 * the reports themselves are files, written again for the merged audit). File names hold the
 * run's id, so shards never share one; a clash means the folders are not one audit's shards, and
 * is found before anything is written.
 */
function evidenceOf(folders: ShardFolder[]): { from: string; to: string }[] {
  const copies: { from: string; to: string }[] = [];
  const owner = new Map<string, string>();
  for (const f of folders) {
    const walk = (rel: string) => {
      for (const entry of readdirSync(join(f.abs, rel), { withFileTypes: true })) {
        const path = rel ? join(rel, entry.name) : entry.name;
        if (entry.isDirectory()) walk(path);
        else if (rel && entry.isFile()) {
          const other = owner.get(path);
          if (other !== undefined) throw new InputError(`cannot merge: ${join(other, path)} and ${join(f.shown, path)} have the same name, which shards of one audit never do`);
          owner.set(path, f.shown);
          copies.push({ from: join(f.abs, path), to: path });
        }
      }
    };
    walk('');
  }
  return copies;
}
