// What regressions are judged against: the last N complete audits of the same site with the same
// labels (from the store), or a pinned report folder. Step durations come from every run of those
// audits; screenshots from the newest of them (or the pinned one).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { groupStepSamples, type Baseline, type BaselineStep } from '../model/baseline.ts';
import { screenTimeMs, type RunRecord } from '../model/run-record.ts';
import { compareScreens } from '../regressions/screens.ts';
import type { HistoryStore } from './store.ts';

export interface BaselineInput {
  /** This audit: its folder (absolute), records, site, labels and start. */
  dir: string;
  records: readonly RunRecord[];
  target: string;
  labels: readonly string[];
  startedAt: string;
  /** How many earlier audits make the baseline. */
  audits: number;
  store?: HistoryStore;
  /** A pinned baseline: a report folder (absolute). */
  pinned?: string;
  /** Reads a report folder's run records (runs.jsonl). */
  readRecords(dir: string): RunRecord[];
}

/** Durations of a folder's passed steps, by journey and step name. */
const stepSamples = (records: readonly RunRecord[]): BaselineStep[] =>
  groupStepSamples(records.flatMap((r) => r.steps.filter((s) => s.status === 'passed').map((s) => [r.journeyId, s.name, screenTimeMs(s)] as const)));

/** The baseline for this audit, or undefined when there is nothing to compare with (the first audit of a site). */
export function findBaseline(o: BaselineInput): Baseline | undefined {
  const current = { dir: o.dir, records: o.records };
  if (o.pinned) {
    const records = o.readRecords(o.pinned);
    const auditId = o.store?.auditByDir(o.pinned)?.id ?? 0;
    const startedAt = records.map((r) => r.startedAt).sort()[0] ?? o.startedAt;
    return {
      from: 'pinned',
      audits: [{ id: auditId, dir: o.pinned, startedAt, labels: [] }],
      steps: stepSamples(records),
      screens: compareScreens(current, { dir: o.pinned, records, auditId }),
    };
  }
  if (!o.store) return undefined;
  const earlier = o.store.audits({ target: o.target, labels: o.labels, exceptDir: o.dir, before: o.startedAt, limit: o.audits });
  if (earlier.length === 0) return undefined;
  const newest = earlier[0];
  // The newest audit's screenshots, if its folder is still there.
  const screens = existsSync(join(newest.dir, 'runs.jsonl')) ? compareScreens(current, { dir: newest.dir, records: o.readRecords(newest.dir), auditId: newest.id }) : [];
  return {
    from: 'recent',
    audits: [...earlier].reverse().map((a) => ({ id: a.id, dir: a.dir, startedAt: a.startedAt, labels: a.labels })),
    steps: o.store.stepSamples(earlier.map((a) => a.id)),
    screens,
  };
}
