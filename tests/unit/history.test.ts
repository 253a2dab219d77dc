// The history store and what the scorecard makes of it (a real SQLite file per test), and the
// slow-down rule on plain records: the effect thresholds, the rank test, the spread of the
// baseline, and the pace of the rest of the audit (a busy machine is not a slow-down).
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { analyse } from '../../src/friction/analyse.ts';
import { sparkline } from '../../src/history/console.ts';
import { auditEntry } from '../../src/history/entry.ts';
import { findBaseline } from '../../src/history/baseline.ts';
import { HistoryStore } from '../../src/history/store.ts';
import { historySection } from '../../src/history/trends.ts';
import type { Baseline } from '../../src/model/baseline.ts';
import type { Finding } from '../../src/model/finding.ts';
import type { RunRecord } from '../../src/model/run-record.ts';
import { buildScorecard } from '../../src/report/index.ts';
import { makeRun, makeSteps } from './fixtures/records.ts';

const SITE = 'https://shop.example';

/** An audit of one run whose findings are these friction keys (rule `check-failed`, one cause each). */
function scorecardWith(startedAt: string, causes: string[], journeys = ['order']) {
  const runs = journeys.map((j) => makeRun({ journeyId: j, runId: `${j}/alice/1`, steps: makeSteps(2) }));
  const findings: Finding[] = causes.map((cause) => ({
    ruleId: 'slow-step',
    severity: 'minor',
    title: 'Slow step',
    journeyId: 'order',
    runId: 'order/alice/1',
    persona: 'alice',
    repeat: 1,
    stepIndex: 0,
    stepName: 'Step 1',
    message: `slow: ${cause}`,
    cause,
    evidence: {},
  }));
  const scorecard = buildScorecard({ runs, findings, meta: { toolVersion: 't', target: SITE, startedAt, finishedAt: startedAt, configHash: 'h', failOn: 'major' } });
  return { scorecard, runs };
}

function storeWith(audits: { at: string; causes: string[]; labels?: string[] }[]) {
  const dir = mkdtempSync(join(tmpdir(), 'ms-history-unit-'));
  const store = HistoryStore.open(join(dir, 'history.sqlite'));
  for (const [i, a] of audits.entries()) {
    const { scorecard, runs } = scorecardWith(a.at, a.causes);
    store.record(auditEntry(scorecard, runs, { dir: join(dir, `a${i}`), labels: a.labels ?? [], site: SITE }));
  }
  return { store, dir };
}

