import { expect, test } from '@playwright/test';
import { Scorecard, SCORECARD_SCHEMA_VERSION } from '../../src/model/scorecard.ts';
import { buildScorecard, compareFrictionPoints, medianRun } from '../../src/report/build.ts';
import { formatMs, formatPercent } from '../../src/report/format.ts';
import {
  countAtOrAbove,
  frictionPenalty,
  GRADE_THRESHOLDS,
  gradeFor,
  journeyScore,
  overallScore,
  SEVERITY_WEIGHTS,
} from '../../src/report/score.ts';
import { durationStats, percentile } from '../../src/report/stats.ts';
import { lockedAccount, makeFinding, makeMeta, makeRun } from './fixtures/scorecard-data.ts';

const four = (journeyId: string, extra: Parameters<typeof makeRun>[0] = {}) =>
  [1, 2, 3, 4].map((repeat) => makeRun({ journeyId, repeat, ...extra }));

test.describe('score formula', () => {
  test('exports the documented constants', () => {
    expect(SEVERITY_WEIGHTS).toEqual({ critical: 40, major: 15, minor: 5, info: 0 });
    expect(GRADE_THRESHOLDS.map((g) => [g.grade, g.min])).toEqual([
      ['A', 90],
      ['B', 80],
      ['C', 70],
      ['D', 60],
    ]);
  });

  test('penalty is weight × share of runs hit', () => {
    expect(frictionPenalty({ severity: 'critical', runsHit: 1, runsTotal: 4 })).toBe(10);
    expect(frictionPenalty({ severity: 'major', runsHit: 2, runsTotal: 4 })).toBe(7.5);
    expect(frictionPenalty({ severity: 'minor', runsHit: 4, runsTotal: 4 })).toBe(5);
    expect(frictionPenalty({ severity: 'info', runsHit: 4, runsTotal: 4 })).toBe(0);
    expect(frictionPenalty({ severity: 'major', runsHit: 0, runsTotal: 0 })).toBe(0);
  });

  test('journey score subtracts penalties from 100 and clamps at 0', () => {
    expect(journeyScore([])).toBe(100);
    expect(
      journeyScore([
        { severity: 'critical', runsHit: 1, runsTotal: 4 },
        { severity: 'major', runsHit: 2, runsTotal: 4 },
        { severity: 'minor', runsHit: 4, runsTotal: 4 },
      ]),
    ).toBe(77.5);
    const dead = { severity: 'critical' as const, runsHit: 3, runsTotal: 3 };
    expect(journeyScore([dead, dead, dead])).toBe(0);
  });

  test('overall score is 100 less every cause\'s cost, rounded and clamped; grades by threshold', () => {
    const causes = [
      { severity: 'critical' as const, runsHit: 1, runsTotal: 4 },
      { severity: 'major' as const, runsHit: 2, runsTotal: 4 },
      { severity: 'minor' as const, runsHit: 4, runsTotal: 4 },
    ];
    expect(overallScore(causes)).toBe(78); // round(77.5)
    expect(overallScore([])).toBe(100);
    expect(overallScore([...causes, ...causes, ...causes, ...causes])).toBe(10);
    expect(overallScore(Array(5).fill({ severity: 'critical', runsHit: 1, runsTotal: 1 }))).toBe(0);
    expect(overallScore([{ severity: 'info', runsHit: 9, runsTotal: 9 }])).toBe(100);
    expect([100, 90, 89.9, 80, 79, 70, 69, 60, 59, 0].map((s) => gradeFor(s))).toEqual(
      ['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D', 'F', 'F'],
    );
  });

  test('buildScorecard scores hand-made findings exactly', () => {
    const a = four('a');
    const b = four('b');
    const findings = [
      makeFinding({ run: a[0], ruleId: 'dead-end', severity: 'critical', stepIndex: 2 }),
      makeFinding({ run: a[0], ruleId: 'slow-step', severity: 'major', stepIndex: 1 }),
      makeFinding({ run: a[1], ruleId: 'slow-step', severity: 'major', stepIndex: 1 }),
      ...a.map((run) => makeFinding({ run, ruleId: 'many-clicks', severity: 'minor' })),
      ...a.map((run) => makeFinding({ run, ruleId: 'note', severity: 'info' })),
    ];
    const sc = buildScorecard({ runs: [...a, ...b], findings, meta: makeMeta() });
    const ja = sc.journeys.find((j) => j.id === 'a')!;
    const jb = sc.journeys.find((j) => j.id === 'b')!;
    expect(ja.score).toBe(78); // 100 − 40×1/4 − 15×2/4 − 5×4/4 − 0 = 77.5
    expect(jb.score).toBe(100);
    // The causes were met in journey a only: each costs weight × share of a's runs.
    expect(sc.summary.score).toBe(78);
    expect(sc.summary.grade).toBe('C');
    expect(sc.summary.findings).toEqual({ critical: 1, major: 2, minor: 4, info: 4 });
    expect(sc.summary.frictionPoints).toBe(4);
    // CI counts causes: the dead end and the slow step (hit in 2 runs) are 2, from 3 findings.
    expect(sc.summary.causes).toEqual({ critical: 1, major: 1, minor: 1, info: 1 });
    expect(sc.summary).toMatchObject({ failing: 2, passed: false });
    expect(countAtOrAbove(sc.summary.findings, 'major')).toBe(3);
    expect(countAtOrAbove(sc.summary.findings, 'info')).toBe(11);
    expect(countAtOrAbove(sc.summary.findings, 'critical')).toBe(1);
    const lenient = buildScorecard({ runs: [...a, ...b], findings, meta: makeMeta({ failOn: 'critical' }) });
    expect(lenient.summary).toMatchObject({ failing: 1, passed: false });
    const clean = buildScorecard({ runs: [...a, ...b], findings: findings.filter((f) => f.severity === 'info'), meta: makeMeta() });
    expect(clean.summary).toMatchObject({ score: 100, failing: 0, passed: true });
  });

  test('a cause met in two journeys costs its weight once, by the share of the runs where it could be met', () => {
    const { runs, findings } = lockedAccount();
    const sc = buildScorecard({ runs, findings, meta: makeMeta() });
    // 4 of the 12 runs of the two journeys: 40 × 4/12; each journey: 40 × 2/6.
    expect(sc.summary.score).toBe(87);
    expect(sc.journeys.map((j) => [j.id, j.score])).toEqual([
      ['order', 100],
      ['sign-in', 87],
      ['warranty', 87],
    ]);
  });
});

