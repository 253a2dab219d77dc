import { describeSite, exploredSite } from '../channels/site/summary.ts';
import { atLeast, severityRank, type Finding, type Severity } from '../model/finding.ts';
import { channels } from '../channels/index.ts';
import { analyseChannels, type RunAnalysis } from '../friction/analyse.ts';
import { safetySummary } from './safety.ts';
import type { RunRecord } from '../model/run-record.ts';
import type { PendingWait } from '../model/pending.ts';
import {
  SCORECARD_SCHEMA_VERSION,
  type FrictionExample,
  type FrictionPersona,
  type FrictionPlace,
  type FrictionPoint,
  type JourneyScorecard,
  type RunCounts,
  type RunFinding,
  type RunStep,
  type RunSummary,
  type Completeness,
  type PendingCheck,
  type Scorecard,
  type SeverityCounts,
  type StepStats,
  type Summary,
} from '../model/scorecard.ts';
import { formatMs, plural } from './format.ts';
import { lowerFirst, withoutQuery } from '../friction/rules/format.ts';
import { finishedCounts, NO_RUN_FINISHED } from './reporter.ts';
import { countAtOrAbove, gradeFor, journeyScore, overallScore } from './score.ts';
import { durationStats, percentile } from './stats.ts';

export const TOOL_NAME = 'mystery-shopper';
/** How many other findings a friction point keeps as examples. */
export const MAX_EXAMPLES = 3;

export interface ScorecardMeta {
  toolVersion: string;
  /** Base URL of the audited site. */
  target: string;
  startedAt: string;
  finishedAt: string;
  configHash: string;
  failOn: Severity;
  /** `--fail-on-regression`: findings of these rules fail the audit whatever their severity. */
  failOnRules?: readonly string[];
  /** Runs the audit planned; without it, the runs given are taken as all there were to run. */
  planned?: number;
  /**
   * Why the audit stopped before its end, in plain words ("stopped by Ctrl-C (SIGINT)"): said
   * when runs are missing. Runs missing without a reason are said to have never finished.
   */
  stopped?: string;
}

export interface BuildScorecardInput {
  runs: RunRecord[];
  findings: Finding[];
  meta: ScorecardMeta;
  /** The channels' analyses the findings were made with (`analyseChannels`); default: with the rules' default options. */
  analyses?: ReadonlyMap<string, RunAnalysis>;
}

