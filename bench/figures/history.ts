// 9. History: recording an audit of 5,000 runs × 20 steps in the history store (SQLite), and a
// scorecard built with 100 earlier audits of the same site to compare with (trends, new/recurring/
// fixed, the baseline of slow-down), against the same scorecard built without history.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyse } from '../../src/friction/analyse.ts';
import { auditEntry } from '../../src/history/entry.ts';
import { HistoryStore } from '../../src/history/store.ts';
import type { HistoryRequest } from '../../src/history/index.ts';
import { finishReport, META_FILE, RUNS_FILE, type ReportMeta } from '../../src/pipeline.ts';
import { buildScorecard } from '../../src/report/index.ts';
import type { Figure } from '../lib/figure.ts';
import { fmt, log, summarize } from '../lib/util.ts';
import { syntheticRecords } from './report-scale.ts';

const SITE = 'http://127.0.0.1:8080';

const metaOf = (startedAt: string): ReportMeta => ({
  toolVersion: 'bench',
  target: SITE,
  startedAt,
  finishedAt: startedAt,
  configHash: 'bench',
  failOn: 'major',
  rules: {},
  findings: {},
  reporters: ['json', 'html', 'junit', 'markdown'],
  interrupted: false,
});

export const history: Figure = async ({ quick, scratch }) => {
  const rounds = quick ? 2 : 3;
  const bigRuns = quick ? 500 : 5000;
  const earlierAudits = quick ? 20 : 100;
  const auditRuns = 200;

  // Recording: the entry is read off the scorecard and runs, then written in one transaction.
  const big = syntheticRecords(bigRuns);
  const bigScorecard = buildScorecard({ runs: big, findings: analyse(big, {}), meta: { toolVersion: 'bench', target: SITE, startedAt: big[0].startedAt, finishedAt: big[0].startedAt, configHash: 'bench', failOn: 'major' } });
  const record: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const file = join(scratch, `record-${r}.sqlite`);
    rmSync(file, { force: true });
    const store = HistoryStore.open(file);
    const t0 = performance.now();
    store.record(auditEntry(bigScorecard, big, { dir: join(scratch, `audit-${r}`), labels: [], site: SITE }));
    record.push(performance.now() - t0);
    store.close();
    log(`history: recorded ${bigRuns} runs × 20 steps in ${record.at(-1)!.toFixed(0)} ms`);
  }

  // A store with earlier audits of the site, then this audit's scorecard built with and without it.
  const file = join(scratch, 'history.sqlite');
  rmSync(file, { force: true });
  const runs = syntheticRecords(auditRuns);
  const scorecard = buildScorecard({ runs, findings: analyse(runs, {}), meta: { toolVersion: 'bench', target: SITE, startedAt: runs[0].startedAt, finishedAt: runs[0].startedAt, configHash: 'bench', failOn: 'major' } });
  const fill = HistoryStore.open(file);
  const t0 = Date.parse('2026-09-01T00:00:00Z');
  for (let i = 0; i < earlierAudits; i++) {
    const startedAt = new Date(t0 + i * 86_400_000).toISOString();
    const entry = auditEntry({ ...scorecard, startedAt, finishedAt: startedAt }, runs, { dir: join(scratch, `earlier-${i}`), labels: [], site: SITE });
    fill.record(entry);
  }
  fill.close();
  const withHistory: number[] = [];
  const without: number[] = [];
  const now = new Date(t0 + earlierAudits * 86_400_000).toISOString();
  for (let r = 0; r < rounds; r++) {
    for (const mode of ['with', 'without'] as const) {
      const dir = join(scratch, `now-${mode}-${r}`);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, RUNS_FILE), runs.map((x) => JSON.stringify(x)).join('\n') + '\n');
      writeFileSync(join(dir, META_FILE), JSON.stringify(metaOf(now)));
      const request: HistoryRequest = { store: file, labels: [], audits: earlierAudits, baselineAudits: 10, baseline: 'find', record: false };
      const t = performance.now();
      const result = await finishReport(dir, runs, metaOf(now), undefined, mode === 'with' ? request : undefined);
      (mode === 'with' ? withHistory : without).push(performance.now() - t);
      if (mode === 'with' && result.scorecard.history?.audits.length !== earlierAudits + 1) throw new Error(`expected ${earlierAudits} earlier audits in the scorecard, got ${(result.scorecard.history?.audits.length ?? 1) - 1}`);
      log(`history: scorecard of ${auditRuns} runs ${mode} ${earlierAudits} audits of history: ${(mode === 'with' ? withHistory : without).at(-1)!.toFixed(0)} ms`);
    }
  }
  const rec = summarize(record);
  const w = summarize(withHistory);
  const wo = summarize(without);
  return {
    title: 'History',
    rows: [
      { figure: `9. History: record an audit of ${bigRuns} runs × 20 steps (SQLite, one transaction)`, ours: fmt(rec, 'ms'), comparison: '—', ratio: '—', target: '< 1000 ms', met: rec.median < 1000 },
      {
        figure: `9. History: scorecard (${auditRuns} runs, all formats) with ${earlierAudits} earlier audits to compare with`,
        ours: fmt(w, 'ms'),
        comparison: `without history ${fmt(wo, 'ms')}`,
        ratio: `+${(w.median - wo.median).toFixed(0)} ms`,
        target: '< 2000 ms',
        met: w.median < 2000,
      },
    ],
    data: { recordMs: rec, withHistoryMs: w, withoutHistoryMs: wo, bigRuns, earlierAudits, auditRuns },
    notes: [
      `The store holds ${earlierAudits} earlier audits of ${auditRuns} runs × 20 steps (${earlierAudits * auditRuns * 20} step rows); the scorecard compares with all of them (history.audits = ${earlierAudits}) and makes its slow-down baseline of the last 10 (history.baselineAudits). No screenshots: page-changed compares nothing here.`,
    ],
  };
};