const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}T02:00:00.000Z`;

test('new, recurring since the start of its unbroken series, and fixed on a journey this audit ran', () => {
  const { store, dir } = storeWith([
    { at: day(1), causes: ['a', 'b'] },
    { at: day(2), causes: ['b', 'c'] },
    { at: day(3), causes: ['b', 'c', 'd'] },
  ]);
  const now = scorecardWith(day(4), ['a', 'b', 'e']);
  const entry = auditEntry(now.scorecard, now.runs, { dir: join(dir, 'now'), labels: [], site: SITE });
  const h = historySection({ store, scorecard: now.scorecard, entry, dir: join(dir, 'now'), audits: 10 });
  const byCause = new Map(h.points.map((p) => [p.key.split('|')[1], p]));
  // b: in every audit since day 1; a: met on day 1 only, not by the last: new again (seen once before).
  expect(byCause.get('b')).toMatchObject({ status: 'recurring', since: day(1), seenIn: 3 });
  expect(byCause.get('a')).toMatchObject({ status: 'new', seenIn: 1 });
  expect(byCause.get('e')).toMatchObject({ status: 'new', seenIn: 0 });
  expect(h.fixed.map((f) => f.key.split('|')[1]).sort()).toEqual(['c', 'd']);
  expect(h.fixed.find((f) => f.key.endsWith('|c'))!.since).toBe(day(2));
  expect(h.audits.map((a) => a.current)).toEqual([false, false, false, true]);
  expect(h.audits[0].dir).toBe('../a0');
  expect(h.journeys[0].points).toHaveLength(4);
  // Only the last `audits` count: with 1, b recurs since day 3 and a is new with nothing seen.
  const short = historySection({ store, scorecard: now.scorecard, entry, dir: join(dir, 'now'), audits: 1 });
  expect(short.points.find((p) => p.key.endsWith('|b'))).toMatchObject({ status: 'recurring', since: day(3), seenIn: 1 });
  store.close();
});

test('labels: a series of their own, and the latest audit of each label side by side', () => {
  const { store, dir } = storeWith([
    { at: day(1), causes: ['a'] },
    { at: day(2), causes: ['n'], labels: ['after-hours'] },
  ]);
  const now = scorecardWith(day(3), ['a']);
  const entry = auditEntry(now.scorecard, now.runs, { dir: join(dir, 'now'), labels: [], site: SITE });
  const h = historySection({ store, scorecard: now.scorecard, entry, dir: join(dir, 'now'), audits: 10 });
  // Compared with the unlabelled audit only.
  expect(h.audits).toHaveLength(2);
  expect(h.points).toEqual([expect.objectContaining({ status: 'recurring', since: day(1) })]);
  expect(h.byLabel.map((c) => c.labels)).toEqual([[], ['after-hours']]);
  expect(h.byLabel[1].only.map((p) => p.message)).toEqual(['slow: n']);
  expect(h.byLabel[0].only.map((p) => p.message)).toEqual(['slow: a']);
  // An incomplete audit is never compared with.
  expect(store.audits({ target: SITE, labels: [] })).toHaveLength(1);
  store.close();
});

test('recording the same report folder again replaces it (a resumed audit)', () => {
  const { store, dir } = storeWith([{ at: day(1), causes: ['a'] }]);
  const again = scorecardWith(day(1), ['a', 'b']);
  store.record(auditEntry(again.scorecard, again.runs, { dir: join(dir, 'a0'), labels: [], site: SITE }));
  const audits = store.audits({ target: SITE });
  expect(audits).toHaveLength(1);
  expect(store.points(audits.map((a) => a.id)).map((p) => p.key.split('|')[1]).sort()).toEqual(['a', 'b']);
  store.close();
});

test('a store written by a newer version is refused with a clear reason', () => {
  const { store, dir } = storeWith([]);
  store.close();
  const file = join(dir, 'history.sqlite');
  const Database = createRequire(import.meta.url)('better-sqlite3');
  const db = new Database(file);
  db.pragma('user_version = 99');
  db.close();
  expect(() => HistoryStore.open(file)).toThrow(/cannot be used: it was written by a newer mystery-shopper/);
});

test('sparklines in text', () => {
  expect(sparkline([0, 50, 100], 0, 100)).toBe('▁▅█');
  expect(sparkline([5, 5])).toBe('██');
});

// --- slow-down -------------------------------------------------------------------------------

/** Runs of a three-step journey: step "Pay" takes `pay` ms, the others `other` ms. */
function runsWith(pay: number[], other = 300): RunRecord[] {
  return pay.map((ms, i) =>
    makeRun({
      runId: `order/alice/${i + 1}`,
      repeat: i + 1,
      steps: makeSteps(3, (k) => ({ name: ['Cart', 'Details', 'Pay'][k], durationMs: k === 2 ? ms : other + (i % 3) * 7, budgetMs: 10_000 })),
    }),
  );
}

function baselineOf(pay: number[], other: number[] = pay.map((_, i) => 300 + (i % 3) * 7)): Baseline {
  return {
    from: 'recent',
    audits: [
      { id: 1, dir: '/r/1', startedAt: day(1), labels: [] },
      { id: 2, dir: '/r/2', startedAt: day(2), labels: [] },
    ],
    steps: [
      { journeyId: 'order', stepName: 'Pay', samples: pay },
      { journeyId: 'order', stepName: 'Cart', samples: other },
      { journeyId: 'order', stepName: 'Details', samples: other },
    ],
    screens: [],
  };
}

const slowDowns = (runs: RunRecord[], baseline: Baseline, rules = {}) => analyse(runs, rules, undefined, {}, undefined, baseline).filter((f) => f.ruleId === 'slow-down');

test('slow-down: a step clearly and consistently slower than its baseline; one finding for all its runs', () => {
  const base = [500, 510, 490, 505, 495, 520, 480, 502, 515, 485];
  const found = slowDowns(runsWith([1900, 2000, 2100, 1950, 2050].map((x) => x)), baselineOf(base));
  expect(found).toHaveLength(1);
  expect(found[0]).toMatchObject({ stepName: 'Pay', severity: 'major', cause: 'slower | order | Pay' });
  expect(found[0].message).toMatch(/^“Pay” takes 2\.0 s now \(median of 5 runs\) against 501 ms in the last 2 audits .*rank test p = < 0\.001\.$/);
  expect(found[0].evidence.technical!.join('\n')).toContain('Mann–Whitney U one-sided p = 0.000333');
  // No baseline: nothing to judge against.
  expect(analyse(runsWith([1900, 2000, 2100]), {}).filter((f) => f.ruleId === 'slow-down')).toEqual([]);
});

test('slow-down: not for a change under 200 ms or 20 %, within the baseline\'s spread, or with too few runs', () => {
  const base = [500, 510, 490, 505, 495, 520, 480, 502, 515, 485];
  // +150 ms: under minDiffMs.
  expect(slowDowns(runsWith([650, 655, 648, 652, 660]), baselineOf(base))).toEqual([]);
  // A slow step (5 s) 250 ms slower: under 20 %.
  expect(slowDowns(runsWith([5250, 5260, 5240]), baselineOf(base.map((x) => x + 4500)))).toEqual([]);
  // A baseline that jitters by ±400 ms: +500 ms is within 3 spreads.
  const jittery = [300, 1100, 500, 900, 700, 350, 1050, 650, 800, 600];
  expect(slowDowns(runsWith([1300, 1350, 1250]), baselineOf(jittery))).toEqual([]);
  // Two runs only (minRuns 3); then allowed by the config.
  expect(slowDowns(runsWith([1900, 2000]), baselineOf(base))).toEqual([]);
  expect(slowDowns(runsWith([1900, 2000]), baselineOf(base), { 'slow-down': { minRuns: 2, alpha: 0.05 } })).toHaveLength(1);
});

test('slow-down: when every step of the audit ran slower (a busy machine), none is a slow-down; one that stands out still is', () => {
  const base = [500, 510, 490, 505, 495, 520, 480, 502, 515, 485];
  // Everything 1.8× slower: Cart and Details too.
  const busy = runsWith([900, 910, 905], 540);
  expect(slowDowns(busy, baselineOf(base))).toEqual([]);
  // Everything 1.8× slower, and Pay 4× slower: judged against the pace, Pay still is.
  const found = slowDowns(runsWith([2000, 2050, 1980], 540), baselineOf(base));
  expect(found.map((f) => f.stepName)).toEqual(['Pay']);
  expect(found[0].message).toMatch(/slower than the rest of this audit, which ran 1\.\d\d× its baseline/);
});

test('a pinned baseline: the folder’s passed steps by journey and step, as the store groups its rows', () => {
  const steps = (ms: number[], failed = -1) => makeSteps(ms.length, (i) => ({ name: ['Open', 'Pay'][i], durationMs: ms[i], harnessMs: 0, ...(i === failed ? { status: 'failed' as const } : {}) }));
  const pinned = [makeRun({ steps: steps([100, 900]) }), makeRun({ repeat: 2, steps: steps([120, 950], 1) })];
  const baseline = findBaseline({ dir: join(tmpdir(), 'now'), records: [], target: SITE, labels: [], startedAt: day(2), audits: 5, pinned: join(tmpdir(), 'pinned'), readRecords: () => pinned });
  expect(baseline?.from).toBe('pinned');
  // The failed "Pay" is no sample: a step that never finished has no time to compare.
  expect(baseline?.steps).toEqual([
    { journeyId: 'order', stepName: 'Open', samples: [100, 120] },
    { journeyId: 'order', stepName: 'Pay', samples: [900] },
  ]);
});