/** The key of the friction point a finding belongs to: one per rule and cause. */
export function frictionPointKey(f: Pick<Finding, 'ruleId' | 'cause'>): string {
  return `${f.ruleId}|${f.cause}`;
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Runs in a stable order: persona, then repeat, then run id. */
const byRunOrder = (a: RunRecord, b: RunRecord): number =>
  byString(a.persona, b.persona) || a.repeat - b.repeat || byString(a.runId, b.runId);

/** Each channel's part of the run in the scorecard, from its record and its analysis. */
function channelSummaries(run: RunRecord, analysis: RunAnalysis): RunSummary['channels'] {
  const out: Record<string, unknown> = {};
  for (const def of channels) {
    const record = run.channels?.[def.name];
    if (record === undefined) continue;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const part = (def.summarise as (r: any, run: RunRecord, a: unknown) => unknown)(record, run, analysis[def.name]);
    if (part !== undefined) out[def.name] = part;
  }
  return Object.keys(out).length ? (out as RunSummary['channels']) : undefined;
}

/**
 * Turn run records and findings into the scorecard model. Pure and deterministic: the same
 * input gives the same output (no clock, no randomness; orders never depend on Map iteration
 * of unordered input). Findings keep their input order inside a friction point.
 */
export function buildScorecard(input: BuildScorecardInput): Scorecard {
  const { meta } = input;
  const analyses = input.analyses ?? analyseChannels(input.runs);

  const runsByJourney = new Map<string, RunRecord[]>();
  for (const run of input.runs) {
    const list = runsByJourney.get(run.journeyId);
    if (list) list.push(run);
    else runsByJourney.set(run.journeyId, [run]);
  }
  for (const list of runsByJourney.values()) list.sort(byRunOrder);

  const frictionPoints = buildFrictionPoints(input.findings, runsByJourney);
  const keysByJourney = new Map<string, string[]>();
  for (const fp of frictionPoints) {
    for (const place of fp.places) {
      const keys = keysByJourney.get(place.journeyId) ?? [];
      if (!keys.includes(fp.key)) keys.push(fp.key);
      keysByJourney.set(place.journeyId, keys);
    }
  }

  const findingsByRun = new Map<string, RunFinding[]>();
  for (const f of input.findings) {
    const rf: RunFinding = {
      ruleId: f.ruleId,
      severity: f.severity,
      ...(f.stepIndex !== undefined && { stepIndex: f.stepIndex }),
      message: f.message,
      frictionPointKey: frictionPointKey(f),
    };
    const list = findingsByRun.get(f.runId);
    if (list) list.push(rf);
    else findingsByRun.set(f.runId, [rf]);
  }

  const pointsByKey = new Map(frictionPoints.map((fp) => [fp.key, fp]));
  // Distinct runs each cause hit in each journey (a cause may be met at several steps of one journey).
  const runsHitIn = new Map<string, Set<string>>();
  for (const f of input.findings) {
    const k = `${frictionPointKey(f)}\u0000${f.journeyId}`;
    const set = runsHitIn.get(k) ?? new Set<string>();
    set.add(f.runId);
    runsHitIn.set(k, set);
  }
  const journeys: JourneyScorecard[] = [...runsByJourney.keys()].sort(byString).map((journeyId) => {
    const keys = keysByJourney.get(journeyId) ?? [];
    const journeyRuns = runsByJourney.get(journeyId)!;
    // A journey's score counts each cause once, by the share of the journey's runs that got to it.
    const here = keys.map((k) => pointsByKey.get(k)!).map((fp) => {
      const hit = runsHitIn.get(`${fp.key}\u0000${journeyId}`) ?? new Set<string>();
      const steps = fp.places.filter((p) => p.journeyId === journeyId).map((p) => p.stepIndex);
      const total = journeyRuns.filter((r) => hit.has(r.runId) || steps.some((i) => reached(r, i))).length;
      return { severity: fp.severity, runsHit: hit.size, runsTotal: Math.max(total, hit.size) };
    });
    return buildJourney(runsByJourney.get(journeyId)!, keys, journeyScore(here), findingsByRun, analyses);
  });

  const runs = countRuns(input.runs);
  const findings: SeverityCounts = { critical: 0, major: 0, minor: 0, info: 0 };
  for (const f of input.findings) findings[f.severity]++;
  const journeyCounts: Summary['journeys'] = {
    total: journeys.length,
    allCompleted: journeys.filter((j) => j.runCounts.total > 0 && j.runCounts.completed === j.runCounts.total).length,
    withDeadEnds: journeys.filter((j) => j.runCounts.failed > 0).length,
    withHarnessErrors: journeys.filter((j) => j.runCounts.errored > 0).length,
  };
  const score = input.runs.length === 0 ? 0 : overallScore(frictionPoints);
  // CI counts causes, as the score does: an accessibility barrier on 60 pages is one, not 60.
  const causes: SeverityCounts = { critical: 0, major: 0, minor: 0, info: 0 };
  for (const fp of frictionPoints) causes[fp.severity]++;
  const failing = countAtOrAbove(causes, meta.failOn) + frictionPoints.filter((fp) => meta.failOnRules?.includes(fp.ruleId) && !atLeast(fp.severity, meta.failOn)).length;
  const completeness = buildCompleteness(input.runs, meta);
  // An explore (one run of one site) is told by what it found; a dead end (the home page failed) by the journeys' sentence.
  const explored = runs.completed === 1 ? exploredSite(journeys) : undefined;
  const verdict = explored ? describeSite(explored) : buildVerdict(journeys, runs, journeyCounts);

  return {
    schemaVersion: SCORECARD_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: meta.toolVersion },
    target: meta.target,
    startedAt: meta.startedAt,
    finishedAt: meta.finishedAt,
    configHash: meta.configHash,
    failOn: meta.failOn,
    ...(meta.failOnRules?.length ? { failOnRules: [...meta.failOnRules] } : {}),
    completeness,
    ...pendingChecks(input.runs),
    summary: {
      score,
      grade: gradeFor(score),
      runs,
      journeys: journeyCounts,
      findings,
      causes,
      frictionPoints: frictionPoints.length,
      failing,
      // An audit that did not run everything it planned vouches for nothing: it never passes.
      passed: failing === 0 && completeness.complete,
      verdict: completeness.complete
        ? verdict
        : input.runs.length === 0
          ? `${incompleteSentence(completeness)}, so there is nothing to score.`
          : `${incompleteSentence(completeness)}; ${lowerFirst(verdict)}`,
    },
    frictionPoints,
    journeys,
  };
}

