// History at the end of an audit: find the baseline the rules judge regressions against, then,
// once the scorecard is built, put this audit beside the earlier ones and record it. Both are
// written into the report folder (baseline.json, history.json) so `report DIR` rebuilds the same
// scorecard later without the store. A store that cannot be used costs the comparison, never the report.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Baseline } from '../model/baseline.ts';
import type { RunRecord } from '../model/run-record.ts';
import { ScorecardHistory, type Scorecard } from '../model/scorecard.ts';
import { findBaseline } from './baseline.ts';
import { auditEntry } from './entry.ts';
import { HistoryStore, labelKey, siteKey } from './store.ts';
import { historySection } from './trends.ts';

export const BASELINE_FILE = 'baseline.json';
export const HISTORY_FILE = 'history.json';

/** What an audit asks of the history store. */
export interface HistoryRequest {
  /** The store's file (absolute). */
  store: string;
  /** What the site is called in the store (config `history.site`); default: the audit's target. */
  site?: string;
  labels: readonly string[];
  /** Earlier audits to compare with (trends, new / recurring / fixed). */
  audits: number;
  /** Earlier audits the slow-down baseline is made of. */
  baselineAudits: number;
  /** A pinned baseline: a report folder (absolute). */
  pinned?: string;
  /** `find`: a new audit finds its baseline; `reuse`: a resumed one keeps the baseline.json it was judged with. */
  baseline: 'find' | 'reuse';
  /** Record this audit (false for a shard: the merged audit is recorded). */
  record: boolean;
}

const readJson = <T>(file: string, schema: { safeParse(x: unknown): { success: boolean; data?: T } }): T | undefined => {
  if (!existsSync(file)) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

const writeJson = (file: string, value: unknown) => writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

export interface HistoryAtEnd {
  baseline?: Baseline;
  /** Puts the scorecard beside the earlier audits (sets `scorecard.history`), records it, closes the store. */
  finish(scorecard: Scorecard, records: readonly RunRecord[]): void;
  /** Why history was left out of this report (the store could not be used), for the CLI to say. */
  warning?: string;
}

/**
 * Opens the store for an audit ending in `dir`. Without a request (`report DIR`), the baseline and
 * history the folder was written with are read back and nothing is recorded.
 */
export function historyAtEnd(dir: string, records: readonly RunRecord[], o: { target: string; startedAt: string; readRecords(dir: string): RunRecord[] }, request?: HistoryRequest): HistoryAtEnd {
  const written = {
    baseline: readJson(join(dir, BASELINE_FILE), Baseline),
    history: readJson(join(dir, HISTORY_FILE), ScorecardHistory),
  };
  if (!request) {
    return {
      ...(written.baseline ? { baseline: written.baseline } : {}),
      finish(scorecard) {
        if (written.history) scorecard.history = written.history;
      },
    };
  }
  let store: HistoryStore | undefined;
  let warning: string | undefined;
  try {
    store = HistoryStore.open(request.store);
  } catch (err) {
    warning = `${(err as Error).message}; this audit is not compared with earlier ones nor recorded.`;
  }
  const labels = labelKey(request.labels);
  const site = request.site ?? siteKey(o.target);
  let baseline: Baseline | undefined;
  if (request.baseline === 'reuse') baseline = written.baseline;
  else {
    try {
      baseline = findBaseline({ dir, records, target: site, labels, startedAt: o.startedAt, audits: request.baselineAudits, store, pinned: request.pinned, readRecords: o.readRecords });
    } catch (err) {
      warning ??= `the baseline could not be read (${(err as Error).message.split('\n')[0]}); regressions are not judged in this audit.`;
    }
    if (baseline) writeJson(join(dir, BASELINE_FILE), baseline);
  }
  return {
    ...(baseline ? { baseline } : {}),
    ...(warning ? { warning } : {}),
    finish(scorecard, finished) {
      if (!store) return;
      try {
        const entry = auditEntry(scorecard, finished, { dir, labels, site });
        const section = historySection({ store, scorecard, entry, dir, audits: request.audits });
        const first = baseline?.audits[0]?.startedAt;
        const last = baseline?.audits.at(-1)?.startedAt;
        scorecard.history = {
          ...section,
          ...(baseline && first && last ? { baseline: { from: baseline.from, audits: baseline.audits.length, since: first, until: last } } : {}),
        };
        writeJson(join(dir, HISTORY_FILE), scorecard.history);
        if (request.record) store.record(entry);
      } finally {
        store.close();
      }
    },
  };
}

export { HistoryStore, HistoryUnavailable, labelKey } from './store.ts';
