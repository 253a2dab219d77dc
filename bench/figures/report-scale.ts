// 5. Report scale: N synthetic run records × 20 steps → `report DIR` (rebuildReport: read
// runs.jsonl, analyse, build the scorecard, write the four reports), timed in this process, with
// a breakdown per phase; then the index.html size and its load event in Chromium.
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright';
import { analyse } from '../../src/friction/analyse.ts';
import { RUN_RECORD_SCHEMA_VERSION, type RunRecord, type StepRecord } from '../../src/model/run-record.ts';
import { META_FILE, readRunRecords, rebuildReport, RUNS_FILE, type ReportMeta } from '../../src/pipeline.ts';
import { buildScorecard, renderHtml } from '../../src/report/index.ts';
import { launchOptions, resolveBrowser } from '../../src/runner/browser.ts';
import type { Figure } from '../lib/figure.ts';
import { fmt, log, REPO, round, summarize } from '../lib/util.ts';

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticRecords(n: number, stepsPerRun = 20): RunRecord[] {
  const rand = rng(7);
  const journeys = 25;
  const personas = ['alex', 'sam'];
  const perJourney = Math.max(1, Math.round(n / journeys));
  const records: RunRecord[] = [];
  const t0 = Date.parse('2026-11-24T00:00:00Z');
  for (let i = 0; i < n; i++) {
    const j = i % journeys;
    const persona = personas[Math.floor(i / journeys) % 2];
    const repeat = Math.floor(i / (journeys * 2)) + 1;
    const journeyId = `journey-${String(j + 1).padStart(2, '0')}`;
    // A few journeys have a step that is often slow; 3 % of runs hit a dead end somewhere.
    const slowStep = j % 5 === 0 ? 7 : -1;
    const failAt = rand() < 0.03 ? Math.floor(rand() * stepsPerRun) : -1;
    const steps: StepRecord[] = [];
    let at = 0;
    for (let k = 0; k < stepsPerRun; k++) {
      const slow = k === slowStep && rand() < 0.6;
      const durationMs = round((slow ? 2500 : 150) + rand() * (slow ? 1500 : 600), 2);
      const failed = k === failAt;
      steps.push({
        index: k,
        name: `Step ${k + 1} of ${journeyId}`,
        actions: [`click button "Next ${k + 1}"`, `expect heading "Page ${k + 2}"`],
        startMs: round(at, 2),
        durationMs,
        harnessMs: round(20 + rand() * 30, 2),
        budgetMs: 2000,
        url: `http://127.0.0.1:8080/${journeyId}/page-${k + 1}`,
        status: failed ? 'failed' : 'passed',
        screenshot: `screenshots/${journeyId}_${persona}_${repeat}-${k}.jpg`,
        interactions: { clicks: 1, keystrokes: k % 4 === 0 ? 12 : 0, fieldsFilled: k % 4 === 0 ? 1 : 0 },
        ...(failed ? { error: { kind: 'expectation' as const, message: `Expected heading "Page ${k + 2}" to be visible`, action: `expect heading "Page ${k + 2}"` } } : {}),
      });
      at += durationMs + 5;
      if (failed) break;
    }
    const last = steps[steps.length - 1];
    records.push({
      schemaVersion: RUN_RECORD_SCHEMA_VERSION,
      runId: `${journeyId}/${persona}/${repeat}`,
      journeyId,
      journeyName: `Synthetic journey ${j + 1}`,
      journeyFile: `journeys/${journeyId}.journey.yaml`,
      tags: ['synthetic', j % 2 ? 'web' : 'order'],
      persona,
      repeat,
      status: failAt >= 0 ? 'failed' : 'completed',
      startedAt: new Date(t0 + i * 1000).toISOString(),
      durationMs: round(last.startMs + last.durationMs, 2),
      budgets: { totalMs: 20_000, stepMs: 3000, maxSteps: 25, maxInteractions: 40 },
      plannedSteps: stepsPerRun,
      ...(failAt >= 0 ? { stoppedAt: { stepIndex: failAt, stepName: last.name, reason: last.error!.message } } : {}),
      steps,
      observations: {
        consoleErrors: rand() < 0.1 ? [{ stepIndex: 3, text: 'Uncaught TypeError: x is undefined', url: 'http://127.0.0.1:8080/app.js', atMs: 500 }] : [],
        pageErrors: [],
        failedRequests: [],
        navigations: steps.map((s) => ({ stepIndex: s.index, url: s.url, atMs: s.startMs })),
        dialogs: [],
      },
      artifacts: {},
    });
    void perJourney;
  }
  return records;
}