/** A run's long wait as the scorecard shows it. */
export function pendingCheck(run: RunRecord, p: PendingWait): PendingCheck {
  return {
    journeyId: run.journeyId,
    journeyName: run.journeyName,
    runId: run.runId,
    persona: run.persona,
    stepName: p.stepName,
    action: p.action,
    what: p.what,
    since: p.since,
    ...(p.withinMs !== undefined && { withinMs: p.withinMs }),
    patienceMs: p.patienceMs,
    until: new Date(Date.parse(p.since) + p.patienceMs).toISOString(),
    stepsNotRun: p.stepsNotRun,
    outcome: p.resolved?.outcome ?? 'pending',
    ...(p.resolved?.delayMs !== undefined && { delayMs: p.resolved.delayMs }),
  };
}

/** The audit's checks still pending, in run order; nothing when none is. */
function pendingChecks(runs: readonly RunRecord[]): { pending?: PendingCheck[] } {
  const checks = runs.flatMap((r) => (r.pending ?? []).filter((p) => !p.resolved).map((p) => pendingCheck(r, p)));
  return checks.length ? { pending: checks } : {};
}

/** The reason given when runs are missing and nothing says why. */
export const RUNS_MISSING = 'the other runs never finished';

/**
 * Complete when every planned run finished (distinct run ids) and at least one did: an audit
 * with no finished run says nothing about the service. The reason is the one given (how the
 * audit stopped), else what the counts show.
 */
export function buildCompleteness(runs: readonly Pick<RunRecord, 'runId' | 'cutShort'>[], meta: Pick<ScorecardMeta, 'planned' | 'stopped'>): Completeness {
  // A run kept only as far as it went (an explore stopped mid-crawl) is not a finished one.
  const finished = new Set(runs.filter((r) => r.cutShort === undefined).map((r) => r.runId)).size;
  const planned = Math.max(meta.planned ?? finished, finished, new Set(runs.map((r) => r.runId)).size);
  const complete = finished > 0 && finished >= planned;
  if (complete) return { planned, finished, complete };
  const reason = meta.stopped?.trim() || (finished === 0 ? NO_RUN_FINISHED : RUNS_MISSING);
  return { planned, finished, complete, reason };
}

/** "Incomplete: 8 of 28 runs finished, stopped by Ctrl-C (SIGINT)" (no full stop). */
export function incompleteSentence(c: Completeness): string {
  const why = c.reason && c.reason !== NO_RUN_FINISHED ? `, ${c.reason}` : '';
  return `Incomplete: ${finishedCounts(c)}${why}`;
}


function countRuns(runs: readonly RunRecord[]): RunCounts {
  const counts: RunCounts = { total: runs.length, completed: 0, failed: 0, errored: 0, pending: 0 };
  for (const r of runs) counts[r.status]++;
  return counts;
}