test.describe('friction points', () => {
  test('are ranked by severity, share of runs, runs hit, journey, step', () => {
    const a = four('a');
    const b = four('b');
    const c = [1, 2].map((repeat) => makeRun({ journeyId: 'c', repeat }));
    const findings = [
      ...a.map((run) => makeFinding({ run, ruleId: 'minor-all', severity: 'minor', stepIndex: 0 })),
      makeFinding({ run: a[0], ruleId: 'major-a-step2', severity: 'major', stepIndex: 2 }),
      makeFinding({ run: b[0], ruleId: 'major-b', severity: 'major', stepIndex: 0 }),
      makeFinding({ run: b[1], ruleId: 'major-b', severity: 'major', stepIndex: 0 }),
      makeFinding({ run: c[0], ruleId: 'major-c', severity: 'major', stepIndex: 1 }),
      makeFinding({ run: a[3], ruleId: 'critical-a', severity: 'critical', stepIndex: 1 }),
      makeFinding({ run: a[1], ruleId: 'major-a-step0', severity: 'major', stepIndex: 0 }),
      makeFinding({ run: a[2], ruleId: 'major-a-run', severity: 'major' }),
    ];
    const sc = buildScorecard({ runs: [...c, ...b, ...a], findings, meta: makeMeta() });
    expect(sc.frictionPoints.map((fp) => fp.ruleId)).toEqual([
      'critical-a',
      'major-b', // 2 of 4 = 50 %, 2 runs
      'major-c', // 1 of 2 = 50 %, 1 run
      'major-a-run', // 25 %, journey a, whole run (-1) first
      'major-a-step0',
      'major-a-step2',
      'minor-all',
    ]);
    expect(sc.frictionPoints.map((fp) => `${fp.runsHit}/${fp.runsTotal}`)).toEqual([
      '1/4', '2/4', '1/2', '1/4', '1/4', '1/4', '4/4',
    ]);
    // Ranked order is stable under the comparator, and each journey lists its keys in rank order.
    expect([...sc.frictionPoints].sort(compareFrictionPoints)).toEqual(sc.frictionPoints);
    expect(sc.journeys.find((j) => j.id === 'a')!.frictionPointKeys).toEqual([
      'critical-a|a | 1',
      'major-a-run|a | -1',
      'major-a-step0|a | 0',
      'major-a-step2|a | 2',
      'minor-all|a | 0',
    ]);
  });

  test('group by rule and cause; count distinct runs; pick the worst, then first, finding', () => {
    const runs = four('order', { stepNames: ['Open shop', 'Add to cart', 'Pay'] });
    const [r1, r2, r3, r4] = runs;
    const metric = (value: number) => ({ metric: { name: 'duration', value, threshold: 1000, unit: 'ms' as const } });
    const findings = [
      makeFinding({ run: r1, stepIndex: 2, severity: 'minor', message: 'r1 a', evidence: metric(1100) }),
      makeFinding({ run: r1, stepIndex: 2, severity: 'minor', message: 'r1 b', evidence: metric(1150) }),
      makeFinding({ run: r2, stepIndex: 2, severity: 'major', message: 'r2', evidence: metric(2500) }),
      makeFinding({ run: r3, stepIndex: 2, severity: 'major', message: 'r3', evidence: metric(2600) }),
      makeFinding({ run: r4, stepIndex: 2, severity: 'minor', message: 'r4', evidence: metric(1200) }),
      // Another cause (here: another step) and another rule are other friction points.
      makeFinding({ run: r1, stepIndex: 1, severity: 'minor', message: 'step 1' }),
      makeFinding({ run: r1, stepIndex: 2, ruleId: 'other', severity: 'minor', message: 'other rule' }),
    ];
    const sc = buildScorecard({ runs, findings, meta: makeMeta() });
    expect(sc.frictionPoints).toHaveLength(3);
    const fp = sc.frictionPoints[0];
    expect(fp).toMatchObject({
      key: 'slow-step|order | 2',
      severity: 'major',
      stepIndex: 2,
      stepName: 'Pay',
      journeyName: 'Journey order',
      message: 'r2',
      runsHit: 4,
      runsTotal: 4,
      evidence: metric(2500),
    });
    // Worst first, one per run first (r3, r1, r4), then repeats of a run.
    expect(fp.examples.map((x) => x.message)).toEqual(['r3', 'r1 a', 'r4']);
    // Each run lists its own findings with the key of their friction point.
    const run1 = sc.journeys[0].runs.find((r) => r.runId === r1.runId)!;
    expect(run1.findings.map((f) => f.frictionPointKey)).toEqual([
      'slow-step|order | 2',
      'slow-step|order | 2',
      'slow-step|order | 1',
      'other|order | 2',
    ]);
  });

  test('one cause in two journeys is one friction point, with both places and every persona of those journeys', () => {
    const { runs, findings } = lockedAccount();
    // Another cause of the same rule stays its own friction point.
    const other = runs.find((r) => r.journeyId === 'order' && r.persona === 'alex')!;
    findings.push(makeFinding({ run: other, ruleId: 'dead-end', severity: 'critical', stepIndex: 2, cause: 'shop.example/pay | card declined' }));
    const sc = buildScorecard({ runs, findings, meta: makeMeta() });
    expect(sc.frictionPoints.map((fp) => fp.key)).toEqual([
      'dead-end|shop.example/sign-in | your account is locked',
      'dead-end|shop.example/pay | card declined',
    ]);
    expect(sc.summary.frictionPoints).toBe(2);
    const [locked, declined] = sc.frictionPoints;
    expect(locked).toMatchObject({
      ruleId: 'dead-end',
      severity: 'critical',
      runsHit: 4,
      runsTotal: 12,
      // The representative is the first finding; the main place the one that hit the most runs.
      message: `Locked (${findings[0].runId})`,
      journeyId: 'sign-in',
      stepIndex: 1,
      stepName: 'Sign in',
    });
    expect(locked.places).toEqual([
      { journeyId: 'sign-in', journeyName: 'Sign in and see my orders', stepIndex: 1, stepName: 'Sign in', runsHit: 2, runsTotal: 6 },
      { journeyId: 'warranty', journeyName: 'Warranty claim', stepIndex: 1, stepName: 'Sign in', runsHit: 2, runsTotal: 6 },
    ]);
    // Who it hit and who it spared, over the journeys where it was met (not the order journey).
    expect(locked.personas).toEqual([
      { persona: 'sam', runsHit: 4, runsTotal: 4 },
      { persona: 'alex', runsHit: 0, runsTotal: 4 },
      { persona: 'dana', runsHit: 0, runsTotal: 4 },
    ]);
    expect(locked.examples.map((x) => x.runId)).toHaveLength(3);
    expect(declined.places).toEqual([
      { journeyId: 'order', journeyName: 'Order the espresso machine', stepIndex: 2, stepName: 'Step 3', runsHit: 1, runsTotal: 6 },
    ]);
    expect(declined.personas[0]).toEqual({ persona: 'alex', runsHit: 1, runsTotal: 2 });
    // Each journey lists the points that touched it; a point may belong to several.
    expect(Object.fromEntries(sc.journeys.map((j) => [j.id, j.frictionPointKeys]))).toEqual({
      order: [declined.key],
      'sign-in': [locked.key],
      warranty: [locked.key],
    });
    expect(Scorecard.parse(sc)).toEqual(sc);
  });

  test('a step name missing from findings is taken from the runs', () => {
    const runs = four('order', { stepNames: ['Open shop', 'Add to cart', 'Pay'] });
    const f = makeFinding({ run: runs[0], stepIndex: 1 });
    delete (f as { stepName?: string }).stepName;
    const sc = buildScorecard({ runs, findings: [f], meta: makeMeta() });
    expect(sc.frictionPoints[0].stepName).toBe('Add to cart');
  });
});