export const reportScale: Figure = async ({ quick, scratch }) => {
  const n = quick ? 200 : 5000;
  const rounds = quick ? 2 : 3;
  const dir = join(scratch, `scale-${n}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const records = syntheticRecords(n);
  writeFileSync(join(dir, RUNS_FILE), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const meta: ReportMeta = {
    toolVersion: 'bench',
    target: 'http://127.0.0.1:8080',
    startedAt: records[0].startedAt,
    finishedAt: records.at(-1)!.startedAt,
    configHash: 'bench',
    failOn: 'major',
    rules: {},
    findings: {},
    reporters: ['json', 'html', 'junit', 'markdown'],
    interrupted: false,
  };
  writeFileSync(join(dir, META_FILE), JSON.stringify(meta, null, 2));
  const runsBytes = statSync(join(dir, RUNS_FILE)).size;

  const total: number[] = [];
  const phases: Record<string, number[]> = { read: [], analyse: [], build: [], renderHtml: [] };
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    await rebuildReport(dir, REPO);
    total.push(performance.now() - t0);
    // Phase breakdown (same work as rebuildReport, timed piece by piece).
    let t = performance.now();
    const recs = readRunRecords(join(dir, RUNS_FILE), RUNS_FILE);
    phases.read.push(performance.now() - t);
    t = performance.now();
    const findings = analyse(recs, {});
    phases.analyse.push(performance.now() - t);
    t = performance.now();
    const scorecard = buildScorecard({ runs: recs, findings, meta: { toolVersion: 'bench', target: meta.target, startedAt: meta.startedAt, finishedAt: meta.finishedAt!, configHash: 'bench', failOn: 'major' } });
    phases.build.push(performance.now() - t);
    t = performance.now();
    renderHtml(scorecard);
    phases.renderHtml.push(performance.now() - t);
    log(`report-scale ${n} records round ${r + 1}/${rounds}: report DIR ${total.at(-1)!.toFixed(0)} ms (read ${phases.read.at(-1)!.toFixed(0)}, analyse ${phases.analyse.at(-1)!.toFixed(0)}, build ${phases.build.at(-1)!.toFixed(0)}, html ${phases.renderHtml.at(-1)!.toFixed(0)})`);
  }
  const htmlPath = join(dir, 'index.html');
  const htmlBytes = statSync(htmlPath).size;
  const jsonBytes = statSync(join(dir, 'scorecard.json')).size;

  const loads: number[] = [];
  const walls: number[] = [];
  let domNodes = 0;
  const browser = await chromium.launch(launchOptions(resolveBrowser()));
  try {
    for (let r = 0; r < rounds + 1; r++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const t0 = performance.now();
      await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load', timeout: 120_000 });
      const wall = performance.now() - t0;
      const loadEnd = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd);
      domNodes = await page.evaluate(() => document.getElementsByTagName('*').length);
      await context.close();
      if (r === 0) continue; // warm-up: first page of a fresh browser
      loads.push(loadEnd);
      walls.push(wall);
    }
  } finally {
    await browser.close();
  }
  const tot = summarize(total);
  const ld = summarize(loads);
  const mb = htmlBytes / 1e6;
  return {
    title: 'Report scale',
    rows: [
      { figure: `5. Report scale: ${n} runs × 20 steps → \`report DIR\``, ours: fmt(tot, 'ms'), comparison: `runs.jsonl ${(runsBytes / 1e6).toFixed(1)} MB`, ratio: '—', target: '< 5000 ms', met: tot.median < 5000 },
      { figure: '5. Report scale: index.html size', ours: `${mb.toFixed(2)} MB`, comparison: `scorecard.json ${(jsonBytes / 1e6).toFixed(1)} MB`, ratio: '—', target: '< 15 MB', met: mb < 15 },
      { figure: '5. Report scale: index.html load event in Chromium', ours: fmt(ld, 'ms'), comparison: `goto wall ${fmt(summarize(walls), 'ms')}; ${domNodes} DOM elements`, ratio: '—', target: '< 3000 ms', met: ld.median < 3000 },
    ],
    data: {
      records: n,
      stepsPerRun: 20,
      reportDirMs: tot,
      phasesMs: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, summarize(v)])),
      runsJsonlBytes: runsBytes,
      indexHtmlBytes: htmlBytes,
      scorecardJsonBytes: jsonBytes,
      loadEventEndMs: ld,
      gotoWallMs: summarize(walls),
      domElements: domNodes,
    },
    notes: [
      `Phases (median): read+validate ${summarize(phases.read).median.toFixed(0)} ms, analyse ${summarize(phases.analyse).median.toFixed(0)} ms, build ${summarize(phases.build).median.toFixed(0)} ms, render HTML ${summarize(phases.renderHtml).median.toFixed(0)} ms. Load event = PerformanceNavigationTiming.loadEventEnd of a file:// load in a warm browser (screenshot files are absent, so images fail fast).`,
    ],
  };
};