/** Group findings into friction points (one per rule and cause) and rank them. */
function buildFrictionPoints(findings: readonly Finding[], runsByJourney: Map<string, RunRecord[]>): FrictionPoint[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = frictionPointKey(f);
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }

  const points: FrictionPoint[] = [];
  for (const [key, group] of groups) {
    // The representative: the first finding of the worst severity in the group.
    let rep = group[0];
    for (const f of group) if (severityRank(f.severity) < severityRank(rep.severity)) rep = f;
    const places = placesOf(group, runsByJourney);
    const hitRuns = new Set(group.map((f) => f.runId));
    // The runs that could meet it: those that got to one of its places (a run stopped earlier by a
    // dead end was not spared, it never got there).
    const runsOfJourneys = [...new Set(places.map((p) => p.journeyId))]
      .flatMap((id) => runsByJourney.get(id) ?? [])
      .filter((run) => hitRuns.has(run.runId) || places.some((p) => p.journeyId === run.journeyId && reached(run, p.stepIndex)));
    const runsHit = hitRuns.size;
    const main = places[0];
    points.push({
      key,
      ruleId: rep.ruleId,
      title: rep.title,
      severity: rep.severity,
      journeyId: main.journeyId,
      journeyName: main.journeyName,
      ...(main.stepIndex !== undefined && { stepIndex: main.stepIndex }),
      ...(main.stepName !== undefined && { stepName: main.stepName }),
      message: rep.message,
      runsHit,
      // A finding about a run we have no record of still counts as a run of its journey.
      runsTotal: Math.max(runsOfJourneys.length, runsHit),
      places,
      personas: personasOf(group, runsOfJourneys),
      evidence: rep.evidence,
      examples: pickExamples(group, rep),
    });
  }
  return points.sort(compareFrictionPoints);
}

/** Each journey × step the group hit, most runs hit first (then journey, step). */
function placesOf(group: readonly Finding[], runsByJourney: Map<string, RunRecord[]>): FrictionPlace[] {
  const byPlace = new Map<string, { f: Finding; runs: Set<string> }>();
  for (const f of group) {
    const k = `${f.journeyId}|${f.stepIndex ?? -1}`;
    const entry = byPlace.get(k) ?? { f, runs: new Set<string>() };
    entry.runs.add(f.runId);
    byPlace.set(k, entry);
  }
  return [...byPlace.values()]
    .map(({ f, runs }) => {
      const journeyRuns = runsByJourney.get(f.journeyId) ?? [];
      const stepName = f.stepName ?? (f.stepIndex === undefined ? undefined : stepNameOf(journeyRuns, f.stepIndex));
      return {
        journeyId: f.journeyId,
        journeyName: journeyRuns[0]?.journeyName ?? f.journeyId,
        ...(f.stepIndex !== undefined && { stepIndex: f.stepIndex }),
        ...(stepName !== undefined && { stepName }),
        runsHit: runs.size,
        runsTotal: Math.max(journeyRuns.filter((r) => runs.has(r.runId) || reached(r, f.stepIndex)).length, runs.size),
      };
    })
    .sort((a, b) => b.runsHit - a.runsHit || byString(a.journeyId, b.journeyId) || (a.stepIndex ?? -1) - (b.stepIndex ?? -1));
}

/** Every persona of the journeys the group hit, with how many of their runs it hit: most hit first. */
function personasOf(group: readonly Finding[], runs: readonly RunRecord[]): FrictionPersona[] {
  const hit = new Set(group.map((f) => f.runId));
  const by = new Map<string, FrictionPersona>();
  for (const run of runs) {
    const p = by.get(run.persona) ?? { persona: run.persona, runsHit: 0, runsTotal: 0 };
    p.runsTotal++;
    if (hit.has(run.runId)) p.runsHit++;
    by.set(run.persona, p);
  }
  // Findings about runs we have no record of still name their persona.
  for (const f of group) if (!by.has(f.persona)) by.set(f.persona, { persona: f.persona, runsHit: 1, runsTotal: 1 });
  return [...by.values()].sort((a, b) => b.runsHit / b.runsTotal - a.runsHit / a.runsTotal || byString(a.persona, b.persona));
}

/** The run got to this step (a whole-run place: every run). */
const reached = (run: RunRecord, stepIndex: number | undefined): boolean => stepIndex === undefined || run.steps.some((s) => s.index === stepIndex);