test.describe('statistics', () => {
  test('nearest-rank percentile', () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(ten, 50)).toBe(5);
    expect(percentile(ten, 95)).toBe(10);
    expect(percentile(ten, 0)).toBe(1);
    expect(percentile(ten, 100)).toBe(10);
    const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(twenty, 95)).toBe(19);
    expect(percentile(twenty, 50)).toBe(10);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBe(0);
    expect(percentile([100, 200], 50)).toBe(100);
  });

  test('duration stats sort their input and give the spread', () => {
    expect(durationStats([300, 100, 500, 200, 400])).toEqual({ p50: 300, p95: 500, min: 100, max: 500, spread: 400 });
    expect(durationStats([])).toEqual({ p50: 0, p95: 0, min: 0, max: 0, spread: 0 });
  });

  test('journey and step stats over runs, dead ends included', () => {
    const runs = [
      makeRun({ repeat: 1, stepDurations: [100, 1000, 50], budgets: [500, 800, undefined] }),
      makeRun({ repeat: 2, stepDurations: [300, 600, 50], budgets: [500, 800, undefined] }),
      makeRun({ repeat: 3, stepDurations: [200, 900, 50], budgets: [500, 800, undefined], failAt: 1 }),
    ];
    const sc = buildScorecard({ runs, findings: [], meta: makeMeta() });
    const j = sc.journeys[0];
    expect(j.runCounts).toEqual({ total: 3, completed: 2, failed: 1, errored: 0, pending: 0 });
    expect(j.durationMs).toEqual({ p50: 1100, p95: 1150, min: 950, max: 1150, spread: 200 });
    expect(j.steps).toEqual([
      { index: 0, name: 'Step 1', budgetMs: 500, runs: 3, failed: 0, p50: 200, p95: 300, min: 100, max: 300 },
      { index: 1, name: 'Step 2', budgetMs: 800, runs: 3, failed: 1, p50: 900, p95: 1000, min: 600, max: 1000 },
      { index: 2, name: 'Step 3', runs: 2, failed: 0, p50: 50, p95: 50, min: 50, max: 50 },
    ]);
    // The waterfall run: median of the completed runs (1150 and 950 → nearest rank 950).
    expect(j.medianRunId).toBe('order/alice/2');
    expect(sc.summary.journeys).toEqual({ total: 1, allCompleted: 0, withDeadEnds: 1, withHarnessErrors: 0 });
  });

  test('median run falls back to all runs when none completed', () => {
    const runs = [
      makeRun({ repeat: 1, stepDurations: [100, 100], failAt: 0 }),
      makeRun({ repeat: 2, stepDurations: [300, 100], failAt: 1 }),
      makeRun({ repeat: 3, stepDurations: [200, 100], errorAt: 0 }),
    ];
    expect(medianRun(runs)?.repeat).toBe(3);
    expect(medianRun([])).toBeUndefined();
  });
});