function stepNameOf(runs: readonly RunRecord[], index: number): string | undefined {
  for (const run of runs) {
    const step = run.steps.find((s) => s.index === index);
    if (step) return step.name;
  }
  return undefined;
}

/** Up to MAX_EXAMPLES other findings, worst first, one per run before repeating a run. */
function pickExamples(group: readonly Finding[], rep: Finding): FrictionExample[] {
  const others = group
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => f !== rep)
    .sort((a, b) => severityRank(a.f.severity) - severityRank(b.f.severity) || a.i - b.i)
    .map(({ f }) => f);
  const seenRuns = new Set([rep.runId]);
  const picked: Finding[] = [];
  for (const f of others) {
    if (picked.length === MAX_EXAMPLES) break;
    if (!seenRuns.has(f.runId)) {
      picked.push(f);
      seenRuns.add(f.runId);
    }
  }
  for (const f of others) {
    if (picked.length === MAX_EXAMPLES) break;
    if (!picked.includes(f)) picked.push(f);
  }
  return picked.map((f) => ({ runId: f.runId, message: f.message, evidence: f.evidence }));
}

/**
 * The ranking: severity (worst first), then the share of the journey's runs hit, then the
 * number of runs hit, then journey id and step index (whole-run points before step 0), and
 * the rule id to break the last ties.
 */
export function compareFrictionPoints(a: FrictionPoint, b: FrictionPoint): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    share(b) - share(a) ||
    b.runsHit - a.runsHit ||
    byString(a.journeyId, b.journeyId) ||
    (a.stepIndex ?? -1) - (b.stepIndex ?? -1) ||
    byString(a.ruleId, b.ruleId)
  );
}

const share = (fp: Pick<FrictionPoint, 'runsHit' | 'runsTotal'>): number =>
  fp.runsTotal > 0 ? fp.runsHit / fp.runsTotal : 0;