test.describe('the model', () => {
  test('validates against the schema and is deterministic', () => {
    const runs = [
      ...four('order', { stepNames: ['Open', 'Cart', 'Pay'], budgets: [100, 100, 100] }),
      makeRun({ journeyId: 'order', repeat: 5, failAt: 2, stepNames: ['Open', 'Cart', 'Pay'] }),
      makeRun({ journeyId: 'order', repeat: 6, errorAt: 0 }),
      ...four('help'),
    ];
    const findings = [
      makeFinding({ run: runs[4], ruleId: 'dead-end', severity: 'critical', stepIndex: 2, evidence: { screenshot: 'screenshots/x.png' } }),
      ...runs.slice(0, 4).map((run) => makeFinding({ run, stepIndex: 0, severity: 'minor' })),
    ];
    const input = { runs, findings, meta: makeMeta() };
    const sc = buildScorecard(input);
    expect(Scorecard.parse(sc)).toEqual(sc);
    expect(sc.schemaVersion).toBe(SCORECARD_SCHEMA_VERSION);
    expect(sc.tool).toEqual({ name: 'mystery-shopper', version: '0.1.0-test' });
    expect(sc).toMatchObject({ target: 'https://shop.example', failOn: 'major', configHash: 'sha256:0123456789abcdef' });
    expect(sc.summary.runs).toEqual({ total: 10, completed: 8, failed: 1, errored: 1, pending: 0 });
    expect(sc.journeys.map((j) => j.id)).toEqual(['help', 'order']);

    // Same input, any order of runs: same scorecard.
    const again = buildScorecard({ ...input, runs: [...runs].reverse() });
    expect(JSON.stringify(again)).toBe(JSON.stringify(sc));
    // Compact runs keep what the reports show.
    const failed = sc.journeys[1].runs.find((r) => r.status === 'failed')!;
    expect(failed.stoppedAt).toEqual({ stepIndex: 2, stepName: 'Pay', reason: 'Expected "Pay" to show a confirmation' });
    expect(failed.steps[2]).toMatchObject({ status: 'failed', error: 'Expected "Pay" to show a confirmation', errorKind: 'expectation' });
  });

  test('an empty audit scores 0 and says so', () => {
    const sc = buildScorecard({ runs: [], findings: [], meta: makeMeta() });
    expect(Scorecard.parse(sc)).toEqual(sc);
    // No finished run vouches for nothing: incomplete, never a pass.
    expect(sc.completeness).toEqual({ planned: 0, finished: 0, complete: false, reason: 'no run finished' });
    expect(sc.summary).toMatchObject({ score: 0, grade: 'F', passed: false, failing: 0, verdict: 'Incomplete: no run finished, so there is nothing to score.' });
  });

  test('the verdict is one plain sentence', () => {
    const fast = four('fast', { journeyName: 'Find the contact page', stepDurations: [100, 100] });
    const slow = four('slow', { journeyName: 'Order the espresso machine', stepDurations: [2000, 2100] });
    const meta = makeMeta();
    expect(buildScorecard({ runs: [...fast, ...slow], findings: [], meta }).summary.verdict).toBe(
      'All 2 journeys completed in every run; the slowest to complete, “Order the espresso machine”, took 4.1 s at the median.',
    );
    const dead = [makeRun({ journeyId: 'slow', repeat: 9, failAt: 1, stepDurations: [2000, 2100] })];
    const broken = [makeRun({ journeyId: 'fast', repeat: 9, errorAt: 0 })];
    expect(buildScorecard({ runs: [...fast, ...slow, ...dead, ...broken], findings: [], meta }).summary.verdict).toBe(
      '1 of 2 journeys hit a dead end; the slowest to complete, “Order the espresso machine”, took 4.1 s at the median; 1 run broke in the test harness, not on the site.',
    );
    expect(buildScorecard({ runs: [...slow, ...dead], findings: [], meta }).summary.verdict).toBe(
      'The journey hit a dead end in 1 of 5 runs; it took 4.1 s to complete at the median.',
    );
    // A dead end's time says nothing about finishing: no time when no run completed.
    expect(buildScorecard({ runs: [...dead, makeRun({ journeyId: 'other', failAt: 0 })], findings: [], meta }).summary.verdict).toBe(
      '2 of 2 journeys hit a dead end.',
    );
  });
});

test('formatters', () => {
  expect(formatMs(340)).toBe('340 ms');
  expect(formatMs(999.6)).toBe('1 s');
  expect(formatMs(15_000)).toBe('15 s');
  expect(formatMs(1234)).toBe('1.2 s');
  expect(formatMs(83_000)).toBe('1 min 23 s');
  expect(formatMs(120_000)).toBe('2 min');
  expect(formatPercent(0.5)).toBe('50%');
  expect(formatPercent(1 / 3)).toBe('33%');
  expect(formatPercent(0.004)).toBe('0.4%');
});