function buildJourney(
  runs: RunRecord[],
  frictionPointKeys: string[],
  exactScore: number,
  findingsByRun: Map<string, RunFinding[]>,
  analyses: ReadonlyMap<string, RunAnalysis>,
): JourneyScorecard {
  const first = runs[0];
  return {
    id: first.journeyId,
    name: first.journeyName,
    tags: first.tags,
    ...(first.journeyFile !== undefined && { file: first.journeyFile }),
    runCounts: countRuns(runs),
    durationMs: durationStats(runs.map((r) => r.durationMs)),
    steps: buildStepStats(runs),
    ...optional('medianRunId', medianRun(runs)?.runId),
    runs: runs.map((r) => compactRun(r, findingsByRun.get(r.runId) ?? [], analyses.get(r.runId) ?? {})),
    frictionPointKeys,
    score: Math.round(exactScore),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function buildStepStats(runs: readonly RunRecord[]): StepStats[] {
  const byIndex = new Map<number, { name: string; budgetMs?: number; durations: number[]; failed: number }>();
  for (const run of runs) {
    for (const step of run.steps) {
      let acc = byIndex.get(step.index);
      if (!acc) {
        acc = { name: step.name, durations: [], failed: 0 };
        byIndex.set(step.index, acc);
      }
      if (acc.budgetMs === undefined && step.budgetMs !== undefined) acc.budgetMs = step.budgetMs;
      acc.durations.push(step.durationMs);
      if (step.status === 'failed') acc.failed++;
    }
  }
  return [...byIndex.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([index, acc]) => {
      const { p50, p95, min, max } = durationStats(acc.durations);
      return {
        index,
        name: acc.name,
        ...optional('budgetMs', acc.budgetMs),
        runs: acc.durations.length,
        failed: acc.failed,
        p50,
        p95,
        min,
        max,
      };
    });
}

/**
 * The run to show as "typical": among completed runs (or all runs when none completed), the
 * one at the nearest-rank median of the durations; ties go to the first in run order.
 */
export function medianRun(runs: readonly RunRecord[]): RunRecord | undefined {
  const completed = runs.filter((r) => r.status === 'completed');
  const pool = completed.length > 0 ? completed : runs;
  if (pool.length === 0) return undefined;
  const sorted = [...pool].sort((a, b) => a.durationMs - b.durationMs || byRunOrder(a, b));
  const target = percentile(
    sorted.map((r) => r.durationMs),
    50,
  );
  return sorted.find((r) => r.durationMs === target);
}

function compactRun(run: RunRecord, findings: RunFinding[], analysis: RunAnalysis): RunSummary {
  // Plain assignments rather than spreads: this runs once per step of every run (100k+ times).
  const steps: RunStep[] = new Array(run.steps.length);
  for (let i = 0; i < run.steps.length; i++) {
    const s = run.steps[i];
    const step: RunStep = { index: s.index, name: s.name, startMs: s.startMs, durationMs: s.durationMs, status: s.status, url: s.url };
    if (s.budgetMs !== undefined) step.budgetMs = s.budgetMs;
    if (s.screenshot !== undefined) step.screenshot = s.screenshot;
    if (s.downloads?.length) step.downloads = s.downloads.map((d) => ({ ...d, url: withoutQuery(d.url) }));
    if (s.error) {
      step.error = s.error.message;
      step.errorKind = s.error.kind;
    }
    steps[i] = step;
  }
  const summary: RunSummary = {
    runId: run.runId,
    persona: run.persona,
    repeat: run.repeat,
    status: run.status,
    durationMs: run.durationMs,
    steps,
    findings,
  };
  if (run.stoppedAt) summary.stoppedAt = run.stoppedAt;
  if (run.pending?.length) summary.pending = run.pending.map((p) => pendingCheck(run, p));
  if (run.artifacts?.trace) summary.trace = run.artifacts.trace;
  const parts = channelSummaries(run, analysis);
  if (parts) summary.channels = parts;
  const { cleanup, blocked } = safetySummary(run);
  if (cleanup) summary.cleanup = cleanup;
  if (blocked) summary.blocked = blocked;
  return summary;
}

/**
 * One plain sentence: dead ends first, then the slowest journey's median time to complete,
 * then harness problems. E.g. "2 of 5 journeys hit a dead end; the slowest to complete,
 * “Place an order”, took 4.1 s at the median."
 */
function buildVerdict(journeys: readonly JourneyScorecard[], runs: RunCounts, counts: Summary['journeys']): string {
  if (runs.total === 0) return 'No runs were recorded, so there is nothing to score.';
  const parts: string[] = [];
  const only = counts.total === 1 ? journeys[0] : undefined;
  if (counts.withDeadEnds > 0) {
    parts.push(
      only
        ? `the journey hit a dead end in ${only.runCounts.failed} of ${plural(only.runCounts.total, 'run')}`
        : `${counts.withDeadEnds} of ${counts.total} journeys hit a dead end`,
    );
  } else if (counts.allCompleted === counts.total) {
    parts.push(only ? 'the journey completed in every run' : `all ${counts.total} journeys completed in every run`);
  } else {
    parts.push(only ? 'the journey hit no dead end' : 'no journey hit a dead end');
  }
  // Time to complete: the median completed run (a dead end's time says nothing about finishing).
  const completedMedian = (j: JourneyScorecard): number | undefined =>
    j.runCounts.completed === 0 ? undefined : j.runs.find((r) => r.runId === j.medianRunId)?.durationMs;
  if (only) {
    const ms = completedMedian(only);
    if (ms !== undefined) parts.push(`it took ${formatMs(ms)} to complete at the median`);
  } else {
    let slowest: { name: string; ms: number } | undefined;
    for (const j of journeys) {
      const ms = completedMedian(j);
      if (ms !== undefined && (!slowest || ms > slowest.ms)) slowest = { name: j.name, ms };
    }
    if (slowest) parts.push(`the slowest to complete, “${slowest.name}”, took ${formatMs(slowest.ms)} at the median`);
  }
  if (runs.errored > 0) {
    parts.push(`${plural(runs.errored, 'run')} broke in the test harness, not on the site`);
  }
  const sentence = parts.join('; ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}
